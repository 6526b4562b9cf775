"""The Argos engine on genuine CTranslate2 packages built by ``tests/modelkit.py``.

The packages translate word by word through a known lexicon, so the exact output is asserted;
they are installed with :class:`PackageStore` and loaded through the engine's real path.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from subtitler.errors import ModelError
from subtitler.translate.engine import ArgosEngine, max_decoding_length
from subtitler.translate.packages import PackageStore
from tests import modelkit


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Packages built once for this module."""
    out = tmp_path_factory.mktemp("built")
    return {
        "en_ko": modelkit.build_package(out / "a", "en", "ko"),
        "ko_en": modelkit.build_package(out / "b", "ko", "en"),
        "prefixed": modelkit.build_package(out / "c", "en", "ko", target_prefix="__ko__"),
    }


@pytest.fixture
def store(tmp_path: Path, built: dict[str, Path]) -> PackageStore:
    store = PackageStore(tmp_path / "packages")
    store.install_file(built["en_ko"])
    store.install_file(built["ko_en"])
    return store


def test_english_to_korean_exact(store: PackageStore) -> None:
    engine = ArgosEngine(store)
    out = engine.translate(
        ["North Korean troops in Russia", "the president said 2024.", "", "   "], "en", "ko"
    )
    assert out == ["북한 한국의 군대 안에 러시아", "그 대통령 말했다 2024.", "", ""]


def test_korean_to_english_exact_with_argos_underscore_quirk(store: PackageStore) -> None:
    engine = ArgosEngine(store)
    out = engine.translate(["북한 군대 러시아 파병 확인", "서울 오늘 아침 뉴스"], "ko", "en")
    # "North_Korea" is one piece; like Argos, the decoder output's "_" becomes a space.
    assert out == ["North Korea troops Russia deployment confirmed", "Seoul today morning news"]


def test_unknown_words_are_copied(store: PackageStore) -> None:
    engine = ArgosEngine(store)
    assert engine.translate(["Kim Jong troops 12,000"], "en", "ko") == ["Kim Jong 군대 12,000"]


def test_batching_matches_one_by_one(store: PackageStore) -> None:
    sentences = [
        "North Korean troops",
        "the military said more than 10,000 soldiers were sent to Russia.",
        "sanctions",
        "officials in Seoul confirmed the deployment of troops to the front line today.",
    ] * 5
    batched = ArgosEngine(store, batch_size=16).translate(sentences, "en", "ko")
    single = [ArgosEngine(store).translate([s], "en", "ko")[0] for s in sentences]
    assert batched == single
    assert batched[0] == "북한 한국의 군대"


def test_target_prefix_is_sent_and_stripped(tmp_path: Path, built: dict[str, Path]) -> None:
    # The prefixed model reads the source one step late: without the prefix forced first,
    # every word would come out shifted.
    store = PackageStore(tmp_path / "packages")
    installed = store.install_file(built["prefixed"])
    assert installed.target_prefix == "__ko__"
    out = ArgosEngine(store).translate(["North Korean troops", "war"], "en", "ko")
    assert out == ["북한 한국의 군대", "전쟁"]


def test_model_is_loaded_once_per_process(store: PackageStore) -> None:
    first = ArgosEngine(store).load("en", "ko")
    second = ArgosEngine(store, beam_size=4).load("en", "ko")
    assert first is second
    assert first.translator is second.translator


def test_missing_package_names_the_install_command(tmp_path: Path) -> None:
    engine = ArgosEngine(PackageStore(tmp_path / "empty"))
    with pytest.raises(ModelError, match=r"subtitler models install en ko"):
        engine.translate(["troops"], "en", "ko")
    # Nothing to translate needs no model.
    assert engine.translate(["", " "], "en", "ko") == ["", ""]


def test_long_sentence_is_not_cut_at_256_tokens(store: PackageStore) -> None:
    words = "north troops russia war sanctions".split()
    sentence = " ".join(words[i % len(words)] for i in range(400))
    out = ArgosEngine(store).translate([sentence], "en", "ko")[0]
    expected = ["북한", "군대", "러시아", "전쟁", "제재"]
    assert out.split() == [expected[i % len(expected)] for i in range(400)]
    assert max_decoding_length(400) > 400


def test_sentence_longer_than_the_model_input_is_translated_in_parts(store: PackageStore) -> None:
    # CTranslate2 would silently drop everything after 1024 source tokens; the engine cuts
    # longer inputs (here: over 40 tokens, to keep the test fast) at word starts.
    words = "north troops russia war sanctions".split()
    sentence = " ".join(words[i % len(words)] for i in range(130))
    out = ArgosEngine(store, max_input_tokens=40).translate([sentence, "war"], "en", "ko")
    expected = ["북한", "군대", "러시아", "전쟁", "제재"]
    assert out[0].split() == [expected[i % len(expected)] for i in range(130)]
    assert out[1] == "전쟁"


def test_identity_names_package_version_and_options(store: PackageStore) -> None:
    assert ArgosEngine(store).identity("en", "ko") == "argos:translate-en_ko:1.1:beam2:int8"
    assert ArgosEngine(store, beam_size=4).identity("ko", "en") == (
        "argos:translate-ko_en:1.1:beam4:int8"
    )


def test_packages_dir_from_environment_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, built: dict[str, Path]
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    PackageStore(tmp_path / "argos").install_file(built["en_ko"])
    assert ArgosEngine(PackageStore()).translate(["war"], "en", "ko") == ["전쟁"]


def test_invalid_options_are_refused(store: PackageStore) -> None:
    with pytest.raises(ValueError):
        ArgosEngine(store, beam_size=0)


def test_unloadable_model_is_a_model_error(tmp_path: Path) -> None:
    archive = tmp_path / "broken.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(
            "p/metadata.json", '{"from_code": "en", "to_code": "ko", "package_version": "9"}'
        )
        zf.writestr("p/model/model.bin", b"not a model")
        zf.writestr("p/sentencepiece.model", b"not a tokenizer")
    store = PackageStore(tmp_path / "packages")
    store.install_file(archive)
    with pytest.raises(ModelError, match="cannot load translation model"):
        ArgosEngine(store).translate(["war"], "en", "ko")
