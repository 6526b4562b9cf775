"""Benchmark: `subtitler run` on a transcript, from the sample up to 10 MB.

Each measurement is one fresh process running what a user runs,
``subtitler run FILE --targets SRC -o DIR`` (language detection, decoding,
cleaning, parsing, sentences, cues, SRT, cleaned text, JSON and HTML report,
files written), timed around the command inside the process so interpreter
start-up is left out and reported on its own. Peak memory is that process's
own high-water mark. Throughput is input bytes over wall time; linear scaling
means seconds per MB stay flat as the input grows.

    python bench/bench_pipeline.py                    # sample + 1, 2.5, 5, 10 MB English, 3 runs
    python bench/bench_pipeline.py --runs 5 --sizes 1,10
    python bench/bench_pipeline.py --language ko      # generated Korean transcripts instead
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = {
    "en": REPO / "transcripts" / "ytn-north-korean-troops-russia.txt",
    "ko": REPO / "transcripts" / "ytn-korean-style.txt",
}

ENGLISH_WORDS = (
    "the government said on monday that officials would meet again next week to discuss "
    "the plan after talks with regional leaders ended without an agreement while analysts "
    "warned prices could rise further as the central bank kept its key rate unchanged and "
    "residents in the coastal city were told to prepare for heavy rain strong winds and "
    "possible flooding across several districts according to the weather agency"
).split()
KOREAN_WORDS = (
    "정부는 오늘 오전 관계 부처 회의를 열고 다음 주 다시 만나 대책을 논의하기로 했습니다 "
    "전문가들은 물가가 더 오를 수 있다고 경고했고 한국은행은 기준금리를 동결했습니다 "
    "해안 도시 주민들에게는 강한 바람과 많은 비에 대비하라는 안내가 내려졌으며 "
    "기상청은 여러 지역에 침수 피해가 우려된다고 밝혔습니다 특히 서울과 경기 북부에"
).split()
SPEAKERS = {
    "en": ("[Anchor]\n", "[Reporter]\n"),
    "ko": ("[앵커]\n", "[기자]\n"),
}
INTERVIEWEES = {
    "en": (
        "Kim Min-jun Korea University Professor",
        "Sarah Collins, Ministry of Finance Official",
        "Park Ji-ho Asan Institute Fellow",
    ),
    "ko": (
        "김민준 / 고려대 교수",
        "이서연 / 기획재정부 사무관",
        "박지호 / 아산정책연구원 연구위원",
    ),
}


def generate(size_bytes: int, language: str = "en", seed: int = 7) -> str:
    """A synthetic transcript of about ``size_bytes`` (UTF-8), in the YTN layout.

    Anchor and reporter blocks and one-line interview quotes, sentences of 6-28
    words (4-16 in Korean), deterministic for a seed.
    """
    rng = random.Random(seed)
    words = ENGLISH_WORDS if language == "en" else KOREAN_WORDS
    anchor, reporter = SPEAKERS[language]
    parts: list[str] = []
    total = 0
    while total < size_bytes:
        kind = rng.random()
        sentences = []
        for _ in range(rng.randint(2, 6)):
            if language == "en":
                chosen = [rng.choice(words) for _ in range(rng.randint(6, 28))]
                chosen[0] = chosen[0].capitalize()
                sentences.append(" ".join(chosen) + rng.choice(".....?"))
            else:
                chosen = [rng.choice(words) for _ in range(rng.randint(4, 16))]
                sentences.append(" ".join(chosen) + rng.choice(("습니다.", "다.", "다.", "까?")))
        if kind < 0.8:
            block = (anchor if kind < 0.15 else reporter) + "\n".join(sentences) + "\n\n"
        else:
            separator = ": " if language == "en" else " : "
            block = f"[{rng.choice(INTERVIEWEES[language])}{separator}{' '.join(sentences)}]\n\n"
        parts.append(block)
        total += len(block.encode("utf-8"))
    return "".join(parts)


CHILD = """
import json, resource, sys, time
from pathlib import Path
from subtitler.cli import main
path, outdir, language = sys.argv[1:4]
start = time.perf_counter()
code = main(["run", path, "-o", outdir, "--targets", language])
elapsed = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
srt = next(Path(outdir).glob("*.srt")).read_text(encoding="utf-8")
print(json.dumps({"code": code, "seconds": elapsed, "peak_mb": peak_kb / 1024,
                  "worker_mb": worker_kb / 1024, "cues": srt.count(" --> ")}))
"""
STARTUP = "import time; start = time.perf_counter(); import subtitler.cli; " + (
    "print(time.perf_counter() - start)"
)
# A fixed pure-Python workload that does not change with subtitler's code: how fast this
# shared machine is at the moment, so runs on different days (or hours) can be compared.
REFERENCE = """
import time
words = [f"word{i % 997}" for i in range(200_000)]
start = time.perf_counter()
for _ in range(5):
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + len(word)
    " ".join(sorted(counts)).split()
print(time.perf_counter() - start)
"""


# Children import the subtitler of this checkout, whatever is installed in the interpreter.
# They also run in it: `python -c` puts the working folder first on sys.path, before
# PYTHONPATH, so a subtitler/ folder there would win.
CHILD_ENV = {**os.environ, "PYTHONPATH": str(REPO)}


# Unmeasured runs of the largest input before the measured ones (about 10 s of work).
WARM_UP_RUNS = 1


def compile_package() -> None:
    """Write the bytecode of this checkout's subtitler, as ``pip install`` does.

    An installed package is imported from its compiled ``.pyc`` files. Without them
    (a fresh checkout, or ``PYTHONDONTWRITEBYTECODE`` set, as on the build machines)
    every run would compile subtitler's source again, about 45 ms that no user pays.
    """
    if not compileall.compile_dir(REPO / "subtitler", quiet=1):
        raise SystemExit("could not compile subtitler/")


def reference_seconds(runs: int) -> float:
    """Median time of :data:`REFERENCE` over ``runs`` fresh processes."""
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", REFERENCE], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def measure(path: Path, language: str) -> dict[str, float]:
    """One ``subtitler run`` of ``path`` in a fresh process, into a fresh folder."""
    with tempfile.TemporaryDirectory() as outdir:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), outdir, language],
            capture_output=True,
            text=True,
            check=True,
            env=CHILD_ENV,
            cwd=REPO,
        )
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    if measured["code"] != 0:
        raise SystemExit(f"subtitler run {path} exited {measured['code']}: {result.stderr}")
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median reported)")
    parser.add_argument("--sizes", default="1,2.5,5,10", help="generated sizes in MB")
    parser.add_argument("--language", choices=("en", "ko"), default="en")
    args = parser.parse_args()
    work = REPO / "bench" / ".work"
    work.mkdir(parents=True, exist_ok=True)
    inputs = [("sample", SAMPLES[args.language])]
    for mb in (float(s) for s in args.sizes.split(",")):
        path = work / f"generated-{args.language}-{mb:g}MB.txt"
        if not path.exists():
            path.write_text(generate(int(mb * 1_000_000), args.language), encoding="utf-8")
        inputs.append((f"{mb:g} MB", path))
    compile_package()
    startup = [
        float(
            subprocess.run(
                [sys.executable, "-c", STARTUP],
                capture_output=True,
                text=True,
                check=True,
                env=CHILD_ENV,
                cwd=REPO,
            ).stdout
        )
        for _ in range(args.runs)
    ]
    python = sys.version.split()[0]
    print(
        f"`subtitler run --targets {args.language}`: {args.runs} runs per input, median "
        f"(min-max); python {python}; importing the CLI: {statistics.median(startup):.3f} s "
        "(not in the times below)"
    )
    print(f"machine reference before: {reference_seconds(args.runs):.3f} s (lower is faster)")
    header = ("input", "bytes", "cues", "seconds", "MB/s", "s/MB", "peak MB", "worker MB")
    widths = (10, 11, 7, 22, 7, 7, 8, 10)
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)))
    # Warm-up, not measured: whichever size came first ran slower than the same size
    # measured after another (1 MB English: 1.07-1.17 s first, 0.81-0.87 s after 2.5 MB).
    for _ in range(WARM_UP_RUNS):
        measure(inputs[-1][1], args.language)
    # The inputs take turns (run 1 of each, then run 2 ...), so that a slow spell of the
    # shared machine falls on every size and not on one: it drifts 2x within an hour.
    measured: dict[Path, list[dict[str, float]]] = {path: [] for _, path in inputs}
    for _ in range(args.runs):
        for _, path in inputs:
            measured[path].append(measure(path, args.language))
    per_mb = []
    for label, path in inputs:
        runs = measured[path]
        secs = [r["seconds"] for r in runs]
        size = path.stat().st_size
        med = statistics.median(secs)
        per_mb.append((label, med / (size / 1e6)))
        peak = statistics.median(r["peak_mb"] for r in runs)
        worker = statistics.median(r["worker_mb"] for r in runs)
        spread = f"{med:.3f} ({min(secs):.3f}-{max(secs):.3f})"
        print(
            f"{label:>10} {size:>11,} {int(runs[0]['cues']):>7} {spread:>22} "
            f"{size / 1e6 / med:>7.2f} {med / (size / 1e6):>7.3f} {peak:>8.1f} {worker:>10.1f}"
        )
    print(f"machine reference after: {reference_seconds(args.runs):.3f} s")
    generated = [v for label, v in per_mb if label != "sample"]
    if len(generated) >= 2:
        print(
            f"linearity: seconds per MB at the largest size / at the smallest = "
            f"{generated[-1] / generated[0]:.2f} (1.00 = perfectly linear)"
        )


if __name__ == "__main__":
    main()
