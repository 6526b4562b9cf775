"""Name cards: their own cue on first appearance, never mixed with or overlapping dialogue."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.constants import MIN_CUE_MS, MIN_GAP_MS, NAME_CARD_MS
from subtitler.errors import SubtitlerError
from subtitler.formats.srt import compose_srt, parse_srt
from subtitler.languages import ENGLISH, KOREAN
from subtitler.models import Cue, Role, Segment
from subtitler.namecards import card_lines, first_appearances, is_name_card, name_cards

SEGMENTS = (
    Segment("anchor", None, None, "North Korea sent troops.", 1),
    Segment("reporter", "Kwon Young-hee", None, "Experts say the losses are heavy.", 3),
    Segment("interview", "Edward Howell", "Oxford University Researcher", "They learn fast.", 5),
    Segment("reporter", "Kwon Young-hee", None, "The fighting goes on.", 7),
    Segment("interview", "Edward  Howell", "Oxford University Researcher", "Again.", 9),
    Segment("interview", "Kim Ji-ho", None, "No title given.", 11),
)
CUES = (
    Cue(0, 2500, ("North Korea sent troops.",), 0, (0,)),
    Cue(3300, 5600, ("Experts say the losses", "are heavy."), 1, (1,)),
    Cue(6400, 8000, ("They learn fast.",), 2, (2,)),
    Cue(8800, 10500, ("The fighting goes on.",), 3, (3,)),
    Cue(11300, 12500, ("Again.",), 4, (4,)),
    Cue(13300, 15000, ("No title given.",), 5, (5,)),
)


def overlaps(cues: tuple[Cue, ...]) -> list[tuple[Cue, Cue]]:
    ordered = sorted(cues, key=lambda c: c.start_ms)
    return [(a, b) for a, b in pairwise(ordered) if a.end_ms > b.start_ms]


def test_a_card_only_for_each_interviewee_on_first_appearance() -> None:
    assert first_appearances(SEGMENTS, CUES) == [2, 5]
    cards = name_cards(SEGMENTS, CUES, "en", "track")
    assert [c.lines for c in cards] == [
        ("Edward Howell", "Oxford University Researcher"),
        ("Kim Ji-ho",),
    ]
    assert all(is_name_card(c) for c in cards)


def test_track_cards_start_with_the_persons_first_words() -> None:
    cards = name_cards(SEGMENTS, CUES, ENGLISH, "track")
    assert [(c.segment, c.start_ms) for c in cards] == [(2, 6400), (5, 13300)]
    assert all(c.duration_ms >= NAME_CARD_MS for c in cards)
    assert not overlaps(cards)


def test_inline_card_is_its_own_cue_and_shifts_the_dialogue_after_it() -> None:
    track = name_cards(SEGMENTS, CUES, ENGLISH, "inline")
    dialogue = [c for c in track if not is_name_card(c)]
    cards = [c for c in track if is_name_card(c)]
    # Dialogue unchanged in text and order, never mixed with a card.
    assert [c.lines for c in dialogue] == [c.lines for c in CUES]
    assert len(cards) == 2
    # The card takes the slot where the quote began; the quote follows after the minimum gap.
    card, quote = track[2], track[3]
    assert (card.start_ms, card.lines[0]) == (6400, "Edward Howell")
    assert quote.start_ms == card.end_ms + MIN_GAP_MS and quote.lines == ("They learn fast.",)
    # Durations are kept; cues before the first card do not move.
    assert [c.duration_ms for c in dialogue] == [c.duration_ms for c in CUES]
    assert track[:2] == CUES[:2]
    assert not overlaps(track)


def test_inline_track_still_writes_and_parses_as_srt() -> None:
    track = name_cards(SEGMENTS, CUES, ENGLISH, "inline")
    parsed = parse_srt(compose_srt(track))
    assert [p.lines for p in parsed] == [c.lines for c in track]


def test_korean_card_uses_the_callers_translation_of_name_and_title() -> None:
    translations = {
        "Edward Howell": "에드워드 하웰",
        "Oxford University Researcher": "옥스퍼드대 연구원",
    }
    cards = name_cards(SEGMENTS, CUES, KOREAN, "track", translations=translations)
    assert cards[0].lines == ("에드워드 하웰", "옥스퍼드대 연구원")
    # The title appears once: the person's second segment gets no card.
    assert sum("옥스퍼드대 연구원" in c.lines for c in cards) == 1
    # Missing translations are shown as written rather than dropped.
    assert cards[1].lines == ("Kim Ji-ho",)


def test_long_titles_wrap_to_the_line_limit_and_continue_in_a_second_card() -> None:
    title = "Senior Research Fellow at the Institute for National Security Strategy in Seoul"
    pieces = card_lines("Edward Howell", title, ENGLISH)
    words = [w for lines in pieces for line in lines for w in line.split()]
    assert words == ["Edward", "Howell", *title.split()]
    assert all(len(lines) <= ENGLISH.max_lines for lines in pieces)
    assert all(len(line) <= ENGLISH.max_line_width for lines in pieces for line in lines)
    korean = card_lines(
        "에드워드 하웰", "국가안보전략연구원 선임연구위원 겸 국제관계학 교수", KOREAN
    )
    assert all(KOREAN.width(line) <= KOREAN.max_line_width for c in korean for line in c)


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(SubtitlerError, match="name card mode"):
        name_cards(SEGMENTS, CUES, ENGLISH, "overlay")  # type: ignore[arg-type]


def test_no_interviewees_no_cards() -> None:
    assert name_cards(SEGMENTS[:2], CUES[:2], ENGLISH, "track") == ()
    assert name_cards(SEGMENTS[:2], CUES[:2], ENGLISH, "inline") == CUES[:2]


@st.composite
def transcripts(draw: st.DrawFn) -> tuple[list[Segment], list[Cue]]:
    people = ["Ann Lee", "Bo Kim", "Cy Park"]
    segments: list[Segment] = []
    cues: list[Cue] = []
    clock = 0
    for index in range(draw(st.integers(1, 8))):
        speaker = draw(st.sampled_from([None, *people]))
        role: Role = "interview" if speaker else "reporter"
        segments.append(Segment(role, speaker, "Title of the person", "x", index + 1))
        for _ in range(draw(st.integers(0, 3))):
            clock += draw(st.integers(MIN_GAP_MS, 2000))
            length = draw(st.integers(MIN_CUE_MS, 7000))
            cues.append(Cue(clock, clock + length, (f"cue {len(cues)}",), index, (len(cues),)))
            clock += length
    return segments, cues


@settings(max_examples=150, deadline=None)
@given(transcripts())
def test_cards_never_overlap_in_either_mode_and_dialogue_survives(
    case: tuple[list[Segment], list[Cue]],
) -> None:
    segments, cues = case
    inline = name_cards(segments, cues, ENGLISH, "inline")
    track = name_cards(segments, cues, ENGLISH, "track")
    assert not overlaps(inline)
    assert not overlaps(track)
    assert [c.lines for c in inline if not is_name_card(c)] == [c.lines for c in cues]
    assert len(track) == len(first_appearances(segments, cues))
    assert len([c for c in inline if is_name_card(c)]) == len(track)
    # The input keeps the minimum gap between cues, so the output does too around every card.
    for a, b in pairwise(inline):
        if is_name_card(a) or is_name_card(b):
            assert b.start_ms - a.end_ms >= MIN_GAP_MS
    for a, b in pairwise(track):
        assert b.start_ms - a.end_ms >= MIN_GAP_MS
    assert all(c.duration_ms >= MIN_CUE_MS for c in (*inline, *track))


def test_inline_cards_before_placement_keep_the_programme_length_and_the_frame_grid() -> None:
    from subtitler.models import TimingOptions
    from subtitler.timing import place

    track = name_cards(SEGMENTS, CUES, ENGLISH, "inline")
    placed = place(track, TimingOptions(start_ms=3_600_000, duration_ms=20_000, fps=25))
    assert placed[-1].end_ms == 3_620_000
    assert not overlaps(placed)
    assert all(c.start_ms % 40 == 0 and c.end_ms % 40 == 0 for c in placed)
    assert [c.lines for c in placed] == [c.lines for c in track]
