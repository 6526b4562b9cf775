"""Argos translation packages: find, list, validate, install, download and remove them.

Packages live where Argos Translate keeps them, so models a user installed with Argos are found
and models installed here work with Argos. This module resolves those places itself, at call
time, with Argos' defaults (``argostranslate/settings.py``) instead of importing
``argostranslate``, whose import creates directories under HOME:

* packages dir: ``$ARGOS_PACKAGES_DIR``, else the ``ARGOS_PACKAGES_DIR`` key of
  ``$XDG_CONFIG_HOME/argos-translate/settings.json`` (``~/.config`` when unset), else
  ``$XDG_DATA_HOME/argos-translate/packages`` (``~/.local/share`` when unset);
* package index: ``$ARGOS_PACKAGE_INDEX`` (a URL prefix; ``index.json`` is appended), else the same
  settings key, else Argos' public index on GitHub.

Argos extracts a downloaded archive with no checks at all; here every archive is validated
before a byte is extracted (:func:`validate_archive`), extracted into a temporary folder inside
the packages dir and moved into place with a rename, so a failure never leaves a half-installed
package and an older version stays intact until the new one is complete.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from subtitler.errors import ModelError

Tokenizer = Literal["sentencepiece", "bpe"]
Progress = Callable[[int, int | None], None]

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
# A real Argos package unpacks to 100-400 MB; 2 GiB leaves room while refusing a zip bomb.
DEFAULT_MAX_UNPACKED_BYTES = 2 * 1024**3
# Real packages hold a handful of files (model, vocabulary, tokenizer, a sentence splitter).
DEFAULT_MAX_MEMBERS = 10_000
# Deflate tops out near 1032:1; a member packed tighter than this is not a model.
DEFAULT_MAX_RATIO = 1000
# Seconds to wait for the index or a download to answer before calling it unreachable.
DEFAULT_TIMEOUT_S = 15.0
_CHUNK = 1 << 20

_CODE = re.compile(r"^[a-z]{2,3}$")
_VERSION = re.compile(r"^[0-9][0-9A-Za-z.+-]{0,31}$")
_FOLDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_STAGING_PREFIX = ".subtitler-"


@dataclass(frozen=True)
class InstalledPackage:
    """A translation package unpacked in the packages dir."""

    code: str
    from_code: str
    to_code: str
    version: str
    path: Path
    tokenizer: Tokenizer
    target_prefix: str
    metadata: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def model_path(self) -> Path:
        """The CTranslate2 model folder."""
        return self.path / "model"

    @property
    def tokenizer_path(self) -> Path:
        return self.path / (
            "sentencepiece.model" if self.tokenizer == "sentencepiece" else "bpe.model"
        )


@dataclass(frozen=True)
class AvailablePackage:
    """A package listed in the package index."""

    from_code: str
    to_code: str
    version: str
    code: str
    links: tuple[str, ...]
    name: str = ""
    metadata: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


def _home() -> Path:
    return Path(os.environ.get("HOME") or Path.home())


def _argos_setting(key: str) -> str | None:
    """An Argos setting: the environment first, then Argos' settings.json (as Argos reads it)."""
    value = os.environ.get(key)
    if value:
        return value
    config = Path(os.environ.get("XDG_CONFIG_HOME") or _home() / ".config")
    try:
        settings = json.loads((config / "argos-translate" / "settings.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    found = settings.get(key) if isinstance(settings, dict) else None
    return found if isinstance(found, str) and found else None


def default_packages_dir() -> Path:
    """Where Argos keeps packages, resolved from the environment now (see the module docstring)."""
    configured = _argos_setting("ARGOS_PACKAGES_DIR")
    if configured:
        return Path(configured).expanduser()
    data = Path(os.environ.get("XDG_DATA_HOME") or _home() / ".local" / "share")
    return data / "argos-translate" / "packages"


def default_index_url() -> str:
    """The package index URL prefix (``index.json`` is appended to it)."""
    return _argos_setting("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX_URL


def version_key(version: str) -> tuple[int, ...]:
    """Order package versions numerically.

    >>> version_key("1.10") > version_key("1.9")
    True
    """
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _check_metadata(metadata: object, where: str) -> dict[str, Any]:
    if not isinstance(metadata, dict):
        raise ModelError(f"{where}: metadata.json is not a JSON object")
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if not isinstance(value, str) or not _CODE.match(value):
            raise ModelError(f"{where}: metadata.json has no valid {key} (got {value!r})")
    version = metadata.get("package_version")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise ModelError(f"{where}: metadata.json has no valid package_version (got {version!r})")
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise ModelError(f"{where}: not a translation package (type {kind!r})")
    prefix = metadata.get("target_prefix", "")
    if not isinstance(prefix, str):
        raise ModelError(f"{where}: target_prefix must be a string")
    return metadata


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a zip member may not be extracted, or None when it is safe."""
    name = info.filename
    if "\\" in name or "\x00" in name:
        return "has a backslash or NUL in its name"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "has an absolute path"
    if ".." in PurePosixPath(name).parts:
        return "climbs out of the package with '..'"
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    # Archivers that record no file type (Python's writestr) leave the type bits zero.
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "is not a regular file or folder"
    return None


def validate_archive(
    path: Path,
    *,
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_ratio: int = DEFAULT_MAX_RATIO,
) -> dict[str, Any]:
    """Check an ``.argosmodel`` archive without extracting it; return its metadata.

    Refuses (with :class:`ModelError`) anything but a zip holding exactly one top-level folder
    with ``metadata.json`` (valid codes and version), ``model/model.bin`` and a tokenizer, and any
    member that could escape the folder (absolute, ``..``, backslash, symlink) or that unpacks to
    more than the limits allow (a zip bomb).
    """
    where = path.name
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{where}: not an Argos package (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            if not members:
                raise ModelError(f"{where}: the archive is empty")
            if len(members) > max_members:
                raise ModelError(f"{where}: {len(members)} files, more than {max_members}")
            total = 0
            tops: set[str] = set()
            names: set[str] = set()
            for info in members:
                problem = _member_problem(info)
                if problem:
                    raise ModelError(f"{where}: refused, member {info.filename!r} {problem}")
                parts = PurePosixPath(info.filename).parts
                tops.add(parts[0])
                if len(parts) == 1 and not info.is_dir():
                    raise ModelError(
                        f"{where}: file {info.filename!r} is outside the package folder"
                    )
                names.add("/".join(parts[1:]))
                total += info.file_size
                if total > max_unpacked_bytes:
                    raise ModelError(
                        f"{where}: refused, unpacks to more than {max_unpacked_bytes} bytes"
                    )
                if info.file_size > max_ratio * max(info.compress_size, 1):
                    raise ModelError(
                        f"{where}: refused, {info.filename!r} is compressed more than "
                        f"{max_ratio}:1 (a zip bomb?)"
                    )
            if len(tops) != 1:
                raise ModelError(f"{where}: must hold exactly one folder, found {sorted(tops)}")
            top = next(iter(tops))
            if not _FOLDER.match(top):
                raise ModelError(f"{where}: unusable package folder name {top!r}")
            if "metadata.json" not in names:
                raise ModelError(f"{where}: metadata.json is missing")
            if "model/model.bin" not in names:
                raise ModelError(f"{where}: model/model.bin is missing")
            if not names & {"sentencepiece.model", "bpe.model"}:
                raise ModelError(f"{where}: no tokenizer (sentencepiece.model or bpe.model)")
            meta_info = zf.getinfo(f"{top}/metadata.json")
            if meta_info.file_size > 1 << 20:
                raise ModelError(f"{where}: metadata.json is implausibly large")
            try:
                metadata = json.loads(zf.read(meta_info).decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise ModelError(f"{where}: metadata.json is not valid JSON ({exc})") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as exc:
        raise ModelError(f"{where}: unreadable archive ({exc})") from None
    return _check_metadata(metadata, where)


def _read_installed(folder: Path) -> InstalledPackage | None:
    """The package in ``folder``, or None when it is not a usable translation package."""
    try:
        metadata = _check_metadata(
            json.loads((folder / "metadata.json").read_text("utf-8")), folder.name
        )
    except (OSError, ValueError, ModelError):
        return None
    if (folder / "sentencepiece.model").is_file():
        tokenizer: Tokenizer = "sentencepiece"
    elif (folder / "bpe.model").is_file():
        tokenizer = "bpe"
    else:
        return None
    if not (folder / "model" / "model.bin").is_file():
        return None
    from_code, to_code = metadata["from_code"], metadata["to_code"]
    code = metadata.get("code")
    return InstalledPackage(
        code=code if isinstance(code, str) and code else f"translate-{from_code}_{to_code}",
        from_code=from_code,
        to_code=to_code,
        version=metadata["package_version"],
        path=folder,
        tokenizer=tokenizer,
        target_prefix=metadata.get("target_prefix", ""),
        metadata=metadata,
    )


def missing_model_message(source: str, target: str, reason: str = "") -> str:
    """One line saying how to install the ``source``→``target`` model.

    >>> print(missing_model_message("en", "ko"))  # doctest: +ELLIPSIS
    No en→ko translation model installed. Run `subtitler models install en ko` ...
    """
    because = f" ({reason})" if reason else ""
    return (
        f"No {source}→{target} translation model installed{because}. Run "
        f"`subtitler models install {source} {target}` to download it, or "
        f"`subtitler models install FILE.argosmodel` to install a package file."
    )


class PackageStore:
    """The translation packages in one packages dir, and the index to fetch more from.

    ``packages_dir`` and ``index_url`` default to Argos' settings, read from the environment
    each time they are needed (see the module docstring).
    """

    def __init__(
        self,
        packages_dir: Path | None = None,
        index_url: str | None = None,
        *,
        max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
        timeout: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self._packages_dir = packages_dir
        self._index_url = index_url
        self.max_unpacked_bytes = max_unpacked_bytes
        self.timeout = timeout

    @property
    def packages_dir(self) -> Path:
        return self._packages_dir if self._packages_dir is not None else default_packages_dir()

    @property
    def index_url(self) -> str:
        return self._index_url if self._index_url is not None else default_index_url()

    # -- what is installed -------------------------------------------------------------------

    def installed(self) -> list[InstalledPackage]:
        """Installed translation packages, sorted by pair then version."""
        root = self.packages_dir
        if not root.is_dir():
            return []
        found = [
            package
            for folder in root.iterdir()
            if folder.is_dir() and not folder.name.startswith(".")
            for package in [_read_installed(folder)]
            if package is not None
        ]
        return sorted(found, key=lambda p: (p.from_code, p.to_code, version_key(p.version)))

    def find(self, source: str, target: str) -> InstalledPackage | None:
        """The newest installed package translating ``source`` to ``target``, if any."""
        matches = [p for p in self.installed() if (p.from_code, p.to_code) == (source, target)]
        return matches[-1] if matches else None

    # -- the index ---------------------------------------------------------------------------

    def available(self) -> list[AvailablePackage]:
        """Translation packages listed in the index; :class:`ModelError` when it is unreachable."""
        url = self.index_url
        index_url = url if url.endswith(".json") else url.rstrip("/") + "/index.json"
        try:
            with urllib.request.urlopen(index_url, timeout=self.timeout) as response:
                data = response.read(64 << 20)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ModelError(f"package index {index_url} unreachable ({_reason(exc)})") from None
        try:
            entries = json.loads(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ModelError(f"package index {index_url} is not valid JSON") from None
        if not isinstance(entries, list):
            raise ModelError(f"package index {index_url} is not a JSON list")
        packages = []
        for entry in entries:
            try:
                metadata = _check_metadata(entry, "index entry")
            except ModelError:
                continue  # other package types (sentence splitters) or entries we cannot use
            links = metadata.get("links", [])
            if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
                continue
            from_code, to_code = metadata["from_code"], metadata["to_code"]
            packages.append(
                AvailablePackage(
                    from_code=from_code,
                    to_code=to_code,
                    version=metadata["package_version"],
                    code=str(metadata.get("code") or f"translate-{from_code}_{to_code}"),
                    links=tuple(links),
                    name=f"{metadata.get('from_name', from_code)} → "
                    f"{metadata.get('to_name', to_code)}",
                    metadata=metadata,
                )
            )
        return packages

    # -- installing --------------------------------------------------------------------------

    def install_file(self, path: Path) -> InstalledPackage:
        """Validate and install an ``.argosmodel`` file, replacing an older package of its pair."""
        metadata = validate_archive(path, max_unpacked_bytes=self.max_unpacked_bytes)
        root = self.packages_dir
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=root))
        try:
            folder = _extract(path, staging, self.max_unpacked_bytes)
            unpacked = staging / folder
            package = _read_installed(unpacked)
            if package is None:
                raise ModelError(f"{path.name}: the unpacked package is incomplete")
            previous = [
                p
                for p in self.installed()
                if (p.from_code, p.to_code) == (metadata["from_code"], metadata["to_code"])
                or p.path.name == folder
            ]
            final = root / folder
            backups: list[tuple[Path, Path]] = []
            for old in previous:
                # Move old versions aside (same filesystem: a rename) and restore them on failure.
                backup = staging / f"old-{len(backups)}"
                os.replace(old.path, backup)
                backups.append((backup, old.path))
            try:
                os.replace(unpacked, final)
            except OSError as exc:
                for backup, original in backups:
                    os.replace(backup, original)
                raise ModelError(f"{path.name}: cannot install into {root} ({exc})") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        installed = _read_installed(final)
        if installed is None:  # pragma: no cover - just moved a package checked above
            raise ModelError(f"{path.name}: installation failed")
        return installed

    def install_from_index(
        self, source: str, target: str, progress: Progress | None = None
    ) -> InstalledPackage:
        """Download the newest ``source``→``target`` package from the index and install it.

        ``progress(done_bytes, total_bytes_or_None)`` is called as the download proceeds.
        """
        candidates = [p for p in self.available() if (p.from_code, p.to_code) == (source, target)]
        if not candidates:
            raise ModelError(f"the package index {self.index_url} has no {source}→{target} package")
        package = max(candidates, key=lambda p: version_key(p.version))
        if not package.links:
            raise ModelError(f"the index entry for {package.code} has no download link")
        root = self.packages_dir
        root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=_STAGING_PREFIX, suffix=".argosmodel", dir=root)
        os.close(fd)
        download = Path(name)
        try:
            errors = []
            for link in package.links:
                try:
                    self._download(link, download, progress)
                    break
                except ModelError as exc:
                    errors.append(str(exc))
            else:
                raise ModelError("; ".join(errors))
            return self.install_file(download)
        finally:
            download.unlink(missing_ok=True)

    def _download(self, url: str, dest: Path, progress: Progress | None) -> None:
        if not url.lower().startswith(("http://", "https://", "file:")):
            raise ModelError(f"refusing to download from {url!r} (not http, https or file)")
        try:
            with (
                urllib.request.urlopen(url, timeout=self.timeout) as response,
                dest.open("wb") as out,
            ):
                length = response.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
                if total is not None and total > self.max_unpacked_bytes:
                    raise ModelError(f"download {url} is {total} bytes, larger than allowed")
                done = 0
                if progress:
                    progress(done, total)
                while chunk := response.read(_CHUNK):
                    out.write(chunk)
                    done += len(chunk)
                    if done > self.max_unpacked_bytes:
                        raise ModelError(f"download {url} is larger than allowed")
                    if progress:
                        progress(done, total)
                if total is not None and done != total:
                    raise ModelError(f"download {url} stopped after {done} of {total} bytes")
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ModelError(f"download {url} failed ({_reason(exc)})") from None

    def remove(self, source: str, target: str) -> InstalledPackage:
        """Remove the installed ``source``→``target`` package (every version) and return it."""
        matches = [p for p in self.installed() if (p.from_code, p.to_code) == (source, target)]
        if not matches:
            raise ModelError(f"no {source}→{target} translation model is installed")
        for package in matches:
            shutil.rmtree(package.path)
        return matches[-1]

    def ensure(
        self, source: str, target: str, *, offline: bool, progress: Progress | None = None
    ) -> InstalledPackage:
        """The installed package for the pair, downloading it first unless ``offline``.

        Raises :class:`ModelError` with the command that installs it when it is missing and
        cannot be downloaded.
        """
        found = self.find(source, target)
        if found is not None:
            return found
        if offline:
            raise ModelError(missing_model_message(source, target, "offline, not downloading"))
        try:
            return self.install_from_index(source, target, progress)
        except ModelError as exc:
            raise ModelError(missing_model_message(source, target, str(exc))) from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        return str(exc.reason)
    return str(exc)


def _extract(archive: Path, dest: Path, max_bytes: int) -> str:
    """Extract a validated archive into ``dest`` member by member; return its folder name.

    Sizes are counted while writing, so an archive whose headers lie about sizes is stopped too;
    zipfile checks each member's CRC as it is read.
    """
    written = 0
    try:
        with zipfile.ZipFile(archive) as zf:
            folder = PurePosixPath(zf.infolist()[0].filename).parts[0]
            for info in zf.infolist():
                target = dest.joinpath(*PurePosixPath(info.filename).parts)
                if not target.resolve().is_relative_to(dest.resolve()):
                    raise ModelError(f"{archive.name}: member {info.filename!r} escapes")
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, target.open("wb") as out:
                    while chunk := src.read(_CHUNK):
                        written += len(chunk)
                        if written > max_bytes:
                            raise ModelError(f"{archive.name}: unpacks to more than allowed")
                        out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise ModelError(f"{archive.name}: corrupt archive ({exc})") from None
    return folder
