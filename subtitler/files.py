"""Writing outputs safely: each file appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from subtitler.errors import OutputError


@dataclass(frozen=True)
class Staged:
    """A file's content already written and flushed to disk under a temporary name in its
    target's folder (see :func:`reserve`): :func:`write_all` only renames it into place.

    A worker process that makes a large file stages it itself, rather than send its bytes
    back through a pipe for this process to write.
    """

    path: Path


def reserve(target: Path) -> Path:
    """A new, empty temporary file in ``target``'s folder (made if missing), for its
    content to be staged in by :func:`stage`; OutputError when it cannot be made.

    It has the permissions a new file gets from ``open()`` (0o666 less the umask), not
    mkstemp's owner-only 0o600: outputs are often read by other accounts (an editing
    workstation, a web server) from a shared folder.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _cannot_write(target, exc) from exc
    try:
        os.fchmod(fd, _new_file_mode())
    finally:
        os.close(fd)
    return Path(name)


def _new_file_mode() -> int:
    """0o666 less this process's umask, which can only be read by setting it (and back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def stage(reserved: Path, data: bytes) -> Staged:
    """``data`` written to the ``reserved`` file and flushed to disk."""
    with reserved.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return Staged(reserved)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never half of one; on failure the
    temporary file is removed and the old file (if any) is left as it was.
    """
    reserved = reserve(path)
    try:
        stage(reserved, data)
        os.replace(reserved, path)
    except BaseException:
        reserved.unlink(missing_ok=True)
        raise


def write_all(files: Mapping[Path, bytes | Staged]) -> None:
    """Write every file atomically, or rename a staged one into place; OutputError names
    the file that could not be written. Staged files not renamed (a failure came first)
    are removed."""
    try:
        for path, data in files.items():
            try:
                if isinstance(data, Staged):
                    os.replace(data.path, path)
                else:
                    write_atomic(path, data)
            except OSError as exc:
                raise _cannot_write(path, exc) from exc
    finally:
        for data in files.values():
            if isinstance(data, Staged):
                data.path.unlink(missing_ok=True)  # nothing left there once renamed


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")
