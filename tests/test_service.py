"""Whole-transcript translation through a REAL CTranslate2 model built by tests/modelkit.py.

The model translates word by word through a known lexicon and copies unknown pieces, so the
exact Korean (or English) can be asserted; it is installed with PackageStore and run by
ArgosEngine, the path real packages take.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from subtitler.cues import build_cues
from subtitler.languages import ENGLISH
from subtitler.models import Document, Segment, Sentence, Track
from subtitler.sentences import sentences_of
from subtitler.translate.cache import TranslationCache
from subtitler.translate.engine import ArgosEngine
from subtitler.translate.glossary import Glossary, Term
from subtitler.translate.packages import PackageStore
from subtitler.translate.service import (
    Job,
    translate_many,
    translate_sentences,
    translate_track,
    translate_tracks,
)
from tests import modelkit


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("built")
    return [
        modelkit.build_package(out / "en_ko", "en", "ko"),
        modelkit.build_package(out / "ko_en", "ko", "en"),
    ]


@pytest.fixture
def engine(tmp_path: Path, built: list[Path], monkeypatch: pytest.MonkeyPatch) -> ArgosEngine:
    packages = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    store = PackageStore(packages)
    for package in built:
        store.install_file(package)
    return ArgosEngine(store)


REPORT = (
    "The president said North Korean troops sent to Russia. "
    "Officials in Seoul confirmed the deployment today. "
    "Kim Min-ji reported from Pyongyang."
)


def english_transcript() -> tuple[list[Segment], tuple[Sentence, ...]]:
    segments = [
        Segment("anchor", None, None, "Hello everyone.", 1),
        Segment("reporter", "Kim Min-ji", None, REPORT, 2),
    ]
    return segments, sentences_of(segments, ENGLISH)


def test_english_to_exact_korean(engine: ArgosEngine) -> None:
    segments, sentences = english_transcript()
    translations, notices = translate_sentences(sentences, segments, "en", "ko", engine)
    assert translations == [
        "Hello everyone.",
        "그 대통령 말했다 북한 한국의 군대 보낸 에게 러시아.",
        "당국자들 안에 서울 확인된 그 deployment 오늘.",
        # The speaker's name, rendered once (the model copies it: Latin stays, as written).
        "Kim Min-ji 보도된 부터 평양.",
    ]
    # The copied thanks (no Korean at all) is reported, nothing else.
    assert [(n.code, n.line) for n in notices] == [("translation-untranslated", 1)]


def test_korean_to_exact_english(engine: ArgosEngine) -> None:
    segments = [
        Segment("reporter", None, None, "북한 군대 러시아 파병 확인. 서울 오늘 아침 뉴스.", 1)
    ]
    sentences = (
        Sentence("북한 군대 러시아 파병 확인.", 0, 1),
        Sentence("서울 오늘 아침 뉴스.", 0, 1),
    )
    translations, notices = translate_sentences(sentences, segments, "ko", "en", engine)
    assert translations == [
        "North Korea troops Russia deployment confirmed.",
        "Seoul today morning news.",
    ]
    assert notices == []


def test_glossary_terms_come_out_exactly_every_time(engine: ArgosEngine) -> None:
    segments, sentences = english_transcript()
    glossary = Glossary((Term("Pyongyang", "평양시"), Term("Officials in Seoul", "서울 당국")))
    translations, _ = translate_sentences(
        sentences, segments, "en", "ko", engine, glossary=glossary
    )
    assert translations[2] == "서울 당국 확인된 그 deployment 오늘."
    assert translations[3] == "Kim Min-ji 보도된 부터 평양시."


def test_cached_rerun_calls_the_engine_only_for_what_changed(
    engine: ArgosEngine, tmp_path: Path
) -> None:
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    counting = modelkit.CountingTranslator(engine)
    segments, sentences = english_transcript()
    first, _ = translate_sentences(sentences, segments, "en", "ko", counting, cache=cache)
    assert len(counting.calls) == 1  # every sentence and the name in one call

    again, _ = translate_sentences(sentences, segments, "en", "ko", counting, cache=cache)
    assert again == first
    assert len(counting.calls) == 1  # nothing sent

    changed = (
        *sentences[:2],
        Sentence("Officials in Seoul confirmed the war today.", 1, 2),
        sentences[3],
    )
    third, _ = translate_sentences(changed, segments, "en", "ko", counting, cache=cache)
    assert counting.calls[1:] == [["Officials in Seoul confirmed the war today."]]
    assert third[2] == "당국자들 안에 서울 확인된 그 전쟁 오늘."
    assert third[:2] == first[:2] and third[3] == first[3]


def test_many_transcripts_one_call_per_language(engine: ArgosEngine) -> None:
    counting = modelkit.CountingTranslator(engine)
    english = Job(
        (Sentence("The war.", 0, 1),), [Segment("anchor", None, None, "The war.", 1)], "en"
    )
    english2 = Job(
        (Sentence("Sanctions today.", 0, 1),), [Segment("anchor", None, None, "x", 1)], "en"
    )
    korean = Job((Sentence("전쟁.", 0, 1),), [Segment("anchor", None, None, "전쟁.", 1)], "ko")
    to_korean = translate_many([english, english2], "ko", counting)
    assert [r.translations for r in to_korean] == [("그 전쟁.",), ("제재 오늘.",)]
    assert len(counting.calls) == 1
    to_english = translate_many([korean], "en", counting)
    assert to_english[0].translations == ("war.",)


def test_track_is_placed_and_warnings_point_at_target_cues(engine: ArgosEngine) -> None:
    segments = [
        Segment("anchor", None, None, "Good evening.", 1),
        Segment(
            "reporter",
            None,
            None,
            "The president said North Korean troops sent to Russia. "
            "North Korea sent 480 billion won to the military.",
            2,
        ),
    ]
    sentences = sentences_of(segments, ENGLISH)
    source_cues = build_cues(segments, sentences, ENGLISH)
    track = translate_track(source_cues, sentences, segments, "en", "ko", engine)
    assert isinstance(track, Track)
    assert track.language == "ko" and track.translated
    words = " ".join(c.text for c in track.cues).split()
    assert (
        words
        == (
            "Good 저녁. 그 대통령 말했다 북한 한국의 군대 보낸 에게 러시아. "
            "북한 한국 보낸 480 billion won 에게 그 군사."
        ).split()
    )
    codes = {(n.code, n.cue) for n in track.warnings}
    # The model copied "480 billion": 480 is not 4,800억, and the guard says so on the cue.
    number_cue = next(i for i, c in enumerate(track.cues, 1) if "480" in c.text)
    assert ("translation-number-missing", number_cue) in codes
    assert all(n.line == 0 and n.cue is not None for n in track.warnings)


def test_translate_tracks_for_documents(engine: ArgosEngine) -> None:
    segments, sentences = english_transcript()
    cues = build_cues(segments, sentences, ENGLISH)
    document = Document(
        name="a",
        source_language="en",
        original_text=REPORT,
        segments=tuple(segments),
        sentences=sentences,
        tracks={"en": Track("en", cues)},
    )
    (track,) = translate_tracks([document], "ko", engine)
    assert track.language == "ko"
    assert (
        " ".join(c.text for c in track.cues).split()[-5:] == "Kim Min-ji 보도된 부터 평양.".split()
    )
    assert all(c.start_ms >= cues[0].start_ms and c.end_ms <= cues[-1].end_ms for c in track.cues)


def test_korean_names_get_one_english_rendering(tmp_path: Path) -> None:
    # A model that knows the reporter's name: its rendering of the name alone is used in
    # every sentence, also where the name is only mentioned, not a speaker.
    lexicon = {**modelkit.default_lexicon("ko", "en"), "김민지": "Kim_Min-ji"}
    store = PackageStore(tmp_path / "pk")
    store.install_file(modelkit.build_package(tmp_path / "b", "ko", "en", lexicon=lexicon))
    counting = modelkit.CountingTranslator(ArgosEngine(store))
    segments = [Segment("anchor", None, None, "-", 1), Segment("reporter", None, None, "-", 2)]
    sentences = (
        Sentence("김민지 기자가 보도합니다.", 0, 1),
        Sentence("서울 김민지 뉴스.", 1, 2),
    )
    translations, notices = translate_sentences(sentences, segments, "ko", "en", counting)
    assert translations[1] == "Seoul Kim Min-ji news."
    result = translate_many([Job(sentences, segments, "ko")], "en", counting)[0]
    assert [(t.source, t.target) for t in result.names] == [("김민지", "Kim Min-ji")]
    assert translations[0].startswith("Kim Min-ji ")
    assert counting.calls == [["김민지", "ZQAA 기자가 보도합니다.", "서울 ZQAA 뉴스."]] * 2
    # Unknown Korean left in the output is reported for the reviewer.
    assert [n.code for n in notices] == ["translation-untranslated"]
