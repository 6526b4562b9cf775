"""Cleaning: character normalisation, boilerplate removal, machine-translation repairs.

Two stages. :func:`normalize` works on characters of the whole text before
parsing (line endings, invisible and odd spaces) and never adds or removes a
line, so line numbers stay those of the input. :func:`clean` works on parsed
segments: it drops boilerplate lines (:mod:`subtitler.boilerplate`) and repairs
what machine translation breaks, one named rule at a time. Every change is a
:class:`~subtitler.models.Fix` and every dropped line a
:class:`~subtitler.models.Removal`; repairs only add or remove whitespace, move
line boundaries and drop punctuation a paragraph begins with (it closes nothing),
so no spoken word is lost, duplicated or reordered.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from subtitler import boilerplate
from subtitler.errors import InputError
from subtitler.languages import ENGLISH, KOREAN, LanguageProfile, is_hangul_syllable, profile
from subtitler.layout import NO_LINE_START
from subtitler.models import Fix, Notice, Removal, Segment

# --------------------------------------------------------------------------- normalize


@dataclass(frozen=True)
class CharRule:
    """A character-level rule of :func:`normalize`: what it finds and what it puts instead."""

    name: str
    pattern: re.Pattern[str]
    replacement: str


# Character-class contents, shared by the rules below and the test that skips them.
# Zero-width space/joiners and word joiner: invisible, but they split words for every
# later rule and for translation.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060"
_NO_BREAK_SPACES = "\u00a0\u202f\u2007"
# Tabs, ideographic and typographic spaces; also the characters str.splitlines would
# treat as line breaks, so they cannot shift line numbers later.
_ODD_SPACES = "\t\v\f\x1c-\x1f\x85\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000"

# A time code opening a line, as transcription tools export them: "00:01:23", "[00:01:23]",
# "(01:23)", "10:15:22:05" (frames), "00:01:23.450". Bare, it must have hours, so that
# "10:30 a.m. is when..." stays.
_TIMESTAMP = re.compile(
    r"^(?:[\[(](?:\d{1,2}:)?\d{1,2}:\d{2}(?:[:.,;]\d{1,3})?[\])]"
    r"|\d{1,2}:\d{2}:\d{2}(?:[:.,;]\d{1,3})?)(?: +|$)"
)
# What a line with one begins with, how it begins, and a search for that after a line
# break (led by the "\n", which re looks for as fast as str.find; "(?m)^" costs ten times
# as much).
_TIMESTAMP_FIRST = "0123456789[("
_TIMESTAMP_START = re.compile(r"[\[(]?\d{1,2}:\d{2}")
_TIMESTAMP_AFTER_BREAK = re.compile(r"\n[\[(]?\d{1,2}:\d{2}")

CHAR_RULES: tuple[CharRule, ...] = (
    CharRule("byte-order-mark", re.compile("\ufeff"), ""),
    CharRule("zero-width", re.compile(f"[{_ZERO_WIDTH}]"), ""),
    CharRule("no-break-space", re.compile(f"[{_NO_BREAK_SPACES}]"), " "),
    CharRule("odd-space", re.compile(f"[{_ODD_SPACES}]"), " "),
    CharRule("repeated-spaces", re.compile(" {2,}"), " "),
    CharRule("edge-spaces", re.compile(r"^ +| +$"), ""),
    CharRule("timestamp", _TIMESTAMP, ""),
)

# A rule above changes a line only if it has one of these characters, two spaces in a
# row or a space at an end. Most lines have none. Each character is looked for on its
# own (str.__contains__ scans with memchr, many times faster than a regex search), the
# ASCII ones alone in ASCII text; tests check the list against the rules' classes.
_ODD_CHARACTERS = (
    "\ufeff\u200b\u200c\u200d\u2060\u00a0\u202f\u2007\t\v\f\x1c\x1d\x1e\x1f\x85\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
)
_ODD_ASCII_CHARACTERS = "".join(ch for ch in _ODD_CHARACTERS if ch.isascii())


def _has_odd_character(text: str) -> bool:
    odd = _ODD_ASCII_CHARACTERS if text.isascii() else _ODD_CHARACTERS
    return any(map(text.__contains__, odd))


def _may_change(line: str) -> bool:
    return (
        "  " in line
        or line.startswith(" ")
        or line.endswith(" ")
        or _has_odd_character(line)
        or (line[:1] in _TIMESTAMP_FIRST and _TIMESTAMP_START.match(line) is not None)
    )


_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


def normalize(text: str) -> tuple[str, tuple[Fix, ...]]:
    """Normalise characters line by line; return the text and one Fix per line and rule.

    Line endings become LF (a CR or CRLF counts as one line break, so line N of
    the result is line N of the input), U+FEFF and zero-width characters go,
    odd spaces become plain spaces, runs of spaces collapse and lines are
    stripped.

    >>> normalize("Hello\\u00a0 world \\r\\nBye")[0]
    'Hello world\\nBye'
    >>> [f.rule for f in normalize("a\\u200bb")[1]]
    ['zero-width']
    """
    if "\r" in text:
        parts = _LINE_BREAK.split(text)
        lines, endings = parts[::2], parts[1::2]
    elif not (
        _may_change(text)
        or " \n" in text
        or "\n " in text
        or _TIMESTAMP_AFTER_BREAK.search(text) is not None
    ):
        return text, ()  # no line would change: most transcripts, seen at once
    else:
        lines, endings = text.split("\n"), []
    fixes: list[Fix] = []
    for index, line in enumerate(lines):
        number = index + 1
        if index < len(endings) and endings[index] != "\n":
            fixes.append(Fix("line-endings", number, line + endings[index], line + "\n"))
        if not _may_change(line):
            continue
        for rule in CHAR_RULES:
            changed = rule.pattern.sub(rule.replacement, line)
            if changed != line:
                fixes.append(Fix(rule.name, number, line, changed))
                line = changed
        lines[index] = line
    return "\n".join(lines), tuple(fixes)


# --------------------------------------------------------------------------- sentence ends

_CLOSERS = "\"'”’)]»」』"
# Abbreviations that end a sentence as often as not ("... and so on, etc.").
# "no" is listed for "No. 5" but "they said no." is the commoner line end.
_FINAL_ABBREVIATIONS = frozenset({"etc", "inc", "ltd", "co", "corp", "no"})


def ends_sentence(text: str, lang: LanguageProfile) -> bool:
    """Whether ``text`` ends a sentence in ``lang``.

    A final ``. ? ! …`` (closing quotes and brackets may follow) ends one,
    except a period after a title abbreviation (``Mr.``); a Korean sentence may
    also end with a sentence-final ending and no period.

    >>> ends_sentence('He said "no."', ENGLISH)
    True
    >>> ends_sentence("They met Mr.", ENGLISH)
    False
    >>> ends_sentence("피해를 입었습니다", KOREAN)
    True
    """
    core = text.rstrip().rstrip(_CLOSERS)
    if not core:
        return False
    last = core[-1]
    if last in "?!…":
        return True
    if last == ".":
        word = core.rsplit(maxsplit=1)[-1].rstrip(".").lstrip("\"'“‘(").casefold()
        if "." in word or word in _FINAL_ABBREVIATIONS:
            return True
        return word not in lang.abbreviations
    return is_hangul_syllable(last) and core.endswith(lang.sentence_final_endings)


def line_ends_sentence(text: str) -> bool:
    """:func:`ends_sentence` in any supported language, for stages that do not know it yet.

    >>> line_ends_sentence("북한군이 러시아에")
    False
    """
    return ends_sentence(text, ENGLISH) or ends_sentence(text, KOREAN)


# --------------------------------------------------------------------------- line rules


@dataclass(frozen=True)
class LineRule:
    """A repair of one line; the name is what the review report shows."""

    name: str
    apply: Callable[[str, LanguageProfile], str]


# Punctuation written against the word before it: stray-space removes a space before it,
# and a broken line that begins with it joins the line before without one
# (_CLOSES_PREVIOUS). Marks and closing brackets are apart because a space before a mark
# stays when a period follows the mark (" ..." is a spaced ellipsis) or a digit does
# (".5 percent" is a number), one before a bracket never does.
_CLOSING_MARKS = ".,!?;:%"
_CLOSING_BRACKETS = ")]”’"

_SPACE_BEFORE_PUNCT = re.compile(
    rf"(?<=\S) +(?=[{re.escape(_CLOSING_MARKS)}](?![.\d])|[{re.escape(_CLOSING_BRACKETS)}])"
)
_SPACE_AFTER_OPENER = re.compile(r"(?<=[(\[“‘]) +")
_STRAIGHT_QUOTED = re.compile(r'"\s*([^"]*?)\s*"')


# What each pattern above needs to find anything: most lines have none of it, and a
# search that starts from a plain character is much cheaper than one with a lookbehind
# at every position.
_SPACE_BEFORE_PUNCT_NEEDS = re.compile(f" [{re.escape(_CLOSING_MARKS + _CLOSING_BRACKETS)}]")
_SPACE_AFTER_OPENER_NEEDS = re.compile(r"[(\[“‘] ")


def _fix_stray_space(text: str, lang: LanguageProfile) -> str:
    if "  " in text:
        text = re.sub(r" {2,}", " ", text)
    if _SPACE_BEFORE_PUNCT_NEEDS.search(text):
        text = _SPACE_BEFORE_PUNCT.sub("", text)
    if _SPACE_AFTER_OPENER_NEEDS.search(text):
        text = _SPACE_AFTER_OPENER.sub("", text)
    if '"' in text and text.count('"') % 2 == 0:
        text = _STRAIGHT_QUOTED.sub(r'"\1"', text)
    return text


# Punctuation glued to the letter that follows it. Straight double quotes are
# looked at apart: closing (space after) or opening (space before) by parity.
# (The first mark is written apart from the rest, so the search may skip ahead to one.)
_GLUED = re.compile(r"(?P<punct>[.?!…,;][.?!…,;]*)(?P<close>[”’)\]]*)(?P<quote>\"?)(?=[^\W\d_])")
_TOP_LEVEL_DOMAINS = "com|net|org|kr|co|go|gov|edu|io|jp|cn|uk|tv|info"
_URL_LIKE = re.compile(rf"(?i)@|://|^www\.|^[\w-]+(?:\.[\w-]+)*\.(?:{_TOP_LEVEL_DOMAINS})\b")
# An address that ends where a sentence does: what comes before the mark is a host
# with a top-level domain, and a capitalised word follows ("info@ytn.co.kr.Some
# residents"). Hosts are written in lower case; "example.com.au" stays as it is.
_ADDRESS_END = re.compile(rf"(?i)[\w-]\.(?:{_TOP_LEVEL_DOMAINS})$")
_SENTENCE_WORD = re.compile(r"[A-Z][a-z]")
_FILE_EXTENSIONS = frozenset(
    {
        "pdf",
        "doc",
        "docx",
        "hwp",
        "txt",
        "jpg",
        "jpeg",
        "png",
        "gif",
        "mp3",
        "mp4",
        "xlsx",
        "pptx",
        "zip",
    }
)


# How far around a glued punctuation mark we look for the word it sits in: no URL,
# initial or file name is longer, and a bounded look keeps long lines linear.
_WINDOW = 100


def _fix_missing_space(text: str, lang: LanguageProfile) -> str:
    glued = [match for match in _GLUED.finditer(text) if _needs_space(text, match)]
    if not glued:
        return text  # most lines
    out: list[str] = []
    last = 0
    quotes_seen, counted_to = 0, 0
    for match in glued:
        cut = match.end()
        if match["quote"]:
            quotes_seen += text.count('"', counted_to, match.start("quote"))
            counted_to = match.start("quote")
            if quotes_seen % 2 == 0:
                cut = match.start("quote")  # an opening quote: the space goes before it
        out.append(text[last:cut])
        out.append(" ")
        last = cut
    out.append(text[last:])
    return "".join(out)


def _needs_space(text: str, match: re.Match[str]) -> bool:
    start, end = match.start(), match.end()
    low = max(0, start - _WINDOW)
    space_before = text.rfind(" ", low, start)
    token_start = space_before + 1 if space_before >= 0 else low
    space_after = text.find(" ", start, start + _WINDOW)
    token_end = space_after if space_after >= 0 else min(len(text), start + _WINDOW)
    if _URL_LIKE.search(text[token_start:token_end].strip(_CLOSERS + "(“‘")):
        return bool(
            match["punct"] == "."
            and _ADDRESS_END.search(text, token_start, start)
            and _SENTENCE_WORD.match(text, end)
        )
    if match["punct"][-1] in ",;":
        return True
    following = text[end : end + _WINDOW]
    # A sentence starts with a capital or a letter of a caseless script (Hangul).
    if following[0].islower():
        return False
    if match["punct"] == "." and not match["close"] and not match["quote"]:
        before = text[token_start:start]
        # Initials and dotted abbreviations: "U.S.", "J.K.", "a.m." stay together.
        single_before = len(before.split(".")[-1]) == 1
        if single_before and following[1:2] == ".":
            return False
        word = re.match(r"[^\W\d_]+", following)
        if word and word[0].casefold() in _FILE_EXTENSIONS and before.isupper():
            return False
    return True


# What either line rule needs but a doubled space or a straight quote, in one pattern: a
# closing mark or bracket after a space or an opener before one (stray-space), a mark
# against a letter, a closing bracket or a quote (missing-space). One search of a
# segment's lines, from the punctuation, spares most segments every rule's own searches.
_OPENERS = "([“‘"
_LINE_RULE_CLUE = re.compile(
    f"[{re.escape(_CLOSING_MARKS + _CLOSING_BRACKETS + _OPENERS + '…')}]"
    f"(?:(?<= [{re.escape(_CLOSING_MARKS + _CLOSING_BRACKETS)}])"
    f"|(?<=[{re.escape(_OPENERS)}])(?= )"
    f'|(?<=[.?!…,;])(?=[^\\W\\d_]|[”’)\\]"]))'
)


# An HTML character reference from the same source: "&amp;", "&quot;", "&#39;", "&#x2014;".
# Only a complete one, ending in ";" ("AT&T" and "Q&A" are words); one for a space, such
# as "&nbsp;", becomes a plain space.
_CHARACTER_REFERENCE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


def _decode_character_reference(match: re.Match[str]) -> str:
    import html  # only here: its table of entities takes a while to load

    decoded = html.unescape(match[0])
    return " " if decoded.isspace() else decoded


def _decode_character_references(text: str, lang: LanguageProfile) -> str:
    if "&" not in text:
        return text  # most lines
    return _CHARACTER_REFERENCE.sub(_decode_character_reference, text)


# An HTML tag left by a web page or a content system the transcript was copied from: "<i>",
# "</b>", "<br/>", '<font color="red">', "<a href=...>". It is not spoken, and SRT readers
# would apply some and show others as text. A tag is an element's name alone or followed by
# attributes (name=...); it is taken for markup when it closes an element, names a
# formatting element, or opens one that the line closes ("<script>...</script>"). So a title
# such as "<A Tale of Two Cities>" or "<Clean>" is none. The spaces around a tag go with it:
# one space stays where there was one on either side, or where the tag broke the line (br,
# p, div), none where it sat against both words.
_MARKUP_TAG = re.compile(
    r"(\s*)<\s*(/?)\s*([A-Za-z][\w-]*)(?:\s+[\w:-]+\s*=[^<>]*?)?\s*/?\s*>(\s*)"
)
_FORMATTING_TAGS = frozenset(
    "a b big br div em font i mark p s small span strong sub sup u".split()
)
_BREAKING_TAGS = frozenset({"br", "div", "p"})


def _strip_markup_tags(text: str, lang: LanguageProfile) -> str:
    if "<" not in text:
        return text  # most lines
    closed = {match[3].lower() for match in _MARKUP_TAG.finditer(text) if match[2]}

    def gap(match: re.Match[str]) -> str:
        name = match[3].lower()
        if not (match[2] or name in _FORMATTING_TAGS or name in closed):
            return match[0]  # words in angle brackets: angle-brackets' business
        if match[1] or match[4] or name in _BREAKING_TAGS:
            return " "
        return ""

    stripped = _MARKUP_TAG.sub(gap, text)
    return stripped if stripped == text else stripped.strip()


# A pair of ASCII angle brackets around words on one line: "<News Night>", "< 2030 Plan >".
# SRT readers take it for a markup tag and show nothing of it (ffmpeg drops "<rumours>" and
# "<2030 plan>", pysubs2 "< News Night >"), so a title written so would vanish from the
# screen. What does not begin with a letter or digit ("<-- x -->", "<>") is shown as written.
_ANGLE_PAIR = re.compile(r"<\s*([^\W_][^<>]*?)\s*>")


def _fix_angle_brackets(text: str, lang: LanguageProfile) -> str:
    if "<" not in text:
        return text  # most lines
    opening, closing = lang.title_marks
    return _ANGLE_PAIR.sub(lambda match: f"{opening}{match[1]}{closing}", text)


# A sound or production note in capitals, in parentheses, within a line (US network
# transcripts): "(LAUGHTER)", "(APPLAUSE)", "(CROSSTALK)", "(BEGIN VIDEO CLIP)". Not
# spoken. One word only when it is one of these: "(IAEA)" and "(NATO)" gloss a name.
# (A note on a line of its own is boilerplate: see boilerplate.classify.) Compiled on first
# use (by re's cache): few transcripts have one, and compiling takes a millisecond.
_SOUND_NOTE = (
    r"\s*\((?:LAUGHTER|LAUGHS|APPLAUSE|CROSSTALK|INAUDIBLE|UNINTELLIGIBLE|MUSIC|"
    r"CHEERING|CHEERS|SIRENS?|GUNFIRE|SIGHS|[A-Z][A-Z'’-]*(?: [A-Z][A-Z'’-]*)+)\)"
)


def _remove_sound_notes(text: str, lang: LanguageProfile) -> str:
    if "(" not in text:
        return text  # most lines
    return re.sub(_SOUND_NOTE, "", text).strip()


LINE_RULES: tuple[LineRule, ...] = (
    LineRule("sound-note", _remove_sound_notes),
    LineRule("html-entities", _decode_character_references),
    LineRule("markup-tags", _strip_markup_tags),
    LineRule("angle-brackets", _fix_angle_brackets),
    LineRule("stray-space", _fix_stray_space),
    LineRule("missing-space-after-punctuation", _fix_missing_space),
)


# --------------------------------------------------------------------------- paragraph rules


@dataclass(slots=True)
class Paragraph:
    """A line of a segment being cleaned. ``joinable``: no removed line sits before it.

    Not frozen, as one is made for every line and a frozen one costs twice as much to
    make; rules never change one, they replace it.
    """

    line: int
    text: str
    joinable: bool = True

    def with_text(self, text: str) -> Paragraph:
        """This paragraph with another text (dataclasses.replace costs several times more)."""
        return Paragraph(self.line, text, self.joinable)


ParagraphRuleFn = Callable[[list[Paragraph], LanguageProfile], tuple[list[Paragraph], list[Fix]]]


@dataclass(frozen=True)
class ParagraphRule:
    """A repair across the lines of one segment."""

    name: str
    apply: ParagraphRuleFn


_BOUNDARY = re.compile(r"[.?!…]+[\"'”’)\]]*(?= )")


def _stranded_fragment(text: str, next_text: str, lang: LanguageProfile) -> tuple[str, str] | None:
    """(head, fragment) when ``text`` ends a sentence, then starts one ``next_text`` goes on."""
    if ends_sentence(text, lang):
        return None
    for match in reversed(list(_BOUNDARY.finditer(text))):
        cut = match.end()
        if not ends_sentence(_last_word(text, cut), lang):
            continue  # "Mr. Kim": no sentence ends here
        if text[cut + 1 : cut + 2].islower():
            continue  # "U.S. intelligence": no new sentence here
        fragment = text[cut:].strip()
        if _continues(fragment, next_text, lang):
            return text[:cut], fragment
        return None
    return None


def _last_word(text: str, end: int) -> str:
    """The word ending at ``end`` (no space inside it); enough to tell a sentence end."""
    return text[text.rfind(" ", 0, end) + 1 : end]


def _continues(fragment: str, next_text: str, lang: LanguageProfile) -> bool:
    """Whether ``next_text`` carries on the unfinished sentence ``fragment``."""
    if not next_text:
        return False
    first = next_text[0]
    if first.islower() or first.isdigit() or is_hangul_syllable(fragment[-1]):
        return True
    last_word = fragment.split()[-1].casefold()
    return last_word in lang.no_break_after or last_word in lang.break_before


def _move_stranded(
    paragraphs: list[Paragraph], lang: LanguageProfile
) -> tuple[list[Paragraph], list[Fix]]:
    out = list(paragraphs)
    fixes: list[Fix] = []
    for index in range(len(out) - 1):
        this, following = out[index], out[index + 1]
        if not following.joinable:
            continue
        split = _stranded_fragment(this.text, following.text, lang)
        if split is None:
            continue
        head, fragment = split
        moved = f"{fragment} {following.text}"
        fixes.append(Fix("stranded-fragment", this.line, this.text, head))
        fixes.append(Fix("stranded-fragment", following.line, following.text, moved))
        out[index] = this.with_text(head)
        out[index + 1] = following.with_text(moved)
    return out, fixes


def _join_broken(
    paragraphs: list[Paragraph], lang: LanguageProfile
) -> tuple[list[Paragraph], list[Fix]]:
    """Join each run of lines that do not end a sentence with the line that does.

    One Fix per joined paragraph, on its first line: ``before`` holds the lines
    as they were (joined by ``"\\n"``), ``after`` the single line they became.
    """
    groups: list[list[Paragraph]] = []
    for paragraph in paragraphs:
        if groups and paragraph.joinable and not ends_sentence(groups[-1][-1].text, lang):
            groups[-1].append(paragraph)
        else:
            groups.append([paragraph])
    out: list[Paragraph] = []
    fixes: list[Fix] = []
    for group in groups:
        first = group[0]
        if len(group) == 1:
            out.append(first)
            continue
        joined = group[0].text
        for paragraph in group[1:]:
            # "He said" + ", adding": the comma closes the line before, no space.
            space = "" if _CLOSES_PREVIOUS.match(paragraph.text) else " "
            joined = f"{joined}{space}{paragraph.text}"
        before = "\n".join(p.text for p in group)
        fixes.append(Fix("joined-broken-line", first.line, before, joined))
        out.append(first.with_text(joined))
    return out, fixes


# Punctuation that closes what comes before it, at the start of a line: stray-space's
# set plus "…" (a spaced ellipsis inside a line is kept, one that begins a line trails
# the words before it) and "}" (stray-space leaves braces alone). Never before a digit:
# ".5" begins a number.
_CLOSES_PREVIOUS = re.compile(
    "[" + re.escape(_CLOSING_MARKS + _CLOSING_BRACKETS + "}…") + r"](?!\d)"
)
# What may not begin a line (closing punctuation and dashes), in tokens at the start of a
# paragraph (not a "-1" or ".5"): with nothing before it to close, machine translation's
# leftover from a broken sentence.
_ORPHAN_PUNCTUATION = re.compile(rf"(?:[{re.escape(NO_LINE_START)}]+(?!\d)\s*)+")
_NO_LINE_START_CHARS = frozenset(NO_LINE_START)


def _drop_orphan_punctuation(
    paragraphs: list[Paragraph], lang: LanguageProfile
) -> tuple[list[Paragraph], list[Fix]]:
    """Remove punctuation a paragraph begins with (", the minister said" loses its comma).

    Runs after broken lines are joined, so a comma that closes the line before is
    already where it belongs; what is left closes nothing, and would open a subtitle.
    """
    out: list[Paragraph] = []
    fixes: list[Fix] = []
    for paragraph in paragraphs:
        # The pattern needs such a character first: most paragraphs are passed at a look.
        found = (
            _ORPHAN_PUNCTUATION.match(paragraph.text)
            if paragraph.text[:1] in _NO_LINE_START_CHARS
            else None
        )
        if found is None or found.end() == len(paragraph.text):
            out.append(paragraph)
            continue
        text = paragraph.text[found.end() :]
        fixes.append(Fix("orphan-punctuation", paragraph.line, paragraph.text, text))
        out.append(paragraph.with_text(text))
    return out, fixes


PARAGRAPH_RULES: tuple[ParagraphRule, ...] = (
    ParagraphRule("stranded-fragment", _move_stranded),
    ParagraphRule("joined-broken-line", _join_broken),
    ParagraphRule("orphan-punctuation", _drop_orphan_punctuation),
)


# --------------------------------------------------------------------------- clean


@dataclass(frozen=True)
class Cleaned:
    """Segments after cleaning, with every change, removal and warning."""

    segments: tuple[Segment, ...]
    fixes: tuple[Fix, ...]
    removed: tuple[Removal, ...]
    warnings: tuple[Notice, ...]


@dataclass(frozen=True)
class CleanedSegment:
    """What cleaning makes of one segment, before the whole-transcript checks of :func:`combine`.

    ``text`` is None when nothing spoken is left; ``names`` are the candidate
    names (capitalised word runs) it holds, with their lines.
    """

    text: str | None
    fixes: tuple[Fix, ...]
    removed: tuple[Removal, ...]
    names: tuple[tuple[str, int], ...]


def clean(segments: Sequence[Segment], lang: str) -> Cleaned:
    """Remove boilerplate and repair machine-translation artifacts in parsed segments.

    ``Segment.text`` of the result holds the cleaned paragraphs joined by
    ``"\\n"``; ``Segment.lines`` keeps the raw lines. Segments left empty are
    dropped. Raises :class:`InputError` when nothing spoken is left. The same as
    :func:`combine` of each segment's :func:`clean_segment`, which may be
    worked out apart (in other processes).

    >>> from subtitler.parse import parse
    >>> result = clean(parse("[Anchor]\\nTroops moved.Experts say\\nit will last.").segments, "en")
    >>> result.segments[0].text
    'Troops moved.\\nExperts say it will last.'
    >>> sorted({fix.rule for fix in result.fixes})
    ['missing-space-after-punctuation', 'stranded-fragment']
    """
    language = profile(lang)
    headline = headline_lines(segments, language)
    return combine(segments, [clean_segment(s, language, headline) for s in segments])


def clean_segment(
    segment: Segment, lang: LanguageProfile, headline: frozenset[int] = frozenset()
) -> CleanedSegment:
    """One segment cleaned on its own; ``headline`` holds the line numbers of the
    transcript's headline (:func:`headline_lines`), which are removed."""
    paragraphs, removals = _remove_boilerplate(segment, headline)
    paragraphs, fixes = _apply_line_rules(paragraphs, lang)
    for rule in PARAGRAPH_RULES:
        paragraphs, rule_fixes = rule.apply(paragraphs, lang)
        fixes += rule_fixes
    paragraphs = [p for p in paragraphs if p.text]
    if not paragraphs:
        return CleanedSegment(None, tuple(fixes), tuple(removals), ())
    texts = [(p.text, p.line) for p in paragraphs]
    if segment.speaker:
        texts.insert(0, (segment.speaker, segment.line))
    return CleanedSegment(
        "\n".join(p.text for p in paragraphs), tuple(fixes), tuple(removals), _names(texts)
    )


def combine(segments: Sequence[Segment], cleaned: Sequence[CleanedSegment]) -> Cleaned:
    """The segments with their cleaned texts, and the checks that need the whole transcript:
    something must be left to say, and no name may be spelled two ways."""
    kept: list[Segment] = []
    fixes: list[Fix] = []
    removed: list[Removal] = []
    names: list[tuple[str, int]] = []
    for segment, done in zip(segments, cleaned, strict=True):
        fixes += done.fixes
        removed += done.removed
        if done.text is not None:
            text = done.text
            kept.append(segment if text == segment.text else replace(segment, text=text))
            names += done.names
    if not kept:
        if not removed:
            raise InputError(
                "nothing to subtitle: the transcript has speaker markers but no speech"
            )
        raise InputError(
            f"nothing left to subtitle after cleaning: all {len(removed)} lines were "
            "boilerplate (credits, promos, contact lines, headlines)"
        )
    return Cleaned(
        segments=tuple(kept),
        fixes=tuple(sorted(fixes, key=lambda fix: fix.line)),
        removed=tuple(sorted(removed, key=lambda removal: removal.line)),
        warnings=_variants(names),
    )


def headline_lines(segments: Sequence[Segment], lang: LanguageProfile) -> frozenset[int]:
    """Line numbers of a headline above the script, if there is one.

    Two layouts qualify. Above the first speaker marker: a block whose every
    line is short and ends no sentence (speech ends sentences). In a transcript
    without markers: such a first line followed by one that starts with a
    capital, where the first line does not end in a word that needs more
    ("the", "of", a comma), so it is not a sentence broken by translation.
    """
    if not segments or segments[0].role != "unknown":
        return frozenset()
    lines = segments[0].lines
    if len(segments) > 1:
        if all(_headline_like(line.text) for line in lines):
            return frozenset(line.number for line in lines)
        return frozenset()
    if len(lines) < 2 or not _headline_like(lines[0].text) or not lines[1].text[:1].isupper():
        return frozenset()
    last_word = lines[0].text.split()[-1].casefold()
    if last_word in lang.no_break_after or last_word in lang.break_before:
        return frozenset()
    if lines[0].text.endswith((",", ":", ";", "-")):
        return frozenset()
    return frozenset({lines[0].number})


def _headline_like(text: str) -> bool:
    return (
        0 < len(text.split()) <= boilerplate.MAX_HEADLINE_WORDS
        and not line_ends_sentence(text)
        and boilerplate.classify(text) is None
    )


def _remove_boilerplate(
    segment: Segment, headline: frozenset[int]
) -> tuple[list[Paragraph], list[Removal]]:
    lines = segment.lines
    texts = [line.text for line in lines]
    # Most segments hold no clue of any boilerplate but a separator: one look at the
    # whole segment spares its lines, and pairs of them, every other test.
    clued = not boilerplate.clue_free("\n".join(texts))
    classify = boilerplate.classify if clued else _separator_kind
    kinds: list[str | None] = [None] * len(lines)
    for k, text in enumerate(texts):
        if headline and lines[k].number in headline:
            kinds[k] = "headline"
        # Without clues only a separator may be found, and a line that begins with a
        # letter or digit is none.
        if kinds[k] is not None or (not clued and text[:1].isalnum()):
            continue
        last = k + 1 == len(texts)
        kind = classify(text)
        if kind is not None:
            kinds[k] = kind
            # A bracketed promo that machine translation broke: its "]" is on the next line.
            if not last and text.count("[") > text.count("]") and "]" in texts[k + 1]:
                kinds[k + 1] = kind
        elif clued and not last:
            pair = boilerplate.classify_pair(text, texts[k + 1])
            if pair is not None:
                kinds[k] = kinds[k + 1] = pair
    paragraphs: list[Paragraph] = []
    removals: list[Removal] = []
    after_removal = False
    for line, kind in zip(lines, kinds, strict=True):
        if kind is not None:
            removals.append(Removal(kind, line.number, line.text))
            after_removal = True
        elif line.text:
            paragraphs.append(Paragraph(line.number, line.text, joinable=not after_removal))
            after_removal = False
    return paragraphs, removals


def _separator_kind(text: str) -> str | None:
    """:func:`boilerplate.classify` of a line without a clue of another kind."""
    return "separator" if boilerplate.is_separator(text) else None


def _apply_line_rules(
    paragraphs: list[Paragraph], lang: LanguageProfile
) -> tuple[list[Paragraph], list[Fix]]:
    if not _may_need_line_rules("\n".join([paragraph.text for paragraph in paragraphs])):
        return paragraphs, []  # most segments
    fixes: list[Fix] = []
    out: list[Paragraph] = []
    after_removed = False  # an emptied line followed a removed one
    for paragraph in paragraphs:
        text = paragraph.text
        for rule in LINE_RULES:
            changed = rule.apply(text, lang)
            if changed != text:
                fixes.append(Fix(rule.name, paragraph.line, text, changed))
                text = changed
        if not text and paragraph.text:
            # A line of markup alone: its fix records it, and the lines around it are
            # joined or not as if it had never been there.
            after_removed = after_removed or not paragraph.joinable
            continue
        if after_removed:
            out.append(Paragraph(paragraph.line, text, joinable=False))
            after_removed = False
        else:
            out.append(paragraph if text == paragraph.text else paragraph.with_text(text))
    return out, fixes


def _may_need_line_rules(text: str) -> bool:
    """Whether a rule of LINE_RULES may change a line of ``text`` (lines joined by
    ``"\\n"``): only if it holds an ampersand, an angle bracket, a doubled space, a
    straight quote, a sound note or what _LINE_RULE_CLUE finds. Without them sound-note,
    html-entities, markup-tags, angle-brackets and stray-space change nothing, and
    missing-space then finds nothing either.
    """
    return (
        "&" in text
        or "<" in text
        or '"' in text
        or "  " in text
        or _LINE_RULE_CLUE.search(text) is not None
        or ("(" in text and re.search(_SOUND_NOTE, text) is not None)
    )


# --------------------------------------------------------------------------- name variants

# Runs of capitalised words, hyphenated parts allowed: "Kwon Young-hee", "Kim Jong-Un".
# Not inside a word: the character before the first capital is checked after it, so
# the search runs from capital to capital instead of testing a lookbehind everywhere.
_CAPITALISED_RUN = re.compile(
    r"[A-Z](?<![\w'’-].)[A-Za-z]*(?:-[A-Za-z]+)*(?: [A-Z][A-Za-z]*(?:-[A-Za-z]+)*)+"
)


def _variants(names: Sequence[tuple[str, int]]) -> tuple[Notice, ...]:
    """Warn where one name is spelled two ways (hyphen, space or case differ).

    ``names`` are the candidate names of a segment's texts in transcript order
    (:func:`_names`), compared by a key that ignores hyphens, spaces and case.
    The text is never changed.

    >>> [n.message for n in _variants(_names([("Reporter Kwon Young-hee reports.", 3),
    ...                                       ("I'm Kwon Younghee.", 9)]))]
    ["name spelled two ways: 'Kwon Young-hee' (line 3) and 'Kwon Younghee' (line 9)"]
    """
    first_seen: dict[str, tuple[str, int]] = {}
    notices: list[Notice] = []
    reported: set[tuple[str, str]] = set()
    for spelling, line in names:
        key = re.sub(r"[\s-]", "", spelling).casefold()
        if key not in first_seen:
            first_seen[key] = (spelling, line)
            continue
        original, original_line = first_seen[key]
        if spelling == original or (original, spelling) in reported:
            continue
        reported.add((original, spelling))
        notices.append(
            Notice(
                "name-variant",
                line,
                f"name spelled two ways: {original!r} (line {original_line}) "
                f"and {spelling!r} (line {line})",
            )
        )
    return tuple(notices)


def _names(texts: Sequence[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Candidate names in ``texts``, (text, line) pairs in transcript order (speaker names
    and cleaned paragraphs): 2- and 3-word windows of capitalised runs, in order."""
    # One search of all the texts joined (a run never spans a line break), not one each.
    runs = list(_CAPITALISED_RUN.finditer("\n".join([text for text, _ in texts])))
    if not runs:
        return ()
    starts = list(itertools.accumulate((len(text) + 1 for text, _ in texts), initial=0))
    found: list[tuple[str, int]] = []
    for run in runs:
        line = texts[bisect.bisect_right(starts, run.start()) - 1][1]
        words = run[0].split()
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                found.append((" ".join(words[start : start + size]), line))
    return tuple(found)
