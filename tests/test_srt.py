"""SRT composing and parsing: byte-exact layout, round trips, and two independent readers."""

from __future__ import annotations

import io
from datetime import timedelta

import pysubs2
import pytest
import srt
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.errors import InputError, OutputError
from subtitler.formats.srt import (
    _OTHER_LINE_BREAKS,
    SrtCue,
    compose_srt,
    parse_srt,
    text_lines,
    timestamp,
    timestamps,
    written_lines,
)
from subtitler.models import Cue

FIXED = [
    Cue(start_ms=0, end_ms=1_500, lines=("Good evening.",), segment=0, sentences=(0,)),
    Cue(
        start_ms=1_584,
        end_ms=4_000,
        lines=("북한이 오늘", "미사일을 발사했습니다."),
        segment=1,
        sentences=(1,),
    ),
    Cue(
        start_ms=3_723_004, end_ms=3_725_000, lines=("Over an hour in.",), segment=1, sentences=(2,)
    ),
]

EXPECTED = (
    "1\n"
    "00:00:00,000 --> 00:00:01,500\n"
    "Good evening.\n"
    "\n"
    "2\n"
    "00:00:01,584 --> 00:00:04,000\n"
    "북한이 오늘\n"
    "미사일을 발사했습니다.\n"
    "\n"
    "3\n"
    "01:02:03,004 --> 01:02:05,000\n"
    "Over an hour in.\n"
    "\n"
)


def test_fixed_cues_compose_byte_exact() -> None:
    out = compose_srt(FIXED)
    assert out == EXPECTED
    assert out.encode("utf-8") == EXPECTED.encode("utf-8")


def test_default_has_no_bom_and_lf_only() -> None:
    out = compose_srt(FIXED)
    assert not out.startswith("\ufeff")
    assert "\r" not in out


def test_bom_and_crlf_are_options() -> None:
    out = compose_srt(FIXED, bom=True, crlf=True)
    assert out == "\ufeff" + EXPECTED.replace("\n", "\r\n")


def test_compose_is_deterministic() -> None:
    assert compose_srt(FIXED) == compose_srt(list(FIXED))


def test_numbering_follows_given_order_not_start_time() -> None:
    late, early = FIXED[2], FIXED[0]
    parsed = parse_srt(compose_srt([late, early]))
    assert [(c.index, c.start_ms) for c in parsed] == [(1, late.start_ms), (2, early.start_ms)]


def test_blank_and_padded_lines_are_stripped() -> None:
    cue = Cue(0, 1000, ("  first  ", "", "second\n\nthird"), 0, ())
    assert compose_srt([cue]) == "1\n00:00:00,000 --> 00:00:01,000\nfirst\nsecond\nthird\n\n"


def test_empty_cue_is_rejected() -> None:
    with pytest.raises(OutputError, match="cue 2 has no text"):
        compose_srt([FIXED[0], Cue(2000, 3000, ("  ", ""), 0, ())])


def test_negative_time_is_rejected() -> None:
    with pytest.raises(OutputError, match="negative"):
        compose_srt([Cue(-5, 1000, ("x",), 0, ())])


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10_000 * 3_600_000) | st.integers(0, 200 * 3_600_000))
def test_timestamp_is_what_the_srt_library_writes(ms: int) -> None:
    from datetime import timedelta

    import srt

    assert timestamp(ms) == srt.timedelta_to_srt_timestamp(timedelta(milliseconds=ms))


def test_timestamp_formats_hours_and_milliseconds() -> None:
    assert timestamp(0) == "00:00:00,000"
    assert timestamp(100 * 3_600_000 + 7) == "100:00:00,007"
    assert timestamp(61_010, decimal=".") == "00:01:01.010"


def test_parse_keeps_numbers_as_written_and_reports_inner_blank_lines() -> None:
    text = (
        "3\n00:00:01,000 --> 00:00:02,000\nfirst\n\nafter blank\n\n"
        "7\n00:00:03,000 --> 00:00:04,000\n\n"
    )
    assert parse_srt(text) == [
        SrtCue(3, 1000, 2000, ("first", "", "after blank")),
        SrtCue(7, 3000, 4000, ()),
    ]


def test_parse_tolerates_bom_crlf_and_missing_final_blank_line() -> None:
    text = (
        "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nHi\r\n\r\n"
        "2\r\n00:00:03,000 --> 00:00:04,000\r\nBye"
    )
    assert parse_srt(text) == [SrtCue(1, 1000, 2000, ("Hi",)), SrtCue(2, 3000, 4000, ("Bye",))]


@pytest.mark.parametrize(
    ("junk", "line"),
    [
        ("Just a transcript line.\nAnother one.\n", 1),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:03,000 ---> 00:00:04,000\nBye\n", 5),
        ("\n\n[Anchor] Good evening.\n", 3),
    ],
)
def test_junk_raises_input_error_with_line(junk: str, line: int) -> None:
    with pytest.raises(InputError, match=rf"^not an SRT file: line {line} "):
        parse_srt(junk)


@pytest.mark.parametrize("empty", ["", "\ufeff", "\n \n"])
def test_empty_input_is_not_srt(empty: str) -> None:
    with pytest.raises(InputError, match="not an SRT file: no cues"):
        parse_srt(empty)


def test_cue_without_number_is_not_srt() -> None:
    with pytest.raises(InputError, match="no number"):
        parse_srt("00:00:01,000 --> 00:00:02,000\nHi\n")


# Text a subtitle line may hold: Latin, Hangul, digits, punctuation and inner spaces. Each
# line has a letter: pysubs2 drops a trailing digits-only line as the next cue's number.
_CHARS = st.sampled_from(
    list("abcXYZ019 .,?!'\"-:;()%…") + [chr(c) for c in range(0xAC00, 0xAC00 + 40)]
)
_LINE = st.builds(
    lambda head, letter, tail: (head + letter + tail).strip(),
    st.text(_CHARS, max_size=20),
    st.sampled_from(list("aZ가힣")),
    st.text(_CHARS, max_size=20),
)


@st.composite
def _cues(draw: st.DrawFn) -> list[Cue]:
    texts = draw(st.lists(st.lists(_LINE, min_size=1, max_size=3), min_size=1, max_size=8))
    cues, t = [], draw(st.integers(0, 10_000_000))
    for lines in texts:
        start = t + draw(st.integers(0, 5_000))
        end = start + draw(st.integers(1, 10_000))
        cues.append(Cue(start, end, tuple(lines), 0, ()))
        t = end
    return cues


@settings(max_examples=200, deadline=None)
@given(cues=_cues(), bom=st.booleans(), crlf=st.booleans())
def test_compose_parse_round_trip(cues: list[Cue], bom: bool, crlf: bool) -> None:
    text = compose_srt(cues, bom=bom, crlf=crlf)
    assert text.startswith("\ufeff") == bom
    assert ("\r\n" in text) == crlf
    assert parse_srt(text) == [
        SrtCue(n, c.start_ms, c.end_ms, c.lines) for n, c in enumerate(cues, start=1)
    ]


@settings(max_examples=200, deadline=None)
@given(cues=_cues(), bom=st.booleans(), crlf=st.booleans())
def test_srt_library_and_pysubs2_read_our_output(cues: list[Cue], bom: bool, crlf: bool) -> None:
    text = compose_srt(cues, bom=bom, crlf=crlf)
    expected = [(c.start_ms, c.end_ms, "\n".join(c.lines)) for c in cues]

    by_srt = list(srt.parse(text))
    assert [s.index for s in by_srt] == list(range(1, len(cues) + 1))
    assert [
        (s.start // timedelta(milliseconds=1), s.end // timedelta(milliseconds=1), s.content)
        for s in by_srt
    ] == expected

    # Read as a text-mode file would be (universal newlines), the way pysubs2.load reads.
    by_pysubs2 = pysubs2.SSAFile.from_file(io.StringIO(text, newline=None), format_="srt")
    assert [(e.start, e.end, e.text.replace("\\N", "\n")) for e in by_pysubs2] == expected


@settings(max_examples=200, deadline=None)
@given(
    times=st.lists(
        st.integers(0, 400 * 3_600_000)
        | st.integers(0, 20_000)
        | st.integers(0, 200_000 * 3_600_000)
        | st.sampled_from([True, 1.5])
    )
)
def test_timestamps_of_a_track_are_each_timestamp(times: list[int]) -> None:
    # Past 99 hours too, and for values that are not a whole number of milliseconds.
    assert timestamps(times) == [timestamp(ms) for ms in times]


@settings(max_examples=20, deadline=None)
@given(
    first=st.integers(0, 400 * 3_600_000),
    step=st.integers(1, 5_000_000),
    count=st.integers(2000, 2500),
)
def test_timestamps_of_a_long_track_are_each_timestamp(first: int, step: int, count: int) -> None:
    # From 2,000 times on, minutes and seconds are looked up in one table.
    times = list(range(first, first + step * count, step))
    assert timestamps(times) == [timestamp(ms) for ms in times]


def test_other_line_breaks_are_where_splitlines_breaks() -> None:
    # written_lines looks for these instead of splitting every line.
    breaks = {chr(n) for n in range(0x110000) if len(f"a{chr(n)}b".splitlines()) == 2}
    assert breaks == {*_OTHER_LINE_BREAKS, "\n"}


def test_timestamps_reject_a_negative_time() -> None:
    with pytest.raises(OutputError, match="negative time -1 ms"):
        timestamps([0, -1])


def _plain_srt(cues: list[Cue], eol: str) -> str:
    """Each cue written on its own: the plain definition of compose_srt."""
    blocks = []
    for number, cue in enumerate(cues, start=1):
        if cue.start_ms < 0 or cue.end_ms < 0:
            raise OutputError(f"cue {number} has a negative time")
        times = f"{timestamp(cue.start_ms)} --> {timestamp(cue.end_ms)}"
        blocks.append(f"{number}{eol}{times}{eol}{eol.join(text_lines(cue, number))}{eol}{eol}")
    return "".join(blocks)


_ODD_LINE = _LINE | st.sampled_from(["", " ", " padded ", "a\nb", "a\r\nb", "a\x85b", "a\u2028b"])


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(st.lists(_LINE, min_size=1, max_size=2), max_size=6)
    | st.lists(st.lists(_ODD_LINE, max_size=3), max_size=6),
    times=st.lists(
        st.integers(0, 400 * 3_600_000) | st.integers(-5, 5000), min_size=12, max_size=12
    ),
    crlf=st.booleans(),
)
def test_compose_is_each_cue_written_on_its_own(
    texts: list[list[str]], times: list[int], crlf: bool
) -> None:
    cues = [Cue(times[2 * n], times[2 * n + 1], tuple(t), 0, ()) for n, t in enumerate(texts)]
    try:
        expected = _plain_srt(cues, "\r\n" if crlf else "\n")
    except OutputError as exc:
        with pytest.raises(OutputError, match=str(exc).split(":")[0]):
            compose_srt(cues, crlf=crlf)
        return
    assert compose_srt(cues, crlf=crlf) == expected
    stamps = timestamps([c.start_ms for c in cues]), timestamps([c.end_ms for c in cues])
    assert compose_srt(cues, crlf=crlf, stamps=stamps) == expected
    assert written_lines(cues) in (None, [text_lines(c, n) for n, c in enumerate(cues, 1)])
