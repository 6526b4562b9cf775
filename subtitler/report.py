"""The review report: what was fixed, removed and warned about, and every cue with its measures.

:func:`report_data` is the one place the report's content is decided; the JSON file
is that data, and the HTML page (:mod:`subtitler.report_html`) shows the same rows.
Per-cue violations come from the SRT linter (:func:`subtitler.check.check_cues`),
so the report and ``subtitler check`` never disagree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as _json_string
from typing import Any

from subtitler.check import Problem, check_cues, reading_text, visible
from subtitler.formats.srt import SrtCue, timestamp
from subtitler.languages import cps, profile
from subtitler.models import Cue, Document, Notice, Track


@dataclass(frozen=True)
class CueRow:
    """One cue of a track as the report shows it."""

    number: int  # 1-based, as written in the SRT file
    cue: Cue
    widths: tuple[float, ...]  # visible line widths in the language's units, as the linter counts
    cps: float | None  # None when the cue has no positive duration
    problems: tuple[Problem, ...]
    sources: tuple[int, ...]  # numbers of the source-language cues it overlaps (translations)


def cue_rows(doc: Document, track: Track) -> list[CueRow]:
    """The rows of ``track``: measures, linter problems and, if translated, overlapping source cues.

    >>> from subtitler.models import Cue, Document, Track
    >>> cue = Cue(0, 500, ("Hi",), 0, (0,))
    >>> doc = Document("n", "en", "Hi", (), (), tracks={"en": Track("en", (cue,))})
    >>> row = cue_rows(doc, doc.tracks["en"])[0]
    >>> row.widths, row.cps, [p.code for p in row.problems]
    ((2.0,), 4.0, ['too-short'])
    """
    source = source_track(doc, track)
    for known, known_source, fps, rows in _recent_rows:
        if known is track and known_source is source and fps == doc.fps:
            return list(rows)
    rows = _measure_rows(track, source, doc.fps)
    _recent_rows.insert(0, (track, source, doc.fps, rows))
    del _recent_rows[_RECENT_ROWS:]
    return list(rows)


# The JSON and the HTML report show the same rows, so a run measures and lints each
# track once: the rows of the last few tracks are kept. Tracks are immutable, and the
# rows depend only on the track, its source track and the frame rate.
_RECENT_ROWS = 4
_recent_rows: list[tuple[Track, Track | None, float | None, tuple[CueRow, ...]]] = []


def _measure_rows(track: Track, source: Track | None, fps: float | None) -> tuple[CueRow, ...]:
    lang = profile(track.language)
    srt_cues = [SrtCue(n, c.start_ms, c.end_ms, c.lines) for n, c in enumerate(track.cues, 1)]
    by_cue: dict[int, list[Problem]] = {}
    for problem in check_cues(srt_cues, lang, fps=fps):
        by_cue.setdefault(problem.cue, []).append(problem)
    rows = []
    for number, cue in enumerate(track.cues, start=1):
        duration = cue.end_ms - cue.start_ms
        rows.append(
            CueRow(
                number=number,
                cue=cue,
                widths=tuple(lang.width(visible(line)) for line in cue.lines),
                cps=cps(reading_text(cue.lines), duration, lang) if duration > 0 else None,
                problems=tuple(by_cue.get(number, ())),
                sources=_overlaps(cue, source.cues) if source else (),
            )
        )
    return tuple(rows)


def source_track(doc: Document, track: Track) -> Track | None:
    """The source-language track a translated ``track`` is shown against, if there is one."""
    source = doc.tracks.get(doc.source_language)
    return source if track.translated and source is not None and source is not track else None


def _overlaps(cue: Cue, others: Sequence[Cue]) -> tuple[int, ...]:
    return tuple(
        n
        for n, other in enumerate(others, start=1)
        if other.start_ms < cue.end_ms and cue.start_ms < other.end_ms
    )


def notice_data(notice: Notice) -> dict[str, object]:
    """A warning as JSON: code, line, message, plus cue and language when set."""
    data: dict[str, object] = {"code": notice.code, "line": notice.line, "message": notice.message}
    if notice.cue is not None:
        data["cue"] = notice.cue
    if notice.language is not None:
        data["language"] = notice.language
    return data


def report_data(doc: Document) -> dict[str, object]:
    """The report as plain data (the JSON file's content).

    >>> from subtitler.models import Document
    >>> data = report_data(Document("news", "en", "", (), ()))
    >>> sorted(data)
    ['encoding', 'fixes', 'name', 'removed', 'segments', 'source_language', 'tracks', 'warnings']
    """
    return {
        "source_language": doc.source_language,
        "name": doc.name,
        "encoding": doc.encoding,
        "segments": [
            {"role": s.role, "speaker": s.speaker, "title": s.title, "text": s.text, "line": s.line}
            for s in doc.segments
        ],
        "fixes": [
            {"rule": f.rule, "line": f.line, "before": f.before, "after": f.after}
            for f in doc.fixes
        ],
        "removed": [{"kind": r.kind, "line": r.line, "text": r.text} for r in doc.removed],
        "warnings": [notice_data(n) for n in doc.warnings],
        "tracks": {
            language: {
                "translated": track.translated,
                "cues": [_row_data(row, track.translated) for row in cue_rows(doc, track)],
                "warnings": [notice_data(n) for n in track.warnings],
            }
            for language, track in doc.tracks.items()
        },
    }


def _row_data(row: CueRow, translated: bool) -> dict[str, object]:
    data: dict[str, object] = {
        "index": row.number,
        "start": timestamp(row.cue.start_ms),
        "end": timestamp(row.cue.end_ms),
        "start_ms": row.cue.start_ms,
        "end_ms": row.cue.end_ms,
        "lines": list(row.cue.lines),
        "chars_per_line": [plain_number(w) for w in row.widths],
        "cps": None if row.cps is None else round(row.cps, 2),
        "problems": [p.code for p in row.problems],
    }
    if translated:
        data["source_cues"] = list(row.sources)
    return data


def plain_number(value: float) -> int | float:
    """``value`` as an int when it is whole (widths are 17 or 16.5, not 17.0).

    >>> plain_number(17.0), plain_number(16.5)
    (17, 16.5)
    """
    return int(value) if float(value).is_integer() else value


def report_json(doc: Document) -> str:
    """The report as JSON text: UTF-8 friendly (no ``\\u`` escapes), indented, deterministic."""
    data = report_data(doc)
    try:
        return indented_json(data) + "\n"
    except _NotPlain:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class _NotPlain(Exception):
    """A value :func:`indented_json` leaves to :func:`json.dumps`."""


def indented_json(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, character for character, faster.

    The standard library writes indented JSON with its pure-Python encoder; a
    report has hundreds of thousands of values, so this writes plain data
    (dicts with string keys, lists, tuples, strings, numbers, booleans, None)
    directly and raises :class:`_NotPlain` for anything else.

    >>> print(indented_json({"a": [1, 2.5, None], "b": {}, "c": "é"}))
    {
      "a": [
        1,
        2.5,
        null
      ],
      "b": {},
      "c": "é"
    }
    """
    return _json_text(value, "\n")


def _json_text(value: object, newline: str) -> str:
    """``value`` as JSON; ``newline`` is a line break plus the current indent."""
    scalar = _JSON_SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = newline + "  "
        scalars = _JSON_SCALARS
        items = [
            writer(item) if (writer := scalars.get(type(item))) else _json_text(item, inner)
            for item in value
        ]
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + "  "
        scalars = _JSON_SCALARS
        keys = _json_keys
        members = [
            keys[key]
            + (writer(item) if (writer := scalars.get(type(item))) else _json_text(item, inner))
            for key, item in value.items()
        ]
        return "{" + inner + ("," + inner).join(members) + newline + "}"
    if isinstance(value, str):
        return _json_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _json_float(value)
    raise _NotPlain(value)


class _JsonKeys(dict[object, str]):
    """Key -> its JSON text and ``": "`` (a report repeats a few keys thousands of times)."""

    def __missing__(self, key: object) -> str:
        if not isinstance(key, str):
            raise _NotPlain(key)
        text = _json_string(key) + ": "
        if len(self) < 4096:
            self[key] = text
        return text


_json_keys = _JsonKeys()


def _json_float(value: float) -> str:
    # As json.dumps writes floats (allow_nan is its default).
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return float.__repr__(value)


# How each exact scalar type is written (subclasses take the isinstance path, as in json).
_JSON_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _json_string,
    int: int.__repr__,
    float: _json_float,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _: "null",
}


def report_html(doc: Document, *, preview: str | None = None) -> str:
    """The report as one self-contained HTML page; ``preview`` is a relative path to a PNG."""
    from subtitler.report_html import render

    return render(doc, preview=preview)
