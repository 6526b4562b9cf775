"""Work spread over processes: same results, in order, and really elsewhere."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading

import pytest

from subtitler import cues, parallel
from subtitler.languages import ENGLISH, KOREAN, LanguageProfile
from subtitler.models import Segment
from subtitler.sentences import sentences_of

# Run in a fresh process: a function of a test module cannot be found by a worker
# (pytest imports test modules under private names), one of a script's __main__ can
# when workers are forked, and a fresh process has one thread, so they are.
WORKER_SCRIPT = """
import json, os, sys
from subtitler.parallel import map_batches

def pids_and_squares(batch):
    return [(os.getpid(), item * item) for item in batch]

count, min_items, workers = map(int, sys.argv[1:])
found = map_batches(pids_and_squares, range(count), min_items=min_items, workers=workers)
print(json.dumps({"pid": os.getpid(), "found": found}))
"""


def _run_worker_script(count: int, min_items: int, workers: int) -> tuple[int, list[list[int]]]:
    args = [sys.executable, "-c", WORKER_SCRIPT, str(count), str(min_items), str(workers)]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    return result["pid"], result["found"]


def test_few_items_are_worked_out_here() -> None:
    pid, found = _run_worker_script(10, 11, 2)
    assert found == [[pid, item * item] for item in range(10)]


def test_many_items_are_worked_out_by_workers_in_order() -> None:
    pid, found = _run_worker_script(500, 10, 2)
    assert [square for _, square in found] == [item * item for item in range(500)]
    assert pid not in {worker for worker, _ in found}


def test_one_worker_means_no_process() -> None:
    pid, found = _run_worker_script(500, 10, 1)
    assert {worker for worker, _ in found} == {pid}


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="threads counted on Linux only")
def test_a_single_threaded_process_forks() -> None:
    code = "from subtitler.parallel import start_method; print(start_method())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "fork"


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="threads counted on Linux only")
def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.start_method() in ("forkserver", "spawn")
        # Workers started without fork still give the same results. (They import what they
        # run afresh, from the installed package: a test module's function would not do.)
        lay_out = functools.partial(cues._lay_out, ENGLISH)
        texts = [sentence.text for sentence in sentences_of(_segments(ENGLISH_TEXT), ENGLISH)]
        assert parallel.map_batches(lay_out, texts, min_items=2, workers=2) == lay_out(texts)
    finally:
        stop.set()
        thread.join()


ENGLISH_TEXT = (
    "The council approved the budget on Monday, but the mayor said he would veto it unless "
    "funding for schools was restored. Thank you. Residents of the coastal city were told to "
    "prepare for heavy rain, strong winds and possible flooding across several districts. "
) * 4
KOREAN_TEXT = (
    "정부는 오늘 오전 관계 부처 회의를 열고 다음 주 다시 만나 대책을 논의하기로 했습니다. "
    "감사합니다. 기상청은 여러 지역에 침수 피해가 우려된다고 밝혔습니다. "
) * 4


@pytest.mark.parametrize(("lang", "text"), [(ENGLISH, ENGLISH_TEXT), (KOREAN, KOREAN_TEXT)])
def test_cues_built_by_workers_are_the_cues_built_here(
    lang: LanguageProfile, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    segments = _segments(text)
    found = sentences_of(segments, lang)
    here = cues.build_cues(segments, found, lang)
    monkeypatch.setattr(cues, "PARALLEL_MIN_SENTENCES", 2)
    by_workers = cues.build_cues(segments, found, lang)
    assert len(found) >= 20
    assert by_workers == here


def _segments(text: str) -> list[Segment]:
    return [Segment("anchor", None, None, text, 1), Segment("reporter", None, None, text, 2)]
