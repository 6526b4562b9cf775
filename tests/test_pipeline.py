"""End to end through the library on every transcript in transcripts/: the core promises hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subtitler import pipeline
from subtitler.check import check_text
from subtitler.formats.srt import compose_srt
from subtitler.languages import profile
from tests.conftest import TRANSCRIPTS

ALL = sorted(TRANSCRIPTS.glob("*.txt"))


def test_there_are_transcripts_in_each_style() -> None:
    assert len(ALL) >= 4


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_spoken_word_appears_once_in_order(path: Path) -> None:
    doc = pipeline.prepare(path.stem, path.read_bytes())
    spoken = [w for s in doc.segments for w in s.text.split()]
    cues = doc.tracks[doc.source_language].cues
    shown = [w for c in cues for line in c.lines for w in line.split()]
    assert shown == spoken


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_our_srt_passes_our_own_linter(path: Path) -> None:
    doc = pipeline.prepare(path.stem, path.read_bytes())
    lang = profile(doc.source_language)
    text = compose_srt(doc.tracks[lang.code].cues)
    assert check_text(text, lang) == []


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_cues_never_span_two_speakers_and_follow_segment_order(path: Path) -> None:
    doc = pipeline.prepare(path.stem, path.read_bytes())
    cues = doc.tracks[doc.source_language].cues
    segments = [c.segment for c in cues]
    assert segments == sorted(segments)
    for cue in cues:
        for index in cue.sentences:
            assert doc.sentences[index].segment == cue.segment


@pytest.mark.parametrize(
    ("language", "transcript", "title"),
    [
        ("en", "[Reporter]\nThe city launched <Clean Rivers 2030> on Monday.", "Clean Rivers 2030"),
        ("ko", "[기자]\n시는 월요일 <맑은 강 2030> 계획을 발표했습니다.", "맑은 강 2030"),
    ],
)
def test_a_title_in_angle_brackets_reaches_the_screen(
    language: str, transcript: str, title: str
) -> None:
    # An SRT reader (pysubs2 here, like ffmpeg) drops "<Clean Rivers 2030>" as a tag.
    import pysubs2

    options = pipeline.Options(source_lang=language)
    doc = pipeline.finish(pipeline.prepare("t", transcript.encode("utf-8"), options), options)
    shown = " ".join(
        event.plaintext.replace("\n", " ")
        for event in pysubs2.SSAFile.from_string(compose_srt(doc.tracks[language].cues))
    )
    assert title in shown
    assert [fix.rule for fix in doc.fixes] == ["angle-brackets"]


def test_markup_tags_never_reach_the_subtitles() -> None:
    transcript = "[Reporter]\nThe bridge <b>reopened</b> on Monday.<br>Traffic is <i>heavy</i>."
    options = pipeline.Options(source_lang="en")
    doc = pipeline.finish(pipeline.prepare("t", transcript.encode("utf-8"), options), options)
    srt_text = compose_srt(doc.tracks["en"].cues)
    assert "<" not in srt_text
    assert " ".join(cue.text for cue in doc.tracks["en"].cues) == (
        "The bridge reopened on Monday. Traffic is heavy."
    )
    assert [fix.rule for fix in doc.fixes] == ["markup-tags"]


def test_korean_transcript_is_korean_and_english_is_english() -> None:
    ko = pipeline.prepare("k", (TRANSCRIPTS / "ytn-korean-style.txt").read_bytes())
    en = pipeline.prepare("e", (TRANSCRIPTS / "ytn-north-korean-troops-russia.txt").read_bytes())
    assert (ko.source_language, en.source_language) == ("ko", "en")


def test_input_encodings_give_the_same_document() -> None:
    raw = (TRANSCRIPTS / "ytn-korean-style.txt").read_text(encoding="utf-8")
    variants = [
        raw.encode("utf-8"),
        b"\xef\xbb\xbf" + raw.encode("utf-8"),
        raw.encode("utf-16"),
        raw.encode("cp949"),
        raw.replace("\n", "\r\n").encode("utf-8"),
    ]
    docs = [pipeline.prepare("k", data) for data in variants]
    first = docs[0].tracks["ko"].cues
    for doc in docs[1:]:
        assert doc.tracks["ko"].cues == first


def test_run_pipeline_for_library_users(tmp_path: Path) -> None:
    from subtitler.errors import ModelError
    from subtitler.models import TimingOptions
    from subtitler.translate.engine import ArgosEngine
    from subtitler.translate.packages import PackageStore
    from tests import modelkit

    data = b"[Anchor]\nNorth Korean troops deployed to Russia.\n"
    options = pipeline.Options(timing=TimingOptions(start_ms=3_600_000))
    alone = pipeline.run_pipeline("n", data, options, targets=["en"])
    assert list(alone.tracks) == ["en"]
    assert alone.tracks["en"].cues[0].start_ms == 3_600_000
    with pytest.raises(ModelError):
        pipeline.run_pipeline("n", data, options)
    store = PackageStore(tmp_path / "packages")
    store.install_file(modelkit.build_package(tmp_path, "en", "ko"))
    both = pipeline.run_pipeline("n", data, options, translator=ArgosEngine(store))
    assert list(both.tracks) == ["en", "ko"]
    korean = both.tracks["ko"].cues
    assert " ".join(c.text for c in korean) == "북한 한국의 군대 배치된 에게 러시아."
    assert korean[0].start_ms == 3_600_000


# Messy transcripts made up from the pieces real ones are made of: markers of every style,
# glued and broken sentences, numbers, abbreviations, list numbers, quotes, odd spacing.
_EN_WORDS = (
    "the minister said on Monday that North Korean troops 11,000 3.5% U.S. Mr. Kim a.m. "
    'officials would meet again "We will go." experts in the military say damage.Experts '
    "Seoul and Moscow 1. 2026. (Yonhap) e-mail news@example.com https://example.com/a/b it "
    "Kwon Young-hee reports. Thank you. Yes, no. … — , ; :"
).split()
_KO_WORDS = (
    "정부는 오늘 오전 관계 부처 회의를 열고 다음 주 다시 만나기로 했습니다. 북한군 1만 1천 명이 "
    "러시아에 파병됐습니다 전문가들은 U.S. 3.5% 1. 감사합니다. 그렇습니까? 이 (연합뉴스)"
).split()
_EN_MARKERS = [
    "[Anchor]",
    "[Reporter]",
    "[Interview]",
    "[Soundbite]",
    "Kim Min-jun (Korea University Professor): We will see.",
    "[Edward Howell Oxford University Researcher: It is new.]",
    "[Yang Uk, Asan Institute Fellow: It is not",
]
_KO_MARKERS = [
    "[앵커]",
    "[기자]",
    "[인터뷰]",
    "[양욱 / 아산정책연구원 연구위원 : 새로운 일입니다.]",
]


def _transcript(words: list[str], markers: list[str]) -> st.SearchStrategy[str]:
    line = st.lists(st.sampled_from(words), min_size=1, max_size=30).map(" ".join)
    # The last line ends in plain speech, so something is left to subtitle.
    spoken = line.map(lambda text: f"{text} {words[0]} {words[1]}.")
    block = st.one_of(line, st.sampled_from(markers), st.just(""))
    newline = st.sampled_from(["\n", "\r\n"])
    return st.tuples(st.lists(block, min_size=1, max_size=12), spoken, newline).map(
        lambda parts: parts[2].join([*parts[0], parts[1]])
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        _transcript(_EN_WORDS, _EN_MARKERS).map(lambda t: ("en", t)),
        _transcript(_KO_WORDS, _KO_MARKERS).map(lambda t: ("ko", t)),
    )
)
def test_messy_transcripts_keep_every_promise(case: tuple[str, str]) -> None:
    language, text = case
    doc = pipeline.prepare("messy", text.encode("utf-8"), pipeline.Options(source_lang=language))
    lang = profile(language)
    cues = doc.tracks[language].cues
    # Every spoken character once, in order (a word too long for a line may be cut).
    spoken = "".join(w for s in doc.segments for w in s.text.split())
    shown = "".join(w for c in cues for line in c.lines for w in line.split())
    assert shown == spoken
    # Every limit holds, and no cue spans two speakers.
    assert check_text(compose_srt(cues), lang) == []
    for cue in cues:
        assert {doc.sentences[index].segment for index in cue.sentences} == {cue.segment}
