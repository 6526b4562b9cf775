"""Work spread over processes: same results, in order, really elsewhere, and safe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subtitler import parallel

# Each script runs in a fresh process: it has one thread, so it may fork whatever pytest's
# process has running. Forks are counted in the parent by an at-fork hook.
PRELUDE = """
import json, os, sys
forks = []
os.register_at_fork(before=lambda: forks.append(1))
from subtitler import parallel
"""

needs_proc = pytest.mark.skipif(
    not os.path.isdir("/proc/self/task"), reason="workers are forked only where threads are counted"
)


def _run(script: str, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + script, *args], capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


MAP_SCRIPT = """
def pids_and_squares(run):
    return [(os.getpid(), item * item) for item in run]

count, min_items, workers = map(int, sys.argv[1:])
found = parallel.map_parallel(pids_and_squares, range(count), min_items=min_items, workers=workers)
print(json.dumps({"pid": os.getpid(), "found": found, "forks": len(forks)}))
"""


def test_few_items_are_worked_out_here() -> None:
    result = _run(MAP_SCRIPT, "10", "11", "2")
    assert result["found"] == [[result["pid"], item * item] for item in range(10)]
    assert result["forks"] == 0


@needs_proc
def test_many_items_are_shared_with_a_worker_and_come_back_in_order() -> None:
    result = _run(MAP_SCRIPT, "500", "10", "2")
    found = result["found"]
    assert isinstance(found, list)
    assert [square for _, square in found] == [item * item for item in range(500)]
    # This process did the first half itself, one forked worker the second.
    pids = [pid for pid, _ in found]
    assert pids[:250] == [result["pid"]] * 250
    assert result["pid"] not in pids[250:] and len(set(pids[250:])) == 1
    assert result["forks"] == 1


def test_one_worker_means_no_process() -> None:
    result = _run(MAP_SCRIPT, "500", "10", "1")
    found = result["found"]
    assert isinstance(found, list)
    assert {pid for pid, _ in found} == {result["pid"]}
    assert result["forks"] == 0


@given(
    weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=60),
    count=st.integers(min_value=1, max_value=8),
)
def test_runs_cover_the_items_in_order_with_balanced_weights(
    weights: list[int], count: int
) -> None:
    items = list(range(len(weights)))
    runs = parallel._runs(items, count, lambda item: weights[item])
    assert [item for run in runs for item in run] == items
    assert 1 <= len(runs) <= count and all(runs)
    # A run passes its share of the total weight by less than one item.
    share = sum(weights) / count
    for run in runs:
        assert sum(weights[item] for item in run) - max(weights[item] for item in run) <= share


ERROR_SCRIPT = """
def fail():
    raise ValueError(f"bad input in {os.getpid()}")

try:
    parallel.run_together([lambda: "here", fail])
except ValueError as exc:
    notes = getattr(exc, "__notes__", [])
    print(json.dumps({"pid": os.getpid(), "error": str(exc), "forks": len(forks), "notes": notes}))
"""


@needs_proc
def test_an_exception_in_a_worker_is_raised_here() -> None:
    result = _run(ERROR_SCRIPT)
    assert result["forks"] == 1
    error = result["error"]
    assert isinstance(error, str) and error.startswith("bad input in ")
    assert error != f"bad input in {result['pid']}"  # it was raised in the worker
    # --debug shows where: the worker's traceback travels as a note.
    notes = result["notes"]
    assert isinstance(notes, list) and len(notes) == 1
    assert notes[0].startswith("Raised in a worker process:") and "in fail" in notes[0]


DYING_SCRIPT = """
import signal
parent = os.getpid()

def die_unless_here():
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return "made here"

found = parallel.run_together([lambda: "first", die_unless_here])
print(json.dumps({"found": found, "forks": len(forks)}))
"""


@needs_proc
def test_a_worker_that_dies_costs_time_not_the_run() -> None:
    result = _run(DYING_SCRIPT)
    assert result == {"found": ["first", "made here"], "forks": 1}


NO_FORK_SCRIPT = """
def no_more_processes():
    raise BlockingIOError(11, "Resource temporarily unavailable")

os.fork = no_more_processes
found = parallel.run_together([os.getpid, os.getpid])
print(json.dumps({"pid": os.getpid(), "found": found}))
"""


@needs_proc
def test_a_child_that_cannot_be_started_costs_time_not_the_run() -> None:
    result = _run(NO_FORK_SCRIPT)
    assert result["found"] == [result["pid"], result["pid"]]


BUFFER_SCRIPT = """
sys.stdout.write("written before the fork;")  # buffered: stdout is a pipe here
found = parallel.run_together([lambda: 1, lambda: 2])
print(json.dumps({"found": found, "forks": len(forks)}))
"""


@needs_proc
def test_buffered_output_is_not_written_twice() -> None:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        [sys.executable, "-c", PRELUDE + BUFFER_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    assert done.stdout.count("written before the fork;") == 1
    assert json.loads(done.stdout.split(";", 1)[1]) == {"found": [1, 2], "forks": 1}


@needs_proc
def test_a_single_threaded_process_may_fork() -> None:
    result = _run('print(json.dumps({"can": parallel.can_fork()}))')
    assert result == {"can": True}


@needs_proc
def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
        pid = os.getpid()
        assert parallel.run_together([os.getpid, os.getpid]) == [pid, pid]
        found = parallel.map_parallel(
            lambda run: [os.getpid() for _ in run], range(50), min_items=2
        )
        assert found == [pid] * 50
    finally:
        stop.set()
        thread.join()


# The stages that use workers give what they give without them, byte for byte.
STAGES_SCRIPT = """
from subtitler import cues, outputs, pipeline
from subtitler.formats.srt import compose_srt

data = open(sys.argv[1], "rb").read()

def everything():
    forks.clear()
    document = pipeline.finish(pipeline.prepare("t", data))
    files = outputs.render(document, [document.source_language])
    return {name: content.decode() for name, content in files.items()}, len(forks)

alone, alone_forks = everything()
pipeline.PARALLEL_MIN_SEGMENTS = cues.PARALLEL_MIN_SENTENCES = outputs.PARALLEL_MIN_CUES = 2
shared, shared_forks = everything()
print(json.dumps({"same": alone == shared, "files": sorted(shared),
                  "forks": [alone_forks, shared_forks]}))
"""

ENGLISH_TEXT = (
    "[Anchor]\nThe council approved the budget on Monday, but the mayor said he would veto it "
    "unless funding for schools was restored. Thank you.\n[Reporter]\nResidents of the coastal "
    "city were told to prepare for heavy rain, strong winds and possible\nflooding across "
    "several districts.Officials in the\ncapital say talks will resume.\n"
    "[Kim Min-jun Korea University Professor: The agreement is fragile.]\n"
) * 12
KOREAN_TEXT = (
    "[앵커]\n정부는 오늘 오전 관계 부처 회의를 열고 다음 주 다시 만나 대책을 논의하기로 "
    "했습니다. 감사합니다.\n[기자]\n기상청은 여러 지역에 침수 피해가\n우려된다고 밝혔습니다.\n"
    "[김민준 / 고려대 교수 : 합의는 아직 불안합니다.]\n"
) * 12


@needs_proc
@pytest.mark.parametrize("text", [ENGLISH_TEXT, KOREAN_TEXT], ids=["en", "ko"])
def test_stages_with_workers_give_the_same_files(text: str, tmp_path: object) -> None:
    path = os.path.join(str(tmp_path), "t.txt")
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    result = _run(STAGES_SCRIPT, path)
    assert result["same"] is True
    assert len(result["files"]) == 4  # type: ignore[arg-type]
    # No worker for a news item; one each for cleaning, layout and the report when asked.
    assert result["forks"] == [0, 3]


# The worker stages the page in the output folder itself; write_all renames it into place.
STAGED_SCRIPT = """
from pathlib import Path
from subtitler import files as files_module, outputs, pipeline
from subtitler.files import Staged, write_all

text_path, folder = sys.argv[1], Path(sys.argv[2])
document = pipeline.finish(pipeline.prepare("t", open(text_path, "rb").read()))
outputs.PARALLEL_MIN_CUES = 2
expected = outputs.render(document, [document.source_language])
forks.clear()
made = outputs.render(document, [document.source_language], stage_in=folder)
forked = len(forks)
staged = {name: type(content).__name__ for name, content in made.items()}
write_all({folder / name: content for name, content in made.items()})
same = all((folder / name).read_bytes() == data for name, data in expected.items())
listed = sorted(path.name for path in folder.iterdir())

# The text files fail after the worker staged its page: nothing is left in the folder.
def broken(*args, **kwargs):
    raise RuntimeError("no cleaned text")
outputs.compose_cleaned = broken
failing = folder / "failing"
try:
    outputs.render(document, [document.source_language], stage_in=failing)
    error = None
except RuntimeError as exc:
    error = str(exc)
left = sorted(path.name for path in failing.iterdir())
print(json.dumps({"staged": staged, "same": same, "listed": listed, "forks": forked,
                  "error": error, "left": left}))
"""


@needs_proc
def test_the_worker_stages_its_page_and_a_failure_leaves_nothing(tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text(ENGLISH_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    result = _run(STAGED_SCRIPT, str(text), str(out))
    assert result["staged"] == {
        "t.en.srt": "bytes",
        "t.cleaned.txt": "bytes",
        "t.report.json": "bytes",
        "t.report.html": "Staged",
    }
    assert result["forks"] == 1
    assert result["same"] is True
    assert result["listed"] == ["t.cleaned.txt", "t.en.srt", "t.report.html", "t.report.json"]
    assert result["error"] == "no cleaned text"
    assert result["left"] == []
