"""formats.cleaned: the speaker-labelled transcript, and that parse reads it back unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.clean import clean, normalize
from subtitler.formats.cleaned import (
    _forms,
    _parses_back,
    _surely_reads_back,
    compose_cleaned,
    marker,
)
from subtitler.models import ROLES, Segment
from subtitler.parse import parse

TRANSCRIPTS = Path(__file__).resolve().parent.parent / "transcripts"


def _key(segments: tuple[Segment, ...] | list[Segment]) -> list[tuple[object, ...]]:
    return [(s.role, s.speaker, s.title, s.text) for s in segments]


def test_compose_layout() -> None:
    segments = [
        Segment("anchor", None, None, "Good evening.\nRain is coming.", 1),
        Segment("interview", "Harriet Vane", "Cambridge University Professor", "It is early.", 5),
        Segment("reporter", None, None, "Roads closed.", 7),
        Segment("interview", "최다은", "해양수산부 장관", "피해를 줄이겠습니다.", 9),
    ]
    assert compose_cleaned(segments) == (
        "[Anchor]\nGood evening.\nRain is coming.\n"
        "\n[Interview: Harriet Vane, Cambridge University Professor]\nIt is early.\n"
        "\n[Reporter]\nRoads closed.\n"
        "\n[Interview: 최다은, 해양수산부 장관]\n피해를 줄이겠습니다.\n"
    )


def test_compose_nothing() -> None:
    assert compose_cleaned([]) == ""


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        (Segment("unknown", None, None, "Hello.", 1), "[Unknown]"),
        (Segment("reporter", "Jo Han-byul", None, "Hello.", 1), "[Reporter: Jo Han-byul]"),
        (
            Segment("interview", None, "Seoul resident", "Hello.", 1),
            "[Interview: , Seoul resident]",
        ),
        # Would read back as name + title without the closing comma.
        (
            Segment("interview", "Ko Eun Busan Station", None, "Hello.", 1),
            "[Interview: Ko Eun Busan Station,]",
        ),
        # Would read back as a "Name: quote" speaker line under a plain [Interview].
        (Segment("interview", None, None, "Note: it is mine.", 1), "[Interview:]"),
        (Segment("interview", None, None, "It is mine.", 1), "[Interview]"),
    ],
)
def test_marker_forms(segment: Segment, expected: str) -> None:
    assert marker(segment) == expected
    assert _key(parse(compose_cleaned([segment])).segments) == _key([segment])


@pytest.mark.parametrize("path", sorted(TRANSCRIPTS.glob("*.txt")), ids=lambda p: p.name)
def test_sample_transcripts_round_trip(path: Path) -> None:
    lang = "ko" if "korean" in path.name else "en"
    cleaned = clean(parse(normalize(path.read_text(encoding="utf-8"))[0]).segments, lang)
    text = compose_cleaned(cleaned.segments)
    assert _key(parse(text).segments) == _key(cleaned.segments)
    # The cleaned transcript is already clean: cleaning it again changes nothing.
    again = clean(parse(text).segments, lang)
    assert _key(again.segments) == _key(cleaned.segments)
    assert again.fixes == ()
    assert again.removed == ()


_NAMES = st.sampled_from(
    [
        None,
        "Harriet Vane",
        "Kim Min-soo",
        "Yang Uk",
        "Oliver T. Brandt",
        "최다은",
        "Ko Eun Busan Station",
    ]
)
_TITLES = st.sampled_from(
    [None, "Cambridge University Professor", "Seoul resident", "Senior Economist, Bank of Korea",
     "해양수산부 장관", "Minister of Oceans (last month)"]
)  # fmt: skip
_LINES = st.sampled_from(
    ["Good evening.", "Prices rose 3.5% in the U.S. this year.", "Note: it is mine.",
     "Kim Min-soo (Farmer): We lost it.", "비가 왔습니다.", "He said [sic] nothing.",
     "The council voted", "[Phone] 02-555-0100", "1,000 people came at 8 a.m."]
)  # fmt: skip


@st.composite
def _segments(draw: st.DrawFn) -> list[Segment]:
    out = []
    for number in range(draw(st.integers(1, 6))):
        role = draw(st.sampled_from(ROLES))
        speaker = draw(_NAMES)
        title = draw(_TITLES)
        text = "\n".join(draw(st.lists(_LINES, min_size=1, max_size=3)))
        out.append(Segment(role, speaker, title, text, number + 1))
    return out


@settings(max_examples=200, deadline=None)
@given(_segments())
def test_compose_then_parse_round_trips(segments: list[Segment]) -> None:
    assert _key(parse(compose_cleaned(segments)).segments) == _key(segments)


# Lines as cleaning might leave them and as they might fool the parser: brackets, labels,
# speaker lines, attribution lines, spaces at the ends, blank lines.
_LINE = st.one_of(
    st.sampled_from(
        [
            "Good evening.",
            "[Reporter]",
            "[Kim Min-soo Seoul resident: It is cold.]",
            "[sic] he said.",
            "Kim Min-jun (Korea University Professor): We will see.",
            "Kim Min-jun / Korea University Professor",
            "앵커 멘트입니다.",
            " padded ",
            "",
            "Unknown: fine.",
            "<기자>",
            "◀ 앵커 ▶ 네.",
            "<Clean Rivers> began.",
            "REPORTER: Roads closed.",
            "기자 : 네.",
            "Note: fine.",
            "Yes. [Reporter] No.",
            "Yes [Reporter] no.",
        ]
    ),
    st.text(st.sampled_from("[]<>◀▶: aZ가\t\u3000."), max_size=12),
)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["anchor", "reporter", "unknown", "interview"]),
    st.lists(_LINE, min_size=1, max_size=5),
)
def test_a_segment_surely_read_back_is_read_back(role: str, lines: list[str]) -> None:
    segment = Segment(role, None, None, "\n".join(lines), 1)  # type: ignore[arg-type]
    plain, _ = _forms(segment)
    if _surely_reads_back(plain, segment):
        assert _parses_back(plain, segment)


def test_plain_narration_is_surely_read_back() -> None:
    segment = Segment("reporter", None, None, "Roads closed.\nThe rain stopped at noon.", 1)
    assert _surely_reads_back("[Reporter]", segment)
