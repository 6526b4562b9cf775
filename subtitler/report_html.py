"""The review report as one self-contained HTML page (inline CSS, no script, no external resource).

Layout: a summary, the original and cleaned transcripts side by side (fixed lines
highlighted, removed lines struck through), the lists of fixes, removals and
warnings, then one cue table per language with every violation in red. Every piece
of text from the transcript goes through :func:`escape` (what :func:`html.escape` does).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import compress
from operator import attrgetter
from typing import TypeVar

from subtitler.check import min_gap_ms
from subtitler.constants import MAX_CUE_MS, MIN_CUE_MS
from subtitler.errors import OutputError
from subtitler.languages import LANGUAGE_NAMES, profile
from subtitler.models import Cue, Document, Fix, Notice, Removal, Segment, Track
from subtitler.report import CueRow, Made, joined_rows, source_track, track_rows

_Located = TypeVar("_Located", Fix, Removal)


def escape(text: str) -> str:
    """What :func:`html.escape` makes of ``text``: ``& < > " '`` as character references.

    Each character is looked for before it is replaced: most text has none of them, and a
    search (memchr) is many times faster than the count a replace starts with. (Not
    html.escape itself: importing the html module took longer than escaping a report.)

    >>> escape("Tom & 'Jerry' <b>")
    'Tom &amp; &#x27;Jerry&#x27; &lt;b&gt;'
    """
    if "&" in text:
        text = text.replace("&", "&amp;")  # first, so no reference made here is escaped
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "'" in text:
        text = text.replace("'", "&#x27;")
    return text


def escape_each(texts: Sequence[str]) -> list[str]:
    """:func:`escape` of each of ``texts``, in one pass over them all.

    >>> escape_each(["a & b", "", "<c>"])
    ['a &amp; b', '', '&lt;c&gt;']
    """
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:
        return list(map(escape, texts))  # no texts, or one with the separator in it
    # Escaping leaves the separator as it is, so the texts are where they were.
    return escape(joined).split(_SEPARATOR)


_SEPARATOR = "\x00"  # in no text of a transcript


_FONTS = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR", '
    '"Malgun Gothic", "Apple SD Gothic Neo", "Nanum Gothic", sans-serif'
)

_CSS = """
:root { --fix: #fff3b0; --del: #fde2e2; --bad: #b3261e; --line: #d9dce1; --zebra: #f6f7f9; }
* { box-sizing: border-box; }
body { font-family: FONTS; margin: 0 auto; max-width: 1400px; padding: 1rem 1.5rem 3rem;
       color: #1d1f23; line-height: 1.5; font-size: 15px; }
h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #333; }
h3 { margin: 1rem 0 .5rem; }
.meta { color: #555; margin: 0; }
nav a { margin-right: 1rem; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem; min-width: 9rem; }
.card b { display: block; font-size: 1.4rem; }
.card.alert b { color: var(--bad); }
.legend span { display: inline-block; margin-right: 1rem; padding: 0 .4rem; border-radius: 3px; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; align-items: start; }
@media (max-width: 900px) { .side { grid-template-columns: 1fr; } }
.lines { list-style: none; padding: 0; margin: 0; font-size: .92rem; }
.lines li { display: grid; grid-template-columns: 3.2rem 1fr; border-bottom: 1px solid #eee; }
.lines .ln { color: #888; text-align: right; padding-right: .6rem; user-select: none; }
.lines .tx { white-space: pre-wrap; word-break: break-word; }
.fixed, mark { background: var(--fix); }
.removed { background: var(--del); }
.removed .tx { text-decoration: line-through; color: #7a2020; }
.tag { font-size: .75rem; border-radius: 3px; padding: 0 .35rem; margin-left: .4rem;
       background: #eceff3; color: #333; white-space: nowrap; text-decoration: none; }
.removed .tag { background: #f6c1c1; }
.fixed .tag { background: #f1dd73; }
.segment { border-left: 4px solid #9aa4b2; padding: .2rem .8rem; margin-bottom: .8rem; }
.segment.fixed { border-left-color: #d4b106; }
.who { font-size: .85rem; color: #444; font-weight: 600; }
.segment p { margin: .2rem 0; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin-top: .75rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top;
         text-align: left; }
thead th { position: sticky; top: 0; background: #2f3640; color: #fff; z-index: 1; }
tbody tr:nth-child(even) { background: var(--zebra); }
td.num, th.num { width: 1%; text-align: right; font-variant-numeric: tabular-nums;
                 white-space: nowrap; }
td.time { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
          white-space: nowrap; }
tr.bad td { background: #fff0ef; }
.over, .problems { color: var(--bad); font-weight: 600; }
.problems ul { margin: 0; padding-left: 1.1rem; }
.src { color: #444; font-size: .88rem; }
.src > span { display: block; }
.src .n { color: #888; margin-right: .3rem; }
td.rule { white-space: nowrap; }
td.text { white-space: nowrap; }
del { background: var(--del); color: #7a2020; }
ins { background: #c9f2d0; text-decoration: none; }
code { white-space: pre-wrap; background: #f1f2f4; padding: 0 .2rem; border-radius: 3px; }
.ok { color: #1b7f3b; }
figure { margin: 1rem 0; } figure img { max-width: 100%; border: 1px solid var(--line); }
""".replace("FONTS", _FONTS)


def render(
    doc: Document, *, preview: str | None = None, rows: Mapping[str, list[CueRow]] | None = None
) -> str:
    """The whole page for ``doc``; ``preview`` must be a relative path (the page stays offline).

    >>> from subtitler.models import Document
    >>> page = render(Document("a<b", "en", "x", (), ()))
    >>> page.startswith("<!DOCTYPE html>") and "a&lt;b" in page
    True
    """
    return render_utf8(doc, preview=preview, rows=rows).decode()


def render_utf8(
    doc: Document, *, preview: str | None = None, rows: Mapping[str, list[CueRow]] | None = None
) -> bytes:
    """:func:`render` encoded as UTF-8, the file's content.

    The cue tables come as UTF-8 already (see :func:`_cue_rows`). Of the rest, a piece
    of ASCII (most lines of an English transcript) is copied as it is, while text as a
    whole, with its few other characters, is wider in memory and encoded character by
    character; but where most pieces are not ASCII (Korean), one call for all of them
    beats a call per piece.
    """
    encoded: list[bytes] = []
    texts: list[str] = []
    for piece in [*_pieces(doc, preview, rows), b""]:
        if isinstance(piece, str):
            texts.append(piece)
            continue
        if sum(map(str.isascii, texts)) * 2 > len(texts):
            encoded += [text.encode() for text in texts]
        else:
            encoded.append("".join(texts).encode())
        texts = []
        encoded.append(piece)
    # The page is joined once: its cue tables and transcripts run to megabytes, and
    # every join is another copy.
    return b"".join(encoded)


def _pieces(
    doc: Document, preview: str | None, rows: Mapping[str, list[CueRow]] | None
) -> list[str | bytes]:
    """The page in pieces to be joined, text or (the cue tables) UTF-8."""
    if preview is not None and _is_external(preview):
        raise OutputError(f"preview must be a relative path to a PNG, not {preview!r}")
    rows = track_rows(doc) if rows is None else rows
    title = f"Subtitle review: {doc.name}"
    body = [
        f"<header><h1>{escape(title)}</h1>",
        f'<p class="meta">Source language: {escape(_language(doc.source_language))}'
        f" · Transcript encoding: {escape(doc.encoding)}</p>",
        _nav(doc),
        "</header>",
        _summary(doc, rows),
        preview_figure(preview) if preview else PREVIEW_SLOT,
        _transcripts(doc),
        _changes(doc.fixes, doc.removed),
        _warnings("Warnings", "warnings", doc.warnings, level=2),
    ]
    head = (
        "<!DOCTYPE html>\n"
        # The page speaks English; transcript and cue text carry their own lang (CJK fonts).
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>"
    )
    # Sections one a line.
    pieces: list[str | bytes] = [head]
    for part in body:
        if part:
            pieces.append("\n")
            if isinstance(part, str):
                pieces.append(part)
            else:
                pieces += part
    for language, track in doc.tracks.items():
        pieces.append("\n")
        pieces += _track(doc, track, rows[language])
    pieces.append("\n</body>\n</html>\n")
    return pieces


def _is_external(path: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//", path))


def _language(code: str) -> str:
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


def _nav(doc: Document) -> str:
    links = [("#summary", "Summary"), ("#transcript", "Transcript"), ("#changes", "Fixes")]
    links += [("#warnings", "Warnings")]
    links += [(f"#track-{lang}", f"{_language(lang)} cues") for lang in doc.tracks]
    items = "".join(f'<a href="{escape(href)}">{escape(text)}</a>' for href, text in links)
    return f"<nav>{items}</nav>"


def _summary(doc: Document, rows: Mapping[str, list[CueRow]]) -> str:
    cards = [
        _card("fixes", len(doc.fixes)),
        _card("lines removed", len(doc.removed)),
        _card("warnings", len(doc.warnings), alert=bool(doc.warnings)),
        _card("speaker segments", len(doc.segments)),
    ]
    for language, language_rows in rows.items():
        bad = _count_bad(language_rows)
        cards.append(_card(f"{_language(language)} cues", len(language_rows)))
        cards.append(_card(f"{language} cues with violations", bad, alert=bad > 0))
    return (
        f'<section id="summary"><h2>Summary</h2><div class="cards">{"".join(cards)}</div></section>'
    )


def _card(label: str, count: int, *, alert: bool = False) -> str:
    css = "card alert" if alert else "card"
    return f'<div class="{css}"><b>{count}</b>{escape(label)}</div>'


# Where a preview goes when the report is written before one exists: `subtitler preview`
# renders it later and puts the figure here (see insert_preview).
PREVIEW_SLOT = "<!--subtitler:preview-->"


def insert_preview(page: str, path: str) -> str:
    """The report page with a link to the preview at ``path`` in its slot (if it has one).

    >>> insert_preview(f"<main>{PREVIEW_SLOT}</main>", "n.en.preview.png").count("<img")
    1
    """
    if _is_external(path):
        raise OutputError(f"preview must be a relative path to a PNG, not {path!r}")
    if f'src="{escape(path)}"' in page:
        return page
    return page.replace(PREVIEW_SLOT, preview_figure(path) + PREVIEW_SLOT, 1)


def preview_figure(path: str) -> str:
    """The figure that shows and links one preview image."""
    src = escape(path)
    return (
        f'<figure><a href="{src}"><img src="{src}" alt="Preview of the subtitles on screen"></a>'
        f"<figcaption>Preview: {src}</figcaption></figure>"
    )


def _transcripts(doc: Document) -> list[str]:
    """The transcript section, in pieces."""
    fixes_by_line = _by_line(doc.fixes)
    removed_by_line = _by_line(doc.removed)
    # Escaped as a whole, then split: escaping neither adds nor removes a line break, so the
    # lines are the same as escaped one by one, for one call instead of one a line.
    lines = escape(doc.original_text).splitlines()
    # Most lines have no fix and no removal: made here; the others by _original_line.
    original = [
        f'<li id="L{number}"><span class="ln">{number}</span><span class="tx">{line}</span></li>'
        for number, line in enumerate(lines, start=1)
    ]
    for number in fixes_by_line.keys() | removed_by_line.keys():
        if 0 < number <= len(lines):
            original[number - 1] = _original_line(
                number,
                lines[number - 1],
                fixes_by_line.get(number, ()),
                removed_by_line.get(number, ()),
            )
    texts = escape_each([segment.text for segment in doc.segments])
    cleaned = [
        _segment(segment, text, fixes_by_line)
        for segment, text in zip(doc.segments, texts, strict=True)
    ]
    legend = (
        '<p class="legend"><span class="fixed">changed by a cleaning rule (hover for details)'
        "</span>"
        '<span class="removed"><s>removed</s></span></p>'
    )
    lang = escape(doc.source_language)
    return [
        '<section id="transcript"><h2>Transcript</h2>',
        legend,
        f'<div class="side"><div><h3>Original</h3><ol class="lines" lang="{lang}">',
        *original,
        f'</ol></div><div><h3>Cleaned</h3><div lang="{lang}">',
        *(cleaned or ["<p>No speech found.</p>"]),
        "</div></div></div></section>",
    ]


def _by_line(items: Iterable[_Located]) -> dict[int, list[_Located]]:
    grouped: dict[int, list[_Located]] = {}
    for item in items:
        grouped.setdefault(item.line, []).append(item)
    return grouped


def _fix_note(fix: Fix) -> str:
    return f"{fix.rule}: {fix.before!r} → {fix.after!r}"


def _original_line(
    number: int, line: str, fixes: Sequence[Fix], removals: Sequence[Removal]
) -> str:
    """Line ``number`` of the transcript; ``line`` comes escaped from :func:`_transcripts`."""
    attrs = tags = ""
    if fixes or removals:  # most lines have neither: no class, no title, no tags
        classes = [css for css, items in (("fixed", fixes), ("removed", removals)) if items]
        notes = [_fix_note(f) for f in fixes] + [f"removed: {r.kind}" for r in removals]
        tags = "".join(f'<span class="tag">{escape(f.rule)}</span>' for f in fixes)
        tags += "".join(f'<span class="tag">removed: {escape(r.kind)}</span>' for r in removals)
        attrs = f' class="{" ".join(classes)}" title="{escape(chr(10).join(notes))}"'
    return (
        f'<li id="L{number}"{attrs}><span class="ln">{number}</span>'
        f'<span class="tx">{line}{tags}</span></li>'
    )


def _segment(segment: Segment, text: str, fixes_by_line: dict[int, list[Fix]]) -> str:
    """One segment of the cleaned transcript; ``text`` is its text, escaped."""
    fixes: list[Fix] = []
    if fixes_by_line:  # else no line has a fix, nor has this segment
        numbers = {line.number for line in segment.lines} | {segment.line}
        fixes = [fix for number in sorted(numbers) for fix in fixes_by_line.get(number, ())]
    who = " · ".join(filter(None, (segment.role, segment.speaker, segment.title)))
    tags = title = ""
    if fixes:  # most segments have none
        tags = "".join(f'<span class="tag">{escape(fix.rule)}</span>' for fix in fixes)
        title = escape("\n".join(_fix_note(f) for f in fixes))
    css = "segment fixed" if fixes else "segment"
    paragraphs = text.split("\n")
    if not all(map(str.strip, paragraphs)):
        paragraphs = [p for p in paragraphs if p.strip()]
    paragraphs_html = "".join(["<p>", "</p><p>".join(paragraphs), "</p>"]) if paragraphs else ""
    return (
        f'<div class="{css}" title="{title}"><div class="who">{escape(who)} '
        f'<a href="#L{segment.line}">line {segment.line}</a>{tags}</div>{paragraphs_html}</div>'
    )


def _changes(fixes: Sequence[Fix], removed: Sequence[Removal]) -> str:
    fix_rows = "".join(
        f'<tr><td class="rule">{escape(f.rule)}</td>'
        f'<td class="num"><a href="#L{f.line}">{f.line}</a></td>'
        f"<td><code>{_marked(f.before, f.after, 'del')}</code></td>"
        f"<td><code>{_marked(f.after, f.before, 'ins')}</code></td></tr>"
        for f in fixes
    )
    removed_rows = "".join(
        f'<tr><td>{escape(r.kind)}</td><td class="num"><a href="#L{r.line}">{r.line}</a></td>'
        f"<td><s>{escape(r.text)}</s></td></tr>"
        for r in removed
    )
    fix_table = (
        "<table><thead><tr><th>Rule</th><th class=num>Line</th><th>Before</th><th>After</th>"
        f"</tr></thead><tbody>{fix_rows}</tbody></table>"
        if fixes
        else '<p class="ok">No fixes were needed.</p>'
    )
    removed_table = (
        "<table><thead><tr><th>Kind</th><th class=num>Line</th><th>Removed text</th></tr>"
        f"</thead><tbody>{removed_rows}</tbody></table>"
        if removed
        else '<p class="ok">Nothing was removed.</p>'
    )
    return (
        f'<section id="changes"><h2>Fixes ({len(fixes)})</h2>{fix_table}'
        f"<h2>Removed ({len(removed)})</h2>{removed_table}</section>"
    )


def _marked(text: str, other: str, tag: str) -> str:
    """``text`` escaped, with the part that differs from ``other`` wrapped in ``tag``.

    Only the span between the common prefix and suffix is marked: a cleaning fix
    changes one place, and that is where the eye should go.

    >>> _marked("a  b", "a b", "del")
    'a <del> </del>b'
    """
    shorter = min(len(text), len(other))
    prefix = next((i for i, (a, b) in enumerate(zip(text, other, strict=False)) if a != b), shorter)
    room = shorter - prefix
    suffix = 0
    while suffix < room and text[-1 - suffix] == other[-1 - suffix]:
        suffix += 1
    middle = text[prefix : len(text) - suffix]
    changed = f"<{tag}>{escape(middle)}</{tag}>" if middle else ""
    return escape(text[:prefix]) + changed + escape(text[len(text) - suffix :])


def _warnings(heading: str, anchor: str, notices: Sequence[Notice], level: int = 3) -> str:
    start = f'<section id="{escape(anchor)}"><h{level}>{escape(heading)}'
    if not notices:
        return f'{start}</h{level}><p class="ok">None.</p></section>'
    rows = "".join(
        f"<tr><td>{escape(n.code)}</td><td>{escape(_where(n))}</td><td>{escape(n.message)}</td></tr>"
        for n in notices
    )
    return (
        f"{start} ({len(notices)})</h{level}>"
        "<table><thead><tr><th>Code</th><th>Where</th><th>Message</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _where(notice: Notice) -> str:
    parts = []
    if notice.line:
        parts.append(f"line {notice.line}")
    if notice.cue is not None:
        parts.append(f"cue {notice.cue}")
    if notice.language:
        parts.append(notice.language)
    return ", ".join(parts) or "file"


def _track(doc: Document, track: Track, rows: Sequence[CueRow]) -> list[str | bytes]:
    """The section of one track's cues, in pieces to join."""
    language = track.language
    source = source_track(doc, track)
    source_cues = source.cues if source else None
    heading = f"{_language(language)} subtitles"
    if track.translated:
        heading += f", translated from {_language(doc.source_language)}"
    source_head = (
        f"<th>Source ({escape(doc.source_language)})</th>" if source_cues is not None else ""
    )
    head = (
        "<thead><tr><th class=num>#</th><th>Start</th><th>End</th><th class=num>Duration</th>"
        f"{source_head}<th>Text</th><th class=num>Chars / line</th><th class=num>CPS</th>"
        "<th>Violations</th></tr></thead>"
    )
    limit = profile(language).max_line_width
    # Per track, not per cue: the language attribute and the source cell's opening tag.
    lang = escape(language)
    source_open = f'<td class="src" lang="{escape(doc.source_language)}">'
    bad = _count_bad(rows)
    anchor = f"track-{language}"
    top = (
        f'<section id="{escape(anchor)}"><h2>{escape(heading)}</h2>'
        f'<p class="meta">{len(rows)} cues, {bad} with violations. {escape(_limits(track, doc))} '
        '<span class="over">Red</span> marks a limit that is exceeded.</p>'
        + _warnings(f"{_language(language)} warnings", f"{anchor}-warnings", track.warnings)
        + f"<table class=cues>{head}<tbody>"
    )
    return [
        top,
        _cue_rows(lang, limit, rows, source_open, source_cues),
        "</tbody></table></section>",
    ]


def _limits(track: Track, doc: Document) -> str:
    lang = profile(track.language)
    return (
        f"Limits: {lang.max_line_width:g} characters a line, {lang.max_lines} lines, "
        f"{lang.max_cps:g} characters a second, {MIN_CUE_MS}–{MAX_CUE_MS} ms a cue, "
        f"gaps of {min_gap_ms(doc.fps)} ms or more."
    )


def _count_bad(rows: Sequence[CueRow]) -> int:
    """How many of ``rows`` have violations."""
    return sum(map(bool, map(_problems_of, rows)))


_problems_of = attrgetter("problems")


def _cue_rows(
    lang: str,
    limit: float,
    rows: Sequence[CueRow],
    source_open: str,
    source_cues: Sequence[Cue] | None,
) -> bytes:
    """The rows of a track's table in UTF-8; ``lang`` and ``source_open`` come escaped.

    Cell by cell for the whole track, then joined once: a track has tens of thousands of
    cues, and a function call per cue and cell took most of the report's time, then
    building each row and encoding it as much again.
    """
    if not rows:
        return b""
    numbers, cues, starts, ends, widths, speeds, problems, sources = zip(*rows, strict=True)
    texts = _html_lines([cue.lines for cue in cues])
    # Timestamps and measures are digits and punctuation only: nothing in them to escape.
    # Cue after cue has the same few widths, speeds and durations (the timing follows the
    # text), so each measure cell is made once and looked up after that.
    chars = _widths_cells(widths, limit)
    speed_cells = list(map(Made(_speed_cell).__getitem__, speeds))
    durations = [cue.end_ms - cue.start_ms for cue in cues]
    duration_cells = list(map(Made(_duration_cell).__getitem__, durations))
    start_cells = list(starts)
    # What follows the number in the row's id, and what follows its measures.
    row_opens = ['"><td class="num">'] * len(rows)
    row_ends = [_OK_END] * len(rows)
    for position in compress(range(len(rows)), problems):
        # Red on the measures the violations are about.
        codes = {p.code for p in problems[position]}
        if "cps-too-high" in codes:
            speed_cells[position] = _over(speed_cells[position])
        if not codes.isdisjoint(_DURATION_CODES):
            duration_cells[position] = _over(duration_cells[position])
        if not codes.isdisjoint(_PLACEMENT_CODES):
            start_cells[position] = _over(start_cells[position])
        row_opens[position] = '" class="bad"><td class="num">'
        row_ends[position] = (
            '</td><td class="problems"><ul>'
            + "".join(f"<li>{escape(p.code)}: {escape(p.message)}</li>" for p in problems[position])
            + "</ul></td></tr>"
        )
    text_open = f'<td class="text" lang="{lang}">'
    source_cells: str | list[str] = f"</td>{text_open}"
    if source_cues is not None:
        spans = [
            f'<span><span class="n">{n}</span>{text}</span>'
            for n, text in enumerate(escape_each([cue.text for cue in source_cues]), start=1)
        ]
        source_cells = [
            f"</td>{source_open}{''.join([spans[n - 1] for n in numbers])}</td>{text_open}"
            for numbers in sources
        ]
    number_cells = list(map(str, numbers))  # written twice a row, made once
    # A row, cell by cell: each column is a text for every row or a text per row.
    columns: list[str | Sequence[str]] = [
        f'<tr id="{lang}-cue-',
        number_cells,
        row_opens,
        number_cells,
        '</td><td class="time">',
        start_cells,
        '</td><td class="time">',
        ends,
        '</td><td class="num">',
        duration_cells,
        source_cells,
        texts,
        '</td><td class="num">',
        chars,
        '</td><td class="num">',
        speed_cells,
        row_ends,
    ]
    table = joined_rows(columns, len(rows)).encode()
    # The tick goes in last: it is the one character of a row of English that is not
    # ASCII, and with it the whole table would be wider in memory and encoded character
    # by character. Its stand-in is in no text of a transcript, as a rule (see escape_each).
    ticked = table.replace(_SEPARATOR.encode(), "✓".encode())  # 1 byte, then 3
    if len(ticked) - len(table) == 2 * row_ends.count(_OK_END):
        return ticked
    columns[-1] = [_OK_END.replace(_SEPARATOR, "✓") if end is _OK_END else end for end in row_ends]
    return joined_rows(columns, len(rows)).encode()


# The end of a row without violations, with the stand-in of its tick.
_OK_END = f'</td><td class="ok">{_SEPARATOR}</td></tr>'


def _html_lines(groups: Sequence[tuple[str, ...]]) -> list[str]:
    """Each group of lines escaped and joined with ``<br>``, in one pass over them all.

    >>> _html_lines([("a & b", "c"), ("<d>",)])
    ['a &amp; b<br>c', '&lt;d&gt;']
    """
    text = "\n".join(map("\t".join, groups))
    if text.count("\n") == len(groups) - 1 and text.count("\t") == sum(map(len, groups)) - len(
        groups
    ):
        # No line has a tab or a line break, which escaping leaves as they are: they
        # still mark where each line and group ends.
        return escape(text).replace("\t", "<br>").split("\n")
    return ["<br>".join(map(escape, group)) for group in groups]


def _widths_cells(widths: Sequence[tuple[float, ...]], limit: float) -> list[str]:
    """The width of each line of each cue, one a line, in red where over ``limit``."""
    each: Made[float] = Made(lambda width: _over(f"{width:g}") if width > limit else f"{width:g}")
    cells: Made[tuple[float, ...]] = Made(lambda cue: "<br>".join(map(each.__getitem__, cue)))
    return list(map(cells.__getitem__, widths))


def _speed_cell(cps: float | None) -> str:
    return "–" if cps is None else f"{round(cps, 1):g}"


def _duration_cell(ms: int) -> str:
    # Whole milliseconds: ms / 1000 is already the nearest double with 3 decimals, so there
    # is nothing to round.
    return f"{ms / 1000:g} s"


# Which cell a timing problem is shown on: the duration, or the start (placement after the
# previous cue).
_DURATION_CODES = frozenset({"too-short", "too-long", "bad-timing"})
_PLACEMENT_CODES = frozenset({"overlap", "gap-too-small", "out-of-order"})


def _over(shown: str) -> str:
    """A measure that exceeds its limit, shown in red (``shown`` needs no escaping)."""
    return f'<span class="over">{shown}</span>'
