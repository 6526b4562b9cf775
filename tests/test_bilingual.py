"""The bilingual review track, and which source cues a translated cue is shown with."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.formats.bilingual import compose_bilingual, overlapping
from subtitler.models import Cue

# (start, length) pairs: short times, so that cues often touch, overlap or coincide.
_spans = st.lists(st.tuples(st.integers(0, 50), st.integers(0, 20)), max_size=12)


def _cues(spans: list[tuple[int, int]], text: str = "x") -> list[Cue]:
    return [
        Cue(start, start + length, (f"{text}{n}",), 0, ())
        for n, (start, length) in enumerate(spans)
    ]


def _in_order(spans: list[tuple[int, int]]) -> list[Cue]:
    """Cues with starts and ends both in order, as a track the pipeline makes."""
    cues = _cues(sorted(spans))
    return [cue for n, cue in enumerate(cues) if all(cue.end_ms >= c.end_ms for c in cues[:n])]


def _shares_time(a: Cue, b: Cue) -> bool:
    return a.start_ms < b.end_ms and b.start_ms < a.end_ms


@settings(max_examples=300, deadline=None)
@given(_spans, _spans, st.booleans())
def test_overlapping_cues_are_exactly_those_sharing_time(
    spans: list[tuple[int, int]], other_spans: list[tuple[int, int]], in_order: bool
) -> None:
    # In order, a binary search finds them; otherwise every cue is compared.
    others = _in_order(other_spans) if in_order else _cues(other_spans)
    cues = _cues(spans)
    expected = [
        tuple(n for n, other in enumerate(others, start=1) if _shares_time(cue, other))
        for cue in cues
    ]
    assert overlapping(cues, others) == expected


@settings(max_examples=300, deadline=None)
@given(_spans, _spans, st.booleans())
def test_each_translation_goes_under_the_source_cue_it_overlaps_most(
    source_spans: list[tuple[int, int]], target_spans: list[tuple[int, int]], in_order: bool
) -> None:
    source = _in_order(source_spans) if in_order else _cues(source_spans)
    target = _cues(target_spans, "t")
    attached: dict[int, list[str]] = {}
    for cue in target:
        shared = [min(cue.end_ms, s.end_ms) - max(cue.start_ms, s.start_ms) for s in source]
        # The first source cue with the largest positive overlap; none if nothing overlaps.
        if shared and max(shared) > 0:
            attached.setdefault(shared.index(max(shared)), []).append(cue.text)
    expected = [
        (s.text, " ".join(attached[i])) if i in attached else (s.text,)
        for i, s in enumerate(source)
    ]
    assert [c.lines for c in compose_bilingual(source, target)] == expected


def test_zero_length_translation_is_attached_nowhere() -> None:
    source = [Cue(0, 1000, ("Hello.",), 0, (0,))]
    assert [c.lines for c in compose_bilingual(source, [Cue(500, 500, ("안녕.",), 0, ())])] == [
        ("Hello.",)
    ]
