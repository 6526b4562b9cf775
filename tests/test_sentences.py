"""Sentence splitting: English abbreviations, decimals, quotes; Korean endings; paragraphs."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler import sentences
from subtitler.languages import ENGLISH, KOREAN
from subtitler.models import Segment, SourceLine
from subtitler.sentences import sentences_of, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Lee met Mrs. Park at the U.S. embassy. They talked for an hour.",
            ["Dr. Lee met Mrs. Park at the U.S. embassy.", "They talked for an hour."],
        ),
        (
            "Prices rose 3.5 percent in May. Wages fell by 0.2.",
            ["Prices rose 3.5 percent in May.", "Wages fell by 0.2."],
        ),
        (
            "The novel by J. K. Rowling sold well. Critics agreed.",
            ["The novel by J. K. Rowling sold well.", "Critics agreed."],
        ),
        (
            'She said, "We will open the bridge." Then the crowd cheered.',
            ['She said, "We will open the bridge."', "Then the crowd cheered."],
        ),
        (
            '"Is it safe?" he asked. Nobody answered.',
            ['"Is it safe?" he asked.', "Nobody answered."],
        ),
        (
            "Well... we waited. And then... Nothing happened.",
            ["Well... we waited.", "And then...", "Nothing happened."],
        ),
        (
            "Really?! I had no idea! Are you sure?",
            ["Really?!", "I had no idea!", "Are you sure?"],
        ),
        (
            "The ship left at 6 a.m. and docked at 9 p.m. The crew slept.",
            ["The ship left at 6 a.m. and docked at 9 p.m.", "The crew slept."],
        ),
        (
            "Talks continue in the U.S. The allies wait.",
            ["Talks continue in the U.S.", "The allies wait."],
        ),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, ENGLISH) == expected


def test_paragraph_break_always_ends_a_sentence() -> None:
    text = "The river is rising\nResidents have left their homes, officials said"
    assert split_sentences(text, ENGLISH) == [
        "The river is rising",
        "Residents have left their homes, officials said",
    ]


def test_list_number_opening_a_paragraph_is_not_a_sentence() -> None:
    text = "1. Schools will close early.\n2. Buses will run all night."
    assert split_sentences(text, ENGLISH) == [
        "1. Schools will close early.",
        "2. Buses will run all night.",
    ]
    assert split_sentences("The score was 3. Then it rained.", ENGLISH) == [
        "The score was 3.",
        "Then it rained.",
    ]


def test_list_number_on_a_line_of_its_own_opens_the_next_lines_sentence() -> None:
    # Nothing is dropped: the number goes with the item it numbers, or stands alone at the end.
    text = "Two things changed.\n1.\nSchools will close early.\n2."
    assert split_sentences(text, ENGLISH) == [
        "Two things changed.",
        "1. Schools will close early.",
        "2.",
    ]
    assert split_sentences("1.\n학교는 일찍 문을 닫습니다.", KOREAN) == [
        "1. 학교는 일찍 문을 닫습니다."
    ]


def test_whitespace_is_normalised() -> None:
    assert split_sentences("  One   two.\n\n  Three\tfour.  ", ENGLISH) == [
        "One two.",
        "Three four.",
    ]
    assert split_sentences("", ENGLISH) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "오늘은 비가 옵니다. 내일은 맑겠다. 정말 그럴까?",
            ["오늘은 비가 옵니다.", "내일은 맑겠다.", "정말 그럴까?"],
        ),
        ("괜찮아요! 고마워요.", ["괜찮아요!", "고마워요."]),
        # Machine transcripts drop the period; a formal ending still closes the sentence.
        (
            "회의가 끝났습니다 결과는 내일 발표됩니다",
            ["회의가 끝났습니다", "결과는 내일 발표됩니다"],
        ),
        # Without punctuation or a formal ending the line is one sentence.
        (
            "시민들은 불안해 하고 있다 대책이 필요하다",
            ["시민들은 불안해 하고 있다 대책이 필요하다"],
        ),
        # A quotation followed by a separated particle continues the sentence.
        ('그는 "가겠다." 라고 말했다.', ['그는 "가겠다." 라고 말했다.']),
        (
            "U.S. 대표단이 도착했다. 회담은 내일이다.",
            ["U.S. 대표단이 도착했다.", "회담은 내일이다."],
        ),
        # An ellipsis after a connective pauses; after a final ending it ends the sentence.
        ("그런데… 문제는 비용이다… 아무도 몰랐다.", ["그런데… 문제는 비용이다…", "아무도 몰랐다."]),
        ('"정말?" 그가 물었다.', ['"정말?" 그가 물었다.']),
        ('"갑시다." 그가 말했다.', ['"갑시다."', "그가 말했다."]),
    ],
)
def test_korean_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, KOREAN) == expected


def test_korean_line_without_punctuation_ends_at_the_paragraph_break() -> None:
    assert split_sentences("정부는 대책을 내놓았다\n야당은 반발했다", KOREAN) == [
        "정부는 대책을 내놓았다",
        "야당은 반발했다",
    ]


def test_sentences_of_numbers_segments_and_finds_lines() -> None:
    first = Segment(
        role="anchor",
        speaker=None,
        title=None,
        text="Good evening. Storms hit the coast.\nPower is out in two towns.",
        line=5,
        lines=(
            SourceLine(5, "[Anchor] Good evening. Storms hit the coast."),
            SourceLine(6, ""),
            SourceLine(7, "Power is out in two towns."),
        ),
    )
    second = Segment(
        role="reporter", speaker=None, title=None, text="Crews are working now.", line=9
    )
    found = sentences_of([first, second], ENGLISH)
    assert [(s.text, s.segment, s.line) for s in found] == [
        ("Good evening.", 0, 5),
        ("Storms hit the coast.", 0, 5),
        ("Power is out in two towns.", 0, 7),
        ("Crews are working now.", 1, 9),
    ]


def test_sentences_of_falls_back_when_cleaning_changed_the_words() -> None:
    segment = Segment(
        role="anchor",
        speaker=None,
        title=None,
        text="The vote is today.\nResults come tonight.",
        line=2,
        lines=(SourceLine(2, "The vote is todya."), SourceLine(3, "Results come tonite.")),
    )
    found = sentences_of([segment], ENGLISH)
    assert [s.line for s in found] == [2, 3]


_LATIN_WORD = st.text(alphabet="abcdefghijKLMNOP.,?!'\"", min_size=1, max_size=15)
_HANGUL_WORD = st.text(
    alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xAC40), min_size=1, max_size=6
).map(lambda w: w + "다.")
_NUMBER_WORD = st.sampled_from(["1.", "12.", "3", "2026."])
_PARAGRAPH = st.lists(
    st.one_of(_LATIN_WORD, _HANGUL_WORD, _NUMBER_WORD), min_size=0, max_size=25
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PARAGRAPH, min_size=1, max_size=4).map("\n".join))
def test_sentences_keep_every_word_in_order(text: str) -> None:
    for lang in (ENGLISH, KOREAN):
        sentences = split_sentences(text, lang)
        assert [w for s in sentences for w in s.split()] == text.split()
        assert all(s and s == " ".join(s.split()) for s in sentences)


_LINE_WORDS = st.lists(st.sampled_from(["Rain.", "falls", "here.", "Wind", "blows."]), min_size=1)


@settings(max_examples=60, deadline=None)
@given(st.lists(_LINE_WORDS.map(" ".join), min_size=1, max_size=6), st.integers(1, 500))
def test_sentence_lines_come_from_the_segment_and_never_go_back(
    paragraphs: list[str], first_line: int
) -> None:
    lines = tuple(SourceLine(first_line + i, text) for i, text in enumerate(paragraphs))
    segment = Segment("reporter", None, None, "\n".join(paragraphs), first_line, lines)
    found = sentences_of([segment], ENGLISH)
    numbers = [s.line for s in found]
    assert numbers == sorted(numbers)
    assert all(first_line <= n < first_line + len(paragraphs) for n in numbers)
    assert numbers[0] == first_line


def test_no_whitespace_but_the_space_is_printable() -> None:
    # What _single_spaced's fast path relies on.
    assert [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if chr(code).isspace() and chr(code).isprintable() and chr(code) != " "
    ] == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab  .\t\n", "\u00a0", "\u3000", "\x1c", "\u2028"])))
def test_single_spaced_is_split_and_join(text: str) -> None:
    assert sentences._single_spaced(text) == " ".join(text.split())


def _plain_sentence_lines(segment: Segment) -> list[tuple[str, int]]:
    """sentence_lines as defined: each line spaced apart, probes looked for line by line."""
    lines = [(line.number, " ".join(line.text.split())) for line in segment.lines]
    cursor, last = 0, segment.line
    found = []
    for sentence in split_sentences(segment.text, KOREAN):
        words = sentence.split(maxsplit=3)[:3]
        for probe in (" ".join(words), words[0] if words else ""):
            hit = next((k for k in range(cursor, len(lines)) if probe and probe in lines[k][1]), -1)
            if hit >= 0:
                cursor, last = hit, lines[hit][0]
                break
        found.append((sentence, last))
    return found


_SOURCE_LINE = st.lists(
    st.sampled_from(["비가", "옵니다.", "Rain", "falls.", "here", " ", "\t", "1."]), max_size=8
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SOURCE_LINE, max_size=6), st.data())
def test_sentence_lines_are_found_as_line_by_line(raw: list[str], data: st.DataObject) -> None:
    # The text is the lines as they were (most segments), or as cleaning might change them.
    text = data.draw(st.sampled_from(["\n".join(raw), "\n".join(reversed(raw)), " ".join(raw)]))
    lines = tuple(SourceLine(n, line) for n, line in enumerate(raw, 10))
    segment = Segment("reporter", None, None, text, 9, lines)
    assert sentences.sentence_lines(segment, KOREAN) == _plain_sentence_lines(segment)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"니다 .”?a\n", "니다"]), max_size=20).map("".join))
def test_korean_word_ends_are_the_marks_and_the_bare_ending(text: str) -> None:
    # The pattern is written as alternatives for speed; this is what it means.
    marks = sentences._TERMINALS + sentences._CLOSERS
    plain = re.compile(f"(?:[{re.escape(marks)}]|니다)(?= |$)")
    found = [m.span() for m in sentences._MARKED_OR_BARE_END.finditer(text)]
    assert found == [m.span() for m in plain.finditer(text)]
