"""Language detection: deterministic, Korean by script, other languages refused clearly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler import detect
from subtitler.detect import detect_language, guess_language, segment_language_notices
from subtitler.errors import LanguageError
from subtitler.languages import is_hangul
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


# Long enough (50+ words) for the common-word test to look at them.
LONG_ENGLISH = (
    "The government said on Monday that officials would meet again next week to discuss "
    "the plan, after talks with regional leaders ended without an agreement. Analysts "
    "warned that prices could rise further, and residents of the coastal city were told "
    "to prepare for heavy rain, strong winds and possible flooding in several districts."
)
LONG_OTHERS = {
    "fr": "Le gouvernement a annoncé lundi que les responsables se réuniraient de nouveau la "
    "semaine prochaine pour discuter du plan, après des pourparlers sans accord avec les "
    "dirigeants régionaux. Les analystes ont averti que les prix pourraient encore augmenter, "
    "et les habitants de la ville côtière doivent se préparer à de fortes pluies.",
    "de": "Die Regierung teilte am Montag mit, dass sich die Beamten nächste Woche erneut "
    "treffen werden, um den Plan zu besprechen, nachdem die Gespräche mit den regionalen "
    "Führern ohne Einigung endeten. Analysten warnten, dass die Preise weiter steigen "
    "könnten, und die Bewohner der Küstenstadt sollen sich auf starken Regen vorbereiten.",
    "nl": "De regering zei maandag dat de ambtenaren volgende week opnieuw bijeenkomen om het "
    "plan te bespreken, nadat de gesprekken met regionale leiders zonder akkoord waren "
    "geëindigd. Het is de vraag wat er nu gebeurt. Analisten waarschuwden dat de prijzen "
    "verder kunnen stijgen, en dat was te verwachten volgens de bewoners van de kuststad.",
    "pl": "Rząd poinformował w poniedziałek, że urzędnicy spotkają się ponownie w przyszłym "
    "tygodniu, aby omówić plan, ponieważ rozmowy z przywódcami regionalnymi zakończyły się "
    "bez porozumienia. To jest ważne dla mieszkańców. Analitycy ostrzegają, że ceny mogą "
    "dalej rosnąć, a to oznacza, że mieszkańcy miasta muszą przygotować się na ulewy.",
}


def test_long_english_is_told_without_loading_langdetect() -> None:
    detect._factory.cache_clear()
    assert detect_language(LONG_ENGLISH) == "en"
    assert detect._factory.cache_info().currsize == 0


@pytest.mark.parametrize("code", sorted(LONG_OTHERS))
def test_other_languages_with_english_lookalike_words_are_still_refused(code: str) -> None:
    # Dutch "is", "was", Polish "to": too few to pass for English; langdetect decides.
    text = LONG_OTHERS[code]
    assert not detect._common_english(text)
    with pytest.raises(LanguageError, match=repr(code)):
        detect_language(text)


def test_sample_is_spread_over_the_whole_text() -> None:
    # A long Korean opening does not decide for an English transcript, nor the reverse.
    opening = KOREAN + "\n"
    assert detect_language(opening * 400 + (LONG_ENGLISH + "\n") * 1200) == "en"
    assert detect_language((LONG_ENGLISH + "\n") * 200 + opening * 4000) == "ko"
    sample = detect.language_sample("a" * 50_000 + "b" * 50_000)
    assert len(sample) <= detect.SAMPLE_CHARS + detect.SAMPLE_PIECES
    assert sample.count("a") == sample.count("b")


def test_hangul_pattern_is_languages_is_hangul() -> None:
    every_char = "".join(chr(code) for code in range(0x20000) if not 0xD800 <= code <= 0xDFFF)
    assert "".join(detect._HANGUL_RUN.findall(every_char)) == "".join(filter(is_hangul, every_char))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab Z1_²½ⅻ.북한ㄱ\u3130é"]), max_size=30))
def test_hangul_share_is_the_share_of_letters_that_are_hangul(text: str) -> None:
    letters = [ch for ch in text if ch.isalpha()]
    expected = sum(map(is_hangul, letters)) / len(letters) if letters else 0.0
    assert detect.hangul_share(text) == expected


def test_hangul_pattern_finds_letters_but_two_code_points() -> None:
    # What _script_hints_other's count of Hangul letters relies on.
    every_char = "".join(chr(code) for code in range(0x20000) if not 0xD800 <= code <= 0xDFFF)
    found = "".join(detect._HANGUL_RUN.findall(every_char))
    assert {ch for ch in found if not ch.isalpha()} == {"\u3130", "\u318f"}


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab Z1_²½ⅻ.북한국방부ㄱ\u3130\u318fé "]), max_size=60))
def test_korean_script_hint_is_hangul_share_below_the_korean_share(text: str) -> None:
    # The shortcut through cheap counts decides as hangul_share does.
    expected = detect.hangul_share(text) < detect.HANGUL_SHARE_KOREAN
    assert detect._script_hints_other(text, "ko") == expected


def test_accented_text_goes_to_langdetect_however_many_english_words_it_quotes() -> None:
    # A Portuguese report quoting English titles: enough "the", "of", "and" to pass the
    # common-word share, but its accented words say it is not English.
    text = (
        "O filme The Lord of the Rings and the Return of the King foi exibido ontem em São "
        "Paulo, e a crítica disse que a versão nova é melhor do que a antiga. The Guardian "
        "and The Times também publicaram críticas sobre o filme, e o público aplaudiu a "
        "sessão de estreia com entusiasmo, segundo os organizadores do festival da cidade."
    )
    words = detect._LETTER_RUN.findall(text.lower())
    common = sum(word in detect.ENGLISH_COMMON_WORDS for word in words)
    assert len(words) >= detect.MIN_SAMPLE_WORDS
    assert common >= detect.ENGLISH_COMMON_SHARE * len(words)
    assert not detect._common_english(text)
    with pytest.raises(LanguageError, match="'pt'"):
        detect_language(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab Z1_²½.…—’“é北ßΩ\u0301\u00aa"]), max_size=30))
def test_english_script_hint_is_a_letter_outside_ascii(text: str) -> None:
    expected = any(ch.isalpha() and not ch.isascii() for ch in text)
    assert detect._script_hints_other(text, "en") == expected


def test_non_ascii_word_chars_hold_every_letter_outside_ascii() -> None:
    every_char = "".join(chr(code) for code in range(0x80, 0x30000) if not 0xD800 <= code <= 0xDFFF)
    found = set(detect._NON_ASCII_WORD_CHAR.findall(every_char))
    assert {ch for ch in every_char if ch.isalpha()} <= found
