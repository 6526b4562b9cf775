"""Per-language knowledge: the width functions behind every line and reading-speed limit."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from subtitler.languages import (
    HALF_UNIT_WIDTHS,
    cjk_width,
    cjk_widths,
    is_hangul,
    is_hangul_syllable,
    korean_particle_fits,
    latin_width,
    latin_widths,
    widths_function,
)


def _per_character(text: str) -> float:
    """The Korean width as SUBTITLE-RULES defines it, one character at a time."""
    total = 0.0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F") or "\u1100" <= ch <= "\u11ff"
        total += 1.0 if wide else 0.5
    return total


def test_korean_width_counts_hangul_as_one_and_the_rest_as_half() -> None:
    assert cjk_width("북한군") == 3.0
    assert cjk_width("U.S. 군") == 3.5
    assert cjk_width("3.5%") == 2.0
    assert cjk_width("") == 0.0
    assert cjk_width("「日本」") == 4.0  # CJK brackets and Hanja are wide
    assert cjk_width("가") == 2.0  # conjoining jamo count one each


KOREAN_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # syllables
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
        st.characters(exclude_categories=["Cs"]),  # anything else
    ),
    max_size=40,
)


@given(KOREAN_TEXT)
def test_korean_width_equals_the_per_character_definition(text: str) -> None:
    assert cjk_width(text) == _per_character(text)


@given(st.text(max_size=40))
def test_english_width_is_the_character_count(text: str) -> None:
    assert latin_width(text) == len(text)


@given(KOREAN_TEXT, KOREAN_TEXT)
def test_half_unit_widths_add_up_exactly_in_halves(first: str, second: str) -> None:
    # What layout relies on for these width functions: additive, never negative, halves.
    for width in HALF_UNIT_WIDTHS:
        assert width(first + second) == width(first) + width(second)
        assert width(first) >= 0 and (2 * width(first)).is_integer()


@given(st.lists(KOREAN_TEXT, max_size=8))
def test_widths_of_many_texts_are_each_text_s_width(texts: list[str]) -> None:
    assert cjk_widths(texts) == [cjk_width(text) for text in texts]
    assert latin_widths(texts) == [latin_width(text) for text in texts]
    for width in (cjk_width, latin_width, len):
        assert widths_function(width)(texts) == [width(text) for text in texts]


def test_a_hangul_syllable_is_hangul_but_a_lone_jamo_is_not_a_syllable() -> None:
    for ch in "가힣한":
        assert is_hangul_syllable(ch) and is_hangul(ch)
    # Conjoining jamo (U+1100...) and compatibility jamo (U+3131...) are Hangul, not syllables.
    for ch in "\u1100\u11ff\u3131\u318e":
        assert is_hangul(ch) and not is_hangul_syllable(ch)
    for ch in ("a", "日", "\uabff", "\ud7a4", ""):
        assert not is_hangul_syllable(ch)


_SYLLABLES = st.integers(0xAC00, 0xD7A3).map(chr)


@given(_SYLLABLES, _SYLLABLES)
def test_a_korean_particle_fits_the_sound_before_it(first: str, last: str) -> None:
    # The oracle: a syllable decomposes (NFD) into two jamo, or three with a final
    # consonant; ᆯ (U+11AF) is ㄹ.
    jamo = unicodedata.normalize("NFD", last)
    final = jamo[2] if len(jamo) == 3 else None
    word = first + last
    for particle in "는가를와":
        assert korean_particle_fits(word + particle, particle) is (final is None)
    for particle in "은이을과":
        assert korean_particle_fits(word + particle, particle) is (final is not None)
    assert korean_particle_fits(word + "로", "로") is (final in (None, "\u11af"))
    # Particles with one form fit any word, as do particles after no written sound.
    assert korean_particle_fits(word + "에서", "에서")
    assert korean_particle_fits(word + "으로", "으로")
    assert korean_particle_fits("IAEA가", "가")
    assert korean_particle_fits("가", "가")
