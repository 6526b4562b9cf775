"""Cue timing without audio: a speech-rate estimate, then placement on the real timeline.

:func:`assign_times` lays cues end to end from 0 ms, each as long as it takes to
say (``lang.speech_units_per_second``) and never shorter than reading it at
``lang.target_cps``, clamped to ``MIN_CUE_MS..MAX_CUE_MS``, with a pause after
each sentence and a longer one at each speaker change (SUBTITLE-RULES "Speech
rates"). :func:`place` then scales that timeline to a known ``--duration``,
shifts it by ``--start`` and snaps it to frames at ``--fps``, keeping the hard
rules: cues in order, never overlapping, at least the minimum gap apart.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from subtitler.constants import (
    DEFAULT_GAP_FRAMES,
    MAX_CUE_MS,
    MIN_CUE_MS,
    MIN_GAP_MS,
    SENTENCE_PAUSE_MS,
    SPEAKER_CHANGE_PAUSE_MS,
)
from subtitler.errors import TimecodeError
from subtitler.languages import LanguageProfile
from subtitler.models import Cue, TimingOptions, assemble


def max_cue_width(lang: LanguageProfile) -> float:
    """The most text one cue may carry: readable at ``max_cps`` within ``MAX_CUE_MS``.

    >>> from subtitler.languages import ENGLISH
    >>> max_cue_width(ENGLISH)
    140.0
    """
    return lang.max_cps * MAX_CUE_MS / 1000


def estimate_duration_ms(text: str, lang: LanguageProfile) -> int:
    """How long a cue with ``text`` stays up: speaking time, at least reading time, clamped.

    >>> from subtitler.languages import ENGLISH
    >>> estimate_duration_ms("Yes.", ENGLISH), estimate_duration_ms("Good evening.", ENGLISH)
    (833, 839)
    >>> estimate_duration_ms("The minister met President Joe Biden in Washington.", ENGLISH)
    3291
    """
    return durations(lang)[lang.width(text)]


@functools.lru_cache(maxsize=8)
def durations(lang: LanguageProfile) -> Mapping[float, int]:
    """Text width -> :func:`estimate_duration_ms` of text that wide (widths take few values).

    >>> from subtitler.languages import ENGLISH
    >>> durations(ENGLISH)[13.0]
    839
    """
    return _Durations(lang)


class _Durations(dict[float, int]):
    def __init__(self, lang: LanguageProfile) -> None:
        super().__init__()
        self.lang = lang

    def __missing__(self, width: float) -> int:
        speaking = width / self.lang.speech_units_per_second * 1000
        reading = width / self.lang.target_cps * 1000
        duration = min(MAX_CUE_MS, max(MIN_CUE_MS, math.ceil(max(speaking, reading))))
        if len(self) < _DURATIONS_SIZE:
            self[width] = duration
        return duration


# Far more than the widths a cue can have.
_DURATIONS_SIZE = 1 << 14


def assign_times(cues: Sequence[Cue], lang: LanguageProfile) -> tuple[Cue, ...]:
    """``cues`` (their times ignored) laid end to end from 0 ms on the estimated timeline.

    >>> from subtitler.languages import ENGLISH
    >>> cues = [Cue(0, 0, ("Yes.",), 0, (0,)), Cue(0, 0, ("No.",), 1, (1,))]
    >>> [(cue.start_ms, cue.end_ms) for cue in assign_times(cues, ENGLISH)]
    [(0, 833), (1633, 2466)]
    """
    return timed_cues(
        [(cue.lines, cue.segment, cue.sentences) for cue in cues],
        [lang.width(cue.text) for cue in cues],
        lang,
    )


def timed_cues(
    drafts: Sequence[tuple[tuple[str, ...], int, tuple[int, ...]]],
    widths: Sequence[float],
    lang: LanguageProfile,
) -> tuple[Cue, ...]:
    """Cues of ``drafts`` (lines, segment, sentences), whose texts are ``widths`` wide, laid
    end to end from 0 ms as :func:`assign_times` lays them."""
    duration_of = durations(lang)
    timed: list[Cue] = []
    end = 0
    segment_before: int | None = None
    sentences_before: tuple[int, ...] = ()
    for (lines, segment, sentences), width in zip(drafts, widths, strict=True):
        # The pause after the cue before: speaker change, sentence end or just the gap.
        if segment_before is None:
            start = 0
        elif segment != segment_before:
            start = end + SPEAKER_CHANGE_PAUSE_MS
        elif sentences_before and sentences_before[-1] not in sentences:
            start = end + SENTENCE_PAUSE_MS
        else:
            start = end + MIN_GAP_MS
        end = start + duration_of[width]
        fields = {
            "start_ms": start,
            "end_ms": end,
            "lines": lines,
            "segment": segment,
            "sentences": sentences,
        }
        timed.append(assemble(Cue, fields))
        segment_before, sentences_before = segment, sentences
    return tuple(timed)


def place(cues: Sequence[Cue], options: TimingOptions) -> tuple[Cue, ...]:
    """Scale, offset and frame-snap a timeline that starts at 0 ms.

    ``options.duration_ms`` stretches or squeezes the timeline so that the last
    cue ends exactly there; cues still last ``MIN_CUE_MS..MAX_CUE_MS`` and keep
    the minimum gap while the duration leaves room (when it does not, cues get
    shorter than ``MIN_CUE_MS`` rather than overlap; a duration too short even
    for that raises :class:`TimecodeError`). When stretching would make a cue
    longer than ``MAX_CUE_MS`` it ends early, except the last, which starts
    later so that it still ends at the duration. ``options.start_ms`` shifts
    everything. ``options.fps`` snaps every time to the nearest frame (exact
    NTSC rates for 23.976, 29.97, 59.94) with gaps of at least two frames.

    >>> from subtitler.models import Cue, TimingOptions
    >>> cues = [Cue(0, 1000, ("a",), 0, (0,)), Cue(1250, 2210, ("b",), 0, (1,))]
    >>> [(c.start_ms, c.end_ms) for c in place(cues, TimingOptions(start_ms=3_600_000, fps=25))]
    [(3600000, 3601000), (3601240, 3602200)]
    >>> [(c.start_ms, c.end_ms) for c in place(cues, TimingOptions(duration_ms=4420))]
    [(0, 2000), (2500, 4420)]
    """
    if not cues:
        return ()
    if options.start_ms < 0:
        raise TimecodeError("the start offset must not be negative")
    if options.duration_ms is not None and options.duration_ms <= 0:
        raise TimecodeError("the duration must be longer than zero")
    if options == _AS_IS and _already_placed(cues):
        return tuple(cues)
    return _place(cues, options)


# Placing with these options changes only a timeline that is out of order, gapless or has
# cues too short or too long: one the pipeline's own estimate never is.
_AS_IS = TimingOptions()


def _already_placed(cues: Sequence[Cue]) -> bool:
    """Whether :func:`_fit` would keep every span of ``cues`` as it is, placed from 0 in
    milliseconds: each starts at or after the previous end plus the gap (the first at or
    after 0) and lasts from ``MIN_CUE_MS`` to ``MAX_CUE_MS``."""
    earliest = 0
    for cue in cues:
        start, end = cue.start_ms, cue.end_ms
        if start < earliest or not MIN_CUE_MS <= end - start <= MAX_CUE_MS:
            return False
        earliest = end + MIN_GAP_MS
    return True


def _place(cues: Sequence[Cue], options: TimingOptions) -> tuple[Cue, ...]:
    """:func:`place` worked out in full (ticks, fitting, cues rebuilt where they moved)."""
    grid = _Grid.of(options.fps)
    spans = [(float(cue.start_ms), float(cue.end_ms)) for cue in cues]
    if options.duration_ms is not None:
        natural_end = max(spans[-1][1], 1.0)
        factor = options.duration_ms / natural_end
        spans = [(start * factor, end * factor) for start, end in spans]
    low = grid.tick(options.start_ms)
    high = (
        None if options.duration_ms is None else grid.tick(options.start_ms + options.duration_ms)
    )
    ticks = [
        (grid.tick(options.start_ms + start), grid.tick(options.start_ms + end))
        for start, end in spans
    ]
    fitted = _fit(ticks, grid, low, high)
    return tuple(
        _retimed(cue, grid.ms(start), grid.ms(end))
        for cue, (start, end) in zip(cues, fitted, strict=True)
    )


def _retimed(cue: Cue, start_ms: int, end_ms: int) -> Cue:
    # Placing an already placed timeline (no offset, no scaling) changes nothing: the
    # cue itself is kept then, as building a copy is most of the cost of placing it.
    if (cue.start_ms, cue.end_ms) == (start_ms, end_ms):
        return cue
    return replace(cue, start_ms=start_ms, end_ms=end_ms)


@dataclass(frozen=True)
class _Grid:
    """Time in ticks: milliseconds, or frames when a frame rate is given."""

    rate: Fraction | None  # frames per second

    @staticmethod
    def of(fps: float | None) -> _Grid:
        return _Grid(None if fps is None else exact_rate(fps))

    def tick(self, ms: float) -> int:
        if self.rate is None:
            return round(ms)
        return round(Fraction(ms) * self.rate / 1000)

    def ms(self, tick: int) -> int:
        if self.rate is None:
            return tick
        return round(tick * 1000 / self.rate)

    @property
    def gap(self) -> int:
        return MIN_GAP_MS if self.rate is None else DEFAULT_GAP_FRAMES

    @property
    def min_duration(self) -> int:
        if self.rate is None:
            return MIN_CUE_MS
        # One ms of slack: both ends are rounded to whole milliseconds.
        return math.ceil((MIN_CUE_MS + 1) * self.rate / 1000)

    @property
    def max_duration(self) -> int:
        if self.rate is None:
            return MAX_CUE_MS
        return math.floor((MAX_CUE_MS - 1) * self.rate / 1000)


def exact_rate(fps: float) -> Fraction:
    """The exact frame rate meant by ``fps``: 29.97 is 30000/1001.

    >>> exact_rate(29.97), exact_rate(25), exact_rate(23.976)
    (Fraction(30000, 1001), Fraction(25, 1), Fraction(24000, 1001))
    """
    if not fps > 0 or math.isinf(fps):
        raise TimecodeError(f"frame rate must be a positive number, not {fps}")
    for nominal in (24, 30, 48, 60, 120):
        if abs(fps - nominal * 1000 / 1001) < 0.005:
            return Fraction(nominal * 1000, 1001)
    return Fraction(fps).limit_denominator(1001)


def _fit(
    spans: Sequence[tuple[int, int]], grid: _Grid, low: int, high: int | None
) -> list[tuple[int, int]]:
    """Spans moved as little as needed to be ordered, gapped and within the duration bounds.

    With an end ``high`` every cue ``i`` must end by ``latest_end[i]``, leaving room
    for the minimum duration and gap of each later cue; a forward pass that
    clamps each cue into what is left is then always feasible.
    """
    count = len(spans)
    gap, shortest, longest = grid.gap, grid.min_duration, grid.max_duration
    latest_end: list[int | None] = [None] * count
    if high is not None:
        room = high - low - (count - 1) * gap
        if room < count:
            raise TimecodeError(f"the duration is too short to show {count} subtitles")
        shortest = min(shortest, room // count)
        latest_end = [high - (count - 1 - i) * (shortest + gap) for i in range(count)]
    fitted: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(spans):
        start = max(start, low if not fitted else fitted[-1][1] + gap)
        limit = latest_end[index]
        last = index == count - 1
        if limit is not None:
            if last:
                start = max(start, limit - longest)
            start = min(start, limit - shortest)
        end = min(max(end, start + shortest), start + longest)
        if limit is not None:
            end = min(limit, start + longest) if last else min(end, limit)
        fitted.append((start, end))
    return fitted


_FRAMES = re.compile(r"^(\d+):(\d{1,2}):(\d{1,2})[:;](\d{1,3})$")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d+))?$")
_SECONDS = re.compile(r"^(\d+)(?:[.,](\d+))?$")


def parse_timecode(text: str, fps: float | None = None) -> int:
    """Milliseconds from a timecode as editors and users write them.

    Accepted: ``HH:MM:SS:FF`` (frames; ``;`` before the frames is accepted too),
    ``HH:MM:SS,mmm``, ``HH:MM:SS.mmm``, ``HH:MM:SS``, ``MM:SS`` and plain seconds
    (``90``, ``90.5``). A frame timecode is read as a clock time plus ``FF``
    frames, so ``01:00:00:00`` is 3,600,000 ms at any rate (what an editor's
    one-hour timeline start means); frames other than 0 need ``fps``, since
    there is no safe default between 25 and 29.97.

    >>> parse_timecode("01:00:00:00"), parse_timecode("00:00:01:12", 25)
    (3600000, 1480)
    >>> parse_timecode("00:01:02,5"), parse_timecode("1:30"), parse_timecode("90.25")
    (62500, 90000, 90250)
    """
    value = text.strip()
    if match := _FRAMES.match(value):
        hours, minutes, seconds, frames = (int(group) for group in match.groups())
        clock = _clock_ms(value, hours, minutes, seconds)
        if frames == 0:
            return clock
        if fps is None:
            raise TimecodeError(f"timecode {text!r} counts frames: give a frame rate (--fps)")
        rate = exact_rate(fps)
        if frames >= round(rate):
            raise TimecodeError(
                f"timecode {text!r}: frame {frames} does not exist at {fps:g} fps "
                f"(frames run 0-{round(rate) - 1})"
            )
        return clock + round(frames * 1000 / rate)
    if match := _CLOCK.match(value):
        hours_text, minutes_text, seconds_text, fraction = match.groups()
        clock = _clock_ms(value, int(hours_text or 0), int(minutes_text), int(seconds_text))
        return clock + _fraction_ms(fraction)
    if match := _SECONDS.match(value):
        whole, fraction = match.groups()
        return int(whole) * 1000 + _fraction_ms(fraction)
    raise TimecodeError(
        f"cannot read timecode {text!r}: use HH:MM:SS:FF, HH:MM:SS,mmm, HH:MM:SS, MM:SS or seconds"
    )


def _clock_ms(text: str, hours: int, minutes: int, seconds: int) -> int:
    if minutes >= 60 or seconds >= 60:
        raise TimecodeError(f"timecode {text!r}: minutes and seconds must be below 60")
    return ((hours * 60 + minutes) * 60 + seconds) * 1000


def _fraction_ms(digits: str | None) -> int:
    """Milliseconds of a decimal fraction of a second ("5" is 500, "0625" is 63)."""
    return 0 if not digits else round(Fraction(f"0.{digits}") * 1000)


def format_timecode(ms: int) -> str:
    """``HH:MM:SS,mmm`` for reports and messages.

    >>> format_timecode(3_723_045)
    '01:02:03,045'
    """
    if ms < 0:
        raise TimecodeError(f"a time cannot be negative ({ms} ms)")
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"


def fit_in_span(
    start_ms: int, end_ms: int, weights: Sequence[float], gap_ms: int = MIN_GAP_MS
) -> list[tuple[int, int]]:
    """Split ``start_ms..end_ms`` into consecutive spans proportional to ``weights``.

    The spans are ``gap_ms`` apart, the first starts at ``start_ms`` and the last
    ends at ``end_ms``; boundaries are rounded from cumulative sums, so the spans
    add up exactly. Weights of 0 everywhere share the time equally. When the span
    is too short for the gaps, the gaps shrink (down to 0) so that every part
    still gets at least 1 ms; a span shorter than one ms per part raises
    ValueError, as do negative weights. Minimum and maximum cue durations are
    the caller's concern.

    >>> fit_in_span(1000, 4084, [2, 1])
    [(1000, 3000), (3084, 4084)]
    """
    count = len(weights)
    if count == 0:
        return []
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    length = end_ms - start_ms
    if length < count:
        raise ValueError(f"a span of {length} ms cannot hold {count} parts")
    if count > 1:
        gap_ms = max(0, min(gap_ms, (length - count) // (count - 1)))
    room = length - gap_ms * (count - 1)
    total = sum(weights)
    shares = list(weights) if total > 0 else [1.0] * count
    total = sum(shares)
    # Each part gets 1 ms up front; the rest is shared by weight.
    spare = room - count
    spans: list[tuple[int, int]] = []
    cumulative = 0.0
    cursor = start_ms
    for index, share in enumerate(shares):
        cumulative += share
        used = round(spare * cumulative / total) + index + 1
        end = start_ms + used + index * gap_ms
        spans.append((cursor, end))
        cursor = end + gap_ms
    return spans
