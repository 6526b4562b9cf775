"""The reviewers' bilingual track: each source cue with the translation shown under it.

Not for broadcast (lines may exceed the limits): it lets a reviewer who reads
both languages check the translation against the source at the same moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from subtitler.models import Cue


def _overlap(a: Cue, b: Cue) -> int:
    return min(a.end_ms, b.end_ms) - max(a.start_ms, b.start_ms)


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
    for cue in target:
        best = max(range(len(source)), key=lambda i: _overlap(source[i], cue), default=None)
        if best is not None and _overlap(source[best], cue) > 0:
            attached.setdefault(best, []).append(cue.text)
    result = []
    for i, cue in enumerate(source):
        lines = (cue.text, " ".join(attached[i])) if i in attached else (cue.text,)
        result.append(replace(cue, lines=lines))
    return tuple(result)
