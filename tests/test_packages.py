"""Package management: install, list, remove, download from an index on 127.0.0.1, and refuse
archives that could write outside the packages dir or unpack to gigabytes."""

from __future__ import annotations

import http.server
import json
import stat
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from subtitler.errors import ModelError
from subtitler.translate.engine import ArgosEngine
from subtitler.translate.packages import (
    PackageStore,
    default_index_url,
    default_packages_dir,
    validate_archive,
)
from tests import modelkit

Entries = list[tuple[zipfile.ZipInfo | str, bytes | str]]

GOOD_META = {"package_version": "1.1", "from_code": "en", "to_code": "ko", "type": "translate"}


def make_archive(path: Path, members: dict[str, bytes | str], *, folder: str = "pkg") -> Path:
    """A zip holding ``members`` (names relative to the one folder ``folder``)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(f"{folder}/{name}", data)
    return path


def package_members(meta: dict[str, Any] | None = None) -> dict[str, bytes | str]:
    return {
        "metadata.json": json.dumps(GOOD_META if meta is None else meta),
        "model/model.bin": b"\0" * 64,
        "model/config.json": "{}",
        "sentencepiece.model": b"sp",
    }


def fake_package(path: Path, meta: dict[str, Any] | None = None, folder: str = "pkg") -> Path:
    return make_archive(path, package_members(meta), folder=folder)


def top_level(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir())


def listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


@pytest.fixture(scope="module")
def real_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("real")
    return {
        "en_ko": modelkit.build_package(out / "a", "en", "ko"),
        "ko_en": modelkit.build_package(out / "b", "ko", "en"),
    }


@pytest.fixture
def index(tmp_path: Path, real_packages: dict[str, Path]) -> Iterator[str]:
    """An index on 127.0.0.1 listing the two real packages."""
    served = tmp_path / "served"
    copies = [modelkit.copy_package(p, served) for p in real_packages.values()]
    with modelkit.serve_directory(served) as url:
        modelkit.build_index(served, copies, url)
        yield url


# -- install, list, remove --------------------------------------------------------------------


def test_install_list_find_remove(tmp_path: Path, real_packages: dict[str, Path]) -> None:
    store = PackageStore(tmp_path / "packages")
    assert store.installed() == []
    installed = store.install_file(real_packages["en_ko"])
    assert (installed.from_code, installed.to_code, installed.version) == ("en", "ko", "1.1")
    assert installed.path == tmp_path / "packages" / "translate-en_ko-1_1"
    assert installed.tokenizer == "sentencepiece"
    assert installed.code == "translate-en_ko"
    assert store.find("en", "ko") == installed
    assert store.find("ko", "en") is None
    assert [p.path.name for p in store.installed()] == ["translate-en_ko-1_1"]
    assert store.remove("en", "ko") == installed
    assert store.installed() == [] and listing(tmp_path / "packages") == []
    with pytest.raises(ModelError, match="no en→ko"):
        store.remove("en", "ko")


def test_newer_version_replaces_older(tmp_path: Path) -> None:
    store = PackageStore(tmp_path / "packages")
    store.install_file(fake_package(tmp_path / "old.argosmodel", folder="translate-en_ko-1_0"))
    newer = dict(GOOD_META, package_version="1.2")
    store.install_file(fake_package(tmp_path / "new.zip", newer, folder="translate-en_ko-1_2"))
    assert [(p.path.name, p.version) for p in store.installed()] == [("translate-en_ko-1_2", "1.2")]
    assert top_level(tmp_path / "packages") == ["translate-en_ko-1_2"]  # no staging left behind


def test_failure_mid_install_keeps_the_old_version(
    tmp_path: Path, real_packages: dict[str, Path]
) -> None:
    store = PackageStore(tmp_path / "packages")
    store.install_file(real_packages["en_ko"])
    before = listing(tmp_path / "packages")
    # A valid-looking archive whose last member fails its CRC check while being extracted.
    broken = tmp_path / "broken.argosmodel"
    with zipfile.ZipFile(broken, "w", zipfile.ZIP_STORED) as zf:
        for name, data in package_members().items():
            zf.writestr(f"translate-en_ko-1_1/{name}", data)
        zf.writestr("translate-en_ko-1_1/model/zz.bin", b"A" * 4000)
    raw = bytearray(broken.read_bytes())
    at = raw.find(b"A" * 4000)
    raw[at + 100] ^= 0xFF
    broken.write_bytes(bytes(raw))
    validate_archive(broken)  # the headers are fine: only extraction finds the damage
    with pytest.raises(ModelError, match="corrupt"):
        store.install_file(broken)
    assert listing(tmp_path / "packages") == before
    assert ArgosEngine(store).translate(["war"], "en", "ko") == ["전쟁"]


def test_packages_dir_and_index_follow_argos_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "chosen"))
    assert default_packages_dir() == tmp_path / "chosen"
    PackageStore().install_file(fake_package(tmp_path / "p.argosmodel"))
    assert [p.path.parent for p in PackageStore().installed()] == [tmp_path / "chosen"]

    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    monkeypatch.delenv("ARGOS_PACKAGE_INDEX")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert default_packages_dir() == tmp_path / "data" / "argos-translate" / "packages"
    assert default_index_url().startswith("https://raw.githubusercontent.com/argosopentech/")

    settings = tmp_path / "config" / "argos-translate" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "from-settings")}))
    assert default_packages_dir() == tmp_path / "from-settings"


# -- the index ----------------------------------------------------------------------------------


def test_install_from_index_with_progress(tmp_path: Path, index: str) -> None:
    store = PackageStore(tmp_path / "packages", index)
    offered = {(p.from_code, p.to_code, p.version) for p in store.available()}
    assert offered == {("en", "ko", "1.1"), ("ko", "en", "1.1")}
    calls: list[tuple[int, int | None]] = []
    installed = store.install_from_index("ko", "en", progress=lambda d, t: calls.append((d, t)))
    assert installed.path.name == "translate-ko_en-1_1"
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] and calls[-1][0] > 0
    assert ArgosEngine(store).translate(["전쟁 제재"], "ko", "en") == ["war sanctions"]
    assert top_level(tmp_path / "packages") == ["translate-ko_en-1_1"]  # the download is gone


def test_ensure_downloads_when_missing(tmp_path: Path, index: str) -> None:
    store = PackageStore(tmp_path / "packages", index)
    first = store.ensure("en", "ko", offline=False)
    assert store.ensure("en", "ko", offline=True) == first  # installed: no network needed


def test_ensure_offline_names_the_commands(tmp_path: Path, index: str) -> None:
    store = PackageStore(tmp_path / "packages", index)
    with pytest.raises(ModelError) as caught:
        store.ensure("en", "ko", offline=True)
    message = str(caught.value)
    assert "subtitler models install en ko" in message
    assert "subtitler models install FILE.argosmodel" in message
    assert "\n" not in message
    assert store.installed() == []


def test_unreachable_index(tmp_path: Path) -> None:
    store = PackageStore(tmp_path / "packages", modelkit.closed_port_url(), timeout=5)
    with pytest.raises(ModelError, match="unreachable"):
        store.available()
    with pytest.raises(ModelError, match="subtitler models install en ko"):
        store.ensure("en", "ko", offline=False)
    assert listing(tmp_path / "packages") == []


def test_index_without_the_pair(tmp_path: Path, index: str) -> None:
    store = PackageStore(tmp_path / "packages", index)
    with pytest.raises(ModelError, match="no en→ja package"):
        store.install_from_index("en", "ja")


class _TruncatingHandler(http.server.BaseHTTPRequestHandler):
    """Serves an index whose package download stops half-way."""

    def do_GET(self) -> None:
        port = cast(tuple[str, int], self.server.server_address)[1]
        if self.path.endswith("index.json"):
            entry = dict(GOOD_META, links=[f"http://127.0.0.1:{port}/p.argosmodel"])
            body = json.dumps([entry]).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"PK\x03\x04" + b"\0" * 1000)
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_download_failing_half_way_leaves_nothing(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _TruncatingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        store = PackageStore(tmp_path / "packages", url, timeout=5)
        with pytest.raises(ModelError):
            store.install_from_index("en", "ko")
    finally:
        server.shutdown()
        server.server_close()
    assert listing(tmp_path / "packages") == []


# -- refused archives ---------------------------------------------------------------------------


def _raw_zip(path: Path, entries: Entries) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return path


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


GOOD: Entries = [(f"pkg/{k}", v) for k, v in package_members().items()]

UNSAFE: dict[str, Entries] = {
    "dot-dot": [*GOOD, ("pkg/../../evil.txt", "x")],
    "absolute": [*GOOD, ("/tmp/evil.txt", "x")],
    "backslash": [*GOOD, ("pkg\\..\\evil.txt", "x")],
    "symlink": [*GOOD, (_symlink("pkg/model/link"), "/etc/passwd")],
    "two folders": [*GOOD, ("other/file.txt", "x")],
    "file at top": [*GOOD, ("loose.txt", "x")],
}


@pytest.mark.parametrize("case", sorted(UNSAFE))
def test_unsafe_archives_are_refused_before_extracting(tmp_path: Path, case: str) -> None:
    archive = _raw_zip(tmp_path / "bad.argosmodel", UNSAFE[case])
    store = PackageStore(tmp_path / "area" / "packages")
    with pytest.raises(ModelError, match=r"refused|exactly one folder|outside the package"):
        store.install_file(archive)
    assert listing(tmp_path / "area") == []
    assert not (tmp_path / "evil.txt").exists()


BROKEN_META: dict[str, tuple[dict[str, bytes | str], str]] = {
    "no metadata": ({"model/model.bin": b"m", "sentencepiece.model": b"s"}, "metadata.json"),
    "not json": ({**package_members(), "metadata.json": "{nope"}, "not valid JSON"),
    "bad code": (package_members(dict(GOOD_META, from_code="english")), "from_code"),
    "no version": (package_members({"from_code": "en", "to_code": "ko"}), "package_version"),
    "sbd package": (package_members(dict(GOOD_META, type="sbd")), "not a translation"),
    "no model": ({"metadata.json": json.dumps(GOOD_META), "sentencepiece.model": b"s"}, "model"),
    "no tokenizer": (
        {"metadata.json": json.dumps(GOOD_META), "model/model.bin": b"m"},
        "no tokenizer",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_META))
def test_broken_packages_are_refused(tmp_path: Path, case: str) -> None:
    members, reason = BROKEN_META[case]
    archive = make_archive(tmp_path / "bad.argosmodel", members)
    with pytest.raises(ModelError, match=reason):
        PackageStore(tmp_path / "packages").install_file(archive)
    assert listing(tmp_path / "packages") == []


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.argosmodel"
    path.write_text("hello")
    with pytest.raises(ModelError, match="not a zip"):
        validate_archive(path)


def test_zip_bomb_is_refused_without_extracting(tmp_path: Path) -> None:
    members = {**package_members(), "model/model.bin": b"\0" * (4 << 20)}
    archive = make_archive(tmp_path / "bomb.argosmodel", members)
    assert archive.stat().st_size < 64 << 10
    store = PackageStore(tmp_path / "packages", max_unpacked_bytes=1 << 20)
    with pytest.raises(ModelError, match="more than 1048576 bytes"):
        store.install_file(archive)
    assert listing(tmp_path / "packages") == []
    # Packed tighter than a model ever is: refused by ratio whatever the size limit.
    with pytest.raises(ModelError, match="compressed more than 100:1"):
        validate_archive(archive, max_ratio=100)
