"""The review report: JSON shape and values, and an HTML page that shows the same things safely."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
import srt
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.check import check_cues, visible
from subtitler.errors import OutputError
from subtitler.formats.srt import SrtCue
from subtitler.languages import profile
from subtitler.models import Cue, Document, Fix, Notice, Removal, Segment, SourceLine, Track
from subtitler.report import CueRow, report_data, report_html, report_json, track_rows
from subtitler.report_html import (
    _cue_rows,
    _original_line,
    _over,
    _segment,
    escape,
    escape_each,
    render_utf8,
)

ORIGINAL = (
    "YTN NEWS <Exclusive>\n"
    "[Anchor] Good evening.  North Korea fired a missile.\n"
    "[Reporter Kim & Lee] Officials say it flew 600 km.\n"
    "Copyright YTN. All rights reserved.\n"
)


def _document() -> Document:
    segments = (
        Segment(
            "anchor",
            None,
            None,
            "Good evening. North Korea fired a missile.",
            2,
            (SourceLine(2, "[Anchor] Good evening.  North Korea fired a missile."),),
        ),
        Segment(
            "reporter",
            "Kim & Lee",
            "Reporter",
            "Officials say it flew 600 km.",
            3,
            (SourceLine(3, "[Reporter Kim & Lee] Officials say it flew 600 km."),),
        ),
    )
    en = Track(
        "en",
        (
            Cue(0, 2_000, ("Good evening.",), 0, (0,)),
            Cue(2_100, 4_500, ("North Korea fired a missile.",), 0, (1,)),
            # 44 characters in 1 s: too long a line, too fast, and too short.
            Cue(4_600, 5_600, ("Officials say it flew 600 km & even further.",), 1, (2,)),
        ),
    )
    ko = Track(
        "ko",
        (
            Cue(0, 2_000, ("안녕하십니까.",), 0, (0,)),
            Cue(2_100, 5_600, ("북한이 미사일을 발사했습니다.",), 0, (1, 2)),
        ),
        warnings=(Notice("untranslated", 0, "cue kept English words", cue=2, language="ko"),),
        translated=True,
    )
    return Document(
        name="news",
        source_language="en",
        original_text=ORIGINAL,
        segments=segments,
        sentences=(),
        fixes=(Fix("double-space", 2, "evening.  North", "evening. North"),),
        removed=(
            Removal("header", 1, "YTN NEWS <Exclusive>"),
            Removal("copyright", 4, "Copyright YTN. All rights reserved."),
        ),
        warnings=(Notice("unknown-speaker", 3, "speaker <b>name</b> unclear"),),
        tracks={"en": en, "ko": ko},
    )


def test_json_top_level_values() -> None:
    data = report_data(_document())
    assert data["source_language"] == "en"
    assert data["name"] == "news"
    assert data["encoding"] == "utf-8"
    assert data["segments"] == [
        {
            "role": "anchor",
            "speaker": None,
            "title": None,
            "text": "Good evening. North Korea fired a missile.",
            "line": 2,
        },
        {
            "role": "reporter",
            "speaker": "Kim & Lee",
            "title": "Reporter",
            "text": "Officials say it flew 600 km.",
            "line": 3,
        },
    ]
    assert data["fixes"] == [
        {"rule": "double-space", "line": 2, "before": "evening.  North", "after": "evening. North"}
    ]
    assert data["removed"] == [
        {"kind": "header", "line": 1, "text": "YTN NEWS <Exclusive>"},
        {"kind": "copyright", "line": 4, "text": "Copyright YTN. All rights reserved."},
    ]
    assert data["warnings"] == [
        {"code": "unknown-speaker", "line": 3, "message": "speaker <b>name</b> unclear"}
    ]


def test_json_tracks_measure_and_mark_each_cue() -> None:
    tracks = report_data(_document())["tracks"]
    assert isinstance(tracks, dict)
    assert list(tracks) == ["en", "ko"]
    en, ko = tracks["en"], tracks["ko"]
    assert en["translated"] is False and en["warnings"] == []
    assert en["cues"][0] == {
        "index": 1,
        "start": "00:00:00,000",
        "end": "00:00:02,000",
        "start_ms": 0,
        "end_ms": 2000,
        "lines": ["Good evening."],
        "chars_per_line": [13],
        "cps": 6.5,
        "problems": [],
    }
    bad = en["cues"][2]
    assert bad["chars_per_line"] == [44]
    assert bad["cps"] == 44.0
    assert bad["problems"] == ["line-too-long", "cps-too-high"]
    assert "source_cues" not in bad

    assert ko["translated"] is True
    assert ko["warnings"] == [
        {
            "code": "untranslated",
            "line": 0,
            "message": "cue kept English words",
            "cue": 2,
            "language": "ko",
        }
    ]
    # Korean widths: 6 Hangul + "." at 0.5.
    assert ko["cues"][0]["chars_per_line"] == [6.5]
    assert ko["cues"][0]["source_cues"] == [1]
    assert ko["cues"][1]["source_cues"] == [2, 3]
    assert ko["cues"][1]["problems"] == []


def test_json_text_is_deterministic_utf8_and_round_trips() -> None:
    text = report_json(_document())
    assert text == report_json(_document())
    assert text.endswith("}\n")
    assert "안녕하십니까." in text and "\\u" not in text
    assert json.loads(text) == report_data(_document())


def test_json_text_has_one_item_a_line() -> None:
    text = report_json(_document())
    data: Any = json.loads(text)
    tracks = data["tracks"].values()
    # Each segment, fix, removal, warning and cue is one whole JSON value on its own line.
    items = [*data["segments"], *data["fixes"], *data["removed"], *data["warnings"]]
    items += [item for track in tracks for key in ("cues", "warnings") for item in track[key]]
    lines = text.splitlines()
    item_lines = [
        line.strip().removesuffix(",") for line in lines if line.lstrip().startswith('{"')
    ]
    assert [json.loads(line) for line in item_lines] == items
    assert lines[:2] == ["{", '  "source_language": "en",']
    assert '    "en": {' in lines and lines[-1] == "}"


def test_zero_length_cue_has_no_cps_in_valid_json() -> None:
    doc = Document(
        "z", "en", "x", (), (), tracks={"en": Track("en", (Cue(1000, 1000, ("x",), 0, ()),))}
    )
    text = report_json(doc)
    assert "Infinity" not in text
    cue = json.loads(text)["tracks"]["en"]["cues"][0]
    assert cue["cps"] is None and cue["problems"] == ["bad-timing"]


class _Collector(HTMLParser):
    """Parses the page, checking tags nest, and keeps what the tests look at."""

    VOID = frozenset({"meta", "br", "img", "link", "hr", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.urls: list[str] = []
        self.titles: list[str] = []
        self.classes: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("href", "src", "action"):
            if found.get(name):
                self.urls.append(found[name] or "")
        if found.get("title"):
            self.titles.append(found["title"] or "")
        self.classes.append((tag, found.get("class") or ""))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(page: str) -> _Collector:
    parser = _Collector()
    parser.feed(page)
    parser.close()
    return parser


def test_html_is_well_formed_and_self_contained() -> None:
    page = report_html(_document())
    parser = _parsed(page)
    assert parser.errors == []
    assert parser.stack == []
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "Noto Sans CJK KR" in page and "Malgun Gothic" in page
    assert all(url.startswith("#") for url in parser.urls)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page)
    assert "<script" not in page and "<link" not in page


def test_html_escapes_transcript_text() -> None:
    page = report_html(_document())
    text = "".join(_parsed(page).text)
    # Angle brackets and ampersands from the transcript show as text, never as tags.
    assert "YTN NEWS <Exclusive>" in text
    assert "Kim & Lee" in text
    assert "speaker <b>name</b> unclear" in text
    assert "<Exclusive>" not in page and "<b>name" not in page
    assert "600 km &amp; even further." in page


def test_html_highlights_fixes_and_strikes_removals() -> None:
    parser = _parsed(report_html(_document()))
    assert ("li", "fixed") in parser.classes
    assert ("li", "removed") in parser.classes
    assert any("double-space: 'evening.  North' → 'evening. North'" in t for t in parser.titles)
    assert any("removed: copyright" in t for t in parser.titles)
    page = report_html(_document())
    assert '<li id="L4" class="removed"' in page
    assert "<s>Copyright YTN. All rights reserved.</s>" in page
    # Only the changed span is marked: one of the two spaces is gone.
    assert "<code>evening. <del> </del>North</code>" in page
    assert "<code>evening. North</code>" in page


def test_html_marks_violating_cue_with_its_message() -> None:
    page = report_html(_document())
    row = re.search(r'<tr id="en-cue-3" class="bad">.*?</tr>', page)
    assert row is not None
    assert "line-too-long: line 1 is 44 characters (max 42)" in row.group(0)
    assert '<span class="over">44</span>' in row.group(0)
    assert re.search(r'<tr id="en-cue-1">', page)


def test_html_shows_source_next_to_translation() -> None:
    page = report_html(_document())
    row = re.search(r'<tr id="ko-cue-2">.*?</tr>', page)
    assert row is not None
    assert "North Korea fired a missile." in row.group(0)
    assert "Officials say it flew 600 km &amp; even further." in row.group(0)
    assert "북한이 미사일을 발사했습니다." in row.group(0)
    assert "Source (en)" in page and "cue kept English words" in page


def test_html_summary_counts() -> None:
    text = " ".join(" ".join(_parsed(report_html(_document())).text).split())
    assert "1 fixes" in text and "2 lines removed" in text and "1 warnings" in text
    assert "3 English (en) cues" in text and "1 en cues with violations" in text


def test_html_preview_is_linked_and_must_be_relative() -> None:
    page = report_html(_document(), preview="news.preview.png")
    assert '<img src="news.preview.png"' in page
    for bad in ("http://example.com/x.png", "//host/x.png", "file:///tmp/x.png"):
        with pytest.raises(OutputError, match="relative path"):
            report_html(_document(), preview=bad)


def test_html_is_deterministic() -> None:
    assert report_html(_document()) == report_html(_document())


def test_gap_is_judged_at_the_documents_frame_rate() -> None:
    cues = (Cue(0, 2000, ("One.",), 0, ()), Cue(2080, 4000, ("Two.",), 0, ()))
    track = {"en": Track("en", cues)}
    unsnapped = Document("g", "en", "x", (), (), tracks=track)
    at_25 = Document("g", "en", "x", (), (), tracks=track, fps=25)

    def problems(doc: Document) -> object:
        tracks = report_data(doc)["tracks"]
        assert isinstance(tracks, dict)
        return tracks["en"]["cues"][1]["problems"]

    assert problems(unsnapped) == ["gap-too-small"]
    assert problems(at_25) == []


def test_html_marks_cue_text_language_for_fonts() -> None:
    page = report_html(_document())
    assert '<td class="text" lang="ko">북한이 미사일을 발사했습니다.</td>' in page
    assert '<td class="src" lang="en">' in page
    assert '<ol class="lines" lang="en">' in page


@pytest.mark.parametrize("text", ["a\x00b", "fine"])
def test_html_cue_rows_with_the_ticks_stand_in_in_a_text(text: str) -> None:
    # The tick of a row without violations is put in last, through a stand-in that a
    # text may hold after all: then it is put in row by row.
    cues = (Cue(0, 2000, ("Hello there.",), 0, ()), Cue(2200, 4000, (text,), 0, ()))
    doc = Document("w", "en", "x", (), (), tracks={"en": Track("en", cues)})
    rows = track_rows(doc)["en"]
    made = _cue_rows("en", 42, rows, "", None).decode()
    assert made == "".join(_plain_cue_row("en", 42, row, "", None) for row in rows)
    assert made.count("✓") == 2


def test_html_reds_only_the_line_that_is_too_long() -> None:
    cue = Cue(0, 6000, ("Short line.", "x" * 43), 0, ())
    page = report_html(Document("w", "en", "x", (), (), tracks={"en": Track("en", (cue,))}))
    assert '<td class="num">11<br><span class="over">43</span></td>' in page


def test_rows_measure_each_line_as_written_without_markup() -> None:
    # Lines with markup, padding or a blank line: each is measured as it stands, markup
    # left out; the reading speed joins the stripped, non-blank lines with one space.
    cue = Cue(0, 2000, ("<i>Hi</i> ", "", "there"), 0, ())
    data: Any = report_data(Document("m", "en", "x", (), (), tracks={"en": Track("en", (cue,))}))
    row = data["tracks"]["en"]["cues"][0]
    assert row["chars_per_line"] == [3, 0, 5]
    assert row["cps"] == 4.0
    assert row["problems"] == ["blank-line", "markup"]


@settings(max_examples=200, deadline=None)
@given(
    start=st.integers(0, 400 * 3_600_000),
    length=st.one_of(st.integers(1, 20_000), st.integers(1, 10**13)),
)
def test_report_times_are_what_srt_writes(start: int, length: int) -> None:
    # Past 99 hours too, where the hours take three digits.
    cue = Cue(start, start + length, ("Hi.",), 0, ())
    doc = Document("t", "en", "x", (), (), tracks={"en": Track("en", (cue,))})
    row: Any = report_data(doc)["tracks"]
    written = row["en"]["cues"][0]
    for ms, key in ((start, "start"), (start + length, "end")):
        assert written[key] == srt.timedelta_to_srt_timestamp(timedelta(milliseconds=ms))
    assert f'<td class="time">{written["end"]}</td>' in report_html(doc)


def test_html_measure_cells_of_each_cue() -> None:
    cues = (
        Cue(0, 2000, ("Good evening.",), 0, ()),
        Cue(2100, 4681, ("Good evening.",), 0, ()),
        Cue(4800, 4800, ("Good evening.",), 0, ()),
        Cue(4900, 9900, ("Good evening.",), 0, ()),
    )
    page = report_html(Document("c", "en", "x", (), (), tracks={"en": Track("en", cues)}))
    cells = re.findall(r'<td class="num">(.*?)</td>', page)
    # Per cue: number, duration, characters a line, characters a second.
    assert cells == [
        *("1", "2 s", "13", "6.5"),
        *("2", "2.581 s", "13", "5"),
        *("3", '<span class="over">0 s</span>', "13", "–"),
        *("4", "5 s", "13", "2.6"),
    ]


# The report is made column by column for a whole track. Held here to the plain
# definition: each cue measured, encoded and written on its own.

_TEXT = st.sampled_from(
    ["Hi.", 'He said "no".', "back\\slash", "a\n \nb", "\n", "tab\there", "two\nlines",
     "bell\x07", "€ 5", "북한이 오늘", "R&D <b>", "'quoted'", " padded ", "", "<i>it</i>",
     "x" * 45, "가" * 17]
)  # fmt: skip


@st.composite
def _report_document(draw: st.DrawFn) -> Document:
    def track(language: str, translated: bool) -> Track:
        cues, t = [], draw(st.integers(10, 10_000))
        for _ in range(draw(st.integers(0, 6))):
            start = t + draw(st.sampled_from([0, 84, 100, 50]))
            end = start + draw(st.sampled_from([2000, 900, 0, -10, 8000]))
            lines = tuple(draw(st.lists(_TEXT, max_size=3)))
            cues.append(Cue(start, end, lines, 0, (0,)))
            t = max(start, end)
        return Track(language, tuple(cues), translated=translated)

    source = draw(st.sampled_from(["en", "ko"]))
    tracks = {source: track(source, False)}
    if draw(st.booleans()):
        target = "ko" if source == "en" else "en"
        tracks[target] = track(target, True)
    segments = tuple(
        Segment("anchor", draw(st.none() | _TEXT), None, draw(_TEXT), n + 1)
        for n in range(draw(st.integers(0, 3)))
    )
    fixes = tuple(Fix("rule", draw(st.integers(0, 4)), "a  b", "a b") for _ in range(2))
    return Document(
        "d",
        source,
        "\n".join(draw(st.lists(_TEXT, max_size=4))),
        segments,
        (),
        fixes=fixes if draw(st.booleans()) else (),
        removed=(Removal("header", 2, "YTN"),) if draw(st.booleans()) else (),
        tracks=tracks,
        fps=draw(st.sampled_from([None, 25.0])),
    )


def _plain_json(value: object, indent: str = "") -> str:
    """The report's JSON layout: objects key by key, each list item one compact line."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        members = [f"{inner}{json.dumps(k)}: {_plain_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(members) + f"\n{indent}}}"
    if isinstance(value, list):
        items = [json.dumps(item, ensure_ascii=False) for item in value]
        return f"[\n{inner}" + f",\n{inner}".join(items) + f"\n{indent}]" if items else "[]"
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=200, deadline=None)
@given(doc=_report_document())
def test_json_text_is_the_encoded_report_data(doc: Document) -> None:
    assert report_json(doc) == _plain_json(report_data(doc)) + "\n"


@settings(max_examples=200, deadline=None)
@given(doc=_report_document())
def test_rows_measure_and_lint_each_cue_as_written(doc: Document) -> None:
    for language, row_list in track_rows(doc).items():
        lang = profile(language)
        cues = doc.tracks[language].cues
        srt_cues = [SrtCue(n, c.start_ms, c.end_ms, c.lines) for n, c in enumerate(cues, start=1)]
        problems = check_cues(srt_cues, lang, fps=doc.fps)
        for number, (row, cue) in enumerate(zip(row_list, cues, strict=True), start=1):
            assert row.widths == tuple(lang.width(visible(line)) for line in cue.lines)
            read = " ".join(visible(line).strip() for line in cue.lines if line.strip())
            duration = cue.end_ms - cue.start_ms
            assert row.cps == (lang.width(read) / (duration / 1000) if duration > 0 else None)
            assert list(row.problems) == [p for p in problems if p.cue == number]


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_html_escape_is_the_standard_one(text: str) -> None:
    assert escape(text) == html.escape(text)
    assert escape_each([text, "", text + "<"]) == [html.escape(text), "", html.escape(text + "<")]


def _plain_cue_row(
    lang: str, limit: float, row: CueRow, source_open: str, source_cues: tuple[Cue, ...] | None
) -> str:
    """A cue's table row, cell by cell (the plain definition of _cue_rows)."""
    number, cue, start, end, widths, cps, problems, sources = row
    text = "<br>".join(map(html.escape, cue.lines))
    chars = "<br>".join([_over(f"{w:g}") if w > limit else f"{w:g}" for w in widths])
    speed = "–" if cps is None else f"{round(cps, 1):g}"
    duration = f"{(cue.end_ms - cue.start_ms) / 1000:g} s"
    css, violations = "", '<td class="ok">✓</td>'
    if problems:
        codes = {p.code for p in problems}
        if "cps-too-high" in codes:
            speed = _over(speed)
        if codes & {"too-short", "too-long", "bad-timing"}:
            duration = _over(duration)
        if codes & {"overlap", "gap-too-small", "out-of-order"}:
            start = _over(start)
        css = ' class="bad"'
        violations = (
            '<td class="problems"><ul>'
            + "".join(f"<li>{html.escape(p.code)}: {html.escape(p.message)}</li>" for p in problems)
            + "</ul></td>"
        )
    source = ""
    if source_cues is not None:
        source = (
            source_open
            + "".join(
                f'<span><span class="n">{n}</span>{html.escape(source_cues[n - 1].text)}</span>'
                for n in sources
            )
            + "</td>"
        )
    return (
        f'<tr id="{lang}-cue-{number}"{css}><td class="num">{number}</td>'
        f'<td class="time">{start}</td><td class="time">{end}</td>'
        f'<td class="num">{duration}</td>{source}'
        f'<td class="text" lang="{lang}">{text}</td>'
        f'<td class="num">{chars}</td>'
        f'<td class="num">{speed}</td>{violations}</tr>'
    )


@settings(max_examples=200, deadline=None)
@given(doc=_report_document())
def test_html_cue_rows_are_each_cue_written_on_its_own(doc: Document) -> None:
    rows = track_rows(doc)
    for language, track in doc.tracks.items():
        source = doc.tracks[doc.source_language].cues if track.translated else None
        limit = profile(language).max_line_width
        opening = f'<td class="src" lang="{doc.source_language}">'
        made = _cue_rows(language, limit, rows[language], opening, source).decode()
        plain = [_plain_cue_row(language, limit, row, opening, source) for row in rows[language]]
        assert made == "".join(plain)


@settings(max_examples=200, deadline=None)
@given(doc=_report_document())
def test_html_transcripts_and_bytes(doc: Document) -> None:
    page = report_html(doc)
    assert render_utf8(doc) == page.encode("utf-8")
    fixes: dict[int, list[Fix]] = {}
    removals: dict[int, list[Removal]] = {}
    for fix in doc.fixes:
        fixes.setdefault(fix.line, []).append(fix)
    for removal in doc.removed:
        removals.setdefault(removal.line, []).append(removal)
    lines = html.escape(doc.original_text).splitlines()
    for number, line in enumerate(lines, start=1):
        marks = fixes.get(number, ()), removals.get(number, ())
        assert _original_line(number, line, *marks) in page
    for segment in doc.segments:
        paragraphs = "".join(
            f"<p>{html.escape(p)}</p>" for p in segment.text.split("\n") if p.strip()
        )
        made = _segment(segment, html.escape(segment.text), fixes)
        assert made.endswith(f"</div>{paragraphs}</div>") and made in page
