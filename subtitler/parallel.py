"""Pure work spread over this machine's cores, for inputs big enough to pay for it.

Python runs one thread of Python code at a time, so the CPU-bound stages (cue
layout) use worker processes. Starting them costs about a tenth of a second,
which a news item of a few hundred sentences would never earn back: below
``min_items`` everything runs in this process, exactly as it would without
this module. Workers are forked when this process has a single thread (a fork
costs milliseconds and re-imports nothing); a process with other threads (the
translation engine's native pools) could fork while one of them holds a lock,
so it starts them through ``forkserver`` (``spawn`` where there is none).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Batches per worker: small enough that a worker slowed down by another program on
# a shared machine does not hold up the rest, large enough that each pays its messages.
BATCHES_PER_WORKER = 4


def usable_cores() -> int:
    """How many cores this process may run on (its CPU affinity where the OS tells)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def map_batches(
    function: Callable[[Sequence[Item]], list[Result]],
    items: Sequence[Item],
    *,
    min_items: int,
    workers: int | None = None,
) -> list[Result]:
    """``function(items)``, worked out in batches by worker processes when that pays.

    ``function`` maps a batch to one result per item, in order, and must be a
    module-level function (or a ``functools.partial`` of one) so workers can
    find it; it and the items are sent to the workers by pickling. ``workers``
    defaults to :func:`usable_cores`. With fewer than ``min_items`` items, one
    core, or inside a worker process already, ``function(items)`` runs here.

    >>> map_batches(lambda batch: [x * 2 for x in batch], [1, 2, 3], min_items=100)
    [2, 4, 6]
    """
    count = usable_cores() if workers is None else workers
    if len(items) < min_items or count < 2:
        return function(items)
    import multiprocessing  # only here: importing it takes longer than a news item's layout

    # A daemonic process (a worker of someone else's pool) may not start processes.
    if multiprocessing.current_process().daemon:
        return function(items)
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(start_method())
    size = -(-len(items) // (count * BATCHES_PER_WORKER))
    batches = [items[start : start + size] for start in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        return [result for done in pool.map(function, batches) for result in done]


def start_method() -> str:
    """``fork`` in a single-threaded process that can fork, else ``forkserver`` or ``spawn``."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _thread_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _thread_count() -> int | None:
    """Threads of this process as the OS counts them (native ones too), None if unknown."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # no /proc (macOS, Windows): assume the worst
        return None
