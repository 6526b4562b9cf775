"""Translation through the command line, with genuine CTranslate2 models built by tests/modelkit.

The models translate word by word through a lexicon, so the exact Korean and English can be
asserted; they are installed and loaded through the same path a real Argos package takes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import srt

from tests import modelkit

# Every word is in the built-in lexicons, so the translation is known word for word.
ENGLISH = """[Anchor]
North Korean troops deployed to Russia.
Reporter Kim Min-ji reports.

[Reporter]
Officials said more than about thousand soldiers were killed and wounded.
The military situation in Ukraine and the border front line.

[Kim Min-ji Defense Ministry Official: The leader sent troops to Moscow.]
"""
KOREAN = """[앵커]
북한 군대 러시아 배치.

[기자]
오늘 아침 국방부 당국자들 정부 말했다.
"""


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("argos")
    return {
        "en-ko": modelkit.build_package(folder, "en", "ko"),
        "ko-en": modelkit.build_package(folder, "ko", "en"),
    }


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "subtitler", *map(str, args)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=300,
    )


def texts(path: Path) -> list[str]:
    return [c.content for c in srt.parse(path.read_text(encoding="utf-8"))]


@pytest.fixture
def english(tmp_path: Path) -> Path:
    path = tmp_path / "news.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    return path


@pytest.fixture
def installed(packages: dict[str, Path]) -> Iterator[None]:
    for package in packages.values():
        result = run_cli("models", "install", package)
        assert result.returncode == 0, result.stderr
    yield


def test_models_install_list_remove(packages: dict[str, Path]) -> None:
    result = run_cli("models", "install", packages["en-ko"])
    assert result.returncode == 0, result.stderr
    assert "installed en -> ko 1.1" in result.stdout
    listing = run_cli("models", "list")
    assert "installed  en -> ko  1.1" in listing.stdout
    assert "package index not reachable" in listing.stdout
    assert run_cli("models", "remove", "en", "ko").returncode == 0
    assert "installed  en -> ko" not in run_cli("models", "list").stdout
    again = run_cli("models", "remove", "en", "ko")
    assert again.returncode == 1
    assert len(again.stderr.strip().splitlines()) == 1


def test_install_refuses_a_file_that_is_not_a_package(tmp_path: Path) -> None:
    fake = tmp_path / "fake.argosmodel"
    fake.write_bytes(b"not a zip at all")
    result = run_cli("models", "install", fake)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert not any(Path(os.environ["ARGOS_PACKAGES_DIR"]).glob("*"))


@pytest.mark.usefixtures("installed")
def test_run_writes_both_languages_with_exact_korean(english: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("run", english, "--offline", "-o", out)
    assert result.returncode == 0, result.stderr
    korean = " ".join(texts(out / "news.ko.srt")).split()
    # Word by word through the lexicon, names kept as written (no Korean rendering offline).
    assert korean[:6] == ["북한", "한국의", "군대", "배치된", "에게", "러시아."]
    assert "Kim" in korean and "Min-ji" in korean
    english_cues = list(srt.parse((out / "news.en.srt").read_text(encoding="utf-8")))
    korean_cues = list(srt.parse((out / "news.ko.srt").read_text(encoding="utf-8")))
    # The translation lies on the source speech: same span, nothing outside it.
    assert korean_cues[0].start >= english_cues[0].start
    assert korean_cues[-1].end <= english_cues[-1].end
    check = run_cli("check", out / "news.ko.srt", "--lang", "ko")
    assert check.returncode == 0, check.stdout


@pytest.mark.usefixtures("installed")
def test_korean_transcript_gives_english_too(tmp_path: Path) -> None:
    source = tmp_path / "k.txt"
    source.write_text(KOREAN, encoding="utf-8")
    result = run_cli("run", source, "--offline", "--fps", "25", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert texts(tmp_path / "out" / "k.en.srt")[0] == "North Korea troops Russia deployment."
    for cue in srt.parse((tmp_path / "out" / "k.en.srt").read_text(encoding="utf-8")):
        for t in (cue.start, cue.end):
            assert round(t.total_seconds() * 1000) % 40 == 0


@pytest.mark.usefixtures("installed")
def test_glossary_and_bilingual(english: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("Ukraine\t우크라이나 공화국\nKim Min-ji\t김민지\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("run", english, "--offline", "--glossary", glossary, "--bilingual", "-o", out)
    assert result.returncode == 0, result.stderr
    korean = " ".join(texts(out / "news.ko.srt"))
    # Exactly as given, and never broken across two lines or cues (laid out like a name).
    assert any("우크라이나 공화국" in line for line in korean.splitlines())
    assert "김민지" in korean and "Min-ji" not in korean
    bilingual = texts(out / "news.en-ko.srt")
    assert bilingual[0].splitlines()[0].startswith("North Korean troops")
    assert any("북한" in cue for cue in bilingual)


@pytest.mark.usefixtures("installed")
def test_name_cards_in_the_translated_track(english: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("run", english, "--offline", "--name-cards", "-o", out).returncode == 0
    cards = [t for t in texts(out / "news.ko.srt") if t.startswith("Kim Min-ji")]
    assert len(cards) == 1
    # The title is translated (word by word here), once, on the first appearance; the name
    # keeps the rendering the dialogue uses (as written: no Korean rendering offline).
    name, title = cards[0].splitlines()
    assert name == "Kim Min-ji"
    assert title.startswith("국방 ")


def test_missing_model_is_downloaded_from_the_index(
    packages: dict[str, Path], english: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = tmp_path / "index"
    served.mkdir()
    copy = shutil.copy(packages["en-ko"], served)
    with modelkit.serve_directory(served) as url:
        modelkit.build_index(served, [Path(copy)], url)
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", url)
        result = run_cli("run", english, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "downloading model" in result.stderr
    assert (tmp_path / "out" / "news.ko.srt").exists()
    assert "installed  en -> ko" in run_cli("models", "list").stdout
