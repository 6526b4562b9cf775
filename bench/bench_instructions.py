"""Benchmark: instructions per stage of ``subtitler run``, counted by valgrind.

Wall time on a shared machine drifts by a factor of two within an hour, so two
versions of the code timed an hour apart cannot be compared. Instructions can:
valgrind's callgrind counts every instruction the process executes, and the
count for the same code, input and hash seed is the same whatever else the
machine is doing (to within a few thousandths). This prints, for each stage of
the pipeline, millions of instructions and instructions per input byte, so a
change to one stage is measured on that stage alone.

    python bench/bench_instructions.py                   # a generated 200 KB English transcript
    python bench/bench_instructions.py --language ko --size 100
    python bench/bench_instructions.py --input transcripts/ytn-korean-style.txt

The stages run in one process, one after the other (no worker processes: the
count is the work, not how it is shared), separated by calls to ``os.getppid``,
at which callgrind starts a new count (``--dump-before``). Needs valgrind
(``apt-get install valgrind``); a run takes about 50 times as long as without.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import CHILD_ENV, REPO, compile_package, generate

# The child: what `subtitler run FILE --targets SRC` does, stage by stage, each stage
# ended by os.getppid() (a marker: callgrind dumps its count before every call of it).
CHILD = """
import gc, os, sys, tempfile
from pathlib import Path
os.getppid()  # start-up ends here
from subtitler import cli, cues, outputs, parallel, pipeline, report  # cli: as a run has it
from subtitler.files import write_all
from subtitler.languages import profile
from subtitler.models import Track
from dataclasses import replace
parallel.usable_cores = lambda: 1  # count the work in this process
gc.disable()  # as the command does
path = Path(sys.argv[1])
os.getppid()  # imports
document = pipeline.clean_transcript(path.stem, path.read_bytes())
os.getppid()  # clean
lang = profile(document.source_language)
built = cues.build_cues(document.segments, document.sentences, lang)
document = replace(document, tracks={lang.code: Track(lang.code, built)})
os.getppid()  # cues
finished = pipeline.finish(document)
rows = report.track_rows(finished)
os.getppid()  # lint
files = outputs.render(finished, [lang.code], outputs.OutputOptions(), rows=rows)
os.getppid()  # files
with tempfile.TemporaryDirectory() as out:
    write_all({Path(out) / name: data for name, data in files.items()})
os.getppid()  # write
"""
STAGES = (
    ("start-up", "interpreter start-up (not subtitler's)"),
    ("imports", "importing subtitler's modules"),
    ("clean", "decode, normalise, parse, detect, clean, sentences"),
    ("cues", "layout, merging, timing"),
    ("lint", "placing the track, measuring and linting every cue"),
    ("files", "SRT, cleaned text, JSON and HTML reports"),
    ("write", "writing the files"),
)
_TOTALS = re.compile(r"^totals:\s+(\d+)", re.MULTILINE)


def count(path: Path) -> list[int]:
    """Instructions of each of :data:`STAGES` for a run on ``path``."""
    if shutil.which("valgrind") is None:
        raise SystemExit("bench_instructions needs valgrind: apt-get install valgrind")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        env = {**CHILD_ENV, "PYTHONHASHSEED": "0"}
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                "--dump-before=os_getppid",
                sys.executable,
                "-c",
                CHILD,
                str(path),
            ],
            check=True,
            capture_output=True,
            env=env,
            cwd=REPO,
        )
        # One file per dump, numbered in order (out.1, out.2...); the last part is `out`.
        dumps = sorted(Path(folder).glob("callgrind.out.*"), key=lambda p: int(p.suffix[1:]))
        counts = [int(_TOTALS.findall(p.read_text(errors="replace"))[-1]) for p in dumps]
    if len(counts) != len(STAGES):
        raise SystemExit(f"expected {len(STAGES)} counts, got {len(counts)}: was a marker lost?")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("en", "ko"), default="en")
    parser.add_argument("--size", type=float, default=200, help="generated size in KB")
    parser.add_argument("--input", type=Path, help="a transcript instead of a generated one")
    args = parser.parse_args()
    if args.input is not None:
        path = args.input
    else:
        work = REPO / "bench" / ".work"
        work.mkdir(parents=True, exist_ok=True)
        path = work / f"generated-{args.language}-{args.size:g}KB.txt"
        if not path.exists():
            path.write_text(generate(int(args.size * 1000), args.language), encoding="utf-8")
    size = path.stat().st_size
    compile_package()
    counts = count(path)
    print(f"instructions per stage of `subtitler run` on {path.name} ({size:,} bytes), one process")
    print(f"{'stage':>9} {'M instr':>9} {'per byte':>9}  what")
    for (name, what), instructions in zip(STAGES, counts, strict=True):
        print(f"{name:>9} {instructions / 1e6:>9.1f} {instructions / size:>9.0f}  {what}")
    work_done = sum(counts[2:])
    print(f"{'pipeline':>9} {work_done / 1e6:>9.1f} {work_done / size:>9.0f}  clean to write")


if __name__ == "__main__":
    main()
