"""The cleaned transcript: speaker-labelled text for a person to review.

Each segment is a marker line and its paragraphs, segments separated by a blank
line::

    [Anchor]
    North Korean troops ...

    [Interview: Edward Howell, Oxford University Researcher]
    North Korea is getting ...

Labels are English whatever the transcript's language (``[Anchor]``,
``[Reporter]``, ``[Interview]``, ``[Unknown]``): one vocabulary for every file
keeps the format simple to read back, and :func:`subtitler.parse.parse` reads
it back to the same roles, speakers, titles and text. Where the plain form
would read back differently (a name that looks like name + title, an anonymous
interview whose first line looks like ``Name: quote``) the marker is written
explicitly: ``[Interview: Kim Min-soo Seoul,]`` (the comma ends the name),
``[Interview:]`` (no speaker). A paragraph that itself looks like a speaker
marker cannot be told apart from one.
"""

from __future__ import annotations

from collections.abc import Sequence

from subtitler.models import Role, Segment
from subtitler.parse import OTHER_LABEL_BRACKETS, label_line, parse

LABELS: dict[Role, str] = {
    "anchor": "Anchor",
    "reporter": "Reporter",
    "interview": "Interview",
    "unknown": "Unknown",
}


def compose_cleaned(segments: Sequence[Segment]) -> str:
    """The cleaned transcript text of ``segments``.

    >>> print(compose_cleaned([Segment("anchor", None, None, "Good evening.", 1),
    ...     Segment("interview", "Yang Uk", "Research Fellow", "It is new.", 4)]), end="")
    [Anchor]
    Good evening.
    <BLANKLINE>
    [Interview: Yang Uk, Research Fellow]
    It is new.
    """
    blocks = [f"{marker(segment)}\n{segment.text}" for segment in segments]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def marker(segment: Segment) -> str:
    """The marker line of one segment: the plain form, or the explicit one if needed.

    >>> marker(Segment("interview", "Kim Min-soo", None, "Yes.", 1))
    '[Interview: Kim Min-soo]'
    >>> marker(Segment("interview", "Kim Min-soo Seoul Station", None, "Yes.", 1))
    '[Interview: Kim Min-soo Seoul Station,]'
    """
    plain, explicit = _forms(segment)
    if plain == explicit:
        return plain  # nothing to choose, so no need to read it back
    return plain if _reads_back(plain, segment) else explicit


def _forms(segment: Segment) -> tuple[str, str]:
    label = LABELS[segment.role]
    speaker, title = segment.speaker, segment.title
    if speaker and title:
        form = f"[{label}: {speaker}, {title}]"
        return form, form
    if speaker:
        return f"[{label}: {speaker}]", f"[{label}: {speaker},]"
    if title:
        form = f"[{label}: , {title}]"
        return form, form
    return f"[{label}]", f"[{label}:]"


def _reads_back(form: str, segment: Segment) -> bool:
    return _surely_reads_back(form, segment) or _parses_back(form, segment)


def _surely_reads_back(form: str, segment: Segment) -> bool:
    """True when ``form`` and the text provably parse back to ``segment`` (most segments);
    False says nothing.

    After a bare anchor, reporter or unknown label the parser gives every line to that
    speaker as it is, unless a line is blank, has spaces at its ends (lines are
    stripped), holds a "[" or starts with another bracket a label may be in, or opens
    with a label and a colon (another marker, perhaps).
    """
    if segment.role == "interview" or form != f"[{LABELS[segment.role]}]":
        return False
    return all(
        line
        and line == line.strip()
        and "[" not in line
        and line[0] not in OTHER_LABEL_BRACKETS
        and label_line(line) is None
        for line in segment.text.split("\n")
    )


def _parses_back(form: str, segment: Segment) -> bool:
    parsed = parse(f"{form}\n{segment.text}").segments
    return len(parsed) == 1 and (
        parsed[0].role,
        parsed[0].speaker,
        parsed[0].title,
        parsed[0].text,
    ) == (segment.role, segment.speaker, segment.title, segment.text)
