"""End to end through the library on every transcript in transcripts/: the core promises hold."""

from __future__ import annotations

from pathlib import Path

import pytest

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
