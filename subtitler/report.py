"""The review report: what was fixed, removed and warned about, and every cue with its measures.

:func:`report_data` is the one place the report's content is decided; the JSON file
is that data, and the HTML page (:mod:`subtitler.report_html`) shows the same rows.
Per-cue violations and measures come from the SRT linter (:func:`subtitler.check.lint`),
so the report and ``subtitler check`` never disagree.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from json.encoder import encode_basestring
from typing import NamedTuple, TypeVar

from subtitler.check import Problem, lint, measure, visible
from subtitler.formats.bilingual import overlapping
from subtitler.formats.srt import timestamps
from subtitler.languages import LanguageProfile, profile
from subtitler.models import Cue, Document, Notice, Track


class CueRow(NamedTuple):
    """One cue of a track as the report shows it.

    A NamedTuple, not a frozen dataclass: a report has a row per cue, tens of thousands,
    and a frozen dataclass takes several times as long to build.
    """

    number: int  # 1-based, as written in the SRT file
    cue: Cue
    start: str  # the cue's times as written in the SRT file, made once for both reports
    end: str
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
    lang = profile(track.language)
    cues = track.cues
    numbers = range(1, len(cues) + 1)
    measured = measure(cues, lang, numbers)
    problems = lint(measured, lang, fps=doc.fps)
    source = source_track(doc, track)
    sources = overlapping(cues, source.cues) if source else [()] * len(cues)
    # The linter measured the visible, stripped, non-blank lines: when those are the cues'
    # lines as they stand (always so for cues the pipeline makes), its widths are the rows'.
    widths = (
        measured.widths
        if measured.lines is measured.written
        else [
            seen if lines == cue.lines else _widths(cue, lang)
            for cue, lines, seen in zip(cues, measured.lines, measured.widths, strict=True)
        ]
    )
    columns = (
        numbers,
        cues,
        timestamps(measured.starts),
        timestamps(measured.ends),
        widths,
        measured.cps,
        problems,
        sources,
    )
    # Each row made from its fields as they come from zip, in C: CueRow(*fields) would
    # unpack them into arguments and pack them again, and CueRow._make is a Python
    # function (zip has checked that every row has all the fields).
    return list(map(tuple.__new__, repeat(CueRow), zip(*columns, strict=True)))


def _widths(cue: Cue, lang: LanguageProfile) -> tuple[float, ...]:
    return tuple(lang.width(visible(line)) for line in cue.lines)


def source_track(doc: Document, track: Track) -> Track | None:
    """The source-language track a translated ``track`` is shown against, if there is one."""
    source = doc.tracks.get(doc.source_language)
    return source if track.translated and source is not None and source is not track else None


def notice_data(notice: Notice) -> dict[str, object]:
    """A warning as JSON: code, line, message, plus cue and language when set."""
    data: dict[str, object] = {"code": notice.code, "line": notice.line, "message": notice.message}
    if notice.cue is not None:
        data["cue"] = notice.cue
    if notice.language is not None:
        data["language"] = notice.language
    return data


def track_rows(doc: Document) -> dict[str, list[CueRow]]:
    """The measured and linted rows of every track: compute once, pass to both reports."""
    return {language: cue_rows(doc, track) for language, track in doc.tracks.items()}


def report_data(doc: Document, rows: Mapping[str, list[CueRow]] | None = None) -> dict[str, object]:
    """The report as plain data (the JSON file's content); ``rows`` from :func:`track_rows`.

    >>> from subtitler.models import Document
    >>> data = report_data(Document("news", "en", "", (), ()))
    >>> sorted(data)
    ['encoding', 'fixes', 'name', 'removed', 'segments', 'source_language', 'tracks', 'warnings']
    """
    return _report(doc, track_rows(doc) if rows is None else rows, encoded=False)


def _report(doc: Document, rows: Mapping[str, list[CueRow]], *, encoded: bool) -> dict[str, object]:
    """The report's content, its items as dicts, or ``encoded`` as their JSON text.

    report_json writes segments, fixes, removals and cues already encoded, and the
    warnings as they are made (``iter``); report_data has them all as dicts.
    """
    collect: Callable[[Iterator[dict[str, object]]], Iterable[dict[str, object]]]
    collect = iter if encoded else list
    cues = _cue_json if encoded else _cue_data
    return {
        "source_language": doc.source_language,
        "name": doc.name,
        "encoding": doc.encoding,
        **(_transcript_json(doc) if encoded else _transcript_data(doc)),
        "warnings": collect(notice_data(n) for n in doc.warnings),
        "tracks": {
            language: {
                "translated": track.translated,
                "cues": cues(rows[language], track.translated),
                "warnings": collect(notice_data(n) for n in track.warnings),
            }
            for language, track in doc.tracks.items()
        },
    }


def _transcript_data(doc: Document) -> dict[str, object]:
    """The segments, fixes and removals of ``doc`` as dicts."""
    return {
        "segments": [
            {"role": s.role, "speaker": s.speaker, "title": s.title, "text": s.text, "line": s.line}
            for s in doc.segments
        ],
        "fixes": [
            {"rule": f.rule, "line": f.line, "before": f.before, "after": f.after}
            for f in doc.fixes
        ],
        "removed": [{"kind": r.kind, "line": r.line, "text": r.text} for r in doc.removed],
    }


def _transcript_json(doc: Document) -> dict[str, object]:
    """What the encoder makes of each item of :func:`_transcript_data`, without the dicts."""
    return {
        "segments": _Encoded(
            f'{{"role": {_string(s.role)}, "speaker": {_optional(s.speaker)}, '
            f'"title": {_optional(s.title)}, "text": {_string(s.text)}, "line": {s.line}}}'
            for s in doc.segments
        ),
        "fixes": _Encoded(
            f'{{"rule": {_string(f.rule)}, "line": {f.line}, "before": {_string(f.before)}, '
            f'"after": {_string(f.after)}}}'
            for f in doc.fixes
        ),
        "removed": _Encoded(
            f'{{"kind": {_string(r.kind)}, "line": {r.line}, "text": {_string(r.text)}}}'
            for r in doc.removed
        ),
    }


def _optional(text: str | None) -> str:
    return "null" if text is None else _string(text)


def _cue_data(rows: Sequence[CueRow], translated: bool) -> list[dict[str, object]]:
    return [_row_data(row, translated) for row in rows]


def _row_data(row: CueRow, translated: bool) -> dict[str, object]:
    data: dict[str, object] = {
        "index": row.number,
        "start": row.start,
        "end": row.end,
        "start_ms": row.cue.start_ms,
        "end_ms": row.cue.end_ms,
        "lines": list(row.cue.lines),
        "chars_per_line": list(map(plain_number, row.widths)),
        "cps": None if row.cps is None else round(row.cps, 2),
        "problems": [p.code for p in row.problems],
    }
    if translated:
        data["source_cues"] = list(row.sources)
    return data


class _Encoded(list[str]):
    """The items of a JSON list, each already encoded as one compact line."""


class _Joined:
    """The items of a JSON list, each encoded as one compact line, joined by ``join(separator)``."""

    def __init__(self, join: Callable[[str], str]) -> None:
        self.join = join


def _cue_json(rows: Sequence[CueRow], translated: bool) -> _Joined:
    """What the encoder makes of each row's :func:`_row_data`, made without the dicts.

    A report has a row per cue, tens of thousands: building each dict and encoding it
    took longer than all the linting. Here the items are made cell by cell for the whole
    track (cues share their few widths and speeds: each is written once) and joined
    once, with the layout's separator.
    """
    if not rows:
        return _Joined(lambda separator: "")
    numbers, cues, starts, ends, widths, speeds, problems, sources = zip(*rows, strict=True)
    lines = _json_lines([cue.lines for cue in cues])
    width_json: Made[float] = Made(lambda width: _number(plain_number(width)))
    widths_json: Made[tuple[float, ...]] = Made(lambda w: ", ".join(map(width_json.__getitem__, w)))
    speeds_json = Made(_speed_json)
    # What follows '"problems": [' to the end of the item.
    tails: str | list[str] = "]"
    if translated or any(problems):
        tails = [
            ", ".join([_string(p.code) for p in cue_problems])
            + (f'], "source_cues": [{", ".join(map(str, overlaps))}]' if translated else "]")
            for cue_problems, overlaps in zip(problems, sources, strict=True)
        ]
    columns = [
        '{"index": ',
        list(map(str, numbers)),
        ', "start": "',
        starts,
        '", "end": "',
        ends,
        '", "start_ms": ',
        [str(cue.start_ms) for cue in cues],
        ', "end_ms": ',
        [str(cue.end_ms) for cue in cues],
        ', "lines": [',
        lines,
        '], "chars_per_line": [',
        list(map(widths_json.__getitem__, widths)),
        '], "cps": ',
        list(map(speeds_json.__getitem__, speeds)),
        ', "problems": [',
        tails,
    ]

    def join(separator: str) -> str:
        closes = [f"}}{separator}"] * len(rows)
        closes[-1] = "}"
        return joined_rows([*columns, closes], len(rows))

    return _Joined(join)


def joined_rows(columns: Sequence[str | Sequence[str]], count: int) -> str:
    """``count`` rows joined, each the next text of every column in turn (a column that
    is one text gives it to every row).

    One list of every row's pieces, filled column by column (in C), and one join: for
    tens of thousands of rows, a string built per row and joined again took twice as long.

    >>> joined_rows(["<", ["a", "b"], ">"], 2)
    '<a><b>'
    """
    grid = [""] * (len(columns) * count)
    for place, column in enumerate(columns):
        grid[place :: len(columns)] = [column] * count if isinstance(column, str) else column
    return "".join(grid)


_string = encode_basestring  # a str as JSON, as the encoder writes it (ensure_ascii=False)


def _json_lines(groups: Sequence[tuple[str, ...]]) -> list[str]:
    """Each group of lines as the items of a JSON list: ``'"a", "b"'``.

    >>> _json_lines([("Say \\"hi\\".", "Bye."), ("x",)])
    ['"Say \\\\"hi\\\\".", "Bye."', '"x"']
    """
    text = "\n".join(map("\t".join, groups))
    if (
        text.count("\n") == len(groups) - 1
        and text.count("\t") == sum(map(len, groups)) - len(groups)
        and not any(map(text.__contains__, _ESCAPED))
    ):
        # No line has a tab or line break (nor is any group empty, which would have one
        # tab fewer than lines), so those mark where lines and groups (cues) end; and
        # quotes are all there is to escape: one pass over the whole track.
        text = text.replace('"', '\\"')
        return ('"' + text.replace("\t", '", "').replace("\n", '"\n"') + '"').split("\n")
    return [", ".join(map(_string, group)) for group in groups]


# What the encoder writes as an escape, besides quotes, tabs and line breaks.
_ESCAPED = (*[chr(n) for n in range(32) if chr(n) not in "\t\n"], "\\")


def _number(value: int | float) -> str:
    """A number as the encoder writes it: an int or a finite float as its repr."""
    return repr(value) if isinstance(value, int) or math.isfinite(value) else _COMPACT.encode(value)


def _speed_json(cps: float | None) -> str:
    return "null" if cps is None else _number(round(cps, 2))


_K = TypeVar("_K", bound=Hashable)


class Made(dict[_K, str]):
    """Texts by key, each made by ``make`` the first time it is asked for, then kept.

    For the measures of cues: a track has tens of thousands of cues, but the timing
    follows the text, so they share a few hundred widths and speeds. (Keys that are equal
    give the same text: no speed is ever -0.0, see :func:`subtitler.check.measure`.)
    """

    def __init__(self, make: Callable[[_K], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: _K) -> str:
        text = self[key] = self.make(key)
        return text


def plain_number(value: float) -> int | float:
    """``value`` as an int when it is whole (widths are 17 or 16.5, not 17.0).

    >>> plain_number(17.0), plain_number(16.5)
    (17, 16.5)
    """
    return int(value) if float(value).is_integer() else value


def report_json(doc: Document, rows: Mapping[str, list[CueRow]] | None = None) -> str:
    """The report as JSON text: UTF-8 friendly (no ``\\u`` escapes), deterministic, one item a line.

    Objects are opened key by key and every list item (a segment, a fix, a cue) is one
    compact line, so a diff of two reports shows which items changed.

    >>> print(report_json(Document("n", "en", "", (), ())), end="")
    {
      "source_language": "en",
      "name": "n",
      "encoding": "utf-8",
      "segments": [],
      "fixes": [],
      "removed": [],
      "warnings": [],
      "tracks": {}
    }
    """
    # The items are written as they are made: the tens of thousands of cue dicts never
    # all exist at once, which spares memory and the garbage collector's time.
    pieces: list[str] = []
    _layout(_report(doc, track_rows(doc) if rows is None else rows, encoded=True), "", pieces)
    pieces.append("\n")
    return "".join(pieces)


# One encoder for every item: json.dumps would build a new one per call for ensure_ascii=False.
# Items are fresh trees of plain values, so there is no cycle to look for.
_COMPACT = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _layout(value: object, indent: str, pieces: list[str]) -> None:
    """Append the JSON text of ``value`` to ``pieces``, joined once at the end (megabytes)."""
    # Not json.dumps(indent=2): with an indent CPython encodes in pure Python, about five
    # times slower than the C encoder that writes each compact item here.
    inner = indent + "  "
    if isinstance(value, dict) and value:
        separator = "{\n"
        for key, member in value.items():
            pieces.append(f"{separator}{inner}{_COMPACT.encode(key)}: ")
            _layout(member, inner, pieces)
            separator = ",\n"
        pieces.append(f"\n{indent}}}")
    elif isinstance(value, _Joined):
        items_text = value.join(f",\n{inner}")
        pieces += [f"[\n{inner}", items_text, f"\n{indent}]"] if items_text else ["[]"]
    elif isinstance(value, Iterator | _Encoded):  # a list of items, one line each
        items = value if isinstance(value, _Encoded) else list(map(_COMPACT.encode, value))
        if items:
            pieces += [f"[\n{inner}", f",\n{inner}".join(items), f"\n{indent}]"]
        else:
            pieces.append("[]")
    else:
        pieces.append(_COMPACT.encode(value))


def report_html(
    doc: Document, *, preview: str | None = None, rows: Mapping[str, list[CueRow]] | None = None
) -> str:
    """The report as one self-contained HTML page; ``preview`` is a relative path to a PNG."""
    from subtitler.report_html import render

    return render(doc, preview=preview, rows=rows)
