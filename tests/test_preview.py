"""Reviewer previews rendered by the real ffmpeg/libass: contact sheet and video.

ffmpeg is optional for users, so these tests skip when it is missing on a developer's
machine; in CI (CI=true) the CI script installs it and a missing ffmpeg fails the run.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from subtitler.errors import SubtitlerError
from subtitler.models import Cue
from subtitler.preview import (
    FfmpegMissingError,
    PreviewError,
    PreviewStyle,
    cue_label,
    render_contact_sheet,
    render_video,
)
from subtitler.profiles import DEFAULT, resolve_profile

CUES = (
    Cue(1000, 3000, ("North Korean troops", "were sent to Russia."), 0, (0,)),
    Cue(3500, 5500, ("북한군 병력이 러시아에", "추가로 파병됐습니다."), 1, (1,)),
    Cue(6000, 6900, ("Far too many words for so short a time",), 2, (2,)),
    Cue(7200, 9000, ("Edward Howell",), 3, ()),
)
STYLE = PreviewStyle(font="Noto Sans CJK KR", font_size=18)
WIDTH, HEIGHT, LABEL = STYLE.frame_width, STYLE.frame_height, STYLE.label_height


def ffmpeg_or_skip() -> str:
    found = shutil.which("ffmpeg")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("ffmpeg is required in CI (.ci/apt-packages.txt installs it)")
        pytest.skip("ffmpeg not installed")
    return found


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def gray_pixels(path: Path, ffmpeg: str) -> bytes:
    """The image as 8-bit grey, row by row, decoded by ffmpeg itself."""
    done = subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True,
        check=True,
    )
    return done.stdout


def bright(pixels: bytes, width: int, box: tuple[int, int, int, int]) -> int:
    """Pixels brighter than the dark background inside box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    return sum(1 for y in range(y0, y1) for v in pixels[y * width + x0 : y * width + x1] if v > 160)


def test_missing_ffmpeg_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(FfmpegMissingError) as info:
        render_contact_sheet(CUES, "en", DEFAULT, tmp_path / "x.png", ffmpeg="no-such-ffmpeg-here")
    message = str(info.value)
    assert isinstance(info.value, SubtitlerError)
    assert "apt-get install ffmpeg" in message and "brew install ffmpeg" in message
    assert "\n" not in message
    assert not (tmp_path / "x.png").exists()


def test_nothing_to_preview_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PreviewError, match="no cues"):
        render_video((), "ko", DEFAULT, tmp_path / "x.mp4")


def test_label_marks_reading_speed_over_the_limit() -> None:
    assert cue_label(3, CUES[2], "en", DEFAULT).endswith("42.2 CPS > 20!")


def test_contact_sheet_has_one_labelled_frame_per_cue_with_text_in_it(tmp_path: Path) -> None:
    ffmpeg = ffmpeg_or_skip()
    out = render_contact_sheet(CUES, "ko", DEFAULT, tmp_path / "sheet.png", columns=2, style=STYLE)
    assert out == tmp_path / "sheet.png" and [p.name for p in tmp_path.iterdir()] == ["sheet.png"]
    # tile: margin 4 around, padding 4 between; 2 columns, 2 rows of frame + label strip.
    cell_w, cell_h = WIDTH, HEIGHT + LABEL
    assert png_size(out) == (2 * cell_w + 4 + 8, 2 * cell_h + 4 + 8)
    pixels = gray_pixels(out, ffmpeg)
    sheet_w = 2 * cell_w + 12
    for index in range(len(CUES)):
        x = 4 + (index % 2) * (cell_w + 4)
        y = 4 + (index // 2) * (cell_h + 4)
        subtitle_area = (x, y + HEIGHT // 2, x + cell_w, y + HEIGHT)
        label_strip = (x, y + HEIGHT, x + cell_w, y + cell_h)
        sky = (x, y, x + cell_w, y + HEIGHT // 3)
        assert bright(pixels, sheet_w, subtitle_area) > 200, f"no subtitle drawn for cue {index}"
        assert bright(pixels, sheet_w, label_strip) > 100, f"no label under cue {index}"
        assert bright(pixels, sheet_w, sky) == 0


def test_contact_sheet_for_a_timeline_starting_at_one_hour_is_quick(tmp_path: Path) -> None:
    ffmpeg_or_skip()
    late = tuple(c.__class__(c.start_ms + 3_600_000, c.end_ms + 3_600_000, c.lines, c.segment,
                             c.sentences) for c in CUES)  # fmt: skip
    out = render_contact_sheet(late, "en", resolve_profile("resolve"), tmp_path / "s.png")
    assert png_size(out) == (3 * WIDTH + 8 + 8, 2 * (HEIGHT + LABEL) + 4 + 8)


def test_video_plays_the_cues_at_their_times_over_a_plain_background(tmp_path: Path) -> None:
    ffmpeg = ffmpeg_or_skip()
    out = render_video(CUES, "ko", DEFAULT, tmp_path / "preview.mp4", style=STYLE)
    probe = subprocess.run(
        [ffmpeg.replace("ffmpeg", "ffprobe"), "-v", "error", "-show_entries",
         "format=duration", "-of", "csv=p=0", str(out)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    # Starts 0.5 s before the first cue (at 1.0 s) and ends 0.5 s after the last (9.0 s).
    assert float(probe.stdout) == pytest.approx(9.0, abs=0.1)
    # The Korean cue (3.5-5.5 s on the cue clock) is on screen 4.0 s into the video.
    frame = tmp_path / "frame.png"
    subprocess.run(
        [ffmpeg, "-v", "error", "-ss", "4.0", "-i", str(out), "-frames:v", "1", str(frame)],
        check=True,
    )
    pixels = gray_pixels(frame, ffmpeg)
    assert bright(pixels, WIDTH, (0, HEIGHT // 2, WIDTH, HEIGHT)) > 200
    # Between cues (5.5-6.0 s on the cue clock, 5.3 s into the video) only the clock shows.
    subprocess.run(
        [ffmpeg, "-v", "error", "-ss", "5.3", "-i", str(out), "-frames:v", "1", "-y", str(frame)],
        check=True,
    )
    assert bright(gray_pixels(frame, ffmpeg), WIDTH, (0, HEIGHT // 2, WIDTH, HEIGHT)) == 0
