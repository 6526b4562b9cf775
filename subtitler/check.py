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
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache, partial
from itertools import accumulate, chain, compress, islice
from operator import is_not, itemgetter, le, sub
from typing import NamedTuple, cast

from subtitler.constants import DEFAULT_GAP_FRAMES, MAX_CUE_MS, MIN_CUE_MS, MIN_GAP_MS
from subtitler.errors import InputError
from subtitler.formats.srt import BOM, SrtCue, parse_srt, timestamp
from subtitler.languages import LanguageProfile, widths_function
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


Check = Callable[["Measured", _Context], Iterator[tuple[int, Problem]]]

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
    track = measure(cues, lang, [cue.index for cue in cues])
    return [problem for problems in lint(track, lang, fps=fps) for problem in problems]


class Measured(NamedTuple):
    """A track as the linter sees it: its cues' numbers and times, and what a viewer reads.

    One list per field, cue by cue: a track has tens of thousands of cues, and a rule
    can then pass over a whole field at once (see :data:`CHECKS`).
    """

    numbers: Sequence[int]  # the cue numbers as written
    starts: list[int]
    ends: list[int]
    written: list[tuple[str, ...]]  # each cue's text lines as written (SrtCue.lines)
    lines: list[tuple[str, ...]]  # the text lines without markup, stripped; blank lines left out
    widths: list[tuple[float, ...]]  # the width of each of ``lines`` in the language's units
    # Reading speed of ``lines`` joined with one space (what is read); None when the
    # cue does not last a positive time.
    cps: list[float | None]


def measure(
    cues: Sequence[SrtCue | Cue], lang: LanguageProfile, numbers: Sequence[int]
) -> Measured:
    """The cues numbered ``numbers``: their visible lines, the lines' widths, reading speeds.

    >>> from subtitler.languages import ENGLISH
    >>> track = measure([SrtCue(1, 0, 2000, ("<i>Hi</i> ", "", "there"))], ENGLISH, [1])
    >>> track.lines, track.widths, track.cps
    ([('Hi', 'there')], [(2.0, 5.0)], [4.0])
    """
    starts = [cue.start_ms for cue in cues]
    ends = [cue.end_ms for cue in cues]
    written = [cue.lines for cue in cues]
    every_line = list(chain.from_iterable(written))
    text = "\n".join(every_line)
    if (
        "<" in text  # every piece of markup starts with "<" or "{"
        or "{" in text
        or not all(every_line)
        or list(map(str.strip, every_line)) != every_line
    ):
        lines = [
            tuple([visible(line).strip() for line in cue_lines if line.strip()])
            for cue_lines in written
        ]
        every_line = list(chain.from_iterable(lines))
    else:
        lines = written  # as in every track the pipeline makes: what is read is what is written
    counts = list(map(len, lines))
    # Every line's width in one call (quicker than a call per line for Korean), then
    # handed out cue by cue; nearly every cue has one or two lines.
    flat = iter(widths_function(lang.width)(every_line))
    take = flat.__next__
    widths = [
        (take(), take()) if count == 2 else (take(),) if count == 1 else tuple(islice(flat, count))
        for count in counts
    ]
    # What is read is the lines joined with one space. A width is a count character by
    # character (languages.py), so that is the lines' widths and one space's per join.
    space = lang.width(" ")
    cps = [
        None
        if duration <= 0
        else (sum(line_widths) + space * (len(line_widths) - 1) if line_widths else 0.0)
        / (duration / 1000)
        for line_widths, duration in zip(widths, map(sub, ends, starts), strict=True)
    ]
    return Measured(numbers, starts, ends, written, lines, widths, cps)


def lint(
    track: Measured, lang: LanguageProfile, *, fps: float | None = None
) -> list[tuple[Problem, ...]]:
    """The violations of each cue in ``track``, in rule order (most cues have none).

    >>> from subtitler.languages import ENGLISH
    >>> lint(measure([SrtCue(1, 0, 500, ("Hi",))], ENGLISH, [1]), ENGLISH)
    [(Problem(cue=1, code='too-short', message='lasts 500 ms (min 833 ms)'),)]
    """
    context = _Context(lang, min_gap_ms(fps))
    found: dict[int, list[Problem]] = {}  # by position in the track
    for rule in CHECKS:
        for position, problem in rule(track, context):
            found.setdefault(position, []).append(problem)
    per_cue: list[tuple[Problem, ...]] = [()] * len(track.starts)
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
    per_cue = lint(measure(cues, lang, [cue.index for cue in cues]), lang, fps=fps)
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


# Each rule scans the whole track and yields (position in the track, problem). Most
# tracks break no rule, so each rule first asks of a whole field at once (in C, with no
# Python loop per cue) whether any cue could break it, and goes cue by cue only if so.


def _numbering(track: Measured, _: _Context) -> Iterator[tuple[int, Problem]]:
    numbers = track.numbers
    in_order = range(1, len(numbers) + 1)
    # (The report numbers its rows with a range: two ranges compare without a pass.)
    if numbers == in_order or list(numbers) == list(in_order):
        return  # each number is the one before plus one
    previous: int | None = None
    for position, index in enumerate(numbers):
        expected = 1 if previous is None else previous + 1
        if index != expected:
            where = "is the first cue" if previous is None else f"follows cue {previous}"
            message = f"cue {index} {where}, expected {expected}"
            yield position, Problem(index, "numbering", message)
        previous = index


def _empty(track: Measured, _: _Context) -> Iterator[tuple[int, Problem]]:
    if all(track.lines):
        return
    for position, (number, lines) in enumerate(zip(track.numbers, track.lines, strict=True)):
        if not lines:
            yield position, Problem(number, "empty-cue", "cue has no text")


def _blank_line(track: Measured, _: _Context) -> Iterator[tuple[int, Problem]]:
    if track.lines is track.written or list(map(len, track.lines)) == list(map(len, track.written)):
        return  # no line was left out
    for position, (number, written, lines) in enumerate(
        zip(track.numbers, track.written, track.lines, strict=True)
    ):
        # Some text, and fewer text lines than lines: one was left out as blank.
        if lines and len(lines) != len(written):
            blank = next(n for n, line in enumerate(written, start=1) if not line.strip())
            message = f"text line {blank} is blank (players end the cue there)"
            yield position, Problem(number, "blank-line", message)


def _line_count(track: Measured, context: _Context) -> Iterator[tuple[int, Problem]]:
    limit = context.lang.max_lines
    if max(map(len, track.lines), default=0) <= limit:
        return
    for position, (number, lines) in enumerate(zip(track.numbers, track.lines, strict=True)):
        if len(lines) > limit:
            message = f"{len(lines)} lines (max {limit})"
            yield position, Problem(number, "too-many-lines", message)


def _line_width(track: Measured, context: _Context) -> Iterator[tuple[int, Problem]]:
    limit = context.lang.max_line_width
    if max(chain.from_iterable(track.widths), default=0) <= limit:
        return
    for position, (number, widths) in enumerate(zip(track.numbers, track.widths, strict=True)):
        for line, width in enumerate(widths, start=1):
            if width > limit:
                message = f"line {line} is {_units(width)} characters (max {_units(limit)})"
                yield position, Problem(number, "line-too-long", message)


def _reading_speed(track: Measured, context: _Context) -> Iterator[tuple[int, Problem]]:
    limit = context.lang.max_cps
    # A cue without text reads at 0, never over the limit; None is a cue of no duration.
    speeds = cast("Iterator[float]", filter(_is_known, track.cps))
    if max(speeds, default=0) <= limit:
        return
    for position, (number, cps) in enumerate(zip(track.numbers, track.cps, strict=True)):
        if cps is not None and cps > limit:
            # Rounded up, so a value just over the limit never reads as equal to it.
            speed = math.ceil(cps * 10) / 10
            message = f"{speed:.1f} characters per second (max {_units(limit)})"
            yield position, Problem(number, "cps-too-high", message)


# `x is not None` as a C function, for filter: a Python function would be called per cue.
_is_known = partial(is_not, None)


def _line_starts(track: Measured, context: _Context) -> Iterator[tuple[int, Problem]]:
    lang = context.lang
    particles = lang.particles - lang.particle_homographs
    # A line breaks this rule only if it starts with a closing character, or with a
    # particle's first letter (the first word, stripped of closing punctuation, is never
    # empty when it is a particle, so it begins the line); and then only if its first
    # word is a particle or, failing that, its first character closes. Only the cues
    # with such a line are read line by line below.
    lines = track.lines
    every = list(chain.from_iterable(lines))
    firsts = list(map(itemgetter(slice(1)), every))
    distinct = set(firsts)
    closing = {first for first in distinct if first and _is_closing(first)}
    suspect = closing | {particle[0] for particle in particles}
    if suspect.isdisjoint(distinct):
        return
    flagged = [
        n
        for n in compress(range(len(every)), map(suspect.__contains__, firsts))
        if firsts[n] in closing or _first_word(every[n]) in particles
    ]
    ends = list(accumulate(map(len, lines)))  # where each cue's lines end in every
    for position in sorted({bisect_right(ends, n) for n in flagged}):
        number = track.numbers[position]
        for line, text in enumerate(lines[position], start=1):
            if not text:
                continue  # a line of markup only
            # The first word matters only where there are particles (not in English).
            first_word = _first_word(text) if particles else ""
            if first_word in particles:
                message = f"line {line} starts with the particle {first_word!r}"
                yield position, Problem(number, "particle-line-start", message)
            elif _is_closing(text[0]) and not text.startswith(_ELLIPSES):
                message = f"line {line} starts with {text[0]!r}"
                yield position, Problem(number, "punctuation-line-start", message)


def _first_word(text: str) -> str:
    """The first word of a non-empty line, without the punctuation that follows it."""
    return text.split(None, 1)[0].rstrip(_CLOSING_CHARS)


# Cached: it is asked of the first character of every line, and few characters begin lines.
@lru_cache(maxsize=1024)
def _is_closing(ch: str) -> bool:
    return ch in _CLOSING or unicodedata.category(ch) in ("Pe", "Pf")


def _markup(track: Measured, _: _Context) -> Iterator[tuple[int, Problem]]:
    if track.lines is track.written:
        return  # measure found no "<" or "{" in any line (see there)
    text = "\n".join(chain.from_iterable(track.written))
    if "<" not in text and "{" not in text:
        return  # every piece of markup starts with one of them
    for position, (number, lines) in enumerate(zip(track.numbers, track.written, strict=True)):
        text = "\n".join(lines)
        if "<" not in text and "{" not in text:
            continue
        tags = list(dict.fromkeys(tag for line in lines for tag in _MARKUP.findall(line)))
        if tags:
            message = (
                f"style markup {', '.join(tags)} (YouTube and many players show plain text only)"
            )
            yield position, Problem(number, "markup", message)


def _duration(track: Measured, _: _Context) -> Iterator[tuple[int, Problem]]:
    durations = list(map(sub, track.ends, track.starts))
    if min(durations, default=MIN_CUE_MS) >= MIN_CUE_MS and max(durations, default=0) <= MAX_CUE_MS:
        return
    for position, (number, start, end, duration) in enumerate(
        zip(track.numbers, track.starts, track.ends, durations, strict=True)
    ):
        if duration <= 0:
            message = f"ends at {_time(end)}, not after its start {_time(start)}"
            yield position, Problem(number, "bad-timing", message)
        elif duration < MIN_CUE_MS:
            message = f"lasts {duration} ms (min {MIN_CUE_MS} ms)"
            yield position, Problem(number, "too-short", message)
        elif duration > MAX_CUE_MS:
            message = f"lasts {duration} ms (max {MAX_CUE_MS} ms)"
            yield position, Problem(number, "too-long", message)


def _sequence(track: Measured, context: _Context) -> Iterator[tuple[int, Problem]]:
    min_gap = context.min_gap_ms  # never negative
    numbers, starts, ends = track.numbers, track.starts, track.ends
    # Starts in order, and each at least min_gap after the end before it: no cue starts
    # before the one before it, or before it ends, or too soon after.
    gaps = map(sub, starts[1:], ends)
    if all(map(le, starts, starts[1:])) and min(gaps, default=min_gap) >= min_gap:
        return
    for position in range(1, len(starts)):
        number, start = numbers[position], starts[position]
        previous, previous_start, previous_end = (
            numbers[position - 1],
            starts[position - 1],
            ends[position - 1],
        )
        if start < previous_start:
            message = f"starts at {_time(start)}, before cue {previous} ({_time(previous_start)})"
            yield position, Problem(number, "out-of-order", message)
        elif start < previous_end:
            message = (
                f"starts at {_time(start)}, before cue {previous} ends ({_time(previous_end)})"
            )
            yield position, Problem(number, "overlap", message)
        elif (gap := start - previous_end) < min_gap:
            message = f"gap after cue {previous} is {gap} ms (min {min_gap} ms)"
            yield position, Problem(number, "gap-too-small", message)


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
