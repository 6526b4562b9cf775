"""The SRT linter: each rule fires on a small file written for it, and only then."""

from __future__ import annotations

import math
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.check import (
    _MARKUP,
    Problem,
    _time,
    check_cues,
    check_text,
    measure,
    min_gap_ms,
    problems_to_json,
    text_notes,
    visible,
)
from subtitler.constants import MAX_CUE_MS, MIN_CUE_MS
from subtitler.errors import InputError
from subtitler.formats.srt import SrtCue, compose_srt
from subtitler.languages import ENGLISH, KOREAN, PROFILES, LanguageProfile
from subtitler.models import Cue


def srt_text(*blocks: tuple[int, str, str, str]) -> str:
    """An SRT file from (number, start, end, text) with times written as given."""
    return "".join(f"{n}\n{start} --> {end}\n{text}\n\n" for n, start, end, text in blocks)


CLEAN_EN = srt_text(
    (1, "00:00:01,000", "00:00:03,500", "Good evening. Here is the news."),
    (2, "00:00:03,600", "00:00:07,000", "North Korea fired a missile\ninto the East Sea today."),
)
CLEAN_KO = srt_text(
    (1, "00:00:01,000", "00:00:03,500", "안녕하십니까."),
    (2, "00:00:03,600", "00:00:07,000", "북한이 오늘 동해상으로\n미사일을 발사했습니다."),
)


def codes(text: str, lang: LanguageProfile = ENGLISH, fps: float | None = None) -> list[str]:
    return [p.code for p in check_text(text, lang, fps=fps)]


@pytest.mark.parametrize(("text", "lang"), [(CLEAN_EN, ENGLISH), (CLEAN_KO, KOREAN)])
def test_clean_file_has_no_problems(text: str, lang: LanguageProfile) -> None:
    assert check_text(text, lang) == []


def test_our_own_output_passes() -> None:
    cues = [
        Cue(0, 2000, ("Good evening.",), 0, (0,)),
        Cue(2100, 5000, ("Markets fell sharply", "after the announcement."), 0, (1,)),
    ]
    assert check_text(compose_srt(cues), ENGLISH) == []
    assert check_text(compose_srt(cues, bom=True, crlf=True), ENGLISH) == []


def test_line_too_long_names_the_numbers() -> None:
    line = "x" * 47
    text = srt_text((1, "00:00:01,000", "00:00:05,000", f"short\n{line}"))
    assert check_text(text, ENGLISH) == [
        Problem(1, "line-too-long", "line 2 is 47 characters (max 42)")
    ]


def test_line_of_exactly_42_is_fine() -> None:
    assert codes(srt_text((1, "00:00:01,000", "00:00:05,000", "y" * 42))) == []


def test_korean_width_counts_hangul_one_and_others_half() -> None:
    sixteen = "가나다라마바사아자차카타파하 ABC"  # 14 + 0.5 + 1.5 = 16
    seventeen = "가나다라마바사아자차카타파하하 AB."  # 15 + 0.5 + 1.5 = 17
    assert KOREAN.width(sixteen) == 16 and KOREAN.width(seventeen) == 17
    ok = srt_text((1, "00:00:01,000", "00:00:05,000", sixteen))
    too_wide = srt_text((1, "00:00:01,000", "00:00:05,000", seventeen))
    assert codes(ok, KOREAN) == []
    assert check_text(too_wide, KOREAN) == [
        Problem(1, "line-too-long", "line 1 is 17 characters (max 16)")
    ]
    # The same 17 characters are nowhere near the English limit.
    assert codes(too_wide, ENGLISH) == []


def test_too_many_lines() -> None:
    text = srt_text((1, "00:00:01,000", "00:00:06,000", "one\ntwo\nthree"))
    assert check_text(text, ENGLISH) == [Problem(1, "too-many-lines", "3 lines (max 2)")]


def test_cps_too_high_counts_line_break_as_space() -> None:
    # 20 + 1 (the break) + 20 = 41 characters in 2 s = 20.5 CPS > 20.
    text = srt_text((1, "00:00:01,000", "00:00:03,000", "a" * 20 + "\n" + "b" * 20))
    assert check_text(text, ENGLISH) == [
        Problem(1, "cps-too-high", "20.5 characters per second (max 20)")
    ]
    # 40 characters in the same 2 s is exactly 20: allowed.
    assert codes(srt_text((1, "00:00:01,000", "00:00:03,000", "a" * 19 + "\n" + "b" * 20))) == []


def test_korean_cps_in_width_units() -> None:
    # 12 Hangul in 1 s = 12 CPS: allowed; a 13th syllable is not.
    assert codes(srt_text((1, "00:00:01,000", "00:00:02,000", "가" * 12)), KOREAN) == []
    assert codes(srt_text((1, "00:00:01,000", "00:00:02,000", "가" * 13)), KOREAN) == [
        "cps-too-high"
    ]


@pytest.mark.parametrize(
    ("start", "end", "code", "message"),
    [
        ("00:00:01,000", "00:00:01,500", "too-short", "lasts 500 ms (min 833 ms)"),
        ("00:00:01,000", "00:00:08,001", "too-long", "lasts 7001 ms (max 7000 ms)"),
        (
            "00:00:02,000",
            "00:00:02,000",
            "bad-timing",
            "ends at 00:00:02,000, not after its start 00:00:02,000",
        ),
    ],
)
def test_duration_limits(start: str, end: str, code: str, message: str) -> None:
    assert check_text(srt_text((1, start, end, "Hello.")), ENGLISH) == [Problem(1, code, message)]


def test_duration_bounds_are_inclusive() -> None:
    assert codes(srt_text((1, "00:00:01,000", "00:00:01,833", "Hi."))) == []
    assert codes(srt_text((1, "00:00:01,000", "00:00:08,000", "Hi."))) == []


def _pair(second_start: str, second_end: str = "00:00:09,000") -> str:
    return srt_text(
        (1, "00:00:03,000", "00:00:05,000", "First."),
        (2, second_start, second_end, "Second."),
    )


def test_gap_too_small_default_and_with_fps() -> None:
    assert check_text(_pair("00:00:05,040"), ENGLISH) == [
        Problem(2, "gap-too-small", "gap after cue 1 is 40 ms (min 84 ms)")
    ]
    assert codes(_pair("00:00:05,084")) == []
    # 2 frames at 25 fps is 80 ms: 80 passes there, but not without --fps.
    assert codes(_pair("00:00:05,080"), fps=25) == []
    assert codes(_pair("00:00:05,080")) == ["gap-too-small"]


def test_min_gap_ms() -> None:
    assert (min_gap_ms(), min_gap_ms(24), min_gap_ms(25), min_gap_ms(29.97)) == (84, 83, 80, 66)
    with pytest.raises(InputError):
        min_gap_ms(0)


def test_overlap() -> None:
    assert check_text(_pair("00:00:04,500"), ENGLISH) == [
        Problem(2, "overlap", "starts at 00:00:04,500, before cue 1 ends (00:00:05,000)")
    ]


def test_out_of_order() -> None:
    assert codes(_pair("00:00:01,000", "00:00:02,500")) == ["out-of-order"]


def test_out_of_order_after_a_cue_that_ends_before_it_starts() -> None:
    cues = [SrtCue(1, 5000, 1000, ("A.",)), SrtCue(2, 3000, 5000, ("B.",))]
    assert [p.code for p in check_cues(cues, ENGLISH)] == ["bad-timing", "out-of-order"]


def test_numbering() -> None:
    text = srt_text(
        (2, "00:00:01,000", "00:00:02,000", "A."),
        (3, "00:00:03,000", "00:00:04,000", "B."),
        (5, "00:00:05,000", "00:00:06,000", "C."),
    )
    assert check_text(text, ENGLISH) == [
        Problem(2, "numbering", "cue 2 is the first cue, expected 1"),
        Problem(5, "numbering", "cue 5 follows cue 3, expected 4"),
    ]


def test_empty_cue_and_blank_line() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\nFirst line.\n\nSecond line.\n\n"
    )
    assert check_text(text, ENGLISH) == [
        Problem(1, "empty-cue", "cue has no text"),
        Problem(2, "blank-line", "text line 2 is blank (players end the cue there)"),
    ]


def test_korean_particle_at_line_start() -> None:
    text = srt_text((1, "00:00:01,000", "00:00:04,000", "대통령 특사\n는 오늘 도착했다."))
    assert check_text(text, KOREAN) == [
        Problem(1, "particle-line-start", "line 2 starts with the particle '는'")
    ]


def test_particle_homograph_is_not_flagged() -> None:
    # 이 here is the determiner "this", 만 the age prefix "full": whole words.
    text = srt_text((1, "00:00:01,000", "00:00:05,000", "이 법안은\n만 18세 이상에 적용된다."))
    assert codes(text, KOREAN) == []


def test_english_has_no_particles() -> None:
    text = srt_text((1, "00:00:01,000", "00:00:04,000", "The word\n는 is Korean."))
    assert codes(text, ENGLISH) == []


@pytest.mark.parametrize(("second", "mark"), [(", 그리고 떠났다.", ","), (") 오늘 발표", ")")])
def test_punctuation_at_line_start(second: str, mark: str) -> None:
    text = srt_text((1, "00:00:01,000", "00:00:04,000", f"정부는\n{second}"))
    assert check_text(text, KOREAN) == [
        Problem(1, "punctuation-line-start", f"line 2 starts with {mark!r}")
    ]


@pytest.mark.parametrize(
    ("mark", "closing"), [("”", True), ("⟩", True), ("“", False), ("(", False)]
)
def test_closing_punctuation_is_known_by_its_unicode_category(mark: str, closing: bool) -> None:
    # Neither quote nor bracket is in the table: Unicode says which of them close. Twice
    # in a file, since the answer for a character is looked up once and kept.
    text = srt_text(
        (1, "00:00:01,000", "00:00:04,000", f"He said\n{mark}no."),
        (2, "00:00:04,100", "00:00:07,000", f"She said\n{mark}yes."),
    )
    expected = [
        Problem(n, "punctuation-line-start", f"line 2 starts with {mark!r}") for n in (1, 2)
    ]
    assert check_text(text, ENGLISH) == (expected if closing else [])


def test_ellipsis_and_dialogue_dash_may_start_a_line() -> None:
    text = srt_text((1, "00:00:01,000", "00:00:04,000", "-Are you coming?\n...maybe."))
    assert codes(text) == []


@pytest.mark.parametrize(
    "line", ["{\\an8}Top of screen.", '<font color="red">Red</font>', "<i>Italic</i>"]
)
def test_markup(line: str) -> None:
    problems = check_text(srt_text((1, "00:00:01,000", "00:00:04,000", line)), ENGLISH)
    assert [p.code for p in problems] == ["markup"]
    assert line.split(">")[0].split("}")[0][:5] in problems[0].message


def test_line_of_markup_only_is_not_blank_and_starts_with_nothing() -> None:
    text = srt_text((1, "00:00:01,000", "00:00:05,000", "<i></i>\n은 좋다."))
    assert codes(text, KOREAN) == ["particle-line-start", "markup"]


def test_markup_is_not_counted_in_width() -> None:
    line = "<i>" + "z" * 42 + "</i>"
    assert codes(srt_text((1, "00:00:01,000", "00:00:05,000", line))) == ["markup"]


@pytest.mark.parametrize(
    "timing",
    [
        "00:00:01.000 --> 00:00:03,000",
        "0:00:01,000 --> 00:00:03,000",
        "00:00:01,000-->00:00:03,000",
        "00:00:01,000 --> 00:00:03,000 X1:40",
        "00:00:01,00 --> 00:00:03,000",
    ],
)
def test_timing_format(timing: str) -> None:
    text = f"1\n{timing}\nHello there.\n\n"
    assert check_text(text, ENGLISH) == [
        Problem(
            1,
            "timing-format",
            f"timing line {timing!r} is not 'HH:MM:SS,mmm --> HH:MM:SS,mmm'",
        )
    ]


def test_junk_raises_input_error() -> None:
    with pytest.raises(InputError, match="not an SRT file: line 1"):
        check_text("[Anchor] Good evening, this is the news.\n", ENGLISH)


def test_bom_and_crlf_are_notes_not_problems() -> None:
    text = "\ufeff" + CLEAN_EN.replace("\n", "\r\n")
    assert check_text(text, ENGLISH) == []
    assert [n.code for n in text_notes(text)] == ["bom", "crlf"]
    assert text_notes(CLEAN_EN) == []


def test_problems_to_json() -> None:
    assert problems_to_json([Problem(0, "timing-format", "x"), Problem(2, "overlap", "y")]) == [
        {"cue": 0, "code": "timing-format", "message": "x"},
        {"cue": 2, "code": "overlap", "message": "y"},
    ]


def test_check_cues_directly() -> None:
    cues = [SrtCue(1, 0, 2000, ("Fine.",)), SrtCue(2, 2100, 4000, ())]
    assert check_cues(cues, ENGLISH) == [Problem(2, "empty-cue", "cue has no text")]


def test_angle_brackets_in_prose_are_not_markup() -> None:
    text = srt_text((1, "00:00:01,000", "00:00:04,000", "If a < b and c > d,\nthen so."))
    assert codes(text) == []


def test_problems_are_listed_in_cue_order() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:01,500\nToo short.\n\n2\n00:00:02.000 --> 00:00:02,400\nHi.\n\n"
    )
    assert [(p.cue, p.code) for p in check_text(text, ENGLISH)] == [
        (1, "too-short"),
        (2, "timing-format"),
        (2, "too-short"),
    ]


# The linter screens whole fields of a track before it goes cue by cue. Held here to the
# plain definition: every rule applied to each cue as it reads (the rules as first written).


def _plain_problems(cues: list[SrtCue], lang: LanguageProfile, fps: float | None) -> list[Problem]:
    closing = frozenset(",.;:!?)]}%、。，．！？：；）］｝」』】〉》")
    closing_chars = "".join(sorted(closing)) + "…"
    min_gap = min_gap_ms(fps)
    found: list[Problem] = []
    previous: SrtCue | None = None
    for cue in cues:
        number = cue.index

        def problem(code: str, message: str, number: int = number) -> None:
            found.append(Problem(number, code, message))

        lines = [visible(line).strip() for line in cue.lines if line.strip()]
        widths = [lang.width(line) for line in lines]
        duration = cue.end_ms - cue.start_ms
        speed = lang.width(" ".join(lines)) / (duration / 1000) if duration > 0 else None
        expected = 1 if previous is None else previous.index + 1
        if number != expected:
            where = "is the first cue" if previous is None else f"follows cue {previous.index}"
            problem("numbering", f"cue {number} {where}, expected {expected}")
        if not lines:
            problem("empty-cue", "cue has no text")
        if lines and len(lines) != len(cue.lines):
            blank = next(n for n, line in enumerate(cue.lines, start=1) if not line.strip())
            problem("blank-line", f"text line {blank} is blank (players end the cue there)")
        if len(lines) > lang.max_lines:
            problem("too-many-lines", f"{len(lines)} lines (max {lang.max_lines})")
        for n, width in enumerate(widths, start=1):
            if width > lang.max_line_width:
                problem(
                    "line-too-long",
                    f"line {n} is {width:g} characters (max {lang.max_line_width:g})",
                )
        if speed is not None and speed > lang.max_cps:
            shown = math.ceil(speed * 10) / 10
            problem("cps-too-high", f"{shown:.1f} characters per second (max {lang.max_cps:g})")
        for n, text in enumerate(lines, start=1):
            if not text:
                continue
            word = text.split(None, 1)[0].rstrip(closing_chars) if lang.particles else ""
            if word in lang.particles and word not in lang.particle_homographs:
                problem("particle-line-start", f"line {n} starts with the particle {word!r}")
            elif (
                text[0] in closing or unicodedata.category(text[0]) in ("Pe", "Pf")
            ) and not text.startswith(("...", "…")):
                problem("punctuation-line-start", f"line {n} starts with {text[0]!r}")
        tags = list(dict.fromkeys(tag for line in cue.lines for tag in _MARKUP.findall(line)))
        if tags:
            problem(
                "markup",
                f"style markup {', '.join(tags)} (YouTube and many players show plain text only)",
            )
        if duration <= 0:
            problem(
                "bad-timing",
                f"ends at {_time(cue.end_ms)}, not after its start {_time(cue.start_ms)}",
            )
        elif duration < MIN_CUE_MS:
            problem("too-short", f"lasts {duration} ms (min {MIN_CUE_MS} ms)")
        elif duration > MAX_CUE_MS:
            problem("too-long", f"lasts {duration} ms (max {MAX_CUE_MS} ms)")
        if previous is not None:
            if cue.start_ms < previous.start_ms:
                problem(
                    "out-of-order",
                    f"starts at {_time(cue.start_ms)}, before cue {previous.index} "
                    f"({_time(previous.start_ms)})",
                )
            elif cue.start_ms < previous.end_ms:
                problem(
                    "overlap",
                    f"starts at {_time(cue.start_ms)}, before cue {previous.index} ends "
                    f"({_time(previous.end_ms)})",
                )
            elif (gap := cue.start_ms - previous.end_ms) < min_gap:
                problem(
                    "gap-too-small",
                    f"gap after cue {previous.index} is {gap} ms (min {min_gap} ms)",
                )
        previous = cue
    return found


# Lines of every kind the rules look at: particles, closing punctuation, markup, blank and
# padded lines, tabs and breaks inside a line, Hangul and Latin of every width.
_WORDS = st.sampled_from(
    [
        "는",
        "이나",
        "이",
        "에서는",
        "북한이",
        "오늘",
        "the",
        "News",
        "U.S.",
        ",",
        ")",
        "”",
        "“",
        "…",
        "...",
        "-",
        "<i>",
        "</i>",
        "{\\an8}",
        "<",
        "{",
        "x" * 30,
        "가" * 9,
        " ",
        "\t",
        "\n",
    ]
)
_LINE = st.builds(" ".join, st.lists(_WORDS, max_size=5)) | st.sampled_from(["", "  ", "<i></i>"])
_PLAIN_LINE = st.sampled_from(["Good evening.", "북한이 오늘", "이 법안은", "- Yes."])


@st.composite
def _track(draw: st.DrawFn) -> list[SrtCue]:
    # Mostly a clean track, with now and then a cue that breaks something: each rule first
    # asks whether any cue could break it, and one odd cue must be enough to be found.
    cues = []
    number, t = draw(st.integers(0, 2)), draw(st.integers(0, 5_000))
    for _ in range(draw(st.integers(0, 8))):
        odd = draw(st.integers(0, 5)) == 0
        number += draw(st.sampled_from([0, 2])) if odd and draw(st.booleans()) else 1
        gap = draw(st.integers(-3000, 200) if odd else st.sampled_from([84, 100, 1000]))
        length = draw(st.integers(-3000, 9000) if odd else st.sampled_from([900, 2000, 6000]))
        lines = draw(st.lists(_LINE if odd else _PLAIN_LINE, max_size=3 if odd else 2))
        start = t + gap
        cues.append(SrtCue(number, start, start + length, tuple(lines)))
        t = start + length  # the next cue starts after this one ends, not after it starts
    return cues


@settings(max_examples=400, deadline=None)
@given(track=_track(), korean=st.booleans(), fps=st.sampled_from([None, 25.0, 29.97]))
def test_linter_finds_what_each_rule_finds_cue_by_cue(
    track: list[SrtCue], korean: bool, fps: float | None
) -> None:
    lang = KOREAN if korean else ENGLISH
    assert check_cues(track, lang, fps=fps) == _plain_problems(track, lang, fps)


@settings(max_examples=300, deadline=None)
@given(track=_track(), korean=st.booleans())
def test_measure_is_each_cue_as_read(track: list[SrtCue], korean: bool) -> None:
    lang = KOREAN if korean else ENGLISH
    measured = measure(track, lang, [cue.index for cue in track])
    for n, cue in enumerate(track):
        lines = tuple(visible(line).strip() for line in cue.lines if line.strip())
        duration = cue.end_ms - cue.start_ms
        assert measured.lines[n] == lines
        assert measured.widths[n] == tuple(map(lang.width, lines))
        speed = lang.width(" ".join(lines)) / (duration / 1000) if duration > 0 else None
        assert measured.cps[n] == speed


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.text(), max_size=4))
def test_width_of_joined_lines_is_the_sum_of_their_widths(lines: list[str]) -> None:
    # What check.measure relies on for reading speeds, for every language there is.
    for lang in PROFILES.values():
        widths = [lang.width(line) for line in lines]
        joined = sum(widths) + lang.width(" ") * (len(lines) - 1) if lines else 0.0
        assert joined == lang.width(" ".join(lines))
