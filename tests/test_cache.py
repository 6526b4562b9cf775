"""The sqlite translation cache, alone and under the service with a REAL built model."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from subtitler.models import Segment, Sentence
from subtitler.translate.cache import TranslationCache, default_path
from subtitler.translate.engine import ArgosEngine
from subtitler.translate.packages import PackageStore
from subtitler.translate.service import translate_sentences
from tests import modelkit

ID = "argos:translate-en_ko:1.1:beam2:int8"


def test_round_trip_and_key_parts(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "c.sqlite3")
    assert cache.put_many(ID, "en", "ko", [("The war.", "그 전쟁."), ("Seoul", "서울")]) == ()
    assert cache.get_many(ID, "en", "ko", ["The war.", "Seoul", "new"]).found == {
        "The war.": "그 전쟁.",
        "Seoul": "서울",
    }
    # Another engine identity, or another pair, is another key.
    assert cache.get_many(ID.replace("beam2", "beam4"), "en", "ko", ["The war."]).found == {}
    assert cache.get_many(ID, "ko", "en", ["The war."]).found == {}
    # A second cache object on the same file sees the same data.
    assert TranslationCache(tmp_path / "c.sqlite3").get_many(ID, "en", "ko", ["Seoul"]).found


def test_many_sentences_in_one_lookup(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "c.sqlite3")
    pairs = [(f"sentence {i}", f"문장 {i}") for i in range(2500)]
    cache.put_many(ID, "en", "ko", pairs)
    assert cache.get_many(ID, "en", "ko", [s for s, _ in pairs]).found == dict(pairs)


def test_created_lazily_at_the_default_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache = TranslationCache.default()
    assert cache.path == tmp_path / "xdg" / "subtitler" / "translations.sqlite3"
    assert not cache.path.exists() and not cache.path.parent.exists()
    cache.get_many(ID, "en", "ko", ["x"])
    assert cache.path.exists()
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_path() == Path.home() / ".cache" / "subtitler" / "translations.sqlite3"


def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database\0" * 100)
    cache = TranslationCache(path)
    lookup = cache.get_many(ID, "en", "ko", ["The war."])
    assert lookup.found == {}
    assert [n.code for n in lookup.notices] == ["cache-rebuilt"]
    assert (tmp_path / "c.sqlite3.corrupt").exists()
    assert cache.put_many(ID, "en", "ko", [("The war.", "그 전쟁.")]) == ()
    assert cache.get_many(ID, "en", "ko", ["The war."]).found == {"The war.": "그 전쟁."}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM translations").fetchone() == (1,)


def test_corruption_found_while_storing_is_rebuilt_too(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"garbage" * 1000)
    cache = TranslationCache(path)
    notices = cache.put_many(ID, "en", "ko", [("a", "가")])
    assert [n.code for n in notices] == ["cache-rebuilt"]
    assert cache.get_many(ID, "en", "ko", ["a"]).found == {"a": "가"}


def test_unusable_location_is_skipped_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = TranslationCache(blocker / "sub" / "c.sqlite3")
    lookup = cache.get_many(ID, "en", "ko", ["a"])
    assert lookup.found == {} and [n.code for n in lookup.notices] == ["cache-unavailable"]
    # Reported once; the run goes on without the cache.
    assert cache.put_many(ID, "en", "ko", [("a", "가")]) == ()


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"

    def write(prefix: str) -> tuple[object, ...]:
        cache = TranslationCache(path)  # each writer its own connection, as two runs would
        notices: list[object] = []
        for i in range(40):
            notices.extend(cache.put_many(ID, "en", "ko", [(f"{prefix}{i}", f"{prefix}-{i}")]))
        return tuple(notices)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(write, ["a", "b"]))
    assert results == [(), ()]
    keys = [f"{p}{i}" for p in "ab" for i in range(40)]
    assert len(TranslationCache(path).get_many(ID, "en", "ko", keys).found) == 80


# --- with the real engine ------------------------------------------------------------------


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return modelkit.build_package(tmp_path_factory.mktemp("built"), "en", "ko")


@pytest.fixture
def store(tmp_path: Path, package: Path) -> PackageStore:
    store = PackageStore(tmp_path / "packages")
    store.install_file(package)
    return store


SEGMENTS = [Segment("anchor", None, None, "-", 1)]


def doc(*texts: str) -> tuple[Sentence, ...]:
    return tuple(Sentence(t, 0, i + 1) for i, t in enumerate(texts))


def test_rerun_translates_only_what_changed(store: PackageStore, tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    engine = modelkit.CountingTranslator(ArgosEngine(store))
    first = doc("The war.", "Sanctions today.", "The summit.")
    out1, _ = translate_sentences(first, SEGMENTS, "en", "ko", engine, cache=cache)
    assert out1 == ["그 전쟁.", "제재 오늘.", "그 정상회담."]
    assert engine.calls == [["The war.", "Sanctions today.", "The summit."]]

    second = doc("The war.", "Sanctions yesterday.", "The summit.", "The war.")
    out2, _ = translate_sentences(second, SEGMENTS, "en", "ko", engine, cache=cache)
    assert out2 == ["그 전쟁.", "제재 어제.", "그 정상회담.", "그 전쟁."]
    assert engine.calls[1:] == [["Sanctions yesterday."]]


def test_without_cache_everything_is_translated_each_time(store: PackageStore) -> None:
    engine = modelkit.CountingTranslator(ArgosEngine(store))
    sentences = doc("The war.", "The war.", "The summit.")
    for _ in range(2):
        out, notices = translate_sentences(sentences, SEGMENTS, "en", "ko", engine, cache=None)
        assert out == ["그 전쟁.", "그 전쟁.", "그 정상회담."]
        assert notices == []
    # Duplicates are sent once per call; each run calls the engine.
    assert engine.calls == [["The war.", "The summit."]] * 2


def test_engine_options_are_part_of_the_key(store: PackageStore, tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "cache.sqlite3")
    beam2 = modelkit.CountingTranslator(ArgosEngine(store, beam_size=2))
    beam4 = modelkit.CountingTranslator(ArgosEngine(store, beam_size=4))
    translate_sentences(doc("The war."), SEGMENTS, "en", "ko", beam2, cache=cache)
    translate_sentences(doc("The war."), SEGMENTS, "en", "ko", beam4, cache=cache)
    translate_sentences(doc("The war."), SEGMENTS, "en", "ko", beam2, cache=cache)
    assert len(beam2.calls) == 1 and len(beam4.calls) == 1


def test_corrupt_cache_during_a_run_is_reported_and_the_run_completes(
    store: PackageStore, tmp_path: Path
) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"\x00\xff" * 4096)
    engine = modelkit.CountingTranslator(ArgosEngine(store))
    out, notices = translate_sentences(
        doc("The war."), SEGMENTS, "en", "ko", engine, cache=TranslationCache(path)
    )
    assert out == ["그 전쟁."]
    assert [n.code for n in notices] == ["cache-rebuilt"]
    translate_sentences(doc("The war."), SEGMENTS, "en", "ko", engine, cache=TranslationCache(path))
    assert len(engine.calls) == 1
