"""Reviewer previews: the cues burned in by libass exactly as a viewer's player draws them.

A contact sheet (PNG) shows one frame per cue, taken at the cue's midpoint, with the
cue's number, times, duration and reading speed under it; a short video (MP4) plays the
cues over a plain background with a running timecode. Both are made by ffmpeg's
``subtitles`` filter (libass) from the SRT our writer produces, so line breaks, line
lengths and the font fallback for Hangul are the real ones.

ffmpeg is an optional runtime dependency: without it (or without libass in it) a
:class:`FfmpegMissingError` says how to install it. Nothing here runs at import time.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from subtitler.errors import SubtitlerError
from subtitler.formats.srt import compose_srt, timestamp
from subtitler.languages import LanguageProfile, cps, profile
from subtitler.models import Cue
from subtitler.profiles import ExportProfile

INSTALL_HINT = "install it with 'apt-get install ffmpeg' (Debian/Ubuntu) or 'brew install ffmpeg'"


class FfmpegMissingError(SubtitlerError):
    """ffmpeg (with libass) is needed for a preview and is not installed."""


class PreviewError(SubtitlerError):
    """A preview that could not be rendered (no cues, or ffmpeg failed)."""


@dataclass(frozen=True)
class PreviewStyle:
    """How previews draw subtitles.

    ``font_size`` is in libass units for SRT (a script 288 units high, scaled to the
    frame), so it keeps its proportion at any frame size.
    """

    font: str
    font_size: int
    label_font: str = "DejaVu Sans Mono"
    frame_width: int = 640
    frame_height: int = 360
    background: str = "0x202830"
    label_height: int = 40


# Noto Sans CJK KR carries Hangul and Latin in one design, so an English and a Korean
# preview look alike; libass falls back through fontconfig where it is missing. 18 units of
# 288 is about 1/16 of the frame height, a usual size for broadcast subtitles.
STYLES = {
    "en": PreviewStyle(font="Noto Sans CJK KR", font_size=18),
    "ko": PreviewStyle(font="Noto Sans CJK KR", font_size=18),
}


def style_for(lang: LanguageProfile | str) -> PreviewStyle:
    """The preview style of a language.

    >>> style_for("ko").font
    'Noto Sans CJK KR'
    """
    return STYLES[_language(lang).code]


def find_ffmpeg(ffmpeg: str = "ffmpeg") -> str:
    """The path of an ffmpeg that can burn subtitles, or :class:`FfmpegMissingError`."""
    path = shutil.which(ffmpeg)
    if path is None:
        raise FfmpegMissingError(f"previews need ffmpeg, which was not found: {INSTALL_HINT}")
    filters = _run([path, "-hide_banner", "-filters"], Path.cwd())
    if " subtitles " not in filters:
        raise FfmpegMissingError(
            f"{path} was built without libass (no 'subtitles' filter): {INSTALL_HINT}"
        )
    return path


def cue_label(number: int, cue: Cue, lang: LanguageProfile | str, export: ExportProfile) -> str:
    """The line under a contact-sheet frame: number, times, duration, reading speed.

    A speed over the language's limit is marked.

    >>> from subtitler.profiles import DEFAULT
    >>> cue_label(3, Cue(6400, 8000, ("Too fast for anyone",), 0, (0,)), "en", DEFAULT)
    '#3  00:00:06,400 → 00:00:08,000  1.6 s  11.9 CPS'
    """
    language = _language(lang)
    speed = cps(" ".join(cue.lines), cue.duration_ms, language)
    limit = language.max_cps
    mark = f" > {limit:g}!" if speed > limit else ""
    return (
        f"#{number}  {timestamp(cue.start_ms)} → {timestamp(cue.end_ms)}  "
        f"{cue.duration_ms / 1000:.1f} s  {speed:.1f} CPS{mark}"
    )


def render_contact_sheet(
    cues: Sequence[Cue],
    lang: LanguageProfile | str,
    export: ExportProfile,
    out_png: Path,
    *,
    ffmpeg: str = "ffmpeg",
    columns: int = 3,
    style: PreviewStyle | None = None,
) -> Path:
    """Render one frame per cue, at its midpoint, into a PNG grid with a label under each.

    Every cue showing at that midpoint is drawn (overlapping cues stack as in a player).
    Returns ``out_png``; the file appears whole or not at all.
    """
    language = _language(lang)
    look = style or style_for(language)
    ordered = _ordered(cues)
    binary = find_ffmpeg(ffmpeg)
    # Each cue gets a one-second slot on a compact timeline carrying exactly what is on
    # screen at its midpoint: the sheet needs no hour-long render for a 01:00:00:00 start.
    slots: list[Cue] = []
    for index, cue in enumerate(ordered):
        middle = (cue.start_ms + cue.end_ms) // 2
        for shown in ordered:
            if shown.start_ms <= middle < shown.end_ms:
                slots.append(replace(shown, start_ms=index * 1000, end_ms=index * 1000 + 1000))
    labels = [cue_label(n, cue, language, export) for n, cue in enumerate(ordered, start=1)]
    width, height = look.frame_width, look.frame_height
    full_height = height + look.label_height
    rows = math.ceil(len(ordered) / columns)
    graph = ",".join(
        [
            _subtitles_filter("cues.srt", look),
            f"pad={width}:{full_height}:0:0:black",
            "ass=labels.ass",
            # Frames come at 2 per second; the odd ones sit mid-slot, clear of cue edges.
            r"select=mod(n\,2)",
            f"tile={min(columns, len(ordered))}x{rows}:padding=4:margin=4:color=0x404040",
        ]
    )
    with tempfile.TemporaryDirectory(prefix="subtitler-preview-") as work:
        folder = Path(work)
        (folder / "cues.srt").write_text(compose_srt(slots), encoding="utf-8")
        (folder / "labels.ass").write_text(
            _labels_ass(labels, width, full_height, look), encoding="utf-8"
        )
        source = f"color=c={look.background}:s={width}x{height}:r=2:d={len(ordered)}"
        return _render(
            [binary, "-f", "lavfi", "-i", source, "-vf", graph, "-frames:v", "1"], folder, out_png
        )


def render_video(
    cues: Sequence[Cue],
    lang: LanguageProfile | str,
    export: ExportProfile,
    out_mp4: Path,
    *,
    ffmpeg: str = "ffmpeg",
    fps: int = 25,
    lead_in_ms: int = 500,
    style: PreviewStyle | None = None,
) -> Path:
    """Render the cues over a plain background as an H.264 MP4, with the real timecode shown.

    The video starts ``lead_in_ms`` before the first cue (a timeline starting at
    01:00:00:00 is not rendered from zero); the timecode in the corner is the cues' own.
    ``export`` is accepted for symmetry with the contact sheet; the cue times already
    carry its start offset.
    """
    del export  # the timeline is the cues'; nothing else of the profile changes the picture
    look = style or style_for(_language(lang))
    ordered = _ordered(cues)
    binary = find_ffmpeg(ffmpeg)
    origin = max(0, ordered[0].start_ms - lead_in_ms)
    shifted = [replace(c, start_ms=c.start_ms - origin, end_ms=c.end_ms - origin) for c in ordered]
    seconds = (max(c.end_ms for c in shifted) + lead_in_ms) / 1000
    clock = (
        f"drawtext=font='{look.label_font}':fontsize=16:fontcolor=white:x=10:y=10:"
        f"text='%{{pts\\:hms\\:{origin / 1000:.3f}}}'"
    )
    graph = ",".join([_subtitles_filter("cues.srt", look), clock])
    with tempfile.TemporaryDirectory(prefix="subtitler-preview-") as work:
        folder = Path(work)
        (folder / "cues.srt").write_text(compose_srt(shifted), encoding="utf-8")
        size = f"{look.frame_width}x{look.frame_height}"
        source = f"color=c={look.background}:s={size}:r={fps}:d={seconds:.3f}"
        encode = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]
        return _render(
            [binary, "-f", "lavfi", "-i", source, "-vf", graph, *encode, "-movflags", "+faststart"],
            folder,
            out_mp4,
        )


def _language(lang: LanguageProfile | str) -> LanguageProfile:
    return profile(lang) if isinstance(lang, str) else lang


def _ordered(cues: Sequence[Cue]) -> list[Cue]:
    if not cues:
        raise PreviewError("nothing to preview: the track has no cues")
    return sorted(cues, key=lambda c: (c.start_ms, c.end_ms))


def _subtitles_filter(srt_name: str, look: PreviewStyle) -> str:
    style = f"FontName={look.font},FontSize={look.font_size},Outline=1.2,Shadow=0.6,MarginV=14"
    return f"subtitles={srt_name}:charenc=UTF-8:force_style='{style}'"


def _labels_ass(labels: Sequence[str], width: int, height: int, look: PreviewStyle) -> str:
    """An ASS script that writes label ``i`` in the strip under frame ``i`` (slot i, 1 s)."""
    head = (
        "[Script Info]\nScriptType: v4.00+\n"
        f"PlayResX: {width}\nPlayResY: {height}\nWrapStyle: 2\n\n"
        "[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
        "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
        "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
        f"Style: Label,{look.label_font},15,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,"
        "0,0,0,0,100,100,0,0,1,0,0,1,10,10,12,1\n\n"
        "[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    )
    events = [
        f"Dialogue: 0,{_ass_time(i * 1000)},{_ass_time(i * 1000 + 1000)},Label,,0,0,0,,"
        + label.replace("\\", "\\\\").replace("{", "(").replace("}", ")")
        for i, label in enumerate(labels)
    ]
    return head + "\n".join(events) + "\n"


def _ass_time(ms: int) -> str:
    centis = ms // 10
    return (
        f"{centis // 360000}:{centis // 6000 % 60:02d}:{centis // 100 % 60:02d}.{centis % 100:02d}"
    )


def _render(command: list[str], folder: Path, out: Path) -> Path:
    """Run ffmpeg writing next to ``out``, then move the result into place in one step."""
    out = Path(out)
    partial = out.with_name(f".{out.stem}.part{out.suffix}")
    try:
        quiet = ["-hide_banner", "-nostdin", "-v", "error"]
        _run([command[0], *quiet, *command[1:], "-y", str(partial.resolve())], folder)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out


def _run(command: list[str], folder: Path) -> str:
    try:
        done = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, errors="replace", check=False
        )
    except OSError as exc:
        raise FfmpegMissingError(
            f"could not run {command[0]}: {exc.strerror}; {INSTALL_HINT}"
        ) from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise PreviewError(f"ffmpeg failed (exit {done.returncode}): {last}")
    return done.stdout
