"""Our files in the real programs people open them with, not in our own parser.

- ffmpeg reads every SRT and WebVTT variant we write without a word on stderr;
- libass (ffmpeg's ``subtitles`` filter) burns English and Korean onto a generated
  video, and every cue's frame carries glyphs, not tofu: the Korean frames differ
  from a rendering whose only font (DejaVu Sans) has no Hangul;
- pysubs2 and aeidon (the library behind Gaupol) read back the cues we wrote;
- headless Chromium reads our WebVTT through the TextTrack API, and renders the
  Korean review report.

The cues come from the real stages (sentences -> build_cues -> name cards -> writers).
Programs missing on a developer's machine skip their tests; in CI (CI=true) the CI
script installs them (.ci/apt-packages.txt) and a missing one fails.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pysubs2
import pytest

from subtitler.cues import build_cues
from subtitler.formats.srt import compose_srt
from subtitler.formats.vtt import compose_vtt
from subtitler.languages import profile
from subtitler.models import Cue, Document, Segment, Track
from subtitler.namecards import name_cards
from subtitler.pipeline import prepare
from subtitler.report import report_html
from subtitler.sentences import sentences_of

HERE = Path(__file__).resolve().parent / "clients"
TRANSCRIPTS = HERE.parent.parent / "transcripts"
IN_CI = os.environ.get("CI") == "true"
SYSTEM_PYTHON = "/usr/bin/python3"

SEGMENTS = {
    "en": (
        Segment("anchor", None, None,
                "North Korea has sent more troops to Russia. The U.S. says 3,000 more soldiers "
                "arrived last week, and losses are heavy.", 1),
        Segment("reporter", "Kwon Young-hee", None,
                "Experts say the troops are learning fast. Their R&D budget grew by 3.5% "
                "this year, according to \"official\" figures.", 3),
        Segment("interview", "Edward Howell", "Oxford University Researcher",
                "They are gaining combat experience that no other army in Asia has.", 5),
        Segment("reporter", "Kwon Young-hee", None, "I'm Kwon Young-hee, YTN.", 7),
    ),
    "ko": (
        Segment("anchor", None, None,
                "북한이 러시아에 병력을 추가로 보냈습니다. 미국은 지난주 3천 명이 더 "
                "도착했다고 밝혔습니다.", 1),
        Segment("reporter", "김민수", None,
                "전문가들은 북한군이 빠르게 배우고 있다고 말합니다. 사상자도 적지 않습니다.", 3),
        Segment("interview", "에드워드 하웰", "옥스퍼드대 연구원",
                "아시아의 어떤 군대도 갖지 못한 실전 경험을 쌓고 있습니다.", 5),
        Segment("reporter", "김민수", None, "YTN 김민수입니다.", 7),
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Written:
    """One file we wrote and the cues it must read back as (text lines joined by newline)."""

    path: Path
    language: str
    cues: tuple[Cue, ...]
    voiced: bool = False

    @property
    def expected(self) -> list[tuple[int, int, str]]:
        return [(c.start_ms, c.end_ms, "\n".join(c.lines)) for c in self.cues]


def need(program: str) -> str:
    """The program's path; a skip on a developer machine without it, a failure in CI."""
    found = shutil.which(program) if not os.path.isabs(program) else program
    if found is None or not os.path.exists(found):
        if IN_CI:
            pytest.fail(f"{program} is required in CI (.ci/apt-packages.txt installs it)")
        pytest.skip(f"{program} not installed")
    return found


def need_aeidon() -> str:
    python = need(SYSTEM_PYTHON)
    probe = subprocess.run([python, "-c", "import aeidon"], capture_output=True, check=False)
    if probe.returncode != 0:
        if IN_CI:
            pytest.fail("python3-aeidon is required in CI (.ci/apt-packages.txt installs it)")
        pytest.skip("python3-aeidon not installed")
    return python


def track_cues(language: str) -> tuple[Cue, ...]:
    """The language's cues through the real stages, with an inline name card."""
    lang = profile(language)
    segments = SEGMENTS[language]
    cues = build_cues(segments, sentences_of(segments, lang), lang)
    return name_cards(segments, cues, lang, "inline")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Written]:
    """Every variant we write, for both languages: SRT (plain, BOM+CRLF), VTT, names track."""
    folder = tmp_path_factory.mktemp("written")
    files: list[Written] = []
    for language in ("en", "ko"):
        cues = track_cues(language)
        segments = SEGMENTS[language]
        names = name_cards(segments, [c for c in cues if c.sentences], language, "track")
        speakers = [s.speaker for s in segments]
        variants = {
            f"news.{language}.srt": (compose_srt(cues), cues, False),
            f"news.{language}.bom-crlf.srt": (compose_srt(cues, bom=True, crlf=True), cues, False),
            f"news.{language}.vtt": (compose_vtt(cues, speakers), cues, True),
            f"news.names.{language}.srt": (compose_srt(names), names, False),
        }
        for name, (text, expected, voiced) in variants.items():
            path = folder / name
            path.write_bytes(text.encode("utf-8"))
            files.append(Written(path, language, expected, voiced))
    # The project's own transcripts through the whole pipeline, artifacts and all.
    for transcript in sorted(TRANSCRIPTS.glob("*.txt")):
        doc = prepare(transcript.stem, transcript.read_bytes())
        language = doc.source_language
        cues = name_cards(doc.segments, doc.tracks[language].cues, language, "inline")
        speakers = [s.speaker for s in doc.segments]
        for suffix, text, voiced in (
            ("srt", compose_srt(cues), False),
            ("vtt", compose_vtt(cues, speakers), any(speakers)),
        ):
            path = folder / f"{transcript.stem}.{language}.{suffix}"
            path.write_text(text, encoding="utf-8")
            files.append(Written(path, language, cues, voiced))
    return files


def test_the_files_under_test_are_real_subtitles(written: list[Written]) -> None:
    for item in written:
        assert item.cues, item.path.name
    korean = next(w for w in written if w.path.name == "news.ko.srt")
    assert any("에드워드 하웰" in c.lines for c in korean.cues)  # the inline name card
    assert any("\ufeff" in w.path.read_text(encoding="utf-8") for w in written)
    assert len({w.path.name.split(".")[0] for w in written}) >= 4, "transcripts/ went missing"


# ---------------------------------------------------------------- ffmpeg reads everything


def test_ffmpeg_reads_every_srt_and_vtt_we_write_without_complaint(written: list[Written]) -> None:
    ffmpeg = need("ffmpeg")
    for item in written:
        done = subprocess.run(
            [ffmpeg, "-nostdin", "-v", "warning", "-i", str(item.path), "-f", "ass", "-"],
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0 and done.stderr == "", (item.path.name, done.stderr)
        events = re.findall(r"^Dialogue: \d+,([^,]+),([^,]+),[^,]*,[^,]*,\d+,\d+,\d+,,(.*)$",
                            done.stdout, flags=re.M)  # fmt: skip
        read = [(_ass_ms(s), _ass_ms(e), t.replace("\\N", "\n")) for s, e, t in events]
        assert [t for _, _, t in read] == [t for _, _, t in item.expected], item.path.name
        # ASS keeps centiseconds and ffmpeg rounds start and duration: within 10 ms of ours.
        for (start, end, _), (want_start, want_end, _) in zip(read, item.expected, strict=True):
            assert abs(start - want_start) <= 10 and abs(end - want_end) <= 10, item.path.name


def _ass_ms(text: str) -> int:
    hours, minutes, seconds = text.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


# ---------------------------------------------------------------- pysubs2 and aeidon


def test_pysubs2_reads_back_the_cues_we_wrote(written: list[Written]) -> None:
    for item in written:
        subs = pysubs2.load(str(item.path), encoding="utf-8-sig")
        # pysubs2 drops WebVTT tags but keeps character references (&amp;) as written.
        read = [(e.start, e.end, html.unescape(e.plaintext)) for e in subs]
        assert read == item.expected, item.path.name


def test_aeidon_reads_back_the_cues_we_wrote(written: list[Written]) -> None:
    python = need_aeidon()
    done = subprocess.run(
        [python, str(HERE / "aeidon_dump.py"), *(str(w.path) for w in written)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found: dict[str, list[list[Any]]] = json.loads(done.stdout)
    for item in written:
        read = found[str(item.path)]
        if item.voiced:
            # aeidon keeps WebVTT markup as text: our voice spans must be there, well formed.
            assert any(text.startswith("<v ") and text.endswith("</v>") for _, _, text in read)
            read = [[s, e, html.unescape(re.sub(r"</?v[^>]*>", "", t))] for s, e, t in read]
        assert [tuple(cue) for cue in read] == item.expected, item.path.name


# ---------------------------------------------------------------- libass burns glyphs

WIDTH, HEIGHT, FPS = 640, 360, 10
BACKGROUND = 0x30  # grey level of the generated test video


@pytest.fixture(scope="module")
def test_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain grey H.264 video, long enough for every cue of both languages."""
    ffmpeg = need("ffmpeg")
    seconds = max(c.end_ms for lang in SEGMENTS for c in track_cues(lang)) / 1000 + 1
    path = tmp_path_factory.mktemp("video") / "test.mp4"
    subprocess.run(
        [ffmpeg, "-nostdin", "-v", "error", "-f", "lavfi",
         "-i", f"color=c=0x303030:s={WIDTH}x{HEIGHT}:r={FPS}:d={seconds:.1f}",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
        check=True, timeout=120,
    )  # fmt: skip
    return path


def burned_frames(
    video: Path, srt: Path, cues: tuple[Cue, ...], font: str, env: dict[str, str] | None = None
) -> list[bytes]:
    """Burn ``srt`` onto ``video`` with libass and return the grey frame at each cue's midpoint."""
    ffmpeg = need("ffmpeg")
    picks = [round((c.start_ms + c.end_ms) / 2 / 1000 * FPS) for c in cues]
    select = "+".join(f"eq(n\\,{n})" for n in picks)
    graph = f"subtitles={srt.name}:force_style='FontName={font},FontSize=20',select='{select}'"
    done = subprocess.run(
        [ffmpeg, "-nostdin", "-v", "error", "-i", str(video), "-vf", graph,
         "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        cwd=srt.parent, capture_output=True, check=False, timeout=120,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    size = WIDTH * HEIGHT
    frames = [done.stdout[i : i + size] for i in range(0, len(done.stdout), size)]
    assert len(frames) == len(cues)
    return frames


def ink(frame: bytes, rows: range) -> int:
    """Pixels in ``rows`` that are clearly not the background (glyph fill or outline)."""
    return sum(
        1 for y in rows for v in frame[y * WIDTH : (y + 1) * WIDTH] if abs(v - BACKGROUND) > 40
    )


def differing(a: bytes, b: bytes, rows: range) -> int:
    span = slice(rows.start * WIDTH, rows.stop * WIDTH)
    return sum(1 for x, y in zip(a[span], b[span], strict=True) if abs(x - y) > 40)


LOWER_HALF = range(HEIGHT // 2, HEIGHT)
UPPER_THIRD = range(0, HEIGHT // 3)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_libass_burns_glyphs_for_every_cue(
    language: str, written: list[Written], test_video: Path
) -> None:
    item = next(w for w in written if w.path.name == f"news.{language}.srt")
    frames = burned_frames(test_video, item.path, item.cues, "Noto Sans CJK KR")
    for cue, frame in zip(item.cues, frames, strict=True):
        glyph_pixels = ink(frame, LOWER_HALF)
        # A line of 20-unit text at 640x360 inks well over a thousand pixels; an empty
        # frame inks none (the video is flat grey, H.264 noise stays under the threshold).
        assert glyph_pixels > 150 * len(cue.lines), (cue.lines, glyph_pixels)
        assert ink(frame, UPPER_THIRD) == 0, cue.lines


@pytest.fixture(scope="module")
def dejavu_only(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fontconfig setup whose only fonts are DejaVu's, which have no Hangul."""
    fc_match = need("fc-match")
    font = subprocess.run(
        [fc_match, "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, check=True
    ).stdout
    assert "DejaVu" in font, f"DejaVu Sans is not installed (fonts-dejavu-core): {font!r}"
    folder = tmp_path_factory.mktemp("fontconfig")
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{Path(font).parent}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n"
        # The system's aliases (sans-serif -> DejaVu Sans ...) stay, so Latin text is drawn
        # the same as with every font installed: only the missing Hangul makes a difference.
        '  <include ignore_missing="yes">/etc/fonts/conf.d</include>\n'
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(config)}


def test_korean_glyphs_are_real_not_tofu(
    written: list[Written], test_video: Path, dejavu_only: dict[str, str]
) -> None:
    """DejaVu Sans is asked for in both renderings; only the first may fall back to Noto CJK.

    English frames come out the same (DejaVu draws them both times): the comparison is
    fair. Korean frames must differ a lot: real Hangul from the fallback font against
    DejaVu's empty boxes.
    """
    for language in ("en", "ko"):
        item = next(w for w in written if w.path.name == f"news.{language}.srt")
        real = burned_frames(test_video, item.path, item.cues, "DejaVu Sans")
        tofu = burned_frames(test_video, item.path, item.cues, "DejaVu Sans", dejavu_only)
        for cue, a, b in zip(item.cues, real, tofu, strict=True):
            changed = differing(a, b, LOWER_HALF)
            if language == "en":
                assert changed < 50, (cue.lines, changed)
            else:
                assert changed > 0.3 * ink(a, LOWER_HALF), (cue.lines, changed)


# ---------------------------------------------------------------- Chromium


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A folder served over HTTP on 127.0.0.1 (Chromium loads no track from file://)."""
    folder = tmp_path_factory.mktemp("site")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def chromium(*args: str, profile_dir: Path, env: dict[str, str] | None = None) -> str:
    binary = need("chromium")
    done = subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile_dir}", *args],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("language", ["en", "ko"])
def test_chromium_texttrack_reads_our_webvtt(
    language: str,
    written: list[Written],
    served: tuple[str, Path],
    tmp_path: Path,
) -> None:
    base, folder = served
    item = next(w for w in written if w.path.name == f"news.{language}.vtt")
    shutil.copy(item.path, folder / item.path.name)
    page = (HERE / "texttrack.html").read_text(encoding="utf-8")
    page = page.replace("LANG", language).replace("VTT", item.path.name)
    (folder / f"track-{language}.html").write_text(page, encoding="utf-8")
    dom = chromium(
        "--virtual-time-budget=10000", "--dump-dom", f"{base}/track-{language}.html",
        profile_dir=tmp_path / "chromium",
    )  # fmt: skip
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, flags=re.S)
    assert match, dom[-500:]
    result = json.loads(html.unescape(match.group(1)))
    assert result["status"] == "load" and result["mode"] == "hidden"
    read = [(round(c["start"] * 1000), round(c["end"] * 1000), c["text"]) for c in result["cues"]]
    assert read == item.expected
    assert [c["id"] for c in result["cues"]] == [str(n) for n in range(1, len(item.cues) + 1)]
    speakers = {s.speaker for s in SEGMENTS[language] if s.speaker}
    voiced = [c["raw"] for c in result["cues"] if c["raw"].startswith("<v ")]
    assert voiced and all(re.match(r"<v ([^>]+)>", raw)[1] in speakers for raw in voiced)  # type: ignore[index]


def dark_pixels(png: Path, box: tuple[int, int, int, int]) -> bytes:
    """The screenshot's pixels in box (x, y, w, h) as grey levels, decoded by ffmpeg."""
    ffmpeg = need("ffmpeg")
    x, y, w, h = box
    done = subprocess.run(
        [ffmpeg, "-nostdin", "-v", "error", "-i", str(png), "-vf", f"crop={w}:{h}:{x}:{y}",
         "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    return done.stdout


def test_chromium_renders_the_korean_review_report(
    served: tuple[str, Path], tmp_path: Path, dejavu_only: dict[str, str]
) -> None:
    base, folder = served
    segments = SEGMENTS["ko"]
    lang = profile("ko")
    found = sentences_of(segments, lang)
    cues = build_cues(segments, found, lang)
    text = "\n".join(s.text for s in segments)
    doc = Document(
        name="news", source_language="ko", original_text=text, segments=segments,
        sentences=found, tracks={"ko": Track("ko", cues)},
    )  # fmt: skip
    (folder / "news.report.html").write_text(report_html(doc), encoding="utf-8")
    url = f"{base}/news.report.html"
    shots = {}
    for name, env in (("real", None), ("tofu", dejavu_only)):
        shot = tmp_path / f"report-{name}.png"
        chromium(
            f"--screenshot={shot}", "--window-size=1000,900", url,
            profile_dir=tmp_path / f"chromium-{name}", env=env,
        )  # fmt: skip
        shots[name] = dark_pixels(shot, (0, 0, 1000, 900))
    # The page is not blank: text and rules ink a good share of it.
    inked = sum(1 for v in shots["real"] if v < 128)
    assert inked > 5000, inked
    # With only DejaVu (no Hangul) the same page draws boxes instead of the Korean text,
    # while the Latin-only heading (top 60 rows) is drawn the same both times.
    changed = [abs(a - b) > 60 for a, b in zip(shots["real"], shots["tofu"], strict=True)]
    assert sum(changed[: 60 * 1000]) < 50
    assert sum(changed) > 2000, sum(changed)
