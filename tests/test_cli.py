"""The command line as users and scripts meet it: in-process and as a real subprocess."""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pysubs2
import pytest
import srt

from subtitler.cli import build_parser, main
from tests.conftest import SAMPLE, TRANSCRIPTS

HEAVY_MODULES = ("ctranslate2", "argostranslate", "sentencepiece", "onnxruntime", "numpy")


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m subtitler ARGS`` in a subprocess with the test's isolated environment."""
    return subprocess.run(
        [sys.executable, "-m", "subtitler", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=os.environ.copy(),
        timeout=300,
    )


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# --- help and usage ---------------------------------------------------------------------------


def _walk(parser: argparse.ArgumentParser, path: str = "subtitler") -> list[tuple[str, str]]:
    """Every (command path, option or argument) in the grammar with empty help."""
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if not choice.help:
                    missing.append((path, choice.dest))
            for name, sub in action.choices.items():
                missing += _walk(sub, f"{path} {name}")
        elif not action.help:
            missing.append((path, action.dest))
    return missing


def test_every_command_and_option_has_help() -> None:
    assert _walk(build_parser()) == []


def test_every_leaf_command_help_has_an_example_or_description() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        assert command.description, name
        if name != "models":
            assert command.epilog and "examples:" in command.epilog, name


def test_help_runs_as_a_module_and_lists_commands() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("run", "clean", "check", "models"):
        assert command in result.stdout


def test_help_loads_no_translation_engine() -> None:
    code = (
        "import sys\nfrom subtitler.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_importing_every_module_loads_no_engine() -> None:
    code = (
        "import sys, pkgutil, importlib, subtitler\n"
        "for m in pkgutil.walk_packages(subtitler.__path__, 'subtitler.'):\n"
        "    if not m.name.endswith('__main__'):\n        importlib.import_module(m.name)\n"
        f"print(sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_unknown_option_is_a_usage_error_on_one_line() -> None:
    result = run_cli("run", "--no-such-option", SAMPLE)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--no-such-option" in result.stderr


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("run", tmp_path / "nope.txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.strip() == f"subtitler: error: no such file: {tmp_path / 'nope.txt'}"
    assert not (tmp_path / "out").exists()


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().err


@pytest.mark.parametrize("targets", ["fr", "en,de"])
def test_unsupported_target_language_is_a_clear_error(tmp_path: Path, targets: str) -> None:
    result = run_cli("run", SAMPLE, "--targets", targets, "-o", tmp_path)
    assert result.returncode == 2
    assert "unsupported language" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


# --- run --------------------------------------------------------------------------------------


def test_run_sample_source_language_outputs(tmp_path: Path) -> None:
    before = SAMPLE.read_bytes()
    result = run_cli("run", SAMPLE, "--targets", "en", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    stem = SAMPLE.stem
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        f"{stem}.{suffix}" for suffix in ("en.srt", "cleaned.txt", "report.json", "report.html")
    )
    assert SAMPLE.read_bytes() == before
    text = (tmp_path / f"{stem}.en.srt").read_text(encoding="utf-8")
    cues = list(srt.parse(text))
    assert len(cues) > 10
    assert [c.index for c in cues] == list(range(1, len(cues) + 1))
    subs = pysubs2.SSAFile.from_string(text, format_="srt")
    assert [e.plaintext for e in subs] == [c.content for c in cues]
    assert not text.startswith("\ufeff") and "\r" not in text


def test_run_is_deterministic(tmp_path: Path) -> None:
    for out in ("a", "b"):
        assert run_cli("run", SAMPLE, "--targets", "en", "-o", tmp_path / out).returncode == 0
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_run_start_offset_and_fps(tmp_path: Path) -> None:
    result = run_cli(
        "run", SAMPLE, "--targets", "en", "--start", "01:00:00:00", "--fps", "25", "-o", tmp_path
    )
    assert result.returncode == 0, result.stderr
    cues = list(srt.parse((tmp_path / f"{SAMPLE.stem}.en.srt").read_text(encoding="utf-8")))
    assert cues[0].start.total_seconds() >= 3600
    for cue in cues:
        for t in (cue.start, cue.end):
            ms = round(t.total_seconds() * 1000)
            assert ms % 40 == 0  # 25 fps: every time on a frame boundary


def test_run_duration_scales_timeline(tmp_path: Path) -> None:
    result = run_cli("run", SAMPLE, "--targets", "en", "--duration", "00:05:00,000", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    cues = list(srt.parse((tmp_path / f"{SAMPLE.stem}.en.srt").read_text(encoding="utf-8")))
    assert abs(cues[-1].end.total_seconds() - 300) < 0.1


def test_bad_timecode_is_one_line(tmp_path: Path) -> None:
    for option, value in (("--start", "1h"), ("--start", "99:99"), ("--duration", "-5")):
        result = run_cli("run", SAMPLE, "--targets", "en", option, value, "-o", tmp_path)
        assert result.returncode == 2  # a value that cannot be read: a usage error
        assert result.stderr.startswith(f"subtitler: error: {option}: ")
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_two_inputs_of_one_name_are_refused_before_any_work(tmp_path: Path) -> None:
    # Their outputs would have the same names: the second run would overwrite the first's.
    first, second = tmp_path / "a" / "news.txt", tmp_path / "b" / "news.txt"
    for path in (first, second):
        path.parent.mkdir()
        shutil.copy(SAMPLE, path)
    result = run_cli("run", first, second, "--targets", "en", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr == (
        f"subtitler: error: {first} and {second} would both write {tmp_path / 'out' / 'news'}.*: "
        "rename one, or run them with different -o folders\n"
    )
    assert not (tmp_path / "out").exists()


def test_an_output_folder_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    taken = tmp_path / "output"
    taken.write_text("not a folder")
    result = run_cli("run", SAMPLE, "--targets", "en", "-o", taken)
    assert result.returncode == 2
    assert result.stderr == f"subtitler: error: -o {taken} is a file, not a folder\n"
    assert taken.read_text() == "not a folder"


def test_clean_reads_standard_input_and_run_says_why_it_does_not() -> None:
    piped = subprocess.run(
        [sys.executable, "-m", "subtitler", "clean", "-"],
        input=SAMPLE.read_bytes(),
        capture_output=True,
        env=os.environ.copy(),
        timeout=300,
    )
    assert piped.returncode == 0
    assert piped.stdout.decode("utf-8") == run_cli("clean", SAMPLE).stdout
    result = run_cli("run", "-", "--targets", "en")
    assert result.returncode == 2
    assert "save standard input to a file first" in result.stderr


def test_vtt_format_alongside_srt(tmp_path: Path) -> None:
    result = run_cli("run", SAMPLE, "--targets", "en", "--formats", "srt,vtt", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    vtt = (tmp_path / f"{SAMPLE.stem}.en.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03PK\x03\x04" * 100, "binary"),
        ("Les troupes nord-coréennes ont subi de lourdes pertes à Koursk, selon des experts "
         "militaires qui suivent la guerre.".encode(), "English or Korean"),
    ],
)  # fmt: skip
def test_bad_input_fails_cleanly_without_outputs(
    tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run_cli("run", bad, "-o", tmp_path / "out")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    assert bad.read_bytes() == content


def test_debug_shows_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run_cli("--debug", "run", bad, "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_failed_run_leaves_earlier_outputs_untouched(tmp_path: Path) -> None:
    transcript = tmp_path / "news.txt"
    transcript.write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    assert run_cli("run", transcript, "--targets", "en", "-o", out).returncode == 0
    good = digest(out)
    transcript.write_bytes(b"\x00\xff" * 500)
    assert run_cli("run", transcript, "--targets", "en", "-o", out).returncode == 1
    assert digest(out) == good


def test_unwritable_output_is_exit_1(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli("run", SAMPLE, "--targets", "en", "-o", blocker / "sub")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1


def test_several_inputs_one_failing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    korean = TRANSCRIPTS / "ytn-korean-style.txt"
    result = run_cli("run", SAMPLE, bad, korean, "--targets", "en,ko", "--offline", "-o", tmp_path)
    assert result.returncode == 1
    assert (tmp_path / f"{SAMPLE.stem}.en.srt").exists()
    assert (tmp_path / f"{korean.stem}.ko.srt").exists()
    assert not (tmp_path / "bad.report.json").exists()


def test_progress_of_several_files_shows_on_a_terminal_only(tmp_path: Path) -> None:
    korean = TRANSCRIPTS / "ytn-korean-style.txt"
    args = ("run", SAMPLE, korean, "--targets", "en", "--offline", "-o", tmp_path)
    # stderr on a pseudo-terminal, as in a shell; stdout stays a pipe.
    controller, terminal = pty.openpty()
    with terminal_closed_after(terminal):
        process = subprocess.Popen(
            [sys.executable, "-m", "subtitler", *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=terminal,
            env=os.environ.copy(),
        )
    shown = b""
    while chunk := _read_terminal(controller):
        shown += chunk
    os.close(controller)
    assert process.wait(timeout=300) == 1  # offline, no Korean-to-English model
    assert f"[1/2] reading {SAMPLE}".encode() in shown
    assert f"[2/2] reading {korean}".encode() in shown
    # The same run with stderr on a pipe (a script, a log) shows no progress.
    piped = run_cli(*args)
    assert piped.returncode == 1
    assert "[1/2]" not in piped.stderr


@contextlib.contextmanager
def terminal_closed_after(descriptor: int) -> Iterator[None]:
    """Close this process's copy of a terminal once the child has its own."""
    try:
        yield
    finally:
        os.close(descriptor)


def _read_terminal(descriptor: int) -> bytes:
    """What the terminal shows next; b"" once every writer has closed it (EIO on Linux)."""
    try:
        return os.read(descriptor, 4096)
    except OSError:
        return b""


def test_missing_model_offline_names_the_install_command(tmp_path: Path) -> None:
    result = run_cli("run", SAMPLE, "--offline", "-o", tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "subtitler models install en ko" in lines[0]
    assert ".argosmodel" in lines[0]
    # Everything that does not need the model is still written.
    for suffix in ("en.srt", "cleaned.txt", "report.json", "report.html"):
        assert (tmp_path / f"{SAMPLE.stem}.{suffix}").exists()
    assert not (tmp_path / f"{SAMPLE.stem}.ko.srt").exists()


def test_offline_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUBTITLER_OFFLINE", "1")
    result = run_cli("run", SAMPLE, "-o", tmp_path)
    assert result.returncode == 1
    assert "subtitler models install en ko" in result.stderr


def test_a_command_works_without_the_cycle_collector_and_switches_it_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from subtitler import pipeline

    seen: list[bool] = []
    prepare = pipeline.prepare

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return prepare(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "prepare", watched)
    assert gc.isenabled()
    assert main(["run", str(SAMPLE), "--targets", "en", "-o", str(tmp_path)]) == 0
    assert seen == [False]
    assert gc.isenabled()
    # A command that fails switches it back on too; one run with it off stays off.
    assert main(["run", str(tmp_path / "missing.txt"), "-o", str(tmp_path)]) == 2
    assert gc.isenabled()
    gc.disable()
    try:
        assert main(["clean", str(SAMPLE), "-o", str(tmp_path / "c.txt")]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- clean and check --------------------------------------------------------------------------


def test_clean_to_stdout_and_file(tmp_path: Path) -> None:
    result = run_cli("clean", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert "[Anchor]" in result.stdout or "[anchor]" in result.stdout.lower()
    assert "social@ytn.co.kr" not in result.stdout
    out = tmp_path / "c.txt"
    assert run_cli("clean", SAMPLE, "-o", out).returncode == 0
    assert out.read_text(encoding="utf-8") == result.stdout


def test_check_our_output_is_clean_and_junk_is_an_error(tmp_path: Path) -> None:
    assert run_cli("run", SAMPLE, "--targets", "en", "-o", tmp_path).returncode == 0
    ours = tmp_path / f"{SAMPLE.stem}.en.srt"
    result = run_cli("check", ours)
    assert result.returncode == 0, result.stdout
    junk = tmp_path / "junk.srt"
    junk.write_text("this is not\na subtitle file\n")
    result = run_cli("check", junk)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "junk.srt" in result.stderr


def test_check_names_the_file_that_is_empty_or_binary(tmp_path: Path) -> None:
    # Among several files, the error says which one, and calls it what it is.
    assert run_cli("run", SAMPLE, "--targets", "en", "-o", tmp_path).returncode == 0
    ours = tmp_path / f"{SAMPLE.stem}.en.srt"
    empty, binary = tmp_path / "empty.srt", tmp_path / "binary.srt"
    empty.write_bytes(b"")
    binary.write_bytes(b"\x00\x01\x02junk")
    for bad, says in ((empty, "subtitle file is empty"), (binary, "subtitle file looks like")):
        result = run_cli("check", ours, bad)
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith(f"subtitler: error: {bad}: {says}"), result.stderr


def test_clean_names_its_input_in_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_cli("clean", empty)
    assert result.returncode == 1
    assert result.stderr.strip() == f"subtitler: error: {empty}: transcript is empty"


def test_check_names_offending_cue(tmp_path: Path) -> None:
    bad = tmp_path / "bad.srt"
    bad.write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nA fine first line.\n\n"
        "2\n00:00:03,500 --> 00:00:04,000\n"
        "This line is far too long for any professional subtitle standard at all.\n\n"
    )
    result = run_cli("check", bad, "--lang", "en")
    assert result.returncode == 1
    assert "cue 2" in result.stdout
    assert "cue 1" not in result.stdout
    result = run_cli("check", bad, "--json")
    assert result.returncode == 1
    assert '"cue": 2' in result.stdout


# --- profiles, name cards, preview ------------------------------------------------------------


def test_resolve_profile_starts_at_one_hour_and_start_overrides_it(tmp_path: Path) -> None:
    args = ("run", SAMPLE, "--targets", "en", "--profile", "resolve")
    assert run_cli(*args, "-o", tmp_path / "a").returncode == 0
    assert run_cli(*args, "--start", "00:00:10,000", "-o", tmp_path / "b").returncode == 0
    first = [
        next(srt.parse((tmp_path / out / f"{SAMPLE.stem}.en.srt").read_text(encoding="utf-8")))
        for out in ("a", "b")
    ]
    assert first[0].start.total_seconds() == 3600
    assert first[1].start.total_seconds() == 10


def test_bom_and_crlf_options(tmp_path: Path) -> None:
    result = run_cli("run", SAMPLE, "--targets", "en", "--bom", "--crlf", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    data = (tmp_path / f"{SAMPLE.stem}.en.srt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf1\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_youtube_profile_writes_vtt_without_voice_spans(tmp_path: Path) -> None:
    args = ("run", SAMPLE, "--targets", "en", "--formats", "vtt", "--profile", "youtube")
    assert run_cli(*args, "-o", tmp_path).returncode == 0
    assert "<v " not in (tmp_path / f"{SAMPLE.stem}.en.vtt").read_text(encoding="utf-8")
    assert run_cli(*args[:-2], "-o", tmp_path / "d").returncode == 0
    assert "<v Edward Howell>" in (tmp_path / "d" / f"{SAMPLE.stem}.en.vtt").read_text("utf-8")


def test_name_cards_inline_and_as_a_track(tmp_path: Path) -> None:
    args = ("run", SAMPLE, "--targets", "en", "--name-cards")
    assert run_cli(*args, "-o", tmp_path / "in").returncode == 0
    inline = (tmp_path / "in" / f"{SAMPLE.stem}.en.srt").read_text(encoding="utf-8")
    card = next(c for c in srt.parse(inline) if c.content.startswith("Edward Howell"))
    assert card.content == "Edward Howell\nOxford University Researcher"
    assert run_cli(*args, "track", "-o", tmp_path / "tr").returncode == 0
    names = (tmp_path / "tr" / f"{SAMPLE.stem}.names.en.srt").read_text(encoding="utf-8")
    firsts = [c.content.splitlines()[0] for c in srt.parse(names)]
    assert firsts == ["Edward Howell", "Yang Uk, Asan Institute"]
    dialogue = (tmp_path / "tr" / f"{SAMPLE.stem}.en.srt").read_text(encoding="utf-8")
    assert "Oxford University Researcher" not in dialogue


def test_preview_renders_and_links_from_the_report(tmp_path: Path) -> None:
    if not shutil.which("ffmpeg") and os.environ.get("CI") != "true":
        pytest.skip("ffmpeg is not installed (CI installs it)")
    korean = TRANSCRIPTS / "ytn-korean-style.txt"
    assert run_cli("run", korean, "--targets", "ko", "-o", tmp_path).returncode == 0
    result = run_cli("preview", korean.stem, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    png = tmp_path / f"{korean.stem}.ko.preview.png"
    assert png.read_bytes().startswith(b"\x89PNG")
    report = (tmp_path / f"{korean.stem}.report.html").read_text(encoding="utf-8")
    assert f'src="{png.name}"' in report


def test_preview_of_missing_outputs_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("preview", "nothing-here", "-o", tmp_path)
    assert result.returncode == 2
    assert "subtitler run" in result.stderr


def test_check_notes_bom_and_crlf_without_failing(tmp_path: Path) -> None:
    assert (
        run_cli("run", SAMPLE, "--targets", "en", "--bom", "--crlf", "-o", tmp_path).returncode == 0
    )
    result = run_cli("check", tmp_path / f"{SAMPLE.stem}.en.srt")
    assert result.returncode == 0, result.stdout
    assert "note: bom:" in result.stdout and "note: crlf:" in result.stdout


def test_a_duration_too_short_for_the_speech_warns_on_stderr(tmp_path: Path) -> None:
    result = run_cli("run", SAMPLE, "--targets", "en", "--duration", "00:00:30", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1
    assert warning[0].startswith(f"subtitler: warning: {SAMPLE.stem}.en.srt: ")
    assert "cues break subtitle limits" in warning[0]
    assert run_cli("run", SAMPLE, "--targets", "en", "-o", tmp_path / "b").stderr == ""


def test_missing_glossary_is_a_usage_error_before_any_work(tmp_path: Path) -> None:
    result = run_cli("run", SAMPLE, "--glossary", tmp_path / "terms.tsv", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.strip() == f"subtitler: error: no such file: {tmp_path / 'terms.tsv'}"
    assert not (tmp_path / "out").exists()
