"""models.assemble: the quick way the busiest stages make values, held to the constructors."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from subtitler import models, pipeline
from subtitler.cues import build_cues
from subtitler.languages import ENGLISH
from subtitler.models import Cue, Segment, Sentence, SourceLine, assemble

EXAMPLES: list[tuple[type[Any], tuple[Any, ...]]] = [
    (SourceLine, (3, "Good evening.")),
    (
        Segment,
        ("interview", "Kim Min-soo", "Seoul resident", "Cold.", 4, (SourceLine(4, "Cold."),)),
    ),
    (Sentence, ("Yes.", 2, 7)),
    (Cue, (250, 1083, ("Yes.",), 2, (3, 4))),
]


@pytest.mark.parametrize(("cls", "values"), EXAMPLES)
def test_assembled_values_are_those_of_the_constructor(
    cls: type[Any], values: tuple[Any, ...]
) -> None:
    names = [field.name for field in dataclasses.fields(cls)]
    made, built = assemble(cls, dict(zip(names, values, strict=True))), cls(*values)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert list(vars(made).items()) == list(vars(built).items())
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 0


def test_no_model_checks_anything_assemble_would_skip() -> None:
    classes = [value for value in vars(models).values() if dataclasses.is_dataclass(value)]
    assert Cue in classes
    assert not [cls for cls in classes if hasattr(cls, "__post_init__")]


def test_the_stages_assemble_every_field_in_order() -> None:
    transcript = (
        "[Anchor]\nGood evening. Floods closed roads across the north.\n"
        "[Kim Min-soo Seoul resident: The water rose fast.]\nCrews worked all night.\n"
    )
    document = pipeline.clean_transcript("t", transcript.encode())
    cues = build_cues(document.segments, document.sentences, ENGLISH)
    made: list[object] = [*document.segments, *document.sentences, *cues]
    made += [line for segment in document.segments for line in segment.lines]
    assert {type(value) for value in made} == {Segment, Sentence, Cue, SourceLine}
    for value in made:
        names = [field.name for field in dataclasses.fields(value)]  # type: ignore[arg-type]
        assert list(vars(value)) == names
        assert value == dataclasses.replace(value)  # type: ignore[type-var]
