"""Placing whole-sentence translations on the source timeline (subtitler.translate.align)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subtitler.constants import MAX_CUE_MS, MIN_CUE_MS, MIN_GAP_MS
from subtitler.cues import build_cues
from subtitler.languages import ENGLISH, KOREAN, LanguageProfile, cps
from subtitler.layout import may_start_line
from subtitler.models import Cue, Segment, Sentence, TimingOptions
from subtitler.sentences import sentences_of
from subtitler.timing import exact_rate
from subtitler.translate.align import Block, blocks, place_translation

SYLLABLES = "가나다라마바사아자차카타파하국민정부대통령회담서울북한군"
english_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
korean_word = st.text(alphabet=SYLLABLES, min_size=1, max_size=5)


@st.composite
def english_sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(english_word, min_size=1, max_size=30))
    return " ".join(words).capitalize() + "."


@st.composite
def transcript(draw: st.DrawFn) -> tuple[list[Segment], tuple[Sentence, ...]]:
    segments = [
        Segment(
            "anchor",
            None,
            None,
            " ".join(draw(st.lists(english_sentence(), min_size=1, max_size=4))),
            1,
        )
        for _ in range(draw(st.integers(1, 3)))
    ]
    return segments, sentences_of(segments, ENGLISH)


def translations_for(
    data: st.DataObject, count: int, word: st.SearchStrategy[str], lang: LanguageProfile
) -> list[str]:
    """Random translations; every fifth may be empty. Words that may not start a line
    (particles) occur anywhere but first, where nothing could be done about them."""
    first = word.filter(lambda w: may_start_line(w, lang))
    found = []
    for i in range(count):
        if i % 5 == 4 and data.draw(st.booleans()):
            found.append("")
            continue
        words = [data.draw(first)]
        for _ in range(data.draw(st.integers(0, 40))):
            # A particle set apart by the engine follows a word that is not one itself.
            words.append(data.draw(word if may_start_line(words[-1], lang) else first))
        found.append(" ".join(words) + ".")
    return found


def block_of(cue: Cue, source_blocks: Sequence[Block]) -> Block:
    matches = [b for b in source_blocks if b.sentences == cue.sentences]
    assert len(matches) == 1, cue
    return matches[0]


def assert_conforms(cue: Cue, lang: LanguageProfile) -> None:
    assert 1 <= len(cue.lines) <= lang.max_lines, cue
    for line in cue.lines:
        assert lang.width(line) <= lang.max_line_width, cue
        assert line == line.strip() and line, cue
        assert may_start_line(line.split()[0], lang), cue


def check_placement(
    source: Sequence[Cue],
    translations: Sequence[str],
    placed: Sequence[Cue],
    lang: LanguageProfile,
    cps_slack: float = 0.05,
) -> None:
    source_blocks = blocks(source)
    # Every translated word exactly once, in order.
    expected = [w for b in source_blocks for i in b.sentences for w in translations[i].split()]
    assert [w for cue in placed for w in cue.text.split()] == expected
    # Within the block's span, in order, no overlaps.
    for cue in placed:
        block = block_of(cue, source_blocks)
        assert block.start_ms <= cue.start_ms < cue.end_ms <= block.end_ms
        assert cue.segment == block.segment
        assert cue.duration_ms <= MAX_CUE_MS
        assert_conforms(cue, lang)
    for first, second in itertools.pairwise(placed):
        assert first.end_ms < second.start_ms
    # Reading speed holds wherever the block's span leaves time for the text.
    for block in source_blocks:
        inside = [c for c in placed if c.sentences == block.sentences]
        if not inside:
            continue
        width = sum(lang.width(c.text) for c in inside)
        available = block.end_ms - block.start_ms - MIN_GAP_MS * (len(inside) - 1)
        # When the gaps alone fill the span there is no time to read in (and dividing by a
        # negative time would make any speed look slow enough).
        if available > 0 and width / (available / 1000) <= lang.max_cps * 0.98:
            for cue in inside:
                assert cps(cue.text, cue.duration_ms, lang) <= lang.max_cps + cps_slack, cue


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), doc=transcript())
def test_korean_translations_of_english_cues(
    data: st.DataObject, doc: tuple[list[Segment], tuple[Sentence, ...]]
) -> None:
    segments, sentences = doc
    source = build_cues(segments, sentences, ENGLISH)
    translations = translations_for(data, len(sentences), korean_word, KOREAN)
    placed = place_translation(source, sentences, translations, KOREAN, source_lang=ENGLISH)
    check_placement(source, translations, placed, KOREAN)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_english_translations_of_korean_cues(data: st.DataObject) -> None:
    texts = data.draw(
        st.lists(
            st.lists(korean_word, min_size=1, max_size=25).map(" ".join), min_size=1, max_size=6
        )
    )
    segments = [Segment("reporter", None, None, " ".join(t + "다." for t in texts), 1)]
    sentences = sentences_of(segments, KOREAN)
    source = build_cues(segments, sentences, KOREAN)
    translations = translations_for(data, len(sentences), english_word, ENGLISH)
    placed = place_translation(source, sentences, translations, ENGLISH, source_lang=KOREAN)
    check_placement(source, translations, placed, ENGLISH)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), doc=transcript(), fps=st.sampled_from([25.0, 29.97, 23.976]))
def test_frame_snapped_source_gives_frame_snapped_target(
    data: st.DataObject, doc: tuple[list[Segment], tuple[Sentence, ...]], fps: float
) -> None:
    segments, sentences = doc
    source = build_cues(segments, sentences, ENGLISH, TimingOptions(fps=fps))
    translations = translations_for(data, len(sentences), korean_word, KOREAN)
    placed = place_translation(
        source, sentences, translations, KOREAN, source_lang=ENGLISH, fps=fps
    )
    check_placement(source, translations, placed, KOREAN, cps_slack=0.6)
    rate = exact_rate(fps)
    frame = 1000 / fps
    for block in blocks(source):
        inside = [c for c in placed if c.sentences == block.sentences]
        room = block.end_ms - block.start_ms - MIN_GAP_MS * (len(inside) - 1)
        # A span too short to give every cue three frames keeps its shortest cues off the
        # grid rather than collapse them (align._resplit).
        crammed = room < len(inside) * (3 * frame + 2)
        for cue in inside:
            if crammed and cue.duration_ms < 3 * frame:
                continue
            for time in (cue.start_ms, cue.end_ms):
                assert time == round(round(time * rate / 1000) * 1000 / rate), cue


def test_fitting_translation_keeps_source_timings_one_to_one() -> None:
    sentence = Sentence(
        "North Korean troops have been deployed to the front line in Kursk, "
        "according to intelligence officials in Seoul.",
        0,
        3,
    )
    source = (
        Cue(1000, 3500, ("North Korean troops have been deployed",), 0, (0,)),
        Cue(3584, 6000, ("to the front line in Kursk,",), 0, (0,)),
        Cue(6084, 9000, ("according to intelligence officials in Seoul.",), 0, (0,)),
    )
    translation = "북한군이 쿠르스크 전선에 배치됐다고 서울의 정보 당국자들이 밝혔다."
    placed = place_translation(source, [sentence], [translation], KOREAN, source_lang=ENGLISH)
    assert [(c.start_ms, c.end_ms) for c in placed] == [(c.start_ms, c.end_ms) for c in source]
    assert [c.text for c in placed] == [
        "북한군이 쿠르스크 전선에",
        "배치됐다고 서울의",
        "정보 당국자들이 밝혔다.",
    ]
    assert all(c.sentences == (0,) and c.segment == 0 for c in placed)


def test_sentence_over_three_cues_translated_longer_is_resplit_in_its_span() -> None:
    sentence = Sentence("Troops moved in. Officials said so today.", 0, 1)
    source = (
        Cue(0, 250, ("Troops moved in.",), 0, (0,)),
        Cue(334, 600, ("Officials said",), 0, (0,)),
        Cue(684, 9000, ("so today.",), 0, (0,)),
    )
    # No word of it can be read in the first two cues at 12 CPS: cannot stay one to one.
    translation = (
        "북한군대가 러시아의 쿠르스크 지역전선으로 이동했다고 한국정부 당국자들이 밝혔습니다."
    )
    placed = place_translation(source, [sentence], [translation], KOREAN, source_lang=ENGLISH)
    check_placement(source, [translation], placed, KOREAN)
    assert placed[0].start_ms == 0 and placed[-1].end_ms <= 9000
    assert [(c.start_ms, c.end_ms) for c in placed] != [(c.start_ms, c.end_ms) for c in source]


def test_several_sentences_in_one_cue_and_empty_translation() -> None:
    sentences = [
        Sentence("Thank you.", 0, 1),
        Sentence("Good evening.", 0, 1),
        Sentence("Yes.", 1, 2),
    ]
    source = (
        Cue(0, 2000, ("Thank you.", "Good evening."), 0, (0, 1)),
        Cue(2800, 3800, ("Yes.",), 1, (2,)),
    )
    placed = place_translation(source, sentences, ["감사합니다.", "안녕하세요.", ""], KOREAN)
    assert [(c.start_ms, c.end_ms, c.text, c.sentences) for c in placed] == [
        (0, 2000, "감사합니다. 안녕하세요.", (0, 1))
    ]


def test_span_too_short_uses_fewest_pieces_and_stays_in_span() -> None:
    sentence = Sentence("Yes.", 0, 1)
    source = (Cue(0, MIN_CUE_MS, ("Yes.",), 0, (0,)),)
    translation = "네 그렇습니다 정부는 오늘 북한 군대가 러시아 전선에 배치됐다고 발표했습니다."
    placed = place_translation(source, [sentence], [translation], KOREAN)
    check_placement(source, [translation], placed, KOREAN)
    assert len(placed) == 2  # the fewest that fit 2 lines of 16 units


def test_name_cards_are_left_out() -> None:
    source = (
        Cue(0, 3000, ("Kim Ji-ho", "Professor"), 0, ()),
        Cue(0, 3000, ("Hello.",), 0, (0,)),
    )
    placed = place_translation(source, [Sentence("Hello.", 0, 1)], ["안녕하세요."], KOREAN)
    assert [c.text for c in placed] == ["안녕하세요."]


def test_doctests_of_align() -> None:
    import doctest

    from subtitler.translate import align

    result = doctest.testmod(align, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
