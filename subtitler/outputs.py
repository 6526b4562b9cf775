"""Turn a Document into the files a run writes: names and bytes, nothing written here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from subtitler import report
from subtitler.formats.cleaned import compose_cleaned
from subtitler.formats.srt import compose_srt
from subtitler.formats.vtt import compose_vtt
from subtitler.models import Document

FORMATS = ("srt", "vtt")


@dataclass(frozen=True)
class OutputOptions:
    """Which files to make and how to encode subtitle files."""

    formats: tuple[str, ...] = ("srt",)
    bom: bool = False
    crlf: bool = False
    bilingual: bool = False
    preview: str | None = None


def render(
    document: Document, languages: Sequence[str], options: OutputOptions = OutputOptions()
) -> dict[str, bytes]:
    """File name → content for every output of ``document``, in a stable order.

    Subtitle files are made for each language in ``languages`` that has a track.
    """
    name = document.name
    files: dict[str, bytes] = {}
    speakers = [s.speaker for s in document.segments]
    for language in languages:
        track = document.tracks.get(language)
        if track is None:
            continue
        if "srt" in options.formats:
            text = compose_srt(track.cues, bom=options.bom, crlf=options.crlf)
            files[f"{name}.{language}.srt"] = text.encode("utf-8")
        if "vtt" in options.formats:
            files[f"{name}.{language}.vtt"] = compose_vtt(track.cues, speakers).encode("utf-8")
    if options.bilingual:
        from subtitler.formats.bilingual import compose_bilingual

        source = document.source_language
        for language in languages:
            if language != source and language in document.tracks:
                text = compose_bilingual(
                    document.tracks[source].cues, document.tracks[language].cues
                )
                text = compose_srt(text, bom=options.bom, crlf=options.crlf)
                files[f"{name}.{source}-{language}.srt"] = text.encode("utf-8")
    files[f"{name}.cleaned.txt"] = compose_cleaned(document.segments).encode("utf-8")
    files[f"{name}.report.json"] = report.report_json(document).encode("utf-8")
    html = report.report_html(document, preview=options.preview)
    files[f"{name}.report.html"] = html.encode("utf-8")
    return files
