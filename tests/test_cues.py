"""Cue building end to end from segments: every word once, every limit, sensible merges."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.constants import MAX_CUE_MS, MIN_CUE_MS, MIN_GAP_MS
from subtitler.cues import SHORT_SENTENCE_MS, _lay_out, _merge_short_sentences, build_cues
from subtitler.languages import ENGLISH, KOREAN, LanguageProfile, cps
from subtitler.layout import NO_LINE_START, line_units
from subtitler.models import Cue, Segment, Sentence, TimingOptions
from subtitler.sentences import sentences_of
from subtitler.timing import durations, exact_rate, max_cue_width, place

_PLAIN = TimingOptions()


def _segment(text: str, line: int = 1) -> Segment:
    return Segment(role="anchor", speaker=None, title=None, text=text, line=line)


def _build(
    texts: Sequence[str], lang: LanguageProfile, timing: TimingOptions = _PLAIN
) -> tuple[Cue, ...]:
    segments = [_segment(text, index + 1) for index, text in enumerate(texts)]
    return build_cues(segments, sentences_of(segments, lang), lang, timing)


def _check_rules(cues: Sequence[Cue], lang: LanguageProfile) -> None:
    """The hard rules every cue of the default timing obeys."""
    for cue in cues:
        assert 1 <= len(cue.lines) <= lang.max_lines
        for line in cue.lines:
            assert line.strip() == line and line
            assert lang.width(line) <= lang.max_line_width
        assert MIN_CUE_MS <= cue.duration_ms <= MAX_CUE_MS
        assert cps(cue.text, cue.duration_ms, lang) <= lang.max_cps
    for a, b in itertools.pairwise(cues):
        assert b.start_ms - a.end_ms >= MIN_GAP_MS


def test_short_sentences_of_one_speaker_share_a_cue() -> None:
    cues = _build(["Good evening. Thank you for joining us tonight."], ENGLISH)
    assert [c.lines for c in cues] == [("Good evening.", "Thank you for joining us tonight.")]
    assert cues[0].sentences == (0, 1)


def test_sentences_of_two_speakers_never_share_a_cue() -> None:
    cues = _build(["Thank you.", "Yes."], ENGLISH)
    assert [(c.lines, c.segment, c.sentences) for c in cues] == [
        (("Thank you.",), 0, (0,)),
        (("Yes.",), 1, (1,)),
    ]


def test_long_sentences_are_not_merged() -> None:
    first = "The ministry said the new rules would take effect in the spring."
    second = "Opposition lawmakers have called the plan rushed and unfair."
    cues = _build([f"{first} {second}"], ENGLISH)
    assert [c.sentences for c in cues] == [(0,), (1,)]


def test_a_long_sentence_spans_several_cues_without_added_marks() -> None:
    text = (
        "Heavy rain is expected across the central region through the weekend, "
        "and authorities have warned residents in low-lying areas to prepare for flooding "
        "and landslides, while several schools have already announced early closures."
    )
    cues = _build([text], ENGLISH)
    assert len(cues) >= 2
    assert all(c.sentences == (0,) for c in cues)
    assert " ".join(c.text for c in cues) == text
    _check_rules(cues, ENGLISH)


def test_korean_cues() -> None:
    text = (
        "기상청은 이번 주말 중부지방에 많은 비가 내릴 것으로 예상된다며 "
        "시설물 관리에 각별히 유의해 달라고 당부했습니다. 감사합니다."
    )
    cues = _build([text], KOREAN)
    _check_rules(cues, KOREAN)
    assert " ".join(c.text for c in cues) == text
    assert cues[-1].sentences[-1] == 1


def test_timing_options_are_applied() -> None:
    texts = ["Good evening.", "Floods have closed roads across the north of the country."]
    plain = _build(texts, ENGLISH)
    shifted = _build(texts, ENGLISH, TimingOptions(start_ms=3_600_000, fps=25))
    assert shifted[0].start_ms == 3_600_000
    assert all(t % 40 == 0 for c in shifted for t in (c.start_ms, c.end_ms))
    scaled = _build(texts, ENGLISH, TimingOptions(duration_ms=plain[-1].end_ms * 2))
    assert scaled[-1].end_ms == plain[-1].end_ms * 2


def test_building_is_deterministic() -> None:
    texts = ["Dr. Kim said the U.S. team arrived at 9 a.m. and left at noon.", "네, 알겠습니다."]
    assert _build(texts, ENGLISH) == _build(texts, ENGLISH)


def test_no_sentences_no_cues() -> None:
    assert build_cues([], [], ENGLISH) == ()


# --- properties over arbitrary text ------------------------------------------------------

_EN_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGH", min_size=1, max_size=14)
_PUNCTUATED = st.tuples(_EN_WORD, st.sampled_from([",", ".", "?", "!", ";", "...", '."'])).map(
    "".join
)
_LONG_WORD = st.text(alphabet="abcdefghijklmnop/.-", min_size=25, max_size=80).filter(
    lambda w: w[0] not in NO_LINE_START
)
_KO_WORD = st.text(
    alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xAE00), min_size=1, max_size=8
)
_KO_SENTENCE_END = _KO_WORD.map(lambda w: w + "니다.")
_ATTACHED = st.sampled_from([*sorted(KOREAN.particles), ",", "—", "?"])
_ANY = st.one_of(
    _EN_WORD, _EN_WORD, _PUNCTUATED, _KO_WORD, _KO_WORD, _KO_SENTENCE_END, _LONG_WORD, _ATTACHED
)


@st.composite
def _paragraph(draw: st.DrawFn) -> str:
    # A paragraph's first word starts a line whatever it is; make it an ordinary word.
    first = draw(st.one_of(_EN_WORD, _KO_WORD).filter(lambda w: w not in KOREAN.particles))
    rest = draw(st.lists(_ANY, min_size=0, max_size=70))
    return " ".join([first, *rest])


_SEGMENT_TEXT = st.lists(_paragraph(), min_size=1, max_size=3).map("\n".join)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(_SEGMENT_TEXT, min_size=1, max_size=4),
    st.sampled_from([ENGLISH, KOREAN]),
)
def test_every_word_once_in_order_and_every_limit_holds(
    texts: list[str], lang: LanguageProfile
) -> None:
    segments = [_segment(text, index + 1) for index, text in enumerate(texts)]
    sentences = sentences_of(segments, lang)
    cues = build_cues(segments, sentences, lang)
    assert cues
    _check_rules(cues, lang)
    # The estimated timeline needs no placing: build_cues returns it as it is.
    assert place(cues, TimingOptions()) == cues
    for a, b in itertools.pairwise(cues):
        assert a.end_ms <= b.start_ms
        assert a.segment <= b.segment
        assert a.sentences[-1] <= b.sentences[0]
    for cue in cues:
        assert list(cue.sentences) == sorted(set(cue.sentences))
        assert {sentences[i].segment for i in cue.sentences} == {cue.segment}
        for line in cue.lines:
            first = line.split()[0]
            assert first[0] not in NO_LINE_START or _begins_paragraph(first, texts)
            assert first not in lang.particles
    assert {i for cue in cues for i in cue.sentences} == set(range(len(sentences)))
    for index, text in enumerate(texts):
        spoken = "".join(text.split())
        shown = "".join("".join(c.text.split()) for c in cues if c.segment == index)
        assert shown == spoken
        # Words are cut only when a word with its particles cannot fit on a line.
        units = line_units(text.split(), lang)
        if all(lang.width(unit) <= lang.max_line_width for unit in units):
            words = [w for c in cues if c.segment == index for w in c.text.split()]
            assert words == text.split()


def _begins_paragraph(token: str, texts: Sequence[str]) -> bool:
    return any(line.split()[:1] == [token] for text in texts for line in text.split("\n"))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(_SEGMENT_TEXT, min_size=1, max_size=3),
    st.sampled_from([ENGLISH, KOREAN]),
    st.sampled_from([25.0, 29.97, 23.976]),
    st.integers(0, 4_000_000),
)
def test_frame_snapped_cues_keep_the_rules(
    texts: list[str], lang: LanguageProfile, fps: float, start: int
) -> None:
    cues = _build(texts, lang, TimingOptions(start_ms=start, fps=fps))
    rate = exact_rate(fps)
    two_frames = float(2000 / rate)
    for cue in cues:
        assert MIN_CUE_MS <= cue.duration_ms <= MAX_CUE_MS
        for time in (cue.start_ms, cue.end_ms):
            assert time == round(round(time * rate / 1000) * 1000 / rate)
    for a, b in itertools.pairwise(cues):
        assert b.start_ms - a.end_ms >= two_frames - 1


# ---------------------------------------------------------------- merging (shortcut)


def _merged_plainly(
    sentences: Sequence[Sentence],
    laid_out: Sequence[Sequence[tuple[tuple[str, ...], float]]],
    lang: LanguageProfile,
) -> tuple[list[tuple[tuple[str, ...], int, tuple[int, ...]]], list[float]]:
    """cues._merge_short_sentences as defined: each joined text made and measured."""
    merged: list[tuple[tuple[str, ...], int, tuple[int, ...]]] = []
    widths: list[float] = []
    whole_before = False
    for index, (sentence, pieces) in enumerate(zip(sentences, laid_out, strict=True)):
        whole = len(pieces) == 1
        for lines, width in pieces:
            shorter = min(widths[-1], width) if widths else 0.0
            if (
                whole
                and whole_before
                and merged[-1][1] == sentence.segment
                and shorter / lang.speech_units_per_second * 1000 < SHORT_SENTENCE_MS
            ):
                first_lines, segment, indices = merged[-1]
                text = f"{' '.join(first_lines)} {' '.join(lines)}"
                text_width = lang.width(text)
                if text_width <= max_cue_width(lang) and durations(lang)[text_width] < MAX_CUE_MS:
                    joined: tuple[str, ...] | None = None
                    if text_width <= lang.max_line_width:
                        joined = (text,)
                    elif len(first_lines) == 1 and len(lines) == 1 and lang.max_lines >= 2:
                        joined = (first_lines[0], lines[0])
                    if joined is not None:
                        merged[-1] = (joined, segment, (*indices, index))
                        widths[-1] = text_width
                        continue
            merged.append((lines, sentence.segment, (index,)))
            widths.append(width)
            whole_before = whole
    return merged, widths


_WORDS = {
    "en": ["Yes.", "No.", "Thank you.", "Good evening.", "The talks ended", "in Seoul",
           "on Monday.", "U.S.", "officials said", "prices rose 3.5%", "again", "Kim Min-jun"],
    "ko": ["네.", "감사합니다.", "북한군이", "러시아에", "파병됐습니다.", "U.S.", "정부는",
           "오늘", "회의를 열고", "「日本」", "3.5%", "밝혔습니다."],
}  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["en", "ko"]),
    st.lists(
        st.tuples(st.integers(0, 2), st.lists(st.integers(0, 11), min_size=1, max_size=30)),
        max_size=12,
    ),
)
def test_merging_adds_widths_as_measuring_the_joined_text(
    code: str, drafts: list[tuple[int, list[int]]]
) -> None:
    lang = ENGLISH if code == "en" else KOREAN
    texts = [" ".join(_WORDS[code][word] for word in words) for _, words in drafts]
    segments = list(itertools.accumulate(step for step, _ in drafts))
    sentences = [Sentence(text, segment, 1) for text, segment in zip(texts, segments, strict=True)]
    laid_out = _lay_out(lang, texts)
    assert _merge_short_sentences(sentences, laid_out, lang) == _merged_plainly(
        sentences, laid_out, lang
    )
