"""The translation cache: a sentence once translated by an engine is not translated again.

Stored with the standard library's :mod:`sqlite3`: one file, no dependency, every write a
transaction (an interrupted run leaves the previous state, never half a record), and two
runs may share the cache at once (SQLite locks the file; a writer waits, ``_BUSY_S``).

A translation is keyed by the engine's identity (package, version and decoding options,
:meth:`~subtitler.translate.engine.Translator.identity`), the language pair and the exact
text sent to the engine, so a new model or a changed option never returns stale text.

The file is created lazily, at the first lookup, never at import. A cache that cannot be
used (a corrupt file, an unwritable folder) never fails a run: it is rebuilt, or skipped, and
the problem is returned as a :class:`~subtitler.models.Notice` for the report.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from subtitler.models import Notice

# How long a run waits for another run's write to finish before giving up on the cache.
_BUSY_S = 30.0
# SQLite limits the host parameters of one statement (999 in old builds): look up in chunks.
_CHUNK = 400
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    sentence TEXT NOT NULL,
    translation TEXT NOT NULL,
    PRIMARY KEY (engine, source, target, sentence)
) WITHOUT ROWID
"""


@dataclass(frozen=True)
class Lookup:
    """What :meth:`TranslationCache.get_many` found, and any problem met on the way."""

    found: dict[str, str] = field(default_factory=dict)
    notices: tuple[Notice, ...] = ()


def default_path() -> Path:
    """``$XDG_CACHE_HOME/subtitler/translations.sqlite3``, else under ``~/.cache``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "subtitler" / "translations.sqlite3"


class TranslationCache:
    """Translations on disk, keyed by (engine identity, source, target, sentence)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._broken = False  # set when the cache cannot be used this run

    @classmethod
    def default(cls) -> TranslationCache:
        """The user's cache (:func:`default_path`); nothing is touched until first use."""
        return cls(default_path())

    def get_many(self, identity: str, source: str, target: str, sentences: Iterable[str]) -> Lookup:
        """The cached translations of those ``sentences`` that have one."""
        wanted = list(dict.fromkeys(sentences))
        if not wanted or self._broken:
            return Lookup()
        found: dict[str, str] = {}
        try:
            with self._connect() as db:
                for i in range(0, len(wanted), _CHUNK):
                    chunk = wanted[i : i + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = db.execute(
                        "SELECT sentence, translation FROM translations WHERE engine = ? AND "
                        f"source = ? AND target = ? AND sentence IN ({marks})",
                        (identity, source, target, *chunk),
                    )
                    found.update(rows)
        except sqlite3.DatabaseError as exc:
            return Lookup(notices=(self._recover(exc),))
        except OSError as exc:
            return Lookup(notices=(self._give_up(exc),))
        return Lookup(found=found)

    def put_many(
        self, identity: str, source: str, target: str, pairs: Sequence[tuple[str, str]]
    ) -> tuple[Notice, ...]:
        """Store (sentence, translation) pairs; returns notices if the cache had to be skipped."""
        if not pairs or self._broken:
            return ()
        rows = [(identity, source, target, s, t) for s, t in pairs]
        try:
            with self._connect() as db:
                db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            notice = self._recover(exc)
            if self._broken:
                return (notice,)
            try:
                with self._connect() as db:
                    db.executemany(
                        "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", rows
                    )
            except (sqlite3.Error, OSError) as again:
                return (notice, self._give_up(again))
            return (notice,)
        except OSError as exc:
            return (self._give_up(exc),)
        return ()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # closing() releases the file; ``with db`` makes one transaction, rolled back on error.
        with closing(sqlite3.connect(self.path, timeout=_BUSY_S)) as db, db:
            db.execute(_SCHEMA)
            yield db

    def _recover(self, exc: sqlite3.DatabaseError) -> Notice:
        """A cache file SQLite cannot read: move it aside and start empty."""
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return self._give_up(exc)
        try:
            aside = self.path.with_name(self.path.name + ".corrupt")
            self.path.replace(aside)
            for suffix in ("-wal", "-shm", "-journal"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
        except OSError as error:
            return self._give_up(error)
        return Notice(
            code="cache-rebuilt",
            line=0,
            message=f"translation cache {self.path} was unreadable ({exc}); moved to {aside.name}"
            " and started afresh",
        )

    def _give_up(self, exc: BaseException) -> Notice:
        self._broken = True
        return Notice(
            code="cache-unavailable",
            line=0,
            message=f"translation cache {self.path} not used this run: {exc}",
        )
