"""The plain values that flow between the stages.

Every value is a small frozen dataclass; stages build new ones with
``dataclasses.replace``. Times are integer milliseconds, formatted only at the
file edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

Role = Literal["anchor", "reporter", "interview", "unknown"]
ROLES: tuple[Role, ...] = ("anchor", "reporter", "interview", "unknown")


@dataclass(frozen=True)
class SourceLine:
    """One line of the transcript as read (after character normalisation), 1-based."""

    number: int
    text: str


@dataclass(frozen=True)
class Segment:
    """What one speaker says between two speaker markers.

    ``text`` is the spoken text; paragraphs (lines of the cleaned transcript)
    are separated by ``"\\n"``. ``line`` is the 1-based transcript line where
    the segment starts. ``lines`` keeps the raw source lines the parser saw,
    so cleaning can report every change by line number.
    """

    role: Role
    speaker: str | None
    title: str | None
    text: str
    line: int
    lines: tuple[SourceLine, ...] = ()


@dataclass(frozen=True)
class Fix:
    """One cleaning change, named by the rule that made it."""

    rule: str
    line: int
    before: str
    after: str


@dataclass(frozen=True)
class Removal:
    """A line or span dropped from the transcript (boilerplate, credit, header...)."""

    kind: str
    line: int
    text: str


@dataclass(frozen=True)
class Notice:
    """A warning for the reviewer: something subtitler did not change but a person should see.

    ``line`` is a transcript line, or 0 when the notice concerns a cue
    (then ``cue`` is its 1-based number) or the whole file.
    """

    code: str
    line: int
    message: str
    cue: int | None = None
    language: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of one segment, in the order spoken."""

    text: str
    segment: int  # index into the segment list
    line: int  # transcript line it starts on


@dataclass(frozen=True)
class Cue:
    """One subtitle: a time span and one or two lines of text.

    ``segment`` is the index of the segment (speaker) it belongs to; a cue never
    spans two speakers. ``sentences`` are the indices of the sentences whose
    text it carries (whole or in part), ascending.
    """

    start_ms: int
    end_ms: int
    lines: tuple[str, ...]
    segment: int
    sentences: tuple[int, ...]

    @property
    def text(self) -> str:
        """The cue's text on one line (lines joined with a space)."""
        return " ".join(self.lines)

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(frozen=True)
class TimingOptions:
    """How the estimated timeline is placed: offset, total length, frame snapping."""

    start_ms: int = 0
    duration_ms: int | None = None
    fps: float | None = None


@dataclass(frozen=True)
class Track:
    """The cues of one language, with the warnings that concern them."""

    language: str
    cues: tuple[Cue, ...]
    warnings: tuple[Notice, ...] = ()
    translated: bool = False


@dataclass(frozen=True)
class Document:
    """Everything the pipeline learned about one transcript: what the outputs are made from."""

    name: str
    source_language: str
    original_text: str
    segments: tuple[Segment, ...]
    sentences: tuple[Sentence, ...]
    fixes: tuple[Fix, ...] = ()
    removed: tuple[Removal, ...] = ()
    warnings: tuple[Notice, ...] = ()
    tracks: dict[str, Track] = field(default_factory=dict)
    encoding: str = "utf-8"
    # The frame rate cues were snapped to (``TimingOptions.fps``): the report checks gaps
    # as 2 frames at this rate, as ``subtitler check --fps`` does.
    fps: float | None = None
    # Name cards as their own tracks (``--name-cards track``), by language.
    name_cards: dict[str, Track] = field(default_factory=dict)
    # How names and titles are shown in each translated language (target -> source text ->
    # shown text), so name cards use the renderings the dialogue uses.
    renderings: dict[str, dict[str, str]] = field(default_factory=dict)


_Model = TypeVar("_Model")
_new_object = object.__new__
_set_attribute = object.__setattr__


def assemble(cls: type[_Model], fields: dict[str, Any]) -> _Model:
    """``cls(**fields)`` for one of the classes above, at about half the cost; ``fields``
    names every field, in the class's order.

    A frozen dataclass's ``__init__`` sets each field with ``object.__setattr__``, a slow
    call in CPython (about 1,000 instructions). The stages that make an object for every
    line, sentence or cue of a transcript, alone in one process (parsing, the glue after
    the cleaning workers, timing), set all of them at once as the object's ``__dict__``
    instead. No class here has a ``__post_init__`` for this to skip (tests/test_models.py
    holds it to the constructors).
    """
    made = _new_object(cls)
    _set_attribute(made, "__dict__", fields)
    return made
