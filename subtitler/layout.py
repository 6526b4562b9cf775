"""Line breaking and cue-sized chunking, as a subtitler would do them.

Text is first grouped into *units*, stretches no line may break inside: a word
plus anything that may not begin a line (closing punctuation written apart, a
Korean particle separated by a space). Lines and cues then break only between
units, and each possible break has a cost (lower is better):

- 0 after a sentence end (. ? ! …);
- 1 after a clause mark (, ; : – —), and before or after an aside in brackets
  of several words (it stands apart as a clause does; a one-word gloss such as
  "(IAEA)" goes with the words before it);
- 2 before a conjunction (``lang.conjunctions``), unless it joins two names
  ("Seoul and Moscow") or two adjectives ("cold and dry"), or after a Korean
  connective ending (``lang.break_after_endings``);
- 3 after a Korean particle closing a phrase (``lang.phrase_endings``), 5 after
  one closing an object (``lang.object_endings``: its verb follows); a modifier
  form (``lang.modifier_endings``, ``lang.modifier_words``) closes no phrase,
  though "많은" and "있는" end as a topic particle does;
- 4 before another ``lang.break_before`` word (prepositions), 5 before one in
  ``lang.attached_prepositions`` ("the city | of Busan" splits a noun phrase, if
  less than an adjective and its noun do);
- 6 at any other space;
- plus 20 after a ``break_before`` word (a line ending in "in" or "and"),
  30 inside a name (capitalised words in a row; a possessive such as
  "Korea's" ends one), 20 between a modifier and what it modifies ("North
  Korean | soldiers", "Korea's | exports", "Korea's | National Intelligence
  Service", "heavy | rain", "the country's | finances"), and 40 after a
  ``no_break_after`` word or before a ``no_break_before`` one (or one with a
  ``no_break_before_starts`` start; after one, a connective ending closes no
  clause), or between the two words of a ``lang.fixed_pairs`` pair ("due |
  to"). A modifier is a possessive, a proper adjective (a
  ``lang.proper_adjectives`` word, or a capitalised one of five letters or more
  with a ``lang.proper_adjective_endings`` ending) or a ``lang.adjectives``
  word, but no function word ("It's", "These", "what's"); what it modifies is a
  lower-case word in neither ``break_before`` nor ``no_break_after`` ("Korean |
  and" pays nothing), or for a possessive also a capitalised word; 20 between an amount
  (a number, or a ``lang.number_words`` word) and the word after it, unless that
  is a function word other than an attached preposition ("62 billion | won",
  "about 11,000 | troops", "thousands | of people", "1천 | 명이");
- plus 20 inside brackets: between an opening bracket's word and its closing
  bracket's ("The agency (which was founded | in 1998) said" splits an aside a
  reader takes in as one). Only brackets closed in the same text count.

A two-line layout also pays for its shape: ``w * d**2`` where ``d`` is the
width difference of the lines as a share of the line limit and ``w`` is 18 when
the top line is the longer, 8 when the bottom one is (a bottom-heavy pyramid
reads better). So a clause break wins over a plain space unless it leaves the
lines very uneven, and the penalised breaks are taken only when nothing else
fits. Text that fits on one line stays on one line.

Chunking a long sentence into cues uses the same costs at the cut, tripled (a
phrase split across cues is harder to follow than one split across lines), 5 more
at a cut that leaves the text's first or last word alone in a cue, plus for
every piece a fixed 15 (fewer cues are better, but not at the price of a bad
break), its own layout cost, and
``20 * s**2`` where ``s`` is its width as a share of the cue's capacity (the
sum of squares is smallest for pieces of similar size). Widths are additive
over characters for both width functions in :mod:`subtitler.languages`,
which lets the search use prefix sums.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from typing import NamedTuple, TypeVar

from subtitler.languages import HALF_UNIT_WIDTHS, LanguageProfile, widths_function

# Characters that may not begin a line: closing and medial punctuation, and dashes, which
# at a line start read as a dialogue dash.
NO_LINE_START = ",.;:!?)]}…”’»›、。，．！？：；）］｝」』】〉》-–—"
# What may stand before a word's first letter (quotes, brackets) and after its last
# (quotes, brackets, punctuation).
_QUOTES = "\"'“‘«‹「『"
_CLOSING_QUOTES = "\"'”’»›」』"
_OPENERS = _QUOTES + "([{"
_CLOSERS = _CLOSING_QUOTES + ")]}"
_MARKS = ",.;:!?…"
_STRIP = _OPENERS + _CLOSERS + _MARKS
_TRAILING = _CLOSING_QUOTES + _MARKS  # what may follow a word's closing bracket
_SENTENCE_END = re.compile(r"[.?!…。？！][\"'”’»)\]}›」』]*$")
_CLAUSE_END = re.compile(r"[,;:，；：–—][\"'”’»)\]}›」』]*$")
_NAME_WORD = re.compile(r"^[\"'“‘(]*[A-Z][\w'’.\-]*[,.]?$")
# A number written in digits, with a currency, a percent sign or Korean units of ten
# thousand, a thousand, a hundred, a hundred million or a trillion ("$2.5", "1천",
# "7천억").
_NUMERAL = re.compile(r"[$€£₩]?\d[\d,.]*(?:%|[만천백억조]+)?")
# Brackets that set an aside apart (see _bracket_pairs); each closes its own kind.
_OPEN_BRACKETS = "([（［"
_CLOSE_BRACKETS = ")]）］"
# Compiled on first use (by re's cache): few texts have brackets.
_BRACKET = f"[{re.escape(_OPEN_BRACKETS + _CLOSE_BRACKETS)}]"
# Separators inside an over-long word (URLs, compounds) that make acceptable cut points.
_WORD_SEPARATORS = "/-_.?&=#:,;"

COST_SENTENCE_END = 0.0
COST_CLAUSE = 1.0
COST_CONJUNCTION = 2.0
COST_CONNECTIVE = 2.0
COST_PHRASE_END = 3.0
COST_OBJECT_END = 5.0
COST_BREAK_BEFORE = 4.0
COST_ATTACHED = 5.0
COST_SPACE = 6.0
PENALTY_NAME = 30.0
# Below PENALTY_NAME: when a long name must break, after its possessive is the place, and
# "North Korean | soldiers" splits less than "North | Korean soldiers". No higher either: a
# cue cut that avoids the break costs a piece, and "Officials || in the capital say..."
# reads worse than one split noun phrase.
PENALTY_MODIFIER = 20.0
PENALTY_DANGLING = 20.0
PENALTY_NO_BREAK = 40.0
PENALTY_BRACKETS = 20.0
TOP_HEAVY_WEIGHT = 18.0
BOTTOM_HEAVY_WEIGHT = 8.0
PIECE_COST = 15.0
CUT_WEIGHT = 3.0
# A cue cut that leaves the text's first or last word alone ("... || 밝혔습니다."): a
# one-word cue flashes by, cut from the sentence it ends.
PENALTY_ALONE = 5.0
EVEN_WEIGHT = 20.0


def break_lines(text: str, lang: LanguageProfile) -> tuple[str, ...] | None:
    """``text`` laid out in the fewest lines that fit, breaking where a subtitler would.

    None when it cannot fit in ``lang.max_lines`` lines (or is empty).

    >>> from subtitler.languages import ENGLISH
    >>> break_lines("Good evening.", ENGLISH)
    ('Good evening.',)
    >>> break_lines("The minister met President Joe Biden in Washington on Tuesday.", ENGLISH)
    ('The minister met President Joe Biden', 'in Washington on Tuesday.')
    """
    tokens = text.split()
    if not tokens:
        return None
    if _language(lang).exact:
        # A text's width is its units' widths and the spaces between them, added up.
        line = " ".join(tokens)
        if lang.width(line) <= lang.max_line_width:
            return (line,)
    plan = _Plan(line_units(tokens, lang), lang, brackets=_has_opening_bracket(text))
    found = plan.layout(0, len(plan.units))
    return None if found is None else found[1]


def chunk(text: str, lang: LanguageProfile, max_width: float | None = None) -> list[str]:
    """Split ``text`` into pieces that :func:`break_lines` can lay out, for one cue each.

    Each piece is at most ``max_width`` width units when given. Cuts go at clause
    boundaries first, then before prepositions, then at any space that breaks no
    rule; an over-long word (a URL) is cut inside only as a last resort, so the
    pieces' characters, spaces aside, are exactly the text's. Words are unchanged
    whenever every word fits on a line.

    >>> from subtitler.languages import ENGLISH
    >>> for piece in chunk("The council approved the budget on Monday, but the mayor said "
    ...                    "he would veto it unless funding for schools was restored.", ENGLISH):
    ...     print(piece)
    The council approved the budget on Monday,
    but the mayor said he would veto it unless funding for schools was restored.
    """
    tokens = text.split()
    facts = _language(lang)
    one = _one_line(tokens, lang, facts, max_width)
    if one is not None:
        return [one[0]] if one[0] else []
    plan, bounds, _ = _chunked(text, tokens, lang, facts, max_width)
    return [" ".join(plan.units[start:end]) for start, end in bounds]


def chunk_lines(
    text: str, lang: LanguageProfile, max_width: float | None = None
) -> list[tuple[str, tuple[str, ...] | None]]:
    """Each piece of :func:`chunk` with its lines as :func:`break_lines` gives them.

    The same as ``[(p, break_lines(p, lang)) for p in chunk(text, lang, max_width)]``,
    without working out again what the pieces share with the whole text.

    >>> from subtitler.languages import ENGLISH
    >>> chunk_lines("The minister met President Joe Biden in Washington on Tuesday.", ENGLISH)
    [('The minister met President Joe Biden in Washington on Tuesday.', \
('The minister met President Joe Biden', 'in Washington on Tuesday.'))]
    """
    return [(piece, lines) for piece, lines, _ in chunk_lines_widths(text, lang, max_width)]


def chunk_lines_widths(
    text: str, lang: LanguageProfile, max_width: float | None = None
) -> list[tuple[str, tuple[str, ...] | None, float]]:
    """:func:`chunk_lines`, each piece with its width (``lang.width(piece)``).

    >>> from subtitler.languages import ENGLISH
    >>> chunk_lines_widths("Good evening.", ENGLISH)
    [('Good evening.', ('Good evening.',), 13.0)]
    """
    tokens = text.split()
    facts = _language(lang)
    one = _one_line(tokens, lang, facts, max_width)
    if one is not None:
        line, width = one
        return [(line, (line,), width)] if line else []
    plan, bounds, whole_words = _chunked(text, tokens, lang, facts, max_width)
    found: list[tuple[str, tuple[str, ...] | None, float]] = []
    for start, end in bounds:
        if not whole_words or (len(bounds) > 1 and plan.offsets is None):
            piece = " ".join(plan.units[start:end])
            width = plan.width(start, end) if whole_words and plan.exact else lang.width(piece)
            found.append((piece, break_lines(piece, lang), width))
            continue
        if len(bounds) == 1:
            # The piece is the text, grouped into the same units.
            layout = plan.whole_layout()
            lines = None if layout is None else layout[1]
        else:
            # A piece's words group into the same units as in the whole text, so its
            # widths and inner break costs are the text's (see piece_lines).
            lines = plan.piece_lines(start, end)
        # The lines are the piece's units joined by spaces: joining them makes the piece.
        if lines is None:
            piece = " ".join(plan.units[start:end])
        else:
            piece = lines[0] if len(lines) == 1 else " ".join(lines)
        # With whole words a piece's units are the text's; with exact widths the piece's
        # width is theirs and the spaces', added up.
        width = plan.width(start, end) if plan.exact else lang.width(piece)
        found.append((piece, lines, width))
    return found


def _one_line(
    tokens: list[str], lang: LanguageProfile, facts: _Language, max_width: float | None
) -> tuple[str, float] | None:
    """The text of ``tokens`` (its words) with single spaces, and its width, when
    :func:`_chunked` provably makes it one piece of one line ("" for no text); None just
    means "search". ``facts`` are the language's.

    With a width function of :data:`HALF_UNIT_WIDTHS`, the text's width is that of its
    units and the spaces between, and when it fits a line so does each unit: the plan
    would lay the one piece out at cost 0.0, and this is :meth:`_Plan.one_piece_wins`'
    first test.
    """
    if max_width is not None and max_width <= 0:
        raise ValueError("max_width must be positive")
    if not facts.exact:
        return None
    line = " ".join(tokens)
    if len(line) * 0.5 > lang.max_line_width:
        return None  # every character is at least 0.5 wide: no need to measure
    width = lang.width(line)
    if width > lang.max_line_width or (max_width is not None and width > max_width):
        return None
    capacity = lang.max_line_width * lang.max_lines
    if max_width is not None:
        capacity = min(capacity, max_width)
    if width > capacity:
        return None
    one = PIECE_COST + 0.0 + EVEN_WEIGHT * (width / capacity) ** 2 + _MARGIN
    if one < 3 * PIECE_COST and one < (
        2 * PIECE_COST + EVEN_WEIGHT * ((width - facts.space) / capacity) ** 2 / 2
    ):
        return line, width
    return None


def _chunked(
    text: str,
    tokens: list[str],
    lang: LanguageProfile,
    facts: _Language,
    max_width: float | None,
) -> tuple[_Plan, list[tuple[int, int]], bool]:
    """The plan of ``text``'s units, the (start, end) of each piece, and whether no word was
    cut; ``tokens`` are the text's words and ``facts`` the language's."""
    if max_width is not None and max_width <= 0:
        raise ValueError("max_width must be positive")
    line_limit = lang.max_line_width if max_width is None else min(lang.max_line_width, max_width)
    if facts.unit_join.search(text) is None:
        # Every word may start a line: each is a unit of its own.
        whole = firsts = lasts = tokens
    else:
        # As line_units groups them: a word that may not start a line (the search finds
        # it with the space before it; few do) joins the unit before it.
        line = " ".join(tokens)
        joining = [
            line.count(" ", 0, found.start()) + 1 for found in facts.unit_join.finditer(line)
        ]
        whole, firsts, lasts = tokens.copy(), tokens.copy(), tokens.copy()
        for index in reversed(joining):
            whole[index - 1 : index + 1] = [f"{whole[index - 1]} {whole[index]}"]
            del firsts[index]
            del lasts[index - 1]
    widths = facts.widths(whole)
    whole_words = max(widths, default=0.0) <= line_limit
    brackets = _has_opening_bracket(text)
    capacity = lang.max_line_width * lang.max_lines
    if max_width is not None:
        capacity = min(capacity, max_width)
    if whole_words:
        # _fit_units would keep every unit as it is.
        units = whole
        plan = _Plan(units, lang, (widths, firsts, lasts), facts, brackets)
    else:
        units = _fit_units(whole, lang, line_limit)
        plan = _Plan(units, lang, facts=facts, brackets=brackets)
    if not units:
        return plan, [], True
    if plan.one_piece_wins(capacity):
        return plan, [(0, len(units))], whole_words
    last = plan.last_of_two_pieces(capacity)
    if last is not None:
        return plan, [(0, last), (last, len(units))] if last else [(0, len(units))], whole_words
    back = plan.cheapest_pieces(capacity)
    bounds: list[tuple[int, int]] = []
    end = len(units)
    while end > 0:
        start = back[end]
        bounds.append((start, end))
        end = start
    return plan, bounds[::-1], whole_words


def may_start_line(token: str, lang: LanguageProfile) -> bool:
    """Whether a line may begin with ``token`` (not punctuation, not a particle).

    >>> from subtitler.languages import KOREAN
    >>> may_start_line("정부는", KOREAN), may_start_line("을", KOREAN), may_start_line(",", KOREAN)
    (True, False, False)
    """
    if not token or token[0] in NO_LINE_START:
        return False
    return not lang.particles or token.strip(_STRIP) not in lang.particles


def line_units(tokens: Sequence[str], lang: LanguageProfile) -> list[str]:
    """Tokens grouped so that no group begins with something that may not start a line.

    >>> from subtitler.languages import KOREAN
    >>> line_units("북한 이 미사일 을 쐈다 .".split(), KOREAN)
    ['북한 이', '미사일 을', '쐈다 .']
    """
    return [" ".join(group) for group in _token_groups(tokens, lang)]


def _token_groups(tokens: Sequence[str], lang: LanguageProfile) -> list[list[str]]:
    """The tokens of each of :func:`line_units`' units."""
    groups: list[list[str]] = []
    for token in tokens:
        if groups and not may_start_line(token, lang):
            groups[-1].append(token)
        else:
            groups.append([token])
    return groups


def _fit_units(units: list[str], lang: LanguageProfile, limit: float) -> list[str]:
    """Units no wider than ``limit``: wider ones are cut (the last resort)."""
    fitted: list[str] = []
    for unit in units:
        if lang.width(unit) <= limit:
            fitted.append(unit)
        else:
            fitted.extend(_fragments(unit, lang, limit))
    return fitted


def _fragments(text: str, lang: LanguageProfile, limit: float) -> list[str]:
    """Cut an over-wide unit into pieces no wider than ``limit``, each able to start a line.

    Cuts prefer a space, then a separator such as ``/`` (either only when the piece
    stays at least half the limit), then the latest character that fits.
    """
    pieces: list[str] = []
    rest = text
    while lang.width(rest) > limit:
        cut = _cut_point(rest, lang, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    pieces.append(rest)
    return pieces


def _cut_point(text: str, lang: LanguageProfile, limit: float) -> int:
    fitting = [
        cut
        for cut in range(1, len(text))
        if text[:cut].strip() and lang.width(text[:cut].rstrip()) <= limit
    ]
    valid = [cut for cut in fitting if may_start_line(text[cut:].split()[0], lang)]
    if not valid:
        return fitting[-1] if fitting else 1
    half = [cut for cut in valid if lang.width(text[:cut].rstrip()) >= limit / 2]
    at_space = [cut for cut in half if text[cut] == " " or text[cut - 1] == " "]
    if at_space:
        return at_space[-1]
    at_separator = [cut for cut in half if text[cut - 1] in _WORD_SEPARATORS]
    if at_separator:
        return at_separator[-1]
    return valid[-1]


class _Plan:
    """The units of one text with their widths and the cost of a break before each.

    When the units' widths are multiples of 0.5 and lines are two (:attr:`offsets` is
    not None), the search is exact: widths in halves add up exactly in any order, so
    with offsets[i] the units' widths and a space after each, up to unit i, units[start:
    end] are offsets[end] - offsets[start] - space wide, and of a two-line layout cut at
    ``cut`` the top line is wider than the bottom one by twice offsets[cut] minus the
    piece's centre, (offsets[start] + offsets[end]) / 2. Units[start:end] fit a line when
    offsets[end] <= offsets[start] + :attr:`room`; offsets never decrease. Otherwise
    :meth:`cheapest_pieces` goes through :meth:`cuts`.
    """

    # The breaks inside brackets (see _bracket_pairs), each costing PENALTY_BRACKETS more
    # (set on a plan that has any).
    _inside: AbstractSet[int] = frozenset()

    def __init__(
        self,
        units: list[str],
        lang: LanguageProfile,
        known: tuple[list[float], list[str], list[str]] | None = None,
        facts: _Language | None = None,
        brackets: bool | None = None,
    ) -> None:
        """``known``, when given, holds each unit's width, first word and last word;
        ``facts`` are the language's, when known; ``brackets``, whether the units may
        hold an opening bracket (False only when they hold none)."""
        self.units = units if isinstance(units, list) else list(units)
        self.lang = lang
        facts = self._facts = _language(lang) if facts is None else facts
        space = self.space = facts.space
        # Whether widths are known to add up exactly (see HALF_UNIT_WIDTHS).
        self.exact = facts.exact
        if known is None:
            widths = facts.widths(self.units)
            tokens = [unit.split() for unit in self.units]
            self._firsts = [words[0] for words in tokens]
            self._lasts = [words[-1] for words in tokens]
        else:
            widths, self._firsts, self._lasts = known
        self._widths = widths
        self.room = space + lang.max_line_width  # a space and a line
        self.offsets: list[float] | None = None
        self._prefix: list[float] = []
        if facts.exact or (
            facts.exact_lines and min(widths, default=0.0) >= 0 and _in_halves(widths)
        ):
            # A plain loop: about half the instructions of accumulate over a map here.
            offsets = [0.0]
            offset = 0.0
            for width in widths:
                offset += width + space
                offsets.append(offset)
            # Sums of multiples of 0.5 are exact while they stay below 2**52.
            if offsets[-1] < 2.0**40:
                self.offsets = offsets
        if self.offsets is None:
            self._prefix = _prefix_sums(widths)
        # The breaks whose cost depends on the words around (once break_cost is known).
        self._in_context: set[int] = set()
        self._break_cost: list[float] | None = None
        self._whole_cuts_found = False
        self._whole_cuts_of: tuple[float, tuple[int, ...]] | None = None
        if brackets or (brackets is None and _has_opening_bracket(" ".join(self.units))):
            inside = _inside(_bracket_pairs(self.units))
            if inside:
                self._inside = inside
                # Worked out now: cuts() would work some of them out without the penalty.
                costs = self._break_costs()
                for index in inside:
                    costs[index] += PENALTY_BRACKETS
                self._break_cost = costs

    @property
    def break_cost(self) -> list[float]:
        """The cost of a break before each unit (0.0 before the first).

        Worked out when first asked for: a text that stays one piece needs only the costs
        of the cuts its lines may take (see :meth:`cuts`).
        """
        if self._break_cost is None:
            self._break_cost = self._break_costs()
        return self._break_cost

    def _break_costs(self) -> list[float]:
        """:attr:`break_cost`, worked out."""
        costs = self._facts.costs
        keys = map(
            operator.add,
            map(costs.before_key.__getitem__, self._lasts),
            map(costs.after_id.__getitem__, itertools.islice(self._firsts, 1, None)),
        )
        found = [0.0, *map(costs.pair.__getitem__, keys)]
        if _IN_CONTEXT in found:
            for index, cost in enumerate(found):
                if cost == _IN_CONTEXT:
                    found[index] = self._cost_at(index, 0, len(found))
                    self._in_context.add(index)
        return found

    def _cost_at(self, index: int, start: int, end: int) -> float:
        """The cost of a break before units[index] in units[start:end] alone, by the words
        around it (brackets aside)."""
        costs = self._facts.costs
        key = costs.before_key[self._lasts[index - 1]] + costs.after_id[self._firsts[index]]
        cost = costs.pair[key]
        if cost != _IN_CONTEXT:
            return cost
        # _joins, by the two words' kinds worked out once.
        kinds = self._facts.join_kinds
        joins = (
            index + 1 < end
            and len(self.units[index].split()) == 1
            and kinds[self._lasts[index - 1]] & kinds[self._firsts[index + 1]] != 0
        )
        initial = index - 1 == start or _token(self._lasts[index - 2]).ends_sentence
        return costs.in_context[4 * key + 2 * joins + initial]

    def width(self, start: int, end: int) -> float:
        """Width of units[start:end] on one line."""
        if self.offsets is not None:
            return self.offsets[end] - self.offsets[start] - self.space
        return self._prefix[end] - self._prefix[start] + self.space * (end - start - 1)

    def layout(self, start: int, end: int) -> tuple[float, tuple[str, ...]] | None:
        """The cheapest layout of units[start:end] in the fewest lines, with its cost."""
        found = self.cuts(start, end)
        if found is None:
            return None
        cost, bounds = found
        return cost, tuple(" ".join(self.units[a:b]) for a, b in itertools.pairwise(bounds))

    def whole_layout(self) -> tuple[float, tuple[str, ...]] | None:
        """:meth:`layout` of all the units."""
        found = self._whole_cuts()
        if found is None:
            return None
        cost, bounds = found
        return cost, tuple(" ".join(self.units[a:b]) for a, b in itertools.pairwise(bounds))

    def _whole_cuts(self) -> tuple[float, tuple[int, ...]] | None:
        """:meth:`cuts` of all the units, worked out once."""
        if not self._whole_cuts_found:
            self._whole_cuts_of = self.cuts(0, len(self.units))
            self._whole_cuts_found = True
        return self._whole_cuts_of

    def cuts(self, start: int, end: int) -> tuple[float, tuple[int, ...]] | None:
        """The cost and the line bounds (start, cuts..., end) of :meth:`layout`."""
        limit = self.lang.max_line_width
        if self.width(start, end) <= limit:
            return 0.0, (start, end)
        if self.offsets is not None:
            first_cut, last_cut = self._line_bounds(start, end)
            if first_cut > last_cut:
                return None
            break_cost = self._break_cost
            if break_cost is None:
                # The costs of the cuts that may be taken, at their indices in break_cost
                # (the list begins with zeros that are never read): _cost_at's lookups,
                # written out, as calling it for every cut costs more than they do.
                n = len(self.units)
                costs = self._facts.costs
                before_key, after_id, pair = costs.before_key, costs.after_id, costs.pair
                lasts, firsts = self._lasts, self._firsts
                break_cost = [0.0] * first_cut
                for cut in range(first_cut, last_cut + 1):
                    cost = pair[before_key[lasts[cut - 1]] + after_id[firsts[cut]]]
                    break_cost.append(self._cost_at(cut, 0, n) if cost == _IN_CONTEXT else cost)
            cost, cut = self._cheapest_cut(start, end, first_cut, last_cut, break_cost)
            return cost, (start, cut, end)
        if self.lang.max_lines >= 2:
            two = self._two_lines(start, end)
            if two is not None:
                return two
        inner = range(start + 1, end)
        for count in range(3, self.lang.max_lines + 1):
            best: tuple[float, tuple[int, ...]] | None = None
            for cuts in itertools.combinations(inner, count - 1):
                bounds = (start, *cuts, end)
                widths = [self.width(a, b) for a, b in itertools.pairwise(bounds)]
                if max(widths) > limit:
                    continue
                cost = sum(self.break_cost[cut] for cut in cuts) + _shape_cost(widths, limit)
                if best is None or cost < best[0]:
                    best = (cost, bounds)
            if best is not None:
                return best
        return None

    def _two_lines(self, start: int, end: int) -> tuple[float, tuple[int, ...]] | None:
        """The cheapest single cut of units[start:end] into two lines that fit, or None."""
        limit = self.lang.max_line_width
        prefix = self._prefix
        space = self.space
        best: tuple[float, tuple[int, ...]] | None = None
        for cut in range(start + 1, end):
            # :meth:`width`, written out.
            upper = prefix[cut] - prefix[start] + space * (cut - start - 1)
            if upper > limit:
                break  # the top line only grows from here
            lower = prefix[end] - prefix[cut] + space * (end - cut - 1)
            if lower > limit:
                continue
            cost = self.break_cost[cut] + _pair_shape_cost(upper, lower, limit)
            if best is None or cost < best[0]:
                best = (cost, (start, cut, end))
        return best

    def _line_bounds(self, start: int, end: int) -> tuple[int, int]:
        """The earliest start of a line to end and the furthest end of a line from start
        (start itself when its unit alone is too wide), for a plan with offsets: a layout
        of units[start:end] in two lines may cut from the one to the other."""
        offsets = self.offsets
        assert offsets is not None
        room = self.room
        return (
            bisect.bisect_left(offsets, offsets[end] - room),
            bisect.bisect_right(offsets, offsets[start] + room) - 1,
        )

    def _cheapest_cut(
        self, start: int, end: int, first_cut: int, last_cut: int, break_cost: list[float]
    ) -> tuple[float, int]:
        """The cost of the cheapest cut of units[start:end] into two lines, first_cut to
        last_cut (the cuts that leave both lines fitting, at least one), and that cut (the
        first of the cheapest): :meth:`_two_lines` for a plan with offsets."""
        assert self.offsets is not None
        offsets = self.offsets
        shapes = self._facts.shapes
        centre = (offsets[start] + offsets[end]) * 0.5
        return _cheapest_cut_between(break_cost, offsets, shapes, centre, first_cut, last_cut)

    def cut_cost(self, index: int) -> float:
        """What a cue cut before unit ``index`` costs (see the module docstring)."""
        cost = CUT_WEIGHT * self.break_cost[index]
        if index == 1 or index == len(self.units) - 1:
            cost += PENALTY_ALONE
        return cost

    def one_piece_wins(self, capacity: float) -> bool:
        """Whether all the units as one piece is, provably, what :meth:`cheapest_pieces` finds.

        Every layout cost is >= 0, so k pieces cost at least k * PIECE_COST, plus for
        two pieces cut at ``cut`` the cut's cost (less PENALTY_ALONE, which would only
        raise the bound) and both EVEN_WEIGHT terms (whose widths
        add up to the whole width minus a space, so that sum is at least half the term of
        that width). When the one piece costs less than every such bound by a margin far
        above float rounding (costs are a few sums of terms below 10**4), the search
        would keep it as one piece too. False just means "search".
        """
        n = len(self.units)
        width = self.width(0, n)
        if width > capacity:
            return False
        layout = self._whole_cuts()
        if layout is None:
            return False
        one = PIECE_COST + layout[0] + EVEN_WEIGHT * (width / capacity) ** 2 + _MARGIN
        if one < 3 * PIECE_COST and one < (
            2 * PIECE_COST + EVEN_WEIGHT * ((width - self.space) / capacity) ** 2 / 2
        ):
            return True  # no need for the break costs
        if one >= 3 * PIECE_COST:
            return False
        break_cost = self.break_cost
        for cut in range(1, n):
            top = self.width(0, cut)
            bottom = self.width(cut, n)
            two = (
                2 * PIECE_COST
                + CUT_WEIGHT * break_cost[cut]
                + EVEN_WEIGHT * ((top / capacity) ** 2 + (bottom / capacity) ** 2)
            )
            if two <= one:
                return False
        return True

    def last_of_two_pieces(self, capacity: float) -> int | None:
        """The start of the last piece :meth:`cheapest_pieces` finds, when it provably finds
        at most two (0 for one piece); None just means "search".

        Any chunking into k >= 3 pieces costs at least k * PIECE_COST, the text's k - 1
        cheapest cut costs (and the next break cost when a piece must take two lines), and
        the EVEN_WEIGHT terms of k pieces of equal width (their widths add up to the whole
        width minus k - 1 spaces, and squares with a given sum add up to the least when
        they are equal). Among the starts of a last piece whose units before it
        fit one piece, the choice is worked out as the search works it out: the same sums
        in the same order, the cheapest, a tie to the later start. When it is cheaper than
        that least cost of three pieces by a margin far above float rounding, the search
        never takes a third piece, so it makes the same choice and puts the first piece (if
        any) at 0. Most sentences of two cues long are decided so, without the search.
        """
        offsets = self.offsets
        if offsets is None:
            return None
        n = len(self.units)
        space = self.space
        whole = offsets[n] - space
        if whole - space > 2 * capacity:
            return None  # no two pieces fit
        limit = self.lang.max_line_width
        break_cost = self.break_cost
        cheapest = sorted(break_cost[1:])
        three = _INFINITY  # the least cost of three or more pieces
        cuts = cheapest[0] if n > 2 else 0.0  # the pieces - 1 cheapest costs added up
        for pieces in range(3, n + 1):
            cuts += cheapest[pieces - 2]
            floor = pieces * PIECE_COST + CUT_WEIGHT * cuts
            if floor >= three:
                break  # and so for more pieces
            inner = whole - space * (pieces - 1)  # the pieces' widths added up
            if inner > pieces * limit and pieces < n:
                # Some piece takes two lines: of the k breaks then, the cheapest k - 1
                # at CUT_WEIGHT times their cost are the least the cuts can cost, and the
                # next cheapest the least the line break can.
                floor += cheapest[pieces - 1]
            floor += EVEN_WEIGHT * (inner / capacity) ** 2 / pieces
            if floor < three:
                three = floor
        evens = _even_costs(capacity)
        shapes = self._facts.shapes
        # (lower bound, start, cost of the units before it as one piece, plus PIECE_COST):
        # the bound is the cost as the search adds it up, with layout costs (>= 0) left out.
        # Starts before the bisection's cannot leave a last piece that fits (rounding the
        # difference keeps the order), and the loop checks the fit exactly.
        candidates: list[tuple[float, int, float, float]] = []
        for start in range(bisect.bisect_left(offsets, whole - capacity), n):
            head_width = offsets[start] - space
            if head_width > capacity:
                break
            if whole - offsets[start] > capacity:
                continue
            base = PIECE_COST if start == 0 else PIECE_COST + evens[head_width] + PIECE_COST
            cut_cost = CUT_WEIGHT * break_cost[start]
            if start == 1 or start == n - 1:
                cut_cost += PENALTY_ALONE  # (as cut_cost() has it, written out)
            bound = base + evens[whole - offsets[start]] + cut_cost
            if bound + _MARGIN < three:
                candidates.append((bound, start, base, cut_cost))
        best_cost = _INFINITY
        best_start = 0
        # Layouts as the search works them out (see cheapest_pieces): 0.0 for a piece that
        # fits a line, else the cheapest cut between the line starts and ends.
        room = self.room
        end_offset = offsets[n]
        tail_first_cut = bisect.bisect_left(offsets, end_offset - room)
        head_last_cut = bisect.bisect_right(offsets, room) - 1
        for bound, start, base, cut_cost in sorted(candidates):
            if bound > best_cost:
                break
            start_offset = offsets[start]
            tail_even = evens[whole - start_offset]
            tail = 0.0
            if start < tail_first_cut:
                last_cut = bisect.bisect_right(offsets, start_offset + room) - 1
                if tail_first_cut > last_cut:
                    continue
                centre = (start_offset + end_offset) * 0.5
                tail = _cheapest_cut_between(
                    break_cost, offsets, shapes, centre, tail_first_cut, last_cut
                )[0]
                # Without the head's layout (>= 0) it must already be no dearer.
                if base + tail + tail_even + cut_cost > best_cost:
                    continue
            if start > 0:
                head = 0.0
                first_cut = bisect.bisect_left(offsets, start_offset - room)
                if first_cut > 0:
                    if first_cut > head_last_cut:
                        continue
                    centre = start_offset * 0.5  # offsets[0] is 0.0
                    head = _cheapest_cut_between(
                        break_cost, offsets, shapes, centre, first_cut, head_last_cut
                    )[0]
                base = PIECE_COST + head + evens[start_offset - space] + PIECE_COST
            cost = base + tail + tail_even + cut_cost
            if cost < best_cost or (cost == best_cost and start > best_start):
                best_cost = cost
                best_start = start
        return best_start if best_cost + _MARGIN < three else None

    def cheapest_pieces(self, capacity: float) -> list[int]:
        """The start of the last piece ending at each index in the cheapest chunking.

        The search behind :func:`chunk`: every piece of at most ``capacity``
        that :meth:`layout` can lay out, at the cost the module docstring gives.
        """
        offsets = self.offsets
        if offsets is None:
            return self._cheapest_pieces_any(capacity)
        n = len(self.units)
        room = self.room
        space = self.space
        break_cost = self.break_cost
        bisect_right, insort = bisect.bisect_right, bisect.insort
        back = [0] * (n + 1)
        lowest = 0  # the first start of a piece that is not wider than capacity
        # Offsets in quarter units, exact integers (offsets are multiples of 0.5 below
        # 2**40), index the cost tables as lists: a list takes a fraction of the
        # instructions of a dict looked up by a float, which hashes it each time. Here,
        # where the tables are looked up for nearly every start of every piece, that pays
        # for making the list (in one search of two pieces or one layout it does not).
        quarters = [int(4 * offset) for offset in offsets]
        space_quarters = int(4 * space)
        evens = _even_costs_by_quarters(capacity)
        shapes = _shape_costs_by_quarters(self.lang.max_line_width)
        middle = len(shapes) // 2  # the index of lines of equal width
        # The starts a piece may still have, as (base + cut_cost, start, base, cut_cost,
        # quarters[start], the furthest end of a line from start) in ascending order (of the first
        # two: starts differ), where base is the best cost up to start plus PIECE_COST and cut_cost
        # the cost of a cut there. Every other part of a piece's cost is >= 0 and float addition is
        # monotonic, so base + cut_cost is a lower bound of the cost of any piece from start: trying
        # starts in this order, the first whose bound exceeds the best cost found ends the search
        # for this end. A tie goes to the later start, as it does when starts are tried from the end
        # backwards. (Every end is reached: a unit alone fits a line, so no bound is infinite.) A
        # cost is >= PIECE_COST > 0, so adding the 0.0 cut cost of the first piece leaves it exactly
        # as it is.
        base = 0.0 + PIECE_COST
        # The earliest start of a line to end (first_cut) and one past the furthest end of
        # a line from end (line_end; see :meth:`_line_bounds` for both) only move
        # forward as end does: stepped on a unit at a time, not bisected for every end.
        first_cut = 0
        line_end = bisect_right(offsets, room)
        entries = [(base + 0.0, 0, base, 0.0, 0, line_end - 1)]
        starts = entries.copy()
        for end in range(1, n + 1):
            end_offset = offsets[end]
            reach = end_offset - space  # minus offsets[start]: the piece's width
            end_quarters = quarters[end]
            reach_quarters = end_quarters - space_quarters
            while lowest < end and reach - offsets[lowest] > capacity:
                starts.remove(entries[lowest])
                lowest += 1
            # A piece from first_cut on fits one line; from further back it needs a cut at
            # first_cut or later (its bottom line must fit), and at last_cut or before.
            line_start = end_offset - room
            while offsets[first_cut] < line_start:  # bisect_left(offsets, line_start)
                first_cut += 1
            best_cost = _INFINITY
            best_start = 0
            for bound, start, base, cut_cost, start_quarters, last_cut in starts:
                if bound > best_cost:
                    break
                even = evens[reach_quarters - start_quarters]
                if start >= first_cut:
                    cost = base + even + cut_cost
                else:
                    # Without a layout (>= 0) it must already be no dearer than the best.
                    if first_cut > last_cut or base + even + cut_cost > best_cost:
                        continue
                    # Four times offsets[mid] minus the piece's centre is quarters[mid] minus
                    # the mean of the ends' quarters, an integer (both are even).
                    centre = (start_quarters + end_quarters) // 2 - middle
                    # _cheapest_cut_between's loop, written out: this runs for nearly every
                    # start of every piece, where calling it cost 2 % of the cues stage.
                    layout_cost = _INFINITY
                    for mid in range(first_cut, last_cut + 1):
                        cost = break_cost[mid] + shapes[quarters[mid] - centre]
                        if cost < layout_cost:
                            layout_cost = cost
                    cost = base + layout_cost + even + cut_cost
                if cost < best_cost or (cost == best_cost and start > best_start):
                    best_cost = cost
                    best_start = start
            back[end] = best_start
            if end < n:
                base = best_cost + PIECE_COST
                cut_cost = CUT_WEIGHT * break_cost[end]
                if end == 1 or end == n - 1:
                    cut_cost += PENALTY_ALONE  # (as cut_cost() has it, written out)
                reach_end = end_offset + room
                while line_end <= n and offsets[line_end] <= reach_end:  # bisect_right
                    line_end += 1
                entry = (base + cut_cost, end, base, cut_cost, end_quarters, line_end - 1)
                entries.append(entry)
                insort(starts, entry)
        return back

    def piece_lines(self, start: int, end: int) -> tuple[str, ...] | None:
        """``break_lines`` of units[start:end] alone, for a plan with offsets.

        The same search as :meth:`cuts` over the whole text's offsets, with the costs of a
        break next to the piece's ends worked out for the piece alone.
        """
        units = self.units
        first_cut, last_cut = self._line_bounds(start, end)
        if end <= last_cut:
            return (" ".join(units[start:end]),)
        if first_cut > last_cut:
            return None
        # Only the cuts next to the ends may cost something else in the piece alone, when
        # the cost depends on the words around, and the cuts inside a bracket that the
        # piece's ends cut through.
        break_cost = self.break_cost
        inside = self._inside
        if inside or start + 1 in self._in_context or end - 1 in self._in_context:
            changed = {start + 1, end - 1} & self._in_context
            if inside:
                alone = {start + index for index in _inside(_bracket_pairs(units[start:end]))}
                changed.update(
                    cut for cut in range(start + 1, end) if (cut in inside) != (cut in alone)
                )
                inside = alone
            break_cost = break_cost.copy()
            for cut in changed:
                break_cost[cut] = self._cost_at(cut, start, end) + (
                    PENALTY_BRACKETS if cut in inside else 0.0
                )
        _, cut = self._cheapest_cut(start, end, first_cut, last_cut, break_cost)
        return (" ".join(units[start:cut]), " ".join(units[cut:end]))

    def _cheapest_pieces_any(self, capacity: float) -> list[int]:
        """:meth:`cheapest_pieces` for any number of lines, through :meth:`cuts`."""
        n = len(self.units)
        best: list[float] = [0.0] + [float("inf")] * n
        back = [0] * (n + 1)
        for end in range(1, n + 1):
            for start in range(end - 1, -1, -1):
                width = self.width(start, end)
                if width > capacity:
                    break
                layout = self.cuts(start, end)
                if layout is None:
                    # Adding units in front cannot make a piece fit again.
                    break
                cost = best[start] + PIECE_COST + layout[0] + EVEN_WEIGHT * (width / capacity) ** 2
                if start > 0:
                    cost += self.cut_cost(start)
                if cost < best[end]:
                    best[end] = cost
                    back[end] = start
        return back


_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


class _Memo(dict[_Key, _Value]):
    """A function of one argument, each value worked out once (widths take few values,
    a language's words few kinds, and a run's words are mostly the same few thousand)."""

    def __init__(self, function: Callable[[_Key], _Value], size: int = 1 << 14) -> None:
        super().__init__()
        self.function = function
        self.size = size

    def __missing__(self, key: _Key) -> _Value:
        value = self.function(key)
        if len(self) < self.size:
            self[key] = value
        return value


# Far above the rounding of the few float additions behind a cost, far below any cost step.
_MARGIN = 1e-6
_INFINITY = float("inf")


# One table per capacity (per line limit): a run uses one or two of each. In a plan with
# offsets, piece widths are multiples of 0.5 up to the capacity, and halves of line
# differences multiples of 0.25 up to half the limit either way (both lines fit), all
# exact: the tables hold every one. (Plain dicts: looked up faster than a memo.)
@functools.lru_cache(maxsize=64)
def _even_costs(capacity: float) -> dict[float, float]:
    """Piece width -> ``EVEN_WEIGHT * (width / capacity) ** 2``: the entries of
    :func:`_even_costs_by_quarters` at whole halves."""
    by_quarters = _even_costs_by_quarters(capacity)
    return {count * 0.5: by_quarters[2 * count] for count in range(int(2 * capacity) + 1)}


@functools.lru_cache(maxsize=64)
def _even_costs_by_quarters(capacity: float) -> list[float]:
    """Four times a piece width -> ``EVEN_WEIGHT * (width / capacity) ** 2``."""
    return [
        EVEN_WEIGHT * ((count * 0.25) / capacity) ** 2 for count in range(int(4 * capacity) + 1)
    ]


@functools.lru_cache(maxsize=64)
def _shape_costs_by_quarters(limit: float) -> list[float]:
    """The shape costs of :func:`_half_shape_costs` as a list by four times the half
    difference, from the middle index ``len(table) // 2`` for lines of equal width."""
    most = int(2 * limit)
    return [_pair_shape_cost(2 * (count * 0.25), 0.0, limit) for count in range(-most, most + 1)]


def _cheapest_cut_between(
    break_cost: list[float],
    offsets: list[float],
    shapes: dict[float, float],
    centre: float,
    first_cut: int,
    last_cut: int,
) -> tuple[float, int]:
    """The cost and place of the cheapest cut, first_cut to last_cut, of a piece whose
    offsets are centred on ``centre`` into two lines: the break's cost plus the two lines'
    shape cost (``shapes``, from :func:`_half_shape_costs`); of equal costs the first."""
    best_cost = _INFINITY
    best_cut = first_cut
    for cut in range(first_cut, last_cut + 1):
        cost = break_cost[cut] + shapes[offsets[cut] - centre]
        if cost < best_cost:
            best_cost = cost
            best_cut = cut
    return best_cost, best_cut


@functools.lru_cache(maxsize=64)
def _half_shape_costs(limit: float) -> dict[float, float]:
    """Half the top line's width minus the bottom line's -> the shape cost of the two lines.

    Halves: a cut's offset minus its piece's centre (see :class:`_Plan`).
    """
    most = int(2 * limit)
    halves = [count * 0.25 for count in range(-most, most + 1)]
    return dict(zip(halves, _shape_costs_by_quarters(limit), strict=True))


def _pair_shape_cost(upper: float, lower: float, limit: float) -> float:
    """:func:`_shape_cost` of two lines."""
    share = (upper - lower) / limit
    return share**2 * (TOP_HEAVY_WEIGHT if share > 0 else BOTTOM_HEAVY_WEIGHT)


def _shape_cost(widths: Sequence[float], limit: float) -> float:
    cost = 0.0
    for upper, lower in itertools.pairwise(widths):
        share = (upper - lower) / limit
        cost += share**2 * (TOP_HEAVY_WEIGHT if share > 0 else BOTTOM_HEAVY_WEIGHT)
    return cost


def _opens_aside(token: str) -> bool:
    """Whether ``token`` begins with a bracket it does not close: "(which", not "(IAEA)"."""
    kind = _OPEN_BRACKETS.find(token.lstrip(_QUOTES)[:1])
    return kind >= 0 and _CLOSE_BRACKETS[kind] not in token


def _closes_aside(token: str) -> bool:
    """Whether ``token`` ends in a bracket it does not open: "1998)", not "(IAEA)"."""
    kind = _CLOSE_BRACKETS.find(token.rstrip(_TRAILING)[-1:])
    return kind >= 0 and _OPEN_BRACKETS[kind] not in token


def _has_opening_bracket(text: str) -> bool:
    # _OPEN_BRACKETS written out: asked of every text, where a loop over them costs more.
    return "(" in text or "[" in text or "（" in text or "［" in text


def _bracket_pairs(units: Sequence[str]) -> list[tuple[int, int]]:
    """(a, b) for each bracket opened in units[a] and closed in units[b], b > a.

    Each kind of bracket is matched on its own: a closing one closes the latest of its
    kind still open; one with none open, or left open, is no pair.

    >>> _bracket_pairs(["The", "agency", "(which", "was", "founded)", "said", "(IAEA)"])
    [(2, 4)]
    """
    pairs: list[tuple[int, int]] = []
    open_at: dict[str, list[int]] = {}  # closing bracket -> the units its kind is open in
    for index, unit in enumerate(units):
        for found in re.finditer(_BRACKET, unit):
            bracket = found.group()
            kind = _OPEN_BRACKETS.find(bracket)
            if kind >= 0:
                open_at.setdefault(_CLOSE_BRACKETS[kind], []).append(index)
            elif opened := open_at.get(bracket):
                start = opened.pop()
                if start < index:
                    pairs.append((start, index))
    return pairs


def _inside(pairs: Sequence[tuple[int, int]]) -> set[int]:
    """The breaks inside the brackets of ``pairs`` (see :func:`_bracket_pairs`): the
    break before units[i] for every a < i <= b (each break once, however deep)."""
    inside: set[int] = set()
    reached = 0  # the breaks before it are in already
    for opened, closed in sorted(pairs):
        inside.update(range(max(opened + 1, reached), closed + 1))
        reached = max(reached, closed + 1)
    return inside


def _in_halves(values: Sequence[float]) -> bool:
    """Whether every value is a multiple of 0.5 well inside float precision.

    Sums and differences of such values (below 2**40) are exact in floating point.
    """
    if not values:
        return True
    small = min(values) > -(2.0**40) and max(values) < 2.0**40
    return small and all(map(float.is_integer, map((2.0).__mul__, values)))


def _prefix_sums(widths: Sequence[float]) -> list[float]:
    # Left to right from 0.0, one addition at a time.
    return list(itertools.accumulate(widths, operator.add, initial=0.0))


class _Token(NamedTuple):
    """What the break costs ask of one token, worked out once per distinct token."""

    word: str  # stripped of punctuation and lower-cased
    lower: str
    ends_sentence: bool  # by its punctuation (an abbreviation may still not end one)
    ends_clause: bool
    name_word: bool
    is_lower: bool
    possessive: bool  # "Korea's"


@functools.lru_cache(maxsize=8192)
def _token(token: str) -> _Token:
    return _Token(
        word=token.strip(_STRIP).lower(),
        lower=token.lower(),
        ends_sentence=bool(_SENTENCE_END.search(token)),
        ends_clause=bool(_CLAUSE_END.search(token)),
        name_word=_is_name_word(token),
        is_lower=token.islower(),
        possessive=token.strip(_STRIP).endswith(("'s", "’s")),
    )


# What a break's cost asks of the word before it, in one language (see _before), and of
# the word after it (see _after). Plain tuples: creating a NamedTuple class costs about a
# million instructions when subtitler is imported.
_Before = tuple[bool, bool, bool, bool, int, bool, bool, int, int, bool, int]
_After = tuple[bool, int, bool, bool, bool, bool, bool, bool, int]
# _Before's in_name: with a name word after it, whether the two read as one name.
_NEVER, _UNLESS_INITIAL, _ALWAYS = range(3)
# _Before's modifier: what kind of capitalised modifier it is.
_NO_MODIFIER, _POSSESSIVE, _ADJECTIVE = range(3)
# _After's conjunction: a ``conjunctions`` word (True), of those a ``coordinators`` one.
_COORDINATOR = 2
# _Before's phrase_end: whether it ends in a ``phrase_endings`` or ``object_endings`` ending.
_NO_PHRASE, _PHRASE, _OBJECT = range(3)


def _before(token: str, lang: LanguageProfile) -> _Before:
    """(sentence_end: its punctuation ends a sentence and it is no abbreviation,
    clause_end, name_word, connective: it ends in a ``break_after_endings`` ending,
    phrase_end: what its ending closes, no_break_after, dangling: a
    ``break_before`` word, in_name, modifier, counts: a number or a number word, pairs:
    the bits of the words that make a ``lang.fixed_pairs`` pair with it after it); the
    end of an aside in brackets is a clause end."""
    first = _token(token)
    word = first.word
    closes = _closes_aside(token)
    in_name = modifier = 0
    if first.name_word:
        if (
            closes
            or token.endswith(",")
            or (token.endswith(".") and not _is_initial_like(token))
            or first.possessive
        ):
            in_name = _NEVER  # "Korea's | National...": what follows is a name of its own
        elif word in lang.no_break_after or word in lang.break_before:
            # A sentence's first word is capitalised anyway: "The", "In" begin no name there.
            in_name = _UNLESS_INITIAL
        else:
            in_name = _ALWAYS
        stem = word[: -len("'s")] if first.possessive else word
        if stem in lang.no_break_after or stem in lang.break_before:
            modifier = _NO_MODIFIER  # "It's", "That's", "These" are function words
        elif first.possessive:
            modifier = _POSSESSIVE
        # Short words with the endings are names ("Ian", "Sean").
        elif word in lang.proper_adjectives or (
            len(word) >= _MIN_ADJECTIVE_LENGTH and word.endswith(lang.proper_adjective_endings)
        ):
            modifier = _ADJECTIVE
    if modifier:
        pass
    elif first.possessive and not first.name_word:
        stem = word[: -len("'s")]
        if not (stem in lang.no_break_after or stem in lang.break_before or stem in _NOT_OWNERS):
            modifier = _POSSESSIVE  # "the country's | finances"
    elif _is_adjective(word, lang):
        modifier = _ADJECTIVE  # "heavy | rain", and "Heavy | rain" at a sentence's start
    phrase_end = _NO_PHRASE
    if word.endswith(lang.modifier_endings) or word in lang.modifier_words:
        pass  # "많은 | 사람들이": its noun follows
    elif _ends_in_particle(word, lang.object_endings, lang):
        phrase_end = _OBJECT
    elif _ends_in_particle(word, lang.phrase_endings, lang):
        phrase_end = _PHRASE
    return (
        first.ends_sentence and not _is_abbreviation(token, lang),
        first.ends_clause or closes,
        first.name_word,
        word.endswith(lang.break_after_endings),
        phrase_end,
        word in lang.no_break_after or first.lower in lang.no_break_after,
        word in lang.break_before,
        in_name,
        modifier,
        word in lang.number_words or _is_amount(token.strip(_OPENERS)),
        _language(lang).pairs.mask(word),
    )


def _is_adjective(word: str, lang: LanguageProfile) -> bool:
    """Whether ``word`` (lower-cased) is a ``lang.adjectives`` word or has a
    ``lang.adjective_endings`` ending ("high-level")."""
    return word in lang.adjectives or word.endswith(lang.adjective_endings)


def _joins(before: str, after: str, lang: LanguageProfile) -> bool:
    """Whether the words around a conjunction are two of a kind, which it joins without
    opening a clause: two names ("Seoul and Moscow") or two adjectives ("cold and dry",
    for a ``lang.coordinators`` conjunction: see _cost)."""
    first, second = _token(before), _token(after)
    if first.name_word and second.name_word:
        return True
    return _is_adjective(first.word, lang) and _is_adjective(second.word, lang)


def _join_kind(token: str, lang: LanguageProfile) -> int:
    """The kinds of word ``token`` is for :func:`_joins`, as bits: 1 a name word, 2 an
    adjective; two words are of a kind when their bits meet."""
    first = _token(token)
    return first.name_word | (_is_adjective(first.word, lang) << 1)


def _ends_in_particle(word: str, endings: tuple[str, ...], lang: LanguageProfile) -> bool:
    """Whether ``word`` ends in one of ``endings`` that can be a particle there
    (``lang.particle_fits``): "가을" ends in 을 but no object does."""
    if not word.endswith(endings):
        return False
    fits = lang.particle_fits
    return fits is None or any(fits(word, end) for end in endings if word.endswith(end))


def _is_amount(token: str) -> bool:
    """Whether ``token`` is a number that counts something: "62", "3.5%", not "1998"."""
    if len(token) == 4 and token.isdigit() and token[0] in "12":
        return False  # a year ("in 1998 | the") counts nothing
    return _NUMERAL.fullmatch(token) is not None


def _after(token: str, lang: LanguageProfile) -> _After:
    """(dash: a dash written apart or the start of an aside in brackets, either of which
    opens a clause, conjunction (_COORDINATOR for a ``coordinators`` word), break_before,
    attached: an ``attached_prepositions`` word, no_break_before, is_lower, name_word,
    function_word: ``break_before`` or ``no_break_after``, no noun for a modifier,
    pair_bit: its bit as the second word of a ``lang.fixed_pairs`` pair, else 0)."""
    second = _token(token)
    word = second.word
    opens = _opens_aside(token)
    return (
        opens or token in ("–", "—"),
        _COORDINATOR if word in lang.coordinators else word in lang.conjunctions,
        word in lang.break_before,
        word in lang.attached_prepositions,
        word in lang.no_break_before or word.startswith(lang.no_break_before_starts),
        second.is_lower,
        second.name_word and not opens,  # no name reads into an aside
        word in lang.break_before or word in lang.no_break_after,
        _language(lang).pairs.bit(word),
    )


def _cost(before: _Before, after: _After, joins: bool, initial: bool) -> float:
    """The cost of a break between two words (see the module docstring).

    Only names and adjectives make it look further: ``joins`` when the word after is
    alone in its unit and the words around it are two of a kind (see :func:`_joins`),
    ``initial`` when the word before begins the text or follows a sentence end.
    """
    (
        sentence_end,
        clause_end,
        name_word,
        connective,
        phrase_end,
        no_break_after,
        dangling,
        in_name,
        modifier,
        counts,
        pairs,
    ) = before
    (
        dash,
        conjunction,
        break_before,
        attached,
        no_break_before,
        is_lower,
        name_after,
        function_word,
        pair_bit,
    ) = after
    if sentence_end:
        cost = COST_SENTENCE_END
    elif clause_end or dash:
        cost = COST_CLAUSE
    elif joins and is_lower and (name_word or conjunction == _COORDINATOR):
        cost = COST_SPACE  # between two names or two adjectives a conjunction opens no clause
    elif conjunction:
        cost = COST_CONJUNCTION
    elif connective and not no_break_before:  # "-고 | 있다" closes no clause
        cost = COST_CONNECTIVE
    elif phrase_end:
        cost = COST_OBJECT_END if phrase_end == _OBJECT else COST_PHRASE_END
    elif break_before:
        cost = COST_ATTACHED if attached else COST_BREAK_BEFORE
    else:
        cost = COST_SPACE
    # Before a conjunction a pronoun in no_break_after is an object ("veto it | unless"),
    # not a subject waiting for its verb.
    if cost > COST_CONJUNCTION and (no_break_after or no_break_before):
        cost += PENALTY_NO_BREAK
    if cost > COST_CLAUSE and dangling:
        cost += PENALTY_DANGLING
    if cost > COST_CLAUSE and pairs & pair_bit:
        cost += PENALTY_NO_BREAK  # "due | to": one preposition
    if (
        name_word
        and name_after
        and (in_name == _ALWAYS or (in_name == _UNLESS_INITIAL and not initial))
    ):
        cost += PENALTY_NAME
    elif cost > COST_CLAUSE and modifier:
        # A break between a modifier and the word it modifies: "Korean | soldiers",
        # "Korea's | exports", "Korea's | National Intelligence Service", "heavy | rain".
        # Only the two words count; before a capitalised word an adjective is part of a
        # name ("Korean War"), costed as one.
        noun = is_lower and not function_word  # not "Korean and", "Korean is"
        of_possessive = modifier == _POSSESSIVE and (noun or (name_after and not is_lower))
        if of_possessive or (modifier == _ADJECTIVE and noun):
            cost += PENALTY_MODIFIER
    elif cost > COST_CLAUSE and counts and (attached or not function_word):
        cost += PENALTY_MODIFIER  # an amount and what it counts ("thousands | of people")
    return cost


def _break_cost(tokens: Sequence[Sequence[str]], index: int, lang: LanguageProfile) -> float:
    """The cost of breaking between units ``index - 1`` and ``index`` (see module docstring).

    ``tokens`` holds the words of each unit. The plain definition: a plan works the
    same costs out by kinds of words (:class:`_Costs`).
    """
    joins = (
        index + 1 < len(tokens)
        and len(tokens[index]) == 1
        and _joins(tokens[index - 1][-1], tokens[index + 1][0], lang)
    )
    initial = index == 1 or _token(tokens[index - 2][-1]).ends_sentence
    return _cost(
        _before(tokens[index - 1][-1], lang), _after(tokens[index][0], lang), joins, initial
    )


class _Costs:
    """Break costs in one language by kinds of words.

    A break's cost depends on its two words only through their :class:`_Before` and
    :class:`_After` kinds (and, for names, on the words around): each distinct word's
    kinds are worked out once, and the cost of each pair of kinds once.
    """

    def __init__(self, lang: LanguageProfile) -> None:
        self.lang = lang
        self.befores: list[_Before] = []
        self.afters: list[_After] = []
        self._before_ids: dict[_Before, int] = {}
        self._after_ids: dict[_After, int] = {}
        # word -> the id of its _Before kind times _AFTER_KINDS, so that adding the id of
        # the next word's _After kind gives a key of the pair.
        self.before_key: _Memo[str, int] = _Memo(self._before_key, _WORD_MEMO_SIZE)
        self.after_id: _Memo[str, int] = _Memo(self._after_id, _WORD_MEMO_SIZE)
        # pair key -> the cost, or _IN_CONTEXT when it depends on the words around.
        self.pair: _Memo[int, float] = _Memo(self._pair)
        # 4 * pair key + 2 * joins + initial -> the cost (see _cost).
        self.in_context: _Memo[int, float] = _Memo(self._in_context)

    def _before_key(self, word: str) -> int:
        kind = _before(word, self.lang)
        if kind not in self._before_ids:
            self._before_ids[kind] = len(self.befores)
            self.befores.append(kind)
        return self._before_ids[kind] * _AFTER_KINDS

    def _after_id(self, word: str) -> int:
        kind = _after(word, self.lang)
        if kind not in self._after_ids:
            self._after_ids[kind] = len(self.afters)
            self.afters.append(kind)
        return self._after_ids[kind]

    def _pair(self, key: int) -> float:
        costs = {self._in_context(4 * key + context) for context in range(4)}
        return costs.pop() if len(costs) == 1 else _IN_CONTEXT

    def _in_context(self, key: int) -> float:
        pair, context = divmod(key, 4)
        before, after = divmod(pair, _AFTER_KINDS)
        return _cost(self.befores[before], self.afters[after], context >= 2, context % 2 == 1)


# More than there can be _After kinds: eight booleans and a pair bit, one of fewer than
# 2**14 / 2**8 (0 or one bit per second word of a language's fixed pairs).
_AFTER_KINDS = 1 << 14
_IN_CONTEXT = -1.0  # no cost is negative
# A run's distinct words: a long transcript has some ten thousand.
_WORD_MEMO_SIZE = 1 << 16


class _Language:
    """What layout works out once per language."""

    def __init__(self, lang: LanguageProfile) -> None:
        self.lang = lang  # which also keeps its id from being reused
        self.space = lang.width(" ")
        self.widths = widths_function(lang.width)
        limit = lang.max_line_width
        # Whether a plan's search is exact (see _Plan) once the units' widths are
        # multiples of 0.5, and whether they are known to be.
        self.exact_lines = (
            lang.max_lines == 2
            and _in_halves([self.space, limit, self.space + limit])
            and self.space >= 0
            and limit >= 0
        )
        self.exact = self.exact_lines and lang.width in HALF_UNIT_WIDTHS
        # A space and a word after it that may not start a line (see may_start_line):
        # punctuation first, or a particle with _STRIP characters around it. (A search
        # for the space first is about twice as quick as looking behind for it.)
        particles = "|".join(map(re.escape, sorted(lang.particles, key=len, reverse=True)))
        strip = re.escape(_STRIP)
        joined = f"[{re.escape(NO_LINE_START)}]" + (
            f"|[{strip}]*(?:{particles})[{strip}]*(?!\\S)" if particles else ""
        )
        self.unit_join = re.compile(f"\\s(?:{joined})")
        self.costs = _Costs(lang)
        self.join_kinds: _Memo[str, int] = _Memo(
            functools.partial(_join_kind, lang=lang), _WORD_MEMO_SIZE
        )
        # _half_shape_costs(limit), kept here: no call to the cache for every layout.
        self.shapes = _half_shape_costs(limit)
        self.pairs = _FixedPairs(lang)


class _FixedPairs:
    """A language's ``fixed_pairs`` as bits: each distinct second has one, and a first has
    those of the seconds it pairs with, so that a break splits a pair when the two words'
    bits meet. A first "-ending" is an ending, a second "start-" a start; the others are
    whole words.
    """

    def __init__(self, lang: LanguageProfile) -> None:
        pairs = [pair.split() for pair in sorted(lang.fixed_pairs)]
        seconds = sorted({second for _, second in pairs})
        if len(seconds) >= _AFTER_KINDS >> 8:
            raise ValueError(f"too many second words in {lang.name}'s fixed pairs")
        bits = {second: 1 << index for index, second in enumerate(seconds)}
        self._second_words = {w: bit for w, bit in bits.items() if not w.endswith("-")}
        # Longest first: a word takes one start's bit.
        self._second_starts = sorted(
            ((w[:-1], bit) for w, bit in bits.items() if w.endswith("-")),
            key=lambda start: -len(start[0]),
        )
        self._first_words: dict[str, int] = {}
        self._first_endings: dict[str, int] = {}
        for first, second in pairs:
            if first.startswith("-"):
                ending = first[1:]
                self._first_endings[ending] = self._first_endings.get(ending, 0) | bits[second]
            else:
                self._first_words[first] = self._first_words.get(first, 0) | bits[second]
        # For one test in C before the loops.
        self._any_ending = tuple(self._first_endings)
        self._any_start = tuple(start for start, _ in self._second_starts)

    def mask(self, word: str) -> int:
        """The bits of the seconds that make a fixed pair with ``word`` after it."""
        mask = self._first_words.get(word, 0)
        if word.endswith(self._any_ending):
            for ending, bits in self._first_endings.items():
                if word.endswith(ending):
                    mask |= bits
        return mask

    def bit(self, word: str) -> int:
        """``word``'s bit as the second of a fixed pair, else 0."""
        bit = self._second_words.get(word, 0)
        if not bit and word.startswith(self._any_start):
            for start, start_bit in self._second_starts:
                if word.startswith(start):
                    return start_bit
        return bit


def _language(lang: LanguageProfile) -> _Language:
    """The facts of ``lang``, worked out once per profile.

    Looked up by identity: a profile's hash goes through all its fields, and this is
    asked for every text.
    """
    facts = _LANGUAGES.get(id(lang))
    if facts is None or facts.lang is not lang:
        if len(_LANGUAGES) >= 8:
            _LANGUAGES.clear()
        facts = _LANGUAGES[id(lang)] = _Language(lang)
    return facts


_LANGUAGES: dict[int, _Language] = {}


# Words whose "'s" is a verb or "us" ("what's", "there's", "let's"), not a possessive:
# with those in no_break_after and break_before ("it's", "that's", "who's").
_NOT_OWNERS = frozenset({"what", "there", "here", "let"})
# Length of the shortest word (stripped) that is a proper adjective by its ending: "Asian".
_MIN_ADJECTIVE_LENGTH = 5


def _is_abbreviation(token: str, lang: LanguageProfile) -> bool:
    """'Mr.', 'U.S.', 'J.': a period that ends no sentence."""
    stem = token.strip(_OPENERS).rstrip(_CLOSERS)
    if not stem.endswith("."):
        return False
    word = stem[:-1]
    return (len(word) == 1 and word.isupper()) or word.lower() in lang.abbreviations


def _is_name_word(token: str) -> bool:
    return bool(_NAME_WORD.match(token)) and token.strip(_STRIP) not in ("I", "I'm", "I’m")


def _is_initial_like(token: str) -> bool:
    """'J.' or 'U.S.' or 'Mr.': a period that does not end the name."""
    stem = token.strip(_OPENERS)
    return len(stem) <= 4 and stem[0].isupper()
