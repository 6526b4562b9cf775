"""The SRT linter behind ``subtitler check``: every limit of ``../shared/SUBTITLE-RULES.md``.

Each rule is a named function in :data:`CHECKS`; a :class:`Problem` is a real
violation (the CLI exits 1 when there is any). Things that are legal but worth
knowing (a BOM, CRLF line endings) are :func:`text_notes`, kept apart so they
never change the exit status.

How characters are counted: line width and reading speed use the language's
width function (Korean: Hangul 1, Latin, digits, spaces and punctuation 0.5);
style markup is not counted, since it is never shown. For reading speed the
lines of a cue are joined with one space, exactly as :attr:`subtitler.models.Cue.text`
joins them, so the linter and the cue builder measure the same thing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import NamedTuple

from subtitler.constants import DEFAULT_GAP_FRAMES, MAX_CUE_MS, MIN_CUE_MS, MIN_GAP_MS
from subtitler.errors import InputError
from subtitler.formats.srt import BOM, SrtCue, parse_srt, timestamp
from subtitler.languages import LanguageProfile, cps
from subtitler.models import Cue


@dataclass(frozen=True)
class Problem:
    """One violation: the SRT cue number as written (0 for the whole file), a code, a message."""

    cue: int
    code: str
    message: str


@dataclass(frozen=True)
class _Context:
    lang: LanguageProfile
    min_gap_ms: int


Check = Callable[[Sequence["Shown"], _Context], Iterator[tuple[int, Problem]]]

# HTML-like tags (<i>, <font color=...>, </b>) and ASS override blocks ({\an8}): SRT for
# YouTube and most editors is plain text (SUBTITLE-RULES, "SRT as editors read it").
# The tag name must follow "<" directly, so "x < y > z" in prose is not taken for a tag.
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?>|\{\\[^{}]*\}")
# Punctuation that closes or follows something: a line starting with it was broken badly.
_CLOSING = frozenset(",.;:!?)]}%、。，．！？：；）］｝」』】〉》")
_CLOSING_CHARS = "".join(sorted(_CLOSING)) + "…"
_ELLIPSES = ("...", "…")
# An SRT timing line as editors require it: two-digit minutes and seconds, 3-digit
# milliseconds, hours always present, exactly " --> " (SUBTITLE-RULES).
_STRICT_TIMING = re.compile(r"\d{2,}:[0-5]\d:[0-5]\d,\d{3} --> \d{2,}:[0-5]\d:[0-5]\d,\d{3}")
# What the srt library still accepts as a timing line (other separators, short fields, odd
# arrows, trailing coordinates).
_LOOSE_TIMING = re.compile(r"\d+[,.:，．。：]\d+[,.:，．。：]\d+(?:[,.:，．。：]\d*)? *-[ -] *>")


def min_gap_ms(fps: float | None = None) -> int:
    """The smallest gap allowed between two cues: 2 frames at ``fps``, else a safe default.

    >>> min_gap_ms(), min_gap_ms(24), min_gap_ms(25), min_gap_ms(29.97)
    (84, 83, 80, 66)
    """
    if fps is None:
        return MIN_GAP_MS
    if not math.isfinite(fps) or fps <= 0:
        raise InputError(f"frame rate must be a positive number, not {fps}")
    # Rounded down: frame-snapped times are whole milliseconds, so two frames at 24 fps
    # (83.3 ms) may be written 83 ms apart. The tolerance keeps 25 fps at exactly 80.
    return math.floor(DEFAULT_GAP_FRAMES * 1000 / fps + 1e-9)


def check_cues(
    cues: Sequence[SrtCue], lang: LanguageProfile, *, fps: float | None = None
) -> list[Problem]:
    """Every violation in ``cues``, in cue order, rule order within a cue.

    >>> from subtitler.languages import ENGLISH
    >>> check_cues([SrtCue(1, 0, 500, ("Hi",))], ENGLISH)
    [Problem(cue=1, code='too-short', message='lasts 500 ms (min 833 ms)')]
    """
    track = [shown(cue.index, cue, lang) for cue in cues]
    return [problem for problems in lint(track, lang, fps=fps) for problem in problems]


class Shown(NamedTuple):
    """One cue as the linter sees it: its number and times, and what a viewer reads of it."""

    number: int  # the cue number as written
    start_ms: int
    end_ms: int
    written: tuple[str, ...]  # the text lines as written (SrtCue.lines)
    lines: tuple[str, ...]  # the text lines without markup, stripped; blank lines left out
    widths: tuple[float, ...]  # the width of each of ``lines`` in the language's units
    # Reading speed of ``lines`` joined with one space (what is read); None when the
    # cue does not last a positive time.
    cps: float | None


def shown(number: int, cue: SrtCue | Cue, lang: LanguageProfile) -> Shown:
    """Cue ``number``: its visible lines, their widths and its reading speed.

    >>> from subtitler.languages import ENGLISH
    >>> shown(1, SrtCue(1, 0, 2000, ("<i>Hi</i> ", "", "there")), ENGLISH)[4:]
    (('Hi', 'there'), (2.0, 5.0), 4.0)
    """
    lines = tuple([visible(line).strip() for line in cue.lines if line.strip()])
    widths = tuple(map(lang.width, lines))
    duration = cue.end_ms - cue.start_ms
    speed = cps(" ".join(lines), duration, lang) if duration > 0 else None
    return Shown(number, cue.start_ms, cue.end_ms, cue.lines, lines, widths, speed)


def lint(
    track: Sequence[Shown], lang: LanguageProfile, *, fps: float | None = None
) -> list[tuple[Problem, ...]]:
    """The violations of each cue in ``track``, in rule order (most cues have none).

    >>> from subtitler.languages import ENGLISH
    >>> lint([shown(1, SrtCue(1, 0, 500, ("Hi",)), ENGLISH)], ENGLISH)
    [(Problem(cue=1, code='too-short', message='lasts 500 ms (min 833 ms)'),)]
    """
    context = _Context(lang, min_gap_ms(fps))
    found: dict[int, list[Problem]] = {}  # by position in the track
    for rule in CHECKS:
        for position, problem in rule(track, context):
            found.setdefault(position, []).append(problem)
    per_cue: list[tuple[Problem, ...]] = [()] * len(track)
    for position, problems in found.items():
        per_cue[position] = tuple(problems)
    return per_cue


def check_text(text: str, lang: LanguageProfile, *, fps: float | None = None) -> list[Problem]:
    """Parse SRT ``text`` and return every violation, timing-line format included, in cue order.

    Raises :class:`~subtitler.errors.InputError` when ``text`` is not SRT.

    >>> from subtitler.languages import ENGLISH
    >>> check_text("1\\n00:00:01,000 --> 00:00:03,000\\nHello.\\n", ENGLISH)
    []
    """
    cues = parse_srt(text)
    per_cue = lint([shown(cue.index, cue, lang) for cue in cues], lang, fps=fps)
    timing_lines = _timing_lines(text)
    if len(timing_lines) != len(cues):
        # A text line fooled the scan, so lines and cues no longer pair: report by file.
        misformatted = [_timing_format(line, 0) for line in timing_lines]
        return [p for p in misformatted if p] + [p for problems in per_cue for p in problems]
    result: list[Problem] = []
    for line, cue, problems in zip(timing_lines, cues, per_cue, strict=True):
        if misformat := _timing_format(line, cue.index):
            result.append(misformat)
        result.extend(problems)
    return result


def text_notes(text: str) -> list[Problem]:
    """Legal features some players dislike (BOM, CRLF): for information, not violations.

    >>> [n.code for n in text_notes("\\ufeff1\\r\\n")]
    ['bom', 'crlf']
    """
    notes = []
    if text.startswith(BOM):
        notes.append(Problem(0, "bom", "file starts with a UTF-8 byte order mark"))
    if "\r\n" in text:
        notes.append(Problem(0, "crlf", "file uses CRLF (Windows) line endings"))
    return notes


def problems_to_json(problems: Sequence[Problem]) -> list[dict[str, object]]:
    """Plain dicts for ``--json`` output.

    >>> problems_to_json([Problem(3, "overlap", "m")])
    [{'cue': 3, 'code': 'overlap', 'message': 'm'}]
    """
    return [asdict(problem) for problem in problems]


def visible(line: str) -> str:
    """``line`` without style markup: what a viewer reads.

    >>> visible("{\\\\an8}<i>Hello</i>")
    'Hello'
    """
    if "<" not in line and "{" not in line:
        return line  # every piece of markup starts with one of them
    return _MARKUP.sub("", line)


# Each rule scans the whole track and yields (position in the track, problem): one loop
# per rule, rather than a call per rule and cue, keeps the common no-problem case cheap.


def _numbering(track: Sequence[Shown], _: _Context) -> Iterator[tuple[int, Problem]]:
    for position, (previous, shown) in enumerate(_pairs(track)):
        index = shown.number
        expected = 1 if previous is None else previous.number + 1
        if index != expected:
            where = "is the first cue" if previous is None else f"follows cue {previous.number}"
            message = f"cue {index} {where}, expected {expected}"
            yield position, Problem(index, "numbering", message)


def _empty(track: Sequence[Shown], _: _Context) -> Iterator[tuple[int, Problem]]:
    for position, shown in enumerate(track):
        if not shown.lines:
            yield position, Problem(shown.number, "empty-cue", "cue has no text")


def _blank_line(track: Sequence[Shown], _: _Context) -> Iterator[tuple[int, Problem]]:
    for position, shown in enumerate(track):
        lines = shown.written
        # Some text, and fewer text lines than lines: one was left out as blank.
        if shown.lines and len(shown.lines) != len(lines):
            blank = next(n for n, line in enumerate(lines, start=1) if not line.strip())
            message = f"text line {blank} is blank (players end the cue there)"
            yield position, Problem(shown.number, "blank-line", message)


def _line_count(track: Sequence[Shown], context: _Context) -> Iterator[tuple[int, Problem]]:
    limit = context.lang.max_lines
    for position, shown in enumerate(track):
        if len(shown.lines) > limit:
            message = f"{len(shown.lines)} lines (max {limit})"
            yield position, Problem(shown.number, "too-many-lines", message)


def _line_width(track: Sequence[Shown], context: _Context) -> Iterator[tuple[int, Problem]]:
    limit = context.lang.max_line_width
    for position, shown in enumerate(track):
        for number, width in enumerate(shown.widths, start=1):
            if width > limit:
                message = f"line {number} is {_units(width)} characters (max {_units(limit)})"
                yield position, Problem(shown.number, "line-too-long", message)


def _reading_speed(track: Sequence[Shown], context: _Context) -> Iterator[tuple[int, Problem]]:
    limit = context.lang.max_cps
    for position, shown in enumerate(track):
        # A cue without text reads at 0, never over the limit.
        if shown.cps is not None and shown.cps > limit:
            # Rounded up, so a value just over the limit never reads as equal to it.
            speed = math.ceil(shown.cps * 10) / 10
            message = f"{speed:.1f} characters per second (max {_units(limit)})"
            yield position, Problem(shown.number, "cps-too-high", message)


def _line_starts(track: Sequence[Shown], context: _Context) -> Iterator[tuple[int, Problem]]:
    lang = context.lang
    for position, shown in enumerate(track):
        for number, text in enumerate(shown.lines, start=1):
            if not text:
                continue  # a line of markup only
            # The first word matters only where there are particles (not in English).
            first_word = text.split(None, 1)[0].rstrip(_CLOSING_CHARS) if lang.particles else ""
            if first_word in lang.particles and first_word not in lang.particle_homographs:
                message = f"line {number} starts with the particle {first_word!r}"
                yield position, Problem(shown.number, "particle-line-start", message)
            elif _is_closing(text[0]) and not text.startswith(_ELLIPSES):
                message = f"line {number} starts with {text[0]!r}"
                yield position, Problem(shown.number, "punctuation-line-start", message)


# Cached: it is asked of the first character of every line, and few characters begin lines.
@lru_cache(maxsize=1024)
def _is_closing(ch: str) -> bool:
    return ch in _CLOSING or unicodedata.category(ch) in ("Pe", "Pf")


def _markup(track: Sequence[Shown], _: _Context) -> Iterator[tuple[int, Problem]]:
    for position, shown in enumerate(track):
        lines = shown.written
        text = "\n".join(lines)
        if "<" not in text and "{" not in text:
            continue  # every piece of markup starts with one of them
        tags = list(dict.fromkeys(tag for line in lines for tag in _MARKUP.findall(line)))
        if tags:
            message = (
                f"style markup {', '.join(tags)} (YouTube and many players show plain text only)"
            )
            yield position, Problem(shown.number, "markup", message)


def _duration(track: Sequence[Shown], _: _Context) -> Iterator[tuple[int, Problem]]:
    for position, cue in enumerate(track):
        duration = cue.end_ms - cue.start_ms
        if duration <= 0:
            message = f"ends at {_time(cue.end_ms)}, not after its start {_time(cue.start_ms)}"
            yield position, Problem(cue.number, "bad-timing", message)
        elif duration < MIN_CUE_MS:
            message = f"lasts {duration} ms (min {MIN_CUE_MS} ms)"
            yield position, Problem(cue.number, "too-short", message)
        elif duration > MAX_CUE_MS:
            message = f"lasts {duration} ms (max {MAX_CUE_MS} ms)"
            yield position, Problem(cue.number, "too-long", message)


def _sequence(track: Sequence[Shown], context: _Context) -> Iterator[tuple[int, Problem]]:
    min_gap = context.min_gap_ms
    for position, (previous, cue) in enumerate(_pairs(track)):
        if previous is None:
            continue
        if cue.start_ms < previous.start_ms:
            message = (
                f"starts at {_time(cue.start_ms)}, before cue {previous.number} "
                f"({_time(previous.start_ms)})"
            )
            yield position, Problem(cue.number, "out-of-order", message)
        elif cue.start_ms < previous.end_ms:
            message = (
                f"starts at {_time(cue.start_ms)}, before cue {previous.number} ends "
                f"({_time(previous.end_ms)})"
            )
            yield position, Problem(cue.number, "overlap", message)
        elif (gap := cue.start_ms - previous.end_ms) < min_gap:
            message = f"gap after cue {previous.number} is {gap} ms (min {min_gap} ms)"
            yield position, Problem(cue.number, "gap-too-small", message)


def _pairs(track: Sequence[Shown]) -> Iterator[tuple[Shown | None, Shown]]:
    """Each cue with the one before it (None for the first)."""
    return zip([None, *track], track, strict=False)


# The rules, in the order their problems are listed for a cue.
CHECKS: tuple[Check, ...] = (
    _numbering,
    _empty,
    _blank_line,
    _line_count,
    _line_width,
    _reading_speed,
    _line_starts,
    _markup,
    _duration,
    _sequence,
)


def _timing_lines(text: str) -> list[str]:
    """The timing line of every cue, in order, as written."""
    lines = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [
        line
        for n, line in enumerate(lines)
        # A cue's timing line follows its number, which follows a blank line or the file start.
        if _LOOSE_TIMING.match(line.strip())
        and n >= 1
        and lines[n - 1].strip().lstrip("-").isdigit()
        and (n < 2 or not lines[n - 2].strip())
    ]


def _timing_format(line: str, cue: int) -> Problem | None:
    """A timing line the srt parser accepted but strict editors reject (``0:00:01.5 --> ...``)."""
    if _STRICT_TIMING.fullmatch(line.rstrip()):
        return None
    message = f"timing line {line.strip()!r} is not 'HH:MM:SS,mmm --> HH:MM:SS,mmm'"
    return Problem(cue, "timing-format", message)


def _time(ms: int) -> str:
    return timestamp(ms) if ms >= 0 else f"-{timestamp(-ms)}"


def _units(value: float) -> str:
    """A width or limit without a needless ``.0`` (Korean widths may end in ``.5``)."""
    return f"{value:g}"
