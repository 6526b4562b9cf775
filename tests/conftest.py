"""Test-wide isolation: no test reads or writes the real user's models, caches or network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TRANSCRIPTS = REPO / "transcripts"
SAMPLE = TRANSCRIPTS / "ytn-north-korean-troops-russia.txt"

# A closed port on loopback: a test that forgets to serve its own index fails fast, offline.
UNREACHABLE_INDEX = "http://127.0.0.1:9/"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "packages"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", UNREACHABLE_INDEX)
    monkeypatch.delenv("SUBTITLER_OFFLINE", raising=False)
    yield
