"""Language detection: deterministic, Korean by script, other languages refused clearly."""

from __future__ import annotations

import pytest

from subtitler.detect import detect_language, guess_language, segment_language_notices
from subtitler.errors import LanguageError
from subtitler.models import Segment

ENGLISH = "Officials said the bridge would reopen next month after repairs to its main span."
KOREAN = "정부는 다음 달 다리의 주요 구간 보수를 마친 뒤 통행을 재개할 것이라고 밝혔습니다."
GERMAN = "Die Regierung teilte mit, dass die Brücke nach der Reparatur im nächsten Monat öffnet."


def test_english_and_korean() -> None:
    assert detect_language(ENGLISH) == "en"
    assert detect_language(KOREAN) == "ko"


def test_korean_with_latin_names_is_korean() -> None:
    assert detect_language("NATO와 IAEA, Edward Howell 연구원은 이렇게 말했습니다.") == "ko"


def test_deterministic_over_repeated_calls() -> None:
    short = "Talks ended late."
    assert len({guess_language(short) for _ in range(20)}) == 1


@pytest.mark.parametrize("text", [GERMAN, "1234 5678 --- !!!"])
def test_other_languages_and_no_words_are_refused(text: str) -> None:
    with pytest.raises(LanguageError) as info:
        detect_language(text)
    assert "\n" not in str(info.value)


def test_segment_in_another_language_is_a_warning() -> None:
    segments = [
        Segment("anchor", None, None, ENGLISH, 1),
        Segment("interview", "Kim", None, KOREAN, 3),
        Segment("reporter", None, None, "Yes.", 5),  # too short to judge
    ]
    notices = segment_language_notices(segments, "en")
    assert [(n.code, n.line) for n in notices] == [("segment-language", 3)]
    assert "Korean" in notices[0].message


def test_french_segment_in_english_transcript_is_a_warning() -> None:
    french = "Les autorités ont déclaré que le pont rouvrirait le mois prochain après les travaux."
    segments = [
        Segment("anchor", None, None, ENGLISH, 1),
        Segment("reporter", None, None, french, 4),
    ]
    assert [n.line for n in segment_language_notices(segments, "en")] == [4]
