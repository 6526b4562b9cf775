"""Turn a Document into the files a run writes: names and bytes, or a page staged on disk
by the worker that made it (see :func:`render`); nothing is put in place here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from subtitler import report
from subtitler.files import Staged, reserve, stage
from subtitler.formats.cleaned import compose_cleaned
from subtitler.formats.srt import compose_srt
from subtitler.formats.vtt import compose_vtt
from subtitler.models import Document, Track
from subtitler.parallel import run_together

FORMATS = ("srt", "vtt")
# Below this many cues (in all tracks) the reports take a few hundredths of a second, which
# starting another process would not earn back.
PARALLEL_MIN_CUES = 4000


@dataclass(frozen=True)
class OutputOptions:
    """Which files to make and how to encode subtitle files."""

    formats: tuple[str, ...] = ("srt",)
    bom: bool = False
    crlf: bool = False
    # WebVTT <v Speaker> spans (the export profile says whether the target takes markup).
    voice_spans: bool = True
    bilingual: bool = False


@overload
def render(
    document: Document,
    languages: Sequence[str],
    options: OutputOptions = ...,
    *,
    previews: Mapping[str, bytes] | None = ...,
    rows: Mapping[str, list[report.CueRow]] | None = ...,
    stage_in: None = ...,
) -> dict[str, bytes]: ...


@overload
def render(
    document: Document,
    languages: Sequence[str],
    options: OutputOptions = ...,
    *,
    previews: Mapping[str, bytes] | None = ...,
    rows: Mapping[str, list[report.CueRow]] | None = ...,
    stage_in: Path,
) -> dict[str, bytes | Staged]: ...


def render(
    document: Document,
    languages: Sequence[str],
    options: OutputOptions = OutputOptions(),
    *,
    previews: Mapping[str, bytes] | None = None,
    rows: Mapping[str, list[report.CueRow]] | None = None,
    stage_in: Path | None = None,
) -> dict[str, bytes] | dict[str, bytes | Staged]:
    """File name → content for every output of ``document``, in a stable order.

    Subtitle files are made for each language in ``languages`` that has a track;
    ``previews`` (file name → PNG) are written too and the report links the first;
    ``rows`` are the tracks' measured rows if the caller has them already. For
    a long transcript, another process makes half of the files meanwhile. Given the
    folder the files go to (``stage_in``), that process stages the page there itself
    (:class:`~subtitler.files.Staged`) instead of sending its bytes back:
    :func:`~subtitler.files.write_all` renames it into place.
    """
    rows = report.track_rows(document) if rows is None else rows
    page_name = f"{document.name}.report.html"
    preview = next(iter(previews), None) if previews else None

    def text_files() -> dict[str, bytes | Staged]:
        return {
            **_subtitle_files(document, languages, options, rows),
            f"{document.name}.cleaned.txt": compose_cleaned(document.segments).encode("utf-8"),
            f"{document.name}.report.json": report.report_json(document, rows).encode("utf-8"),
        }

    def page() -> dict[str, bytes | Staged]:
        from subtitler.report_html import render_utf8

        data = render_utf8(document, preview=preview, rows=rows)
        return {page_name: data if reserved is None else stage(reserved, data)}

    # The text files are made here and the page, the largest, by another process meanwhile:
    # about the same time each. (With the subtitles made beside the page, the child took
    # 0.07-0.16 s longer than this process on 1 MB; sending the page's 8 MB back took
    # 0.03-0.04 s more, and writing it here as long again.)
    calls = [text_files, page]
    cue_count = sum(len(track_rows) for track_rows in rows.values())
    together = cue_count >= PARALLEL_MIN_CUES
    reserved = reserve(stage_in / page_name) if together and stage_in is not None else None
    try:
        texts, html = run_together(calls) if together else [call() for call in calls]
    except BaseException:
        if reserved is not None:
            reserved.unlink(missing_ok=True)
        raise
    return {**texts, **(previews or {}), **html}


def _subtitle_files(
    document: Document,
    languages: Sequence[str],
    options: OutputOptions,
    rows: Mapping[str, list[report.CueRow]],
) -> dict[str, bytes]:
    """The subtitle files of ``render``: per language, then bilingual ones."""
    name = document.name
    files: dict[str, bytes] = {}
    speakers = [s.speaker for s in document.segments] if options.voice_spans else None
    for language in languages:
        for suffix, track in (
            (language, document.tracks.get(language)),
            (f"names.{language}", document.name_cards.get(language)),
        ):
            if track is None:
                continue
            if "srt" in options.formats:
                stamps = _stamps(track, rows.get(language, []))
                text = compose_srt(track.cues, bom=options.bom, crlf=options.crlf, stamps=stamps)
                files[f"{name}.{suffix}.srt"] = text.encode("utf-8")
            if "vtt" in options.formats:
                files[f"{name}.{suffix}.vtt"] = compose_vtt(track.cues, speakers).encode("utf-8")
    if options.bilingual:
        from subtitler.formats.bilingual import compose_bilingual

        source = document.source_language
        for language in languages:
            if language != source and language in document.tracks:
                pairs = compose_bilingual(
                    document.tracks[source].cues, document.tracks[language].cues
                )
                text = compose_srt(pairs, bom=options.bom, crlf=options.crlf)
                files[f"{name}.{source}-{language}.srt"] = text.encode("utf-8")
    return files


def _stamps(
    track: Track, rows: Sequence[report.CueRow]
) -> tuple[Sequence[str], Sequence[str]] | None:
    """The start and end times of ``track``'s cues as written in ``rows``, if they are its rows.

    The report's rows stamp every cue already; stamping them again for the SRT file took
    as long as the rest of it.
    """
    if len(rows) != len(track.cues) or not rows:
        return None
    _, cues, starts, ends, *_ = zip(*rows, strict=True)
    return (starts, ends) if cues == track.cues else None
