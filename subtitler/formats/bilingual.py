"""The reviewers' bilingual track: each source cue with the translation shown under it.

Not for broadcast (lines may exceed the limits): it lets a reviewer who reads
both languages check the translation against the source at the same moment.
:func:`overlapping` pairs cues with the source cues they share time with; the
review report shows a translation's source cues with it too.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace

from subtitler.models import Cue


def _overlap(a: Cue, b: Cue) -> int:
    return min(a.end_ms, b.end_ms) - max(a.start_ms, b.start_ms)


def overlapping(cues: Sequence[Cue], others: Sequence[Cue]) -> list[tuple[int, ...]]:
    """For each of ``cues``, the 1-based numbers of the ``others`` whose times overlap it.

    >>> first, second = Cue(0, 1000, ("a",), 0, ()), Cue(1100, 2000, ("b",), 0, ())
    >>> overlapping([Cue(0, 2000, ("c",), 0, ()), second], [first, second])
    [(1, 2), (2,)]
    """
    starts = [other.start_ms for other in others]
    ends = [other.end_ms for other in others]
    if starts != sorted(starts) or ends != sorted(ends):
        return [_overlaps(cue, others) for cue in cues]
    # Starts and ends both in order (as in every track the pipeline makes): the cues that
    # start before this one ends and end after it starts are one run, found by bisection.
    return [
        tuple(range(bisect_right(ends, cue.start_ms) + 1, bisect_left(starts, cue.end_ms) + 1))
        for cue in cues
    ]


def _overlaps(cue: Cue, others: Sequence[Cue]) -> tuple[int, ...]:
    return tuple(
        n
        for n, other in enumerate(others, start=1)
        if other.start_ms < cue.end_ms and cue.start_ms < other.end_ms
    )


def compose_bilingual(source: Sequence[Cue], target: Sequence[Cue]) -> tuple[Cue, ...]:
    """Source cues, each with a second line: the target cues that overlap it most.

    Every target cue is attached to exactly one source cue (the one it overlaps
    most), so no translated text is shown twice.

    >>> a = Cue(0, 1000, ("Hello.",), 0, (0,))
    >>> b = Cue(1100, 2000, ("Bye.",), 0, (1,))
    >>> t = Cue(0, 2000, ("안녕.",), 0, (0, 1))
    >>> [c.lines for c in compose_bilingual([a, b], [t])]
    [('Hello.', '안녕.'), ('Bye.',)]
    """
    attached: dict[int, list[str]] = {}
    for cue, numbers in zip(target, overlapping(target, source), strict=True):
        # Only cues that share time can overlap by more than nothing; max keeps the first.
        best = max(numbers, key=lambda n: _overlap(source[n - 1], cue), default=None)
        if best is not None and _overlap(source[best - 1], cue) > 0:
            attached.setdefault(best - 1, []).append(cue.text)
    result = []
    for i, cue in enumerate(source):
        lines = (cue.text, " ".join(attached[i])) if i in attached else (cue.text,)
        result.append(replace(cue, lines=lines))
    return tuple(result)
