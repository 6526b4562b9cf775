"""Glossary and name protection: terms that must come out of translation exactly as given.

Machine translation mangles names and house terms (SUBTITLE-RULES "What users ... complain
about": OPUS-CAT#70). Each term found in a source sentence is replaced by a placeholder
before translation and the placeholder by the term's target form afterwards, so the engine
never sees, and cannot change, the term.

The placeholder is a short run of capital Latin letters, ``ZQAA``, ``ZQAB``... NMT models
copy what they cannot translate, and capital-letter codes (acronyms, product codes) are
what general news models are trained to copy; templating characters (``{{x}}``, ``${X}``,
``###T01###``) are the ones engines are reported to squeeze, drop or re-case (LibreTranslate
#944, ModernMT #414). ``ZQ`` never starts an English or romanised Korean word, so a
placeholder cannot be confused with text. Restoring tolerates what models do to copied
codes: spaces inserted between letters and a changed case. A placeholder the engine lost is
not silently dropped: the term is appended to the sentence and reported (``lost``), so a
reviewer sees it.

Names (:func:`glossary_from_names`) are protected the same way so a speaker is called the
same in every cue; see that function for how a name's rendering is chosen.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from subtitler.errors import InputError
from subtitler.languages import KOREAN, is_hangul, is_hangul_syllable

_PREFIX = "ZQ"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Two letters after the prefix number the placeholders of one sentence (26 * 26 of them).
_MAX_TERMS = len(_LETTERS) ** 2
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])[Zz]\s?[Qq]\s?([A-Za-z])\s?([A-Za-z])(?![A-Za-z])",
)
_HEADER = ("source", "target")


@dataclass(frozen=True)
class Term:
    """One glossary entry: ``source`` is rendered as exactly ``target``.

    ``line`` is the glossary file line (0 for names found in the transcript).
    """

    source: str
    target: str
    line: int = 0


@dataclass(frozen=True)
class Placeholder:
    """A term replaced in one sentence: the ``token`` the engine sees and the term it stands for."""

    token: str
    term: Term


@dataclass(frozen=True)
class Restored:
    """A translation with its terms put back, and the terms whose placeholder was lost."""

    text: str
    lost: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Glossary:
    """Terms to protect, longest first when they overlap."""

    terms: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)

    def targets(self) -> tuple[str, ...]:
        """Every target form: text a translation may keep in the source script."""
        return tuple(t.target for t in self.terms)

    def merged(self, other: Glossary) -> Glossary:
        """This glossary plus ``other``'s terms for sources this one lacks (self wins)."""
        known = {_key(t.source) for t in self.terms}
        return Glossary(self.terms + tuple(t for t in other.terms if _key(t.source) not in known))

    def protect(self, sentence: str, source_lang: str) -> tuple[str, tuple[Placeholder, ...]]:
        """Replace every glossary term in ``sentence`` by a placeholder.

        English terms match whole words, in any case; a Korean term may be followed by a
        particle written onto it ("김민지가").

        >>> g = Glossary((Term("Kim Min-ji", "김민지"),))
        >>> g.protect("Kim Min-ji reports from Seoul.", "en")[0]
        'ZQAA reports from Seoul.'
        """
        spans: list[tuple[int, int, Term]] = []
        taken = [False] * len(sentence)
        for term in sorted(self.terms, key=lambda t: len(t.source), reverse=True):
            for match in _term_pattern(term.source, source_lang).finditer(sentence):
                if any(taken[match.start() : match.end()]):
                    continue
                if is_hangul(term.source[-1]) and not _ends_word(sentence, match.end()):
                    continue
                for i in range(match.start(), match.end()):
                    taken[i] = True
                spans.append((match.start(), match.end(), term))
        spans.sort(key=lambda span: span[0])
        if len(spans) > _MAX_TERMS:
            spans = spans[:_MAX_TERMS]
        placeholders: list[Placeholder] = []
        pieces: list[str] = []
        end = 0
        for number, (start, stop, term) in enumerate(spans):
            token = placeholder_token(number)
            pieces.append(sentence[end:start])
            pieces.append(token)
            placeholders.append(Placeholder(token, term))
            end = stop
        pieces.append(sentence[end:])
        return "".join(pieces), tuple(placeholders)

    def restore(self, translation: str, placeholders: Sequence[Placeholder]) -> str:
        """Put each placeholder's target term back; see :func:`restore`."""
        return restore(translation, placeholders).text


def placeholder_token(number: int) -> str:
    """The placeholder for the ``number``-th term of a sentence.

    >>> placeholder_token(0), placeholder_token(27)
    ('ZQAA', 'ZQBB')
    """
    high, low = divmod(number, len(_LETTERS))
    return _PREFIX + _LETTERS[high] + _LETTERS[low]


def restore(translation: str, placeholders: Sequence[Placeholder]) -> Restored:
    """Replace placeholders in ``translation`` by their terms' targets, exactly.

    Korean particles written onto a placeholder are made to agree with the term's last
    syllable (은/는, 이/가, 을/를, 과/와, 으로/로), since the engine chose them for the
    placeholder, not the term. A placeholder missing from the translation is appended
    (before the final punctuation) and listed in ``lost``.

    >>> p = (Placeholder("ZQAA", Term("Seoul", "서울")),)
    >>> restore("zq aa는 수도다.", p).text
    '서울은 수도다.'
    >>> restore("수도다.", p)
    Restored(text='수도다 서울.', lost=(Term(source='Seoul', target='서울', line=0),))
    """
    by_token = {p.token: p.term for p in placeholders}
    seen: set[str] = set()

    def put_back(match: re.Match[str]) -> str:
        token = (_PREFIX + match.group(1) + match.group(2)).upper()
        term = by_token.get(token)
        if term is None:
            return match.group(0)
        seen.add(token)
        return "\0" + term.target + "\1"

    marked = _PLACEHOLDER.sub(put_back, translation)
    text = _agree_particles(marked).replace("\0", "").replace("\1", "")
    lost = tuple(p.term for p in placeholders if p.token not in seen)
    for term in lost:
        text = _append(text, term.target)
    return Restored(text=text, lost=lost)


def _append(text: str, addition: str) -> str:
    body = text.rstrip()
    tail = ""
    while body and body[-1] in ".?!…\"'”’":
        tail = body[-1] + tail
        body = body[:-1]
    return f"{body} {addition}{tail}".strip() if body else addition + tail


# Particle pairs: (after a final consonant, after a vowel).
_PARTICLE_PAIRS = (("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로"))
# Only a particle that ends the word: "서울이다" must not become "...가다".
_AFTER_TERM = re.compile(
    "\1(?:(으로|로)(?=는|도|서|부터|[^가-힣]|$)|(은|는|이|가|을|를|과|와)(?![가-힣]))"
)


def _agree_particles(marked: str) -> str:
    """Fix particles right after a restored term (marked ``\\0term\\1``) to fit its last sound."""

    def fix(match: re.Match[str]) -> str:
        term_end = marked[: match.start()].rsplit("\0", 1)[-1]
        last = term_end[-1:] if term_end else ""
        particle = match.group(1) or match.group(2)
        # The final consonant is read from a syllable's code point: a jamo or letter has none.
        if not is_hangul_syllable(last):
            return match.group(0)
        coda = (ord(last) - 0xAC00) % 28
        for after_consonant, after_vowel in _PARTICLE_PAIRS:
            if particle in (after_consonant, after_vowel):
                if after_consonant == "으로":
                    # ㄹ-final words take 로, like vowels (서울로).
                    wanted = after_vowel if coda in (0, 8) else after_consonant
                else:
                    wanted = after_consonant if coda else after_vowel
                return "\1" + wanted
        return match.group(0)

    return _AFTER_TERM.sub(fix, marked)


def _key(source: str) -> str:
    return source.casefold()


def _term_pattern(source: str, source_lang: str) -> re.Pattern[str]:
    escaped = re.escape(source)
    left = r"(?<![\w])" if source[:1].isalnum() else ""
    # A Korean word carries its particles attached ("서울에서"): a term ending in Hangul is
    # checked by _ends_word instead of a plain word boundary.
    ends_hangul = bool(source) and is_hangul(source[-1])
    right = "" if ends_hangul or not source[-1:].isalnum() else r"(?![\w])"
    flags = re.IGNORECASE if source_lang == "en" or not ends_hangul else 0
    return re.compile(left + escaped + right, flags)


# What may follow a Korean term inside its word: particles (stacked: 에서+는), the copula,
# honorifics. Anything else makes it part of a longer word (서울 in 서울시 is not 서울).
_ATTACHABLE = frozenset(
    KOREAN.particles
    | {"씨", "님", "들", "이에요", "예요", "이죠", "죠", "이며", "이고", "라는", "이라는", "란",
       "이란", "으로부터", "로부터", "에서부터", "한테", "이랑", "랑", "께서", "이여", "여"}
)  # fmt: skip


def _ends_word(text: str, end: int) -> bool:
    """Whether the Hangul after ``end`` (up to the word's end) is only attachable endings.

    >>> _ends_word("서울에서는 비", 2), _ends_word("서울시", 2), _ends_word("서울.", 2)
    (True, False, True)
    """
    stop = end
    while stop < len(text) and is_hangul(text[stop]):
        stop += 1
    rest = text[end:stop]
    reachable = [False] * (len(rest) + 1)
    reachable[0] = True
    for i in range(len(rest)):
        if reachable[i]:
            for j in range(i + 1, len(rest) + 1):
                if rest[i:j] in _ATTACHABLE:
                    reachable[j] = True
    return reachable[-1]


def load_glossary(path: Path) -> Glossary:
    """Read a glossary file: two columns, source term and target term.

    TSV when the name ends in ``.tsv``, CSV for ``.csv``, otherwise whichever separator the
    first entry uses. UTF-8 with or without BOM; blank lines, ``#`` comments and a header row
    ``source,target`` are skipped. A row that is not two non-empty fields, or a source term
    given twice with different targets, raises :class:`~subtitler.errors.InputError` naming
    the line.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read glossary: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: glossary is not UTF-8 (byte {exc.start})") from exc
    return parse_glossary(text, _delimiter(path, text), name=str(path))


def parse_glossary(text: str, delimiter: str, *, name: str = "glossary") -> Glossary:
    """Parse glossary text with the given delimiter (see :func:`load_glossary`).

    >>> parse_glossary("source,target\\n# a comment\\nYTN,YTN\\nSeoul,서울\\n", ",").terms[1]
    Term(source='Seoul', target='서울', line=4)
    """
    terms: list[Term] = []
    first_line: dict[str, Term] = {}
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header_allowed = True
    for row in rows:
        number = rows.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        if row[0].lstrip().startswith("#"):
            continue
        cells = [cell.strip() for cell in row]
        while len(cells) > 2 and not cells[-1]:
            cells.pop()  # trailing separators from spreadsheets
        if header_allowed and tuple(c.casefold() for c in cells) == _HEADER:
            header_allowed = False
            continue
        header_allowed = False
        if len(cells) != 2 or not all(cells):
            raise InputError(
                f"{name}: line {number}: expected 'source term{_shown(delimiter)}target term', "
                f"got {delimiter.join(row)!r}"
            )
        term = Term(cells[0], cells[1], number)
        earlier = first_line.get(_key(term.source))
        if earlier is not None:
            if earlier.target != term.target:
                raise InputError(
                    f"{name}: line {number}: {term.source!r} is already given as "
                    f"{earlier.target!r} on line {earlier.line}"
                )
            continue
        first_line[_key(term.source)] = term
        terms.append(term)
    return Glossary(tuple(terms))


def _shown(delimiter: str) -> str:
    return "<TAB>" if delimiter == "\t" else delimiter


def _delimiter(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return "\t"
    if suffix == ".csv":
        return ","
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return "\t" if "\t" in line else ","
    return ","


def glossary_from_names(
    names: Iterable[str],
    source_lang: str,
    target_lang: str,
    renderings: Mapping[str, str] | None = None,
    *,
    user: Glossary | None = None,
) -> Glossary:
    """Protect the names of a transcript so each is rendered one way everywhere.

    A name's rendering is, in order of preference:

    1. the user's glossary entry for it (``user``), the only authoritative source;
    2. ``renderings[name]``: what the engine made of the name translated *on its own* (the
       service sends each name as one extra line of its single engine call). Rendered once
       and reused, a name reads the same in every cue, and translating it alone keeps
       sentence context from turning it into common words. Korean subtitles transliterate
       names (SUBTITLE-RULES "Korean": Homer J. Simpson -> 호머 J. 심슨), which is what an
       en->ko model does with a name alone, and a ko->en model romanises a Korean name;
    3. when the engine's rendering is unusable (empty, or not in the target script), the
       name as written. Into Korean a Latin name reads correctly, where a guessed
       transliteration may not. Into English a name left in Hangul is useless to the viewer,
       but so is a guess; the untranslated guard reports it, so the reviewer adds the name
       to the glossary once and every cue follows.

    >>> g = glossary_from_names(["Kim Min-ji", "John Park"], "en", "ko",
    ...                         {"Kim Min-ji": "김민지.", "John Park": "John Park"})
    >>> [(t.source, t.target) for t in g.terms]
    [('Kim Min-ji', '김민지'), ('John Park', 'John Park')]
    >>> glossary_from_names(["김민지"], "ko", "en", {"김민지": "김민지"}).terms
    (Term(source='김민지', target='김민지', line=0),)
    """
    renderings = renderings or {}
    user_terms = {_key(t.source): t for t in (user.terms if user else ())}
    terms: list[Term] = []
    seen: set[str] = set()
    for raw in names:
        name = " ".join(raw.split())
        if not name or _key(name) in seen:
            continue
        seen.add(_key(name))
        if _key(name) in user_terms:
            terms.append(user_terms[_key(name)])
            continue
        rendering = usable_rendering(renderings.get(name, ""), target_lang, name)
        terms.append(Term(name, rendering if rendering is not None else name))
    return Glossary(tuple(terms))


def usable_rendering(rendering: str, target_lang: str, name: str = "") -> str | None:
    """The engine's rendering of a name, cleaned, or None when it is not a plausible name.

    Not plausible: empty, not in the target script, or a phrase rather than a name (more
    words than the name has, plus one: a model that "translates" a name into a sentence).

    >>> usable_rendering(" 김민지. ", "ko")
    '김민지'
    >>> usable_rendering("Kim Min-ji", "ko") is None
    True
    >>> usable_rendering("장미 공원에서 우리 만나요", "ko", "Rose Park") is None
    True
    """
    text = " ".join(rendering.split()).strip(".,!?;:…\"'“”‘’")
    if not text or _PLACEHOLDER.search(text):
        return None
    if name and len(text.split()) > len(name.split()) + 1:
        return None
    hangul = any(is_hangul(ch) for ch in text)
    if target_lang == "ko" and not hangul:
        return None
    if target_lang == "en" and hangul:
        return None
    return text
