"""Timing: durations from the speech-rate model, placement (scale, offset, frames), timecodes."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.constants import (
    MAX_CUE_MS,
    MIN_CUE_MS,
    MIN_GAP_MS,
    SENTENCE_PAUSE_MS,
    SPEAKER_CHANGE_PAUSE_MS,
)
from subtitler.errors import TimecodeError
from subtitler.languages import ENGLISH, KOREAN, cps
from subtitler.models import Cue, TimingOptions
from subtitler.timing import _place as place_in_full
from subtitler.timing import (
    assign_times,
    estimate_duration_ms,
    exact_rate,
    fit_in_span,
    format_timecode,
    parse_timecode,
    place,
)


def _cue(text: str, segment: int = 0, sentences: tuple[int, ...] = (0,)) -> Cue:
    return Cue(0, 0, (text,), segment, sentences)


# --- timecodes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fps", "expected"),
    [
        ("01:00:00:00", None, 3_600_000),
        ("01:00:00:00", 29.97, 3_600_000),
        ("00:00:01:12", 25, 1_480),
        ("00:00:01:15", 29.97, 1_500),  # 15 frames of 1001/30 ms = 500.5, rounded
        ("00:00:00:23", 23.976, 959),
        ("00:00:02;10", 29.97, 2_334),
        ("01:02:03,045", None, 3_723_045),
        ("01:02:03.5", None, 3_723_500),
        ("00:00:10", None, 10_000),
        ("1:30", None, 90_000),
        ("90", None, 90_000),
        ("90.5", None, 90_500),
        (" 7,25 ", None, 7_250),
    ],
)
def test_parse_timecode(text: str, fps: float | None, expected: int) -> None:
    assert parse_timecode(text, fps) == expected


@pytest.mark.parametrize(
    ("text", "fps", "message"),
    [
        ("00:00:00:25", 25, "frame 25"),
        ("00:00:00:30", 29.97, "frame 30"),
        ("00:00:01:12", None, "frame rate"),
        ("00:61:00", None, "below 60"),
        ("00:00:75,000", None, "below 60"),
        ("", None, "cannot read"),
        ("soon", None, "cannot read"),
        ("-5", None, "cannot read"),
        ("1:2:3:4:5", None, "cannot read"),
        ("00:00:01:01", 0, "frame rate"),
    ],
)
def test_parse_timecode_errors(text: str, fps: float | None, message: str) -> None:
    with pytest.raises(TimecodeError, match=message):
        parse_timecode(text, fps)


def test_format_timecode() -> None:
    assert format_timecode(0) == "00:00:00,000"
    assert format_timecode(3_723_045) == "01:02:03,045"
    assert format_timecode(100 * 3_600_000) == "100:00:00,000"
    with pytest.raises(TimecodeError):
        format_timecode(-1)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=99 * 3_600_000))
def test_format_then_parse_round_trips(ms: int) -> None:
    assert parse_timecode(format_timecode(ms)) == ms


def test_exact_rates() -> None:
    assert exact_rate(29.97) == Fraction(30000, 1001)
    assert exact_rate(59.94) == Fraction(60000, 1001)
    assert exact_rate(23.976) == Fraction(24000, 1001)
    assert exact_rate(25) == 25
    assert exact_rate(50.0) == 50


# --- durations and the estimated timeline ----------------------------------------------


def test_duration_follows_the_speech_rate_within_the_limits() -> None:
    assert estimate_duration_ms("No.", ENGLISH) == MIN_CUE_MS
    forty = "a" * 40
    assert estimate_duration_ms(forty, ENGLISH) == round(
        40 / ENGLISH.speech_units_per_second * 1000
    )
    assert estimate_duration_ms("a" * 500, ENGLISH) == MAX_CUE_MS
    korean = "정부는 대책을 발표했습니다"
    expected = KOREAN.width(korean) / KOREAN.speech_units_per_second * 1000
    assert abs(estimate_duration_ms(korean, KOREAN) - expected) <= 1


def test_assign_times_adds_pauses_at_sentence_ends_and_speaker_changes() -> None:
    cues = [
        _cue("The first sentence goes on", 0, (0,)),
        _cue("and ends here.", 0, (0,)),
        _cue("A second sentence.", 0, (1,)),
        _cue("Another speaker talks.", 1, (2,)),
    ]
    timed = assign_times(cues, ENGLISH)
    gaps = [b.start_ms - a.end_ms for a, b in itertools.pairwise(timed)]
    assert gaps == [MIN_GAP_MS, SENTENCE_PAUSE_MS, SPEAKER_CHANGE_PAUSE_MS]
    assert timed[0].start_ms == 0
    for cue in timed:
        assert cue.duration_ms == estimate_duration_ms(cue.text, ENGLISH)


# --- placement ---------------------------------------------------------------------------


def _timeline() -> tuple[Cue, ...]:
    texts = [
        "Good evening.",
        "Floods have closed roads across the north of the country,",
        "and more rain is on the way.",
        "Yes.",
        "Our reporter is at the scene now.",
    ]
    cues = [_cue(text, 0 if i < 3 else 1, (i,)) for i, text in enumerate(texts)]
    return assign_times(cues, ENGLISH)


def _assert_hard_rules(cues: tuple[Cue, ...], min_gap: float) -> None:
    for cue in cues:
        assert cue.end_ms > cue.start_ms >= 0
    for a, b in itertools.pairwise(cues):
        assert b.start_ms - a.end_ms >= min_gap


def test_place_without_options_changes_nothing() -> None:
    timeline = _timeline()
    assert place(timeline, TimingOptions()) == timeline
    assert place((), TimingOptions(start_ms=5)) == ()


def test_place_offsets_by_start() -> None:
    timeline = _timeline()
    placed = place(timeline, TimingOptions(start_ms=3_600_000))
    assert [c.start_ms - 3_600_000 for c in placed] == [c.start_ms for c in timeline]
    assert [c.end_ms - 3_600_000 for c in placed] == [c.end_ms for c in timeline]


@pytest.mark.parametrize("fps", [25, 29.97, 23.976, 50, 59.94])
def test_place_snaps_to_frames(fps: float) -> None:
    rate = exact_rate(fps)
    placed = place(_timeline(), TimingOptions(start_ms=3_600_000, fps=fps))
    frame_ms = 1000 / rate
    for cue in placed:
        for time in (cue.start_ms, cue.end_ms):
            frame = round(time * rate / 1000)
            assert time == round(frame * frame_ms)
        assert MIN_CUE_MS <= cue.duration_ms <= MAX_CUE_MS
    _assert_hard_rules(placed, min_gap=float(2 * frame_ms) - 1)
    if fps == 25:
        assert all(c.start_ms % 40 == 0 and c.end_ms % 40 == 0 for c in placed)


def test_place_at_29_97_keeps_two_frames_apart() -> None:
    # Two cues only 1 ms apart must end up two whole frames apart.
    cues = (Cue(0, 1000, ("a",), 0, (0,)), Cue(1001, 2000, ("b",), 0, (1,)))
    placed = place(cues, TimingOptions(fps=29.97))
    rate = exact_rate(29.97)
    frames = [round(t * rate / 1000) for c in placed for t in (c.start_ms, c.end_ms)]
    assert frames[2] - frames[1] >= 2


def test_place_scales_to_a_longer_duration() -> None:
    timeline = _timeline()
    natural = timeline[-1].end_ms
    placed = place(timeline, TimingOptions(duration_ms=natural * 2))
    assert placed[-1].end_ms == natural * 2
    assert placed[0].start_ms == 0
    assert placed[1].start_ms == pytest.approx(timeline[1].start_ms * 2, abs=1)
    _assert_hard_rules(placed, MIN_GAP_MS)
    assert all(c.duration_ms <= MAX_CUE_MS for c in placed)


def test_place_scales_to_a_shorter_duration_keeping_the_rules() -> None:
    timeline = _timeline()
    duration = timeline[-1].end_ms * 6 // 10
    placed = place(timeline, TimingOptions(start_ms=1000, duration_ms=duration))
    assert placed[-1].end_ms == 1000 + duration
    assert placed[0].start_ms == 1000
    _assert_hard_rules(placed, MIN_GAP_MS)
    assert all(c.duration_ms >= MIN_CUE_MS for c in placed)


def test_place_never_stretches_a_cue_beyond_the_maximum() -> None:
    cues = (Cue(0, 2000, ("a",), 0, (0,)), Cue(2300, 4000, ("b",), 0, (1,)))
    placed = place(cues, TimingOptions(duration_ms=40_000))
    assert all(c.duration_ms <= MAX_CUE_MS for c in placed)
    assert placed[-1].end_ms == 40_000


def test_place_with_too_little_time_shortens_cues_but_never_overlaps() -> None:
    timeline = _timeline()
    placed = place(timeline, TimingOptions(duration_ms=2_000, fps=25))
    assert placed[-1].end_ms == 2_000
    _assert_hard_rules(placed, 80)


def test_place_with_impossible_duration_raises() -> None:
    with pytest.raises(TimecodeError, match="too short"):
        place(_timeline(), TimingOptions(duration_ms=100))
    with pytest.raises(TimecodeError):
        place(_timeline(), TimingOptions(duration_ms=0))
    with pytest.raises(TimecodeError):
        place(_timeline(), TimingOptions(start_ms=-1))


_SPAN = st.tuples(st.integers(1, 3000), st.integers(MIN_CUE_MS, MAX_CUE_MS))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_SPAN, min_size=1, max_size=25),
    st.sampled_from([None, 25.0, 29.97, 23.976, 30.0]),
    st.integers(0, 10_000_000),
    st.one_of(st.none(), st.floats(0.3, 3.0)),
)
def test_place_keeps_order_gaps_and_frames(
    spans: list[tuple[int, int]], fps: float | None, start: int, scale: float | None
) -> None:
    cues = []
    cursor = 0
    for index, (pause, length) in enumerate(spans):
        cursor += MIN_GAP_MS if index == 0 else pause + MIN_GAP_MS
        cues.append(Cue(cursor, cursor + length, ("x",), 0, (index,)))
        cursor += length
    cues[0] = Cue(0, cues[0].end_ms - cues[0].start_ms, ("x",), 0, (0,))
    duration = None if scale is None else round(cues[-1].end_ms * scale)
    placed = place(cues, TimingOptions(start_ms=start, duration_ms=duration, fps=fps))
    rate = None if fps is None else exact_rate(fps)
    gap = MIN_GAP_MS if rate is None else float(2000 / rate) - 1
    _assert_hard_rules(placed, gap)
    assert placed[0].start_ms >= start - (0 if rate is None else 1000 / rate)
    if rate is not None:
        for cue in placed:
            for time in (cue.start_ms, cue.end_ms):
                assert time == round(round(time * rate / 1000) * 1000 / rate)
    if duration is not None:
        tolerance = 0 if rate is None else 1000 / rate
        assert abs(placed[-1].end_ms - (start + duration)) <= tolerance
        roomy = duration >= len(cues) * (MIN_CUE_MS + MIN_GAP_MS + 100)
        if roomy:
            assert all(c.duration_ms >= MIN_CUE_MS for c in placed)
    assert all(c.duration_ms <= MAX_CUE_MS for c in placed)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-200, 3000), st.integers(MIN_CUE_MS - 100, MAX_CUE_MS + 100)),
        max_size=12,
    )
)
def test_place_as_is_takes_a_placed_timeline_as_it_is_and_only_that(
    spans: list[tuple[int, int]],
) -> None:
    # Pauses from -200 ms and lengths around the limits: timelines in order and out of it.
    cues = []
    cursor = 0
    for index, (pause, length) in enumerate(spans):
        cursor += pause
        cues.append(Cue(cursor, cursor + length, ("x",), 0, (index,)))
        cursor += length
    assert place(cues, TimingOptions()) == place_in_full(cues, TimingOptions())


# --- fit_in_span ---------------------------------------------------------------------------


def test_fit_in_span_is_proportional_with_gaps() -> None:
    assert fit_in_span(1000, 4084, [2, 1]) == [(1000, 3000), (3084, 4084)]
    assert fit_in_span(0, 1000, [1]) == [(0, 1000)]
    assert fit_in_span(0, 1000, []) == []
    assert fit_in_span(0, 2084, [0, 0]) == [(0, 1000), (1084, 2084)]
    assert fit_in_span(0, 1100, [1, 1], gap_ms=100) == [(0, 500), (600, 1100)]


def test_fit_in_span_shrinks_gaps_in_a_tiny_span() -> None:
    # 10 ms for three parts: gaps shrink from 84 to 3 ms, every part keeps at least 1 ms.
    assert fit_in_span(0, 10, [1, 1, 1]) == [(0, 1), (4, 6), (9, 10)]
    with pytest.raises(ValueError):
        fit_in_span(0, 2, [1, 1, 1])
    with pytest.raises(ValueError):
        fit_in_span(0, 1000, [1, -1])


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 10_000_000),
    st.integers(1, 60_000),
    st.lists(st.floats(0, 100), min_size=1, max_size=12),
    st.integers(0, 500),
)
def test_fit_in_span_properties(start: int, length: int, weights: list[float], gap: int) -> None:
    if length < len(weights):
        return
    spans = fit_in_span(start, start + length, weights, gap)
    assert len(spans) == len(weights)
    assert spans[0][0] == start and spans[-1][1] == start + length
    for s, e in spans:
        assert e > s
    gaps = {b[0] - a[1] for a, b in itertools.pairwise(spans)}
    assert len(gaps) <= 1 and all(0 <= g <= gap for g in gaps)
    total = sum(weights)
    room = sum(e - s for s, e in spans)
    if total > 0 and room > 100 * len(weights):
        for (s, e), weight in zip(spans, weights, strict=True):
            # Each part is first given 1 ms, then the rest by weight.
            assert abs((e - s) - room * weight / total) <= len(weights) + 1


def test_placed_cues_read_within_the_cps_limit() -> None:
    text = "Floods have closed roads across the north of the country,"
    (cue,) = assign_times([_cue(text)], ENGLISH)
    assert cps(cue.text, cue.duration_ms, ENGLISH) <= ENGLISH.target_cps
