"""SubRip (SRT): compose cues into the text editors expect, and parse SRT files back.

Parsing goes through the ``srt`` library; writing produces exactly what its
``compose`` writes (tests/test_srt.py holds the two to each other) without building
its objects, plus what a subtitle deliverable needs on top: numbering in the given
order, no empty cue and no blank line inside a cue, and BOM / CRLF only on request
(``../shared/SUBTITLE-RULES.md``, "SRT as editors read it"). The library (and the
``logging`` it brings) is imported only when a file is parsed or a time that is not a
whole number of milliseconds is written: a run that only writes never needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING

from subtitler.errors import InputError, OutputError
from subtitler.models import Cue

if TYPE_CHECKING:
    import srt

BOM = "\ufeff"
_MS = timedelta(milliseconds=1)


@dataclass(frozen=True, slots=True)
class SrtCue:
    """One cue as written in an SRT file: its number as written, times, and raw text lines.

    ``lines`` keeps blank lines a malformed file has inside a cue, so a linter can
    report them; an empty cue has no lines.
    """

    index: int
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]


# Zero-padded numbers, looked up rather than formatted: "%02d" formatting took most of the
# time of stamping a cue, and every cue is stamped twice in each output and in the report.
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(100))
_THREE_DIGITS = tuple(f"{n:03d}" for n in range(1000))


def timestamp(ms: int, *, decimal: str = ",") -> str:
    """``HH:MM:SS,mmm`` for ``ms`` milliseconds (WebVTT passes ``decimal="."``).

    >>> timestamp(3_723_004)
    '01:02:03,004'
    >>> timestamp(59_999, decimal=".")
    '00:00:59.999'
    """
    if ms < 0:
        raise OutputError(f"negative time {ms} ms cannot be written as a subtitle timestamp")
    if type(ms) is int:
        # What srt writes for timedelta(milliseconds=ms), without building one: hours take
        # two digits or more.
        hours = ms // 3_600_000
        text = (
            f"{_TWO_DIGITS[hours] if hours < 100 else hours}:{_TWO_DIGITS[ms // 60_000 % 60]}:"
            f"{_TWO_DIGITS[ms // 1000 % 60]},{_THREE_DIGITS[ms % 1000]}"
        )
    else:
        import srt

        text = srt.timedelta_to_srt_timestamp(timedelta(milliseconds=ms))
    return text if decimal == "," else text.replace(",", decimal)


def timestamps(times: Sequence[int]) -> list[str]:
    """:func:`timestamp` of each of ``times``, in one pass: every cue is stamped twice.

    >>> timestamps([0, 3_723_004])
    ['00:00:00,000', '01:02:03,004']
    """
    if min(times, default=0) >= 0:
        # Hours looked up too, in a table as long as the longest time needs (a timeline
        # of a 10 MB transcript runs past 100 hours).
        last_hour = max(times, default=0) // 3_600_000
        if last_hour < 100:
            hours: Sequence[str] = _TWO_DIGITS
        elif type(last_hour) is int and last_hour <= _LONGEST_HOUR_TABLE:
            hours = _hour_digits(last_hour)
        else:
            return [timestamp(ms) for ms in times]
        try:
            if len(times) < _MINUTES_SECONDS_MIN_TIMES:
                return [
                    f"{hours[ms // 3_600_000]}:{_TWO_DIGITS[ms // 60_000 % 60]}:"
                    f"{_TWO_DIGITS[ms // 1000 % 60]},{_THREE_DIGITS[ms % 1000]}"
                    for ms in times
                ]
            # Minutes and seconds looked up as one: a quarter fewer instructions a time.
            minutes_seconds = _minutes_seconds()
            return [
                f"{hours[ms // 3_600_000]}:{minutes_seconds[ms // 1000 % 3600]},"
                f"{_THREE_DIGITS[ms % 1000]}"
                for ms in times
            ]
        except TypeError:
            pass  # not a whole number of milliseconds
    return [timestamp(ms) for ms in times]


@cache
def _minutes_seconds() -> list[str]:
    """``MM:SS`` for each second of an hour, for :func:`timestamps`.

    >>> _minutes_seconds()[3599]
    '59:59'
    """
    return [f"{minutes}:{seconds}" for minutes in _TWO_DIGITS[:60] for seconds in _TWO_DIGITS[:60]]


# Making the table costs what it saves on about 3,000 times; a track stamps its starts
# and its ends, so from this many cues on it pays.
_MINUTES_SECONDS_MIN_TIMES = 2000


def _hour_digits(last_hour: int) -> Sequence[str]:
    """Hours 0 to ``last_hour`` as timestamps write them, for :func:`timestamps`."""
    return [f"{hour:02d}" for hour in range(last_hour + 1)]


# Beyond this (over eleven years of programme) each time is stamped on its own instead.
_LONGEST_HOUR_TABLE = 100_000


def text_lines(cue: Cue, number: int) -> tuple[str, ...]:
    """The cue's lines as they may be written: split on line breaks, stripped, blank ones dropped.

    ``number`` is the cue's 1-based position, for the error raised when no text is left
    (a cue without text is not a subtitle; writing one would shift every reader's count).

    >>> from subtitler.models import Cue
    >>> text_lines(Cue(0, 1000, (" Hello \\n", "", "world"), 0, ()), 1)
    ('Hello', 'world')
    """
    lines = tuple(
        [stripped for line in cue.lines for part in line.splitlines() if (stripped := part.strip())]
    )
    if not lines:
        raise OutputError(f"cue {number} has no text: a subtitle cue needs at least one line")
    return lines


def compose_srt(
    cues: Sequence[Cue],
    *,
    bom: bool = False,
    crlf: bool = False,
    stamps: tuple[Sequence[str], Sequence[str]] | None = None,
) -> str:
    """SRT text for ``cues``, numbered from 1 in the order given.

    UTF-8 without BOM and LF line endings unless asked (some parsers choke on either).
    ``stamps`` are the cues' start and end times as :func:`timestamps` writes them, if
    the caller has them already (the review report's rows do).

    >>> from subtitler.models import Cue
    >>> print(compose_srt([Cue(0, 1500, ("Hello,", "world."), 0, (0,))]), end="")
    1
    00:00:00,000 --> 00:00:01,500
    Hello,
    world.
    <BLANKLINE>
    """
    # What srt.compose(reindex=False, strict=True) writes for these cues, block by block:
    # our lines are never blank and hold no line break, so strict mode changes nothing.
    eol = "\r\n" if crlf else "\n"
    lines = written_lines(cues)
    if stamps is None and lines is not None:
        starts, ends = [cue.start_ms for cue in cues], [cue.end_ms for cue in cues]
        if min(starts, default=0) >= 0 and min(ends, default=0) >= 0:
            stamps = timestamps(starts), timestamps(ends)
    if lines is None or stamps is None:
        # Times are checked and converted cue by cue, in the order srt.Subtitle took them,
        # so the first cue that cannot be written is the one named.
        blocks = []
        for number, cue in enumerate(cues, start=1):
            start = timestamp(_checked_ms(cue.start_ms, number))
            end = timestamp(_checked_ms(cue.end_ms, number))
            content = eol.join(text_lines(cue, number))
            blocks.append(f"{number}{eol}{start} --> {end}{eol}{content}{eol}{eol}")
        return (BOM if bom else "") + "".join(blocks)
    blocks = [
        f"{number}{eol}{start} --> {end}{eol}{content}{eol}{eol}"
        for number, start, end, content in zip(
            range(1, len(cues) + 1), *stamps, map(eol.join, lines), strict=True
        )
    ]
    return (BOM if bom else "") + "".join(blocks)


def written_lines(cues: Sequence[Cue]) -> list[tuple[str, ...]] | None:
    """Each cue's :func:`text_lines`, if they are its lines as they stand, else None.

    So they are in every track the pipeline makes: then the whole track is checked in a
    few passes rather than each line split and stripped.

    >>> from subtitler.models import Cue
    >>> written_lines([Cue(0, 1, ("a", "b"), 0, ())]), written_lines([Cue(0, 1, (" a",), 0, ())])
    ([('a', 'b')], None)
    """
    lines = [cue.lines for cue in cues]
    every = list(chain.from_iterable(lines))
    if not (all(lines) and all(every) and list(map(str.strip, every)) == every):
        return None  # a cue without lines, or a line that is blank or padded
    # The lines are stripped and not empty, so joined with line breaks they split at
    # those breaks alone, unless one holds a break of its own: looked for, not split.
    text = "\n".join(every)
    if every and (
        text.count("\n") != len(every) - 1 or any(map(text.__contains__, _OTHER_LINE_BREAKS))
    ):
        return None
    return lines


# Where str.splitlines breaks a line besides "\n" (and "\r\n", which holds "\r").
_OTHER_LINE_BREAKS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _checked_ms(ms: int, number: int) -> int:
    if ms < 0:
        raise OutputError(f"cue {number} has a negative time ({ms} ms)")
    return ms


def parse_srt(text: str) -> list[SrtCue]:
    """The cues of an SRT file, with their numbers as written.

    Accepts a leading BOM and CRLF or CR line endings; raises
    :class:`~subtitler.errors.InputError` naming the first line that is not SRT.

    >>> parse_srt("\\ufeff1\\r\\n00:00:01,000 --> 00:00:02,500\\r\\nHi\\r\\n")
    [SrtCue(index=1, start_ms=1000, end_ms=2500, lines=('Hi',))]
    """
    import srt

    body = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    try:
        subtitles = list(srt.parse(body))
    except srt.SRTParseError as exc:
        junk_at = exc.expected_start + (
            len(exc.unmatched_content) - len(exc.unmatched_content.lstrip())
        )
        line = body.count("\n", 0, junk_at) + 1
        first = exc.unmatched_content.strip().split("\n", 1)[0]
        raise InputError(
            f"not an SRT file: line {line} is not part of a cue: {first[:60]!r}"
        ) from None
    except srt.TimestampParseError as exc:
        raise InputError(f"not an SRT file: {exc}") from None
    if not subtitles:
        raise InputError("not an SRT file: no cues found")
    return [_srt_cue(sub, position) for position, sub in enumerate(subtitles, start=1)]


def _srt_cue(sub: srt.Subtitle, position: int) -> SrtCue:
    if sub.index is None:
        raise InputError(f"not an SRT file: cue {position} (by position) has no number line")
    content = sub.content.rstrip("\n")
    return SrtCue(
        index=int(sub.index),
        start_ms=sub.start // _MS,
        end_ms=sub.end // _MS,
        lines=tuple(content.split("\n")) if content else (),
    )
