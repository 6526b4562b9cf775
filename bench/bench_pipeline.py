"""Benchmark: the core pipeline (decode → clean → parse → sentences → cues → SRT, report).

Prints wall time and peak memory for the sample transcript and for generated
transcripts of growing size (up to 10 MB), the throughput in MB/s, and how time
grows with size (linear scaling means seconds per MB stays flat). Each size runs
in its own subprocess so the peak memory figures do not mix.

    python bench/bench_pipeline.py            # sample + 1, 2.5, 5, 10 MB, 3 runs each
    python bench/bench_pipeline.py --runs 5 --sizes 1,10
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "transcripts" / "ytn-north-korean-troops-russia.txt"

WORDS = (
    "the government said on monday that officials would meet again next week to discuss "
    "the plan after talks with regional leaders ended without an agreement while analysts "
    "warned prices could rise further as the central bank kept its key rate unchanged and "
    "residents in the coastal city were told to prepare for heavy rain strong winds and "
    "possible flooding across several districts according to the weather agency"
).split()
NAMES = ("Kim Min-jun", "Lee Seo-yeon", "Park Ji-ho", "Sarah Collins", "Daniel Ortega")
TITLES = ("Korea University Professor", "Ministry of Finance Official", "Asan Institute Fellow")


def generate(size_bytes: int, seed: int = 7) -> str:
    """A synthetic English transcript of about ``size_bytes``, in the YTN layout."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size_bytes:
        kind = rng.random()
        if kind < 0.15:
            block = "[Anchor]\n"
        elif kind < 0.8:
            block = "[Reporter]\n"
        else:
            block = f"[{rng.choice(NAMES)} {rng.choice(TITLES)}: "
        sentences = []
        for _ in range(rng.randint(2, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 28))]
            words[0] = words[0].capitalize()
            sentences.append(" ".join(words) + rng.choice(".....?"))
        if block.startswith("[") and not block.endswith("]\n"):
            block += " ".join(sentences) + "]\n\n"
        else:
            block += "\n".join(sentences) + "\n\n"
        parts.append(block)
        total += len(block)
    return "".join(parts)


CHILD = """
import json, resource, sys, time
from pathlib import Path
from subtitler import outputs, pipeline
data = Path(sys.argv[1]).read_bytes()
start = time.perf_counter()
doc = pipeline.prepare("bench", data, pipeline.Options(source_lang="en"))
files = outputs.render(doc, [doc.source_language])
elapsed = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024, "cues": len(
    doc.tracks[doc.source_language].cues), "out_bytes": sum(map(len, files.values()))}))
"""


def measure(path: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
    )
    measured: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median reported)")
    parser.add_argument("--sizes", default="1,2.5,5,10", help="generated sizes in MB")
    args = parser.parse_args()
    work = REPO / "bench" / ".work"
    work.mkdir(parents=True, exist_ok=True)
    inputs = [("sample", SAMPLE)]
    for mb in (float(s) for s in args.sizes.split(",")):
        path = work / f"generated-{mb:g}MB.txt"
        if not path.exists():
            path.write_text(generate(int(mb * 1_000_000)), encoding="utf-8")
        inputs.append((f"{mb:g} MB", path))
    python = sys.version.split()[0]
    print(f"pipeline benchmark: {args.runs} runs per input, median (min-max); python {python}")
    header = ("input", "bytes", "cues", "seconds", "MB/s", "s/MB", "peak MB")
    widths = (10, 11, 7, 22, 7, 7, 8)
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, widths, strict=True)))
    per_mb = []
    for label, path in inputs:
        runs = [measure(path) for _ in range(args.runs)]
        secs = [r["seconds"] for r in runs]
        size = path.stat().st_size
        med = statistics.median(secs)
        rate = size / 1e6 / med
        per_mb.append((label, med / (size / 1e6)))
        peak = statistics.median(r["peak_mb"] for r in runs)
        spread = f"{med:.3f} ({min(secs):.3f}-{max(secs):.3f})"
        print(
            f"{label:>10} {size:>11,} {int(runs[0]['cues']):>7} {spread:>22} "
            f"{rate:>7.2f} {med / (size / 1e6):>7.3f} {peak:>8.1f}"
        )
    generated = [v for label, v in per_mb if label != "sample"]
    if len(generated) >= 2:
        print(
            f"linearity: seconds per MB at the largest size / at the smallest = "
            f"{generated[-1] / generated[0]:.2f} (1.00 = perfectly linear)"
        )


if __name__ == "__main__":
    main()
