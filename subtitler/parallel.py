"""Pure work spread over this machine's cores, for inputs big enough to pay for it.

Python runs one thread of Python code at a time, so the CPU-bound stages use
worker processes. They are forked from this one: a child inherits the work and
its inputs as they are in memory, so only its result is sent back (pickled,
through a pipe), and this process does a share of the work itself meanwhile.
Forking costs milliseconds, which a news item would still not earn back, so
callers only ask for it on long transcripts.

A process with other threads running (the translation engine's native pools)
could fork while one of them holds a lock, and fork is not safe at all on some
platforms: there, and in a worker already, everything runs here, one call after
the other, with the same results.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import itertools
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

Item = TypeVar("Item")
Result = TypeVar("Result")


def usable_cores() -> int:
    """How many cores this process may run on (its CPU affinity where the OS tells)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def map_parallel(
    function: Callable[[Sequence[Item]], list[Result]],
    items: Sequence[Item],
    *,
    min_items: int,
    weight: Callable[[Item], float] | None = None,
    workers: int | None = None,
) -> list[Result]:
    """``function(items)``, worked out in shares by several processes when that pays.

    ``function`` maps a run of items to one result per item, in order. The items
    are cut into one run per worker (``workers``, default :func:`usable_cores`),
    of about the same total ``weight`` (default: 1 per item), and the runs go
    to :func:`run_together`. With fewer than ``min_items`` items, or one
    worker, ``function(items)`` runs here.

    >>> map_parallel(lambda run: [x * 2 for x in run], [1, 2, 3], min_items=100)
    [2, 4, 6]
    """
    count = usable_cores() if workers is None else workers
    if len(items) < min_items or count < 2:
        return function(items)
    runs = _runs(items, count, weight)
    done = run_together([functools.partial(function, run) for run in runs])
    return [result for results in done for result in results]


def _runs(
    items: Sequence[Item], count: int, weight: Callable[[Item], float] | None
) -> list[Sequence[Item]]:
    """``items`` cut into at most ``count`` non-empty runs of about equal total weight."""
    weights = [1.0] * len(items) if weight is None else [float(weight(item)) for item in items]
    reached = list(itertools.accumulate(weights))
    total = reached[-1] if reached else 0.0
    cuts = [bisect.bisect_left(reached, total * share / count) + 1 for share in range(1, count)]
    bounds = [0, *cuts, len(items)]
    return [items[start:end] for start, end in itertools.pairwise(bounds) if start < end]


def run_together(calls: Sequence[Callable[[], Result]]) -> list[Result]:
    """Each call's result, in order: the first call runs here while each other runs in a child.

    Children are forked, so a call may be any callable (a closure too) and what
    it reads is not copied up front. A call that raises raises here. A child
    that dies without an answer (killed, say, for memory) costs time, not the
    run: its call is made again here, as is one whose child could not be
    started. Where forking is not safe
    (:func:`can_fork`), on one core, or with one call, the calls run here in turn.

    >>> run_together([lambda: 1, lambda: 2])
    [1, 2]
    """
    if len(calls) < 2 or usable_cores() < 2 or not can_fork():
        return [call() for call in calls]
    import multiprocessing  # only here: importing it takes longer than a news item's work

    # (Starting a child flushes this process's standard streams first, so that no
    # buffered output is written twice.)
    context = multiprocessing.get_context("fork")
    children = []
    answered = False
    try:
        for call in calls[1:]:
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_answer, args=(call, sender), daemon=True)
            children.append((child, receiver))
            with contextlib.suppress(OSError):  # no process to be had: its call is made here
                child.start()
            sender.close()  # the pipe's end then tells when a child dies, or never was
        results = [calls[0]()]
        for call, (_, receiver) in zip(calls[1:], children, strict=True):
            results.append(_receive(receiver, call))
        answered = True
        return results
    finally:
        for child, receiver in children:
            if child.pid is not None:
                if not answered:  # this process is failing: no answer is awaited any more
                    child.kill()
                child.join()
            receiver.close()


def _answer(call: Callable[[], Result], sender: Connection) -> None:
    """What a child does: make the call and send back its result or its exception."""
    try:
        outcome: tuple[bool, object] = (True, call())
    except BaseException as exc:  # the parent raises it, with where it came from
        import traceback

        exc.add_note(f"Raised in a worker process:\n{traceback.format_exc().rstrip()}")
        outcome = (False, exc)
    try:
        sender.send(outcome)
    except Exception as exc:  # a result or an exception that cannot be pickled
        sender.send((False, RuntimeError(f"a worker's answer could not be sent back: {exc!r}")))
    finally:
        sender.close()


def _receive(receiver: Connection, call: Callable[[], Result]) -> Result:
    try:
        succeeded, value = receiver.recv()
    except EOFError:  # the child died without answering, or never started
        return call()
    if not succeeded:
        raise value
    return value  # type: ignore[no-any-return]


def can_fork() -> bool:
    """Whether this process may fork workers: it has fork, one thread, and is no worker.

    Threads are counted by the OS, native ones included; where it does not tell
    (no /proc), the answer is no.
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    # A daemonic process (a worker itself) may not start processes.
    if multiprocessing.current_process().daemon:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False
