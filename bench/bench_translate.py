"""Benchmark: whole-transcript batched translation vs one call per subtitle cue.

The model is a synthetic package the size of a real Argos one (``tests/modelkit.py``:
6+6 layers, width 512, 8 heads, FFN 2048, 32k vocabulary, int8, every matrix distinct), so
each token costs what it costs with the real ``translate-en_ko`` model. It is built once and
cached under ``bench/.work/``. Three ways to translate the same transcript are timed, each in
its own subprocess so the peak memory figures (``VmHWM``) do not mix:

* ``batched``: :class:`~subtitler.translate.engine.ArgosEngine`, all sentences in one call
  (what ``subtitler`` does);
* ``argos-per-cue``: Argos Translate's own ``translation.translate(text)`` once per cue, as
  argos-translate-files does for subtitles (its defaults: beam 4, batches of 32 tokens). Argos'
  MiniSBD sentence splitter downloads its model from the network on first use, so it is
  replaced by a pass-through (a cue is a fragment anyway); everything else is Argos' code;
* ``engine-per-cue``: our engine called once per cue (beam 2), to separate the gain of
  batching from the gain of the smaller beam.

Runs are interleaved (one process per run, approaches in turn), so a slow spell on a shared
machine hits every approach. Wall time is what a user waits; CPU time is printed too because it
is steadier when other processes share the machine. "load" is loading the model and a warm-up
on three texts, outside the timed pass.

    python bench/bench_translate.py                 # sample + generated 200 sentences, 5 runs
    python bench/bench_translate.py --runs 3 --sentences 400
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / ".work"
SAMPLE = REPO / "transcripts" / "ytn-north-korean-troops-russia.txt"
MODES = ("batched", "argos-per-cue", "engine-per-cue")

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def generated_transcript(sentences: int, seed: int = 11) -> str:
    """An English news transcript of ``sentences`` sentences in the YTN layout."""
    from tests.modelkit import EN_KO

    rng = random.Random(seed)
    words = list(EN_KO) + "we will be a it its on at by with for as was were has have".split()
    blocks: list[str] = []
    made = 0
    while made < sentences:
        role = "[Anchor]" if not blocks or rng.random() < 0.2 else "[Reporter]"
        lines = []
        for _ in range(min(rng.randint(2, 6), sentences - made)):
            chosen = [rng.choice(words) for _ in range(rng.randint(8, 30))]
            if rng.random() < 0.3:
                chosen.insert(rng.randrange(len(chosen)), f"{rng.randint(2, 99)},000")
            chosen[0] = chosen[0].capitalize()
            lines.append(" ".join(chosen) + rng.choice("...?"))
            made += 1
        blocks.append(role + "\n" + "\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _texts(name: str, text: str) -> dict[str, list[str]]:
    """The sentences and the cue texts subtitler makes of ``text``."""
    from subtitler import pipeline

    document = pipeline.prepare(name, text.encode("utf-8"), pipeline.Options(source_lang="en"))
    cue_texts = [cue.text for cue in document.tracks["en"].cues]
    return {"sentences": [s.text for s in document.sentences], "cues": cue_texts}


def _package(training: list[str]) -> Path:
    """Build (or reuse) the realistic package and install it in its own packages dir."""
    from subtitler.translate.packages import PackageStore
    from tests import modelkit

    digest = hashlib.sha256(Path(modelkit.__file__).read_bytes())
    digest.update("\n".join(training).encode())
    folder = WORK / f"realistic-en_ko-{digest.hexdigest()[:12]}"
    packages = folder / "packages"
    if not PackageStore(packages).find("en", "ko"):
        for stale in WORK.glob("realistic-en_ko-*"):  # ~100 MB each: keep only the current one
            shutil.rmtree(stale)
        started = time.perf_counter()
        archive = modelkit.build_realistic_package(folder, "en", "ko", extra_text=training)
        PackageStore(packages).install_file(archive)
        archive.unlink()
        print(f"built the realistic model in {time.perf_counter() - started:.1f} s")
    return packages


def _isolated_env() -> dict[str, str]:
    # Argos creates folders under HOME when imported and reads its settings from there.
    home = WORK / "home"
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        ARGOS_PACKAGE_INDEX="http://127.0.0.1:9/",
    )
    return env


def _run_worker(mode: str, packages: Path, job: Path, threads: int) -> Any:
    env = _isolated_env()
    env["ARGOS_PACKAGES_DIR"] = str(packages)
    command = [sys.executable, __file__, "--worker", mode, "--packages", str(packages)]
    command += ["--threads", str(threads), "--job", str(job)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker {mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _peak_rss_mb() -> float:
    """This process's peak resident memory.

    Linux carries ``ru_maxrss`` across ``exec``, so a worker would report its parent's size;
    ``VmHWM`` belongs to the worker's own address space.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(mode: str, packages: Path, job: Path, threads: int) -> None:
    """Translate the job's texts once, one way; print time, CPU time and peak memory as JSON.

    The model is loaded and warmed up on a few texts first, outside the timed pass.
    """
    texts: list[str] = json.loads(job.read_text(encoding="utf-8"))
    started = time.perf_counter()
    if mode == "argos-per-cue":
        from subtitler.translate.engine import usable_threads

        # The same thread count as our engine, so only batching and beam size differ.
        os.environ["ARGOS_INTRA_THREADS"] = str(usable_threads(threads))
        import argostranslate.translate

        class PassThrough:  # Argos only calls split_sentences on its sentencizer
            def split_sentences(self, text: str) -> list[str]:
                return [text]

        translation = argostranslate.translate.get_translation_from_codes("en", "ko")
        translation.underlying.sentencizer = PassThrough()

        def translate_all(texts: list[str]) -> list[str]:
            return [str(translation.translate(text)) for text in texts]

    else:
        from subtitler.translate.engine import ArgosEngine
        from subtitler.translate.packages import PackageStore

        engine = ArgosEngine(PackageStore(packages), threads=threads)

        def translate_all(texts: list[str]) -> list[str]:
            if mode == "batched":
                return engine.translate(texts, "en", "ko")
            return [engine.translate([text], "en", "ko")[0] for text in texts]

    translate_all(texts[:3])
    load_s = time.perf_counter() - started
    t0, c0 = time.perf_counter(), time.process_time()
    out = translate_all(texts)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    result = {
        "time": elapsed,
        "cpu": cpu,
        "load_s": load_s,
        "peak_mb": _peak_rss_mb(),
        "digest": hashlib.sha256("\n".join(out).encode()).hexdigest(),
        "sample": out[:2],
    }
    print(json.dumps(result, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each approach")
    parser.add_argument("--sentences", type=int, default=200, help="generated transcript size")
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 threads (0: default)")
    parser.add_argument("--worker", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--packages", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--job", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.packages, args.job, args.threads)
        return 0

    WORK.mkdir(parents=True, exist_ok=True)
    inputs: list[tuple[str, str]] = []
    if SAMPLE.is_file():
        inputs.append((SAMPLE.name, SAMPLE.read_text(encoding="utf-8")))
    else:
        print(f"{SAMPLE} is missing: using generated transcripts only")
        inputs.append(("generated-40", generated_transcript(40, seed=3)))
    inputs.append((f"generated-{args.sentences}", generated_transcript(args.sentences)))
    prepared = [(name, _texts(name, text)) for name, text in inputs]
    # The tokenizer learns the benchmark's own words, as a real 32k-50k vocabulary knows news
    # English: pieces per word stay realistic instead of spelling unknown words letter by letter.
    training = [s for _, texts in prepared for s in texts["sentences"]]
    packages = _package(training)

    from subtitler.translate.engine import usable_threads

    print(
        f"CPU cores: {os.cpu_count()}, runs: {args.runs}, threads: {usable_threads(args.threads)}"
    )
    import sentencepiece

    from subtitler.translate.packages import PackageStore

    package = PackageStore(packages).find("en", "ko")
    assert package is not None
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package.tokenizer_path))
    for name, texts in prepared:
        words = sum(len(s.split()) for s in texts["sentences"])
        pieces = sum(map(len, tokenizer.encode(texts["sentences"], out_type=str)))
        print(
            f"\n{name}: {len(texts['sentences'])} sentences, {len(texts['cues'])} cues, "
            f"{words} words, {pieces / words:.2f} pieces per word"
        )
        jobs = {}
        for kind in ("sentences", "cues"):
            jobs[kind] = WORK / f"job-{kind}.json"
            jobs[kind].write_text(json.dumps(texts[kind], ensure_ascii=False), encoding="utf-8")
        results: dict[str, list[Any]] = {mode: [] for mode in MODES}
        # Interleaved, one process per run: a slow spell on a shared machine hits every approach.
        for _ in range(args.runs):
            for mode in MODES:
                kind = "sentences" if mode == "batched" else "cues"
                results[mode].append(_run_worker(mode, packages, jobs[kind], args.threads))
        medians, cpu_medians = {}, {}
        for mode in MODES:
            runs = results[mode]
            if len({r["digest"] for r in runs}) != 1:
                raise SystemExit(f"{mode}: the translations differ between runs")
            medians[mode] = statistics.median(r["time"] for r in runs)
            cpu_medians[mode] = statistics.median(r["cpu"] for r in runs)
            calls = "1 call" if mode == "batched" else f"{len(texts['cues'])} calls"
            print(
                f"  {mode:15} median {medians[mode]:7.3f} s  "
                f"({words / medians[mode]:6.0f} words/s)  CPU {cpu_medians[mode]:7.2f} s  "
                f"load {statistics.median(r['load_s'] for r in runs):5.2f} s  "
                f"peak {max(r['peak_mb'] for r in runs):5.0f} MB  [{calls}]"
            )
        for other in MODES[1:]:
            print(
                f"  batched is {medians[other] / medians['batched']:.1f}x faster than {other} "
                f"(wall time; {cpu_medians[other] / cpu_medians['batched']:.1f}x less CPU time)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
