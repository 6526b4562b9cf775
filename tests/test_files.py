"""Atomic writes and staged files (subtitler.files)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from subtitler.errors import OutputError
from subtitler.files import reserve, stage, write_all


def test_staged_files_are_renamed_into_place_and_written_ones_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    page = stage(reserve(out / "a.html"), b"<p>page</p>")
    assert page.path.parent == out and page.path.name.startswith(".a.html.")
    write_all({out / "a.srt": b"1\n", out / "a.html": page})
    assert (out / "a.html").read_bytes() == b"<p>page</p>"
    assert (out / "a.srt").read_bytes() == b"1\n"
    assert sorted(path.name for path in out.iterdir()) == ["a.html", "a.srt"]


def test_a_failed_write_removes_the_staged_files_not_yet_in_place(tmp_path: Path) -> None:
    (tmp_path / "a.json").mkdir()  # a folder where a file must go: it cannot be replaced
    earlier = tmp_path / "a.html"
    earlier.write_bytes(b"earlier run")
    page = stage(reserve(earlier), b"new page")
    with pytest.raises(OutputError, match=r"cannot write .*a\.json"):
        write_all({tmp_path / "a.srt": b"1\n", tmp_path / "a.json": b"{}", earlier: page})
    assert earlier.read_bytes() == b"earlier run"
    assert not page.path.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.html", "a.json", "a.srt"]


def test_a_file_cannot_be_staged_where_a_folder_cannot_be(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file")
    with pytest.raises(OutputError, match="cannot write"):
        reserve(tmp_path / "taken" / "a.html")


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_outputs_get_the_permissions_of_a_new_file_not_owner_only(
    tmp_path: Path, umask: int
) -> None:
    before = os.umask(umask)
    try:
        page = stage(reserve(tmp_path / "a.html"), b"page")
        write_all({tmp_path / "a.srt": b"1\n", tmp_path / "a.html": page})
    finally:
        os.umask(before)
    for name in ("a.srt", "a.html"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask
