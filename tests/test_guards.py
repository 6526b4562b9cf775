"""Translation guards: each code fires on the fault it names and stays quiet on good output."""

from __future__ import annotations

from decimal import Decimal

import pytest

from subtitler.models import Cue, Notice
from subtitler.translate.guards import check_translation, locate
from subtitler.translate.numbers import numbers


def codes(
    source: str, translation: str, src: str = "en", tgt: str = "ko", **kw: object
) -> list[str]:
    return [n.code for n in check_translation(source, translation, src, tgt, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("8 trillion won", "8조 원"),
        ("480 billion", "4,800억"),
        ("20,000", "2만"),
        ("1.2 trillion won", "1조 2천억 원"),
        ("11 thousand people", "1만 1천 명"),
        ("10,000 people", "만 명"),
        ("1.2 million", "120만"),
        ("3.5%", "3.5%"),
        ("in 2024", "2024년에"),
        ("the 3rd round", "3차"),
        ("250 billion won", "2,500억 원"),
        ("35 million", "3천5백만"),
    ],
)
def test_english_and_korean_amounts_have_equal_values(english: str, korean: str) -> None:
    assert numbers(english, "en") == numbers(korean, "ko")
    assert numbers(english, "en")


@pytest.mark.parametrize(
    ("english", "korean"),
    [
        ("480 billion", "480억"),
        ("20,000", "2천"),
        ("8 trillion won", "8억 원"),
        ("1.2 million", "12만"),
    ],
)
def test_wrong_korean_magnitudes_differ(english: str, korean: str) -> None:
    assert numbers(english, "en") != numbers(korean, "ko")


def test_korean_words_that_look_like_units_are_not_numbers() -> None:
    assert numbers("백 기자가 천천히 만나러 갔다. 그것만 남았다", "ko") == set()
    assert numbers("수천 명", "ko") == set()


def test_number_guard_reports_the_lost_value() -> None:
    found = check_translation(
        "Exports fell 480 billion won.", "수출이 480억 원 줄었다.", "en", "ko"
    )
    assert [n.code for n in found] == ["translation-number-missing"]
    assert "480,000,000,000" in found[0].message
    assert found[0].language == "ko"
    assert codes("Exports fell 480 billion won.", "수출이 4,800억 원 줄었다.") == []


def test_number_guard_korean_to_english() -> None:
    assert codes("2만 명이 모였다.", "20,000 people gathered.", "ko", "en") == []
    assert codes("세 명이 다쳤다고 밝혔습니다.", "Three people were injured.", "ko", "en") == []
    assert codes("2만 명이 모였다.", "2,000 people gathered.", "ko", "en") == [
        "translation-number-missing"
    ]


def test_spelled_small_numbers_in_translation_count() -> None:
    assert codes("3 people were injured in the crash.", "그 사고로 세 명이 다쳤다.") == []


def test_empty() -> None:
    assert codes("The minister resigned.", "  ") == ["translation-empty"]
    assert codes("", "") == []


def test_repetition_loop() -> None:
    looped = "정부는 발표했다 발표했다 발표했다 발표했다"
    assert "translation-repetition" in codes("The government announced it.", looped)
    assert "translation-repetition" not in codes("The government announced it.", "정부가 발표했다.")


def test_repetition_in_source_is_not_blamed_on_translation() -> None:
    assert "translation-repetition" not in codes(
        "No, no, no, no.", "아니, 아니, 아니, 아니.", "en", "ko"
    )


def test_stray_symbols_and_unknown_marks() -> None:
    assert "translation-symbols" in codes("The talks resumed today.", "회담이 ⁇ 재개됐다.")
    assert "translation-symbols" in codes("The talks resumed today.", "회담 §§§ ### @@@ 재개")
    assert "translation-symbols" not in codes("The talks resumed today.", "회담이 오늘 재개됐다.")


def test_length_ratio_both_ways() -> None:
    source = "The prime minister met opposition leaders in Seoul on Tuesday afternoon."
    assert "translation-length-ratio" in codes(source, "총리.")
    assert "translation-length-ratio" not in codes(
        source, "총리는 화요일 오후 서울에서 야당 지도자들을 만났다."
    )
    ko = "총리는 화요일 오후 서울에서 야당 지도자들을 만났다."
    assert "translation-length-ratio" in codes(ko, "He met.", "ko", "en")
    # Too short a source to judge.
    assert "translation-length-ratio" not in codes("Yes.", "네, 그렇습니다 정말 그렇습니다.")


def test_untranslated_hangul_in_english_output() -> None:
    assert "translation-untranslated" in codes(
        "정부는 오늘 발표했다.", "The 정부 announced today.", "ko", "en"
    )


def test_untranslated_english_run_in_korean_output() -> None:
    found = check_translation(
        "He said the situation was under control.",
        "그는 the situation was under control 말했다.",
        "en",
        "ko",
    )
    assert [n.code for n in found] == ["translation-untranslated"]
    assert "the situation was under control" in found[0].message


def test_names_terms_and_acronyms_may_stay_latin() -> None:
    assert (
        codes(
            "Kim Min-ji of Samsung Electronics spoke at the NATO summit.",
            "Samsung Electronics의 Kim Min-ji가 NATO 정상회의에서 발언했다.",
            keep=("Kim Min-ji", "Samsung Electronics"),
        )
        == []
    )
    # A wholly copied sentence is untranslated even when short.
    assert "translation-untranslated" in codes("Thank you.", "Thank you.")


def test_locate_maps_sentences_to_first_target_cue() -> None:
    cues = [
        Cue(0, 1000, ("가",), 0, (0,)),
        Cue(1100, 2000, ("나",), 0, (1,)),
        Cue(2100, 3000, ("다",), 0, (1, 2)),
    ]
    notices = [
        (1, Notice("translation-empty", 5, "a", language="ko")),
        (2, Notice("translation-symbols", 6, "b", language="ko")),
        (9, Notice("translation-symbols", 7, "c", language="ko")),
    ]
    located = locate(notices, cues)
    assert [(n.cue, n.line) for n in located] == [(2, 0), (3, 0), (None, 7)]
    assert located[0].code == "translation-empty"
    assert all(isinstance(v, Decimal) for v in numbers("3", "en"))


def test_doctests_of_numbers_and_guards() -> None:
    import doctest

    from subtitler.translate import guards as guards_module
    from subtitler.translate import numbers as numbers_module

    for module in (numbers_module, guards_module):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0 and result.failed == 0, module.__name__
