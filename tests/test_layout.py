"""Line breaking and chunking: where a subtitler would break, and the hard limits always."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.languages import ENGLISH, KOREAN, LanguageProfile
from subtitler.layout import (
    _CLOSE_BRACKETS,
    _OPEN_BRACKETS,
    COST_ATTACHED,
    COST_BREAK_BEFORE,
    COST_CLAUSE,
    COST_CONJUNCTION,
    COST_SPACE,
    NO_LINE_START,
    PENALTY_ALONE,
    PENALTY_BRACKETS,
    PENALTY_DANGLING,
    PENALTY_MODIFIER,
    PENALTY_NAME,
    PENALTY_NO_BREAK,
    _bracket_pairs,
    _break_cost,
    _chunked,
    _even_costs,
    _even_costs_by_quarters,
    _fit_units,
    _half_shape_costs,
    _has_opening_bracket,
    _inside,
    _language,
    _one_line,
    _Plan,
    _shape_costs_by_quarters,
    break_lines,
    chunk,
    chunk_lines,
    chunk_lines_widths,
    line_units,
    may_start_line,
)
from subtitler.timing import max_cue_width


def _fits(lines: tuple[str, ...] | None, lang: LanguageProfile) -> bool:
    return (
        lines is not None
        and 1 <= len(lines) <= lang.max_lines
        and all(line and lang.width(line) <= lang.max_line_width for line in lines)
    )


def test_short_text_stays_on_one_line() -> None:
    assert break_lines("The storm has passed.", ENGLISH) == ("The storm has passed.",)
    assert break_lines("  The storm   has passed. ", ENGLISH) == ("The storm has passed.",)
    assert break_lines("오늘 날씨는 맑겠습니다.", KOREAN) == ("오늘 날씨는 맑겠습니다.",)


def test_empty_or_too_long_text_cannot_be_laid_out() -> None:
    assert break_lines("", ENGLISH) is None
    assert break_lines("word " * 30, ENGLISH) is None
    assert break_lines("x" * 43, ENGLISH) is None


def test_article_stays_with_its_noun() -> None:
    text = "Engineers inspected every part of the damaged bridge over the river."
    lines = break_lines(text, ENGLISH)
    assert _fits(lines, ENGLISH)
    assert lines is not None and len(lines) == 2
    last_word_of_top = lines[0].split()[-1].lower()
    assert last_word_of_top not in {"a", "an", "the", "every", "of"}


def test_first_and_last_name_stay_together() -> None:
    text = "On Friday the committee questioned Foreign Minister Park Jin about the deal."
    lines = break_lines(text, ENGLISH)
    assert lines is not None and len(lines) == 2
    assert "Park Jin" in lines[0] or "Park Jin" in lines[1]
    other = "Investigators spoke to the owner, Maria Gonzalez, about the fire yesterday."
    lines = break_lines(other, ENGLISH)
    assert lines is not None
    assert any("Maria Gonzalez" in line for line in lines)


def _cue_lines(text: str) -> list[tuple[str, ...]]:
    found = chunk_lines(text, ENGLISH)
    assert all(lines is not None for _, lines in found)
    return [lines for _, lines in found if lines is not None]


def test_nationality_adjective_stays_with_its_noun_on_a_line() -> None:
    # Without the rule the top line ended in "Iranian", the bottom began with its noun.
    text = (
        "Diplomats in Geneva say Iranian negotiators have asked for more time "
        "to study the latest proposal."
    )
    cues = _cue_lines(text)
    assert " ".join(" ".join(lines) for lines in cues) == text
    assert any("Iranian negotiators" in line for lines in cues for line in lines)


def test_cue_cut_moves_off_a_nationality_adjective() -> None:
    # Here it was the cut between two cues that fell between "Sudanese" and "children".
    text = "Doctors at the field hospital said Sudanese children were arriving badly malnourished."
    cues = _cue_lines(text)
    assert " ".join(" ".join(lines) for lines in cues) == text
    assert any("Sudanese children" in line for lines in cues for line in lines)
    assert any("field hospital" in line for lines in cues for line in lines)


def test_long_name_breaks_after_its_possessive() -> None:
    # The name is too long to break anywhere else without splitting it.
    text = "New Zealand's Royal Geographical Preservation Society announced the winners on Monday."
    cues = _cue_lines(text)
    assert cues[0] == ("New Zealand's", "Royal Geographical Preservation Society")
    assert " ".join(" ".join(lines) for lines in cues) == text


def test_penalised_modifier_break_is_taken_when_nothing_else_fits() -> None:
    # The only break that leaves both lines within 42 characters.
    text = "Counterintelligence-trained Brazilian environmentalists-turned-lawmakers"
    assert break_lines(text, ENGLISH) == (
        "Counterintelligence-trained Brazilian",
        "environmentalists-turned-lawmakers",
    )
    # Narrow pieces: the phrase must be cut, and the name part stays whole.
    assert chunk("North Korean soldiers", ENGLISH, max_width=14) == ["North Korean", "soldiers"]
    assert chunk("North Korean soldiers", ENGLISH, max_width=15) == ["North Korean", "soldiers"]


def _pair_cost(before: str, after: str) -> float:
    return _break_cost([["Then"], [before], [after]], 2, ENGLISH)


def test_capitalised_modifier_costs() -> None:
    modifier = COST_SPACE + PENALTY_MODIFIER
    assert _pair_cost("Korean", "soldiers") == modifier
    assert _pair_cost("Chinese", "officials") == modifier
    assert _pair_cost("Swiss", "banks") == modifier  # from the word list
    assert _pair_cost("Argentina's", "farmers") == modifier
    assert _pair_cost("Argentina’s", "Supreme") == modifier
    # Inside a name costs more, so a long name breaks after its possessive.
    assert _pair_cost("Supreme", "Court") == COST_SPACE + PENALTY_NAME > modifier
    assert _pair_cost("Korean", "War") == COST_SPACE + PENALTY_NAME
    # No noun follows, the word is punctuated, or it is a short name or a function word.
    assert _pair_cost("Korean", "and") == COST_CONJUNCTION
    assert _pair_cost("Korean", "is") == COST_SPACE
    assert _pair_cost("Korean,", "officials") < COST_SPACE
    assert _pair_cost("Ian", "smiled") == COST_SPACE
    assert _pair_cost("Sean", "smiled") == COST_SPACE
    assert _pair_cost("It's", "clear") == COST_SPACE
    assert _pair_cost("These", "soldiers") == COST_SPACE + PENALTY_NO_BREAK


def test_break_before_a_conjunction() -> None:
    text = "The shops stayed closed all weekend long and the streets were almost empty."
    assert break_lines(text, ENGLISH) == (
        "The shops stayed closed all weekend long",
        "and the streets were almost empty.",
    )


def test_break_after_a_comma() -> None:
    text = "After three days of heavy snow, the mountain roads have finally reopened."
    assert break_lines(text, ENGLISH) == (
        "After three days of heavy snow,",
        "the mountain roads have finally reopened.",
    )


def test_two_lines_are_balanced_not_long_plus_stub() -> None:
    text = "Farmers in the southern provinces are still waiting for the promised rain."
    lines = break_lines(text, ENGLISH)
    assert lines is not None and len(lines) == 2
    top, bottom = (len(line) for line in lines)
    assert abs(top - bottom) <= 12
    # Bottom-heavy is the preferred shape when the words allow it.
    assert bottom >= top - 4


def test_subject_pronoun_stays_with_its_verb() -> None:
    text = "When the results came in late last night they celebrated in the streets."
    lines = break_lines(text, ENGLISH)
    assert lines is not None
    assert not lines[0].endswith(" they")


def test_korean_breaks_only_at_spaces() -> None:
    text = "서울시는 다음 달부터 버스 요금을 인상하기로 했습니다."
    lines = break_lines(text, KOREAN)
    assert _fits(lines, KOREAN)
    assert lines is not None and len(lines) == 2
    assert " ".join(lines) == text
    assert all(word in text.split() for line in lines for word in line.split())


def test_korean_line_never_starts_with_a_particle_or_punctuation() -> None:
    # Machine translation sometimes writes particles apart from their noun.
    text = "대표단 은 오늘 회담 을 마치고 성명 을 발표 했다 ."
    lines = break_lines(text, KOREAN)
    assert lines is not None
    for line in lines:
        assert may_start_line(line.split()[0], KOREAN)


def test_korean_bound_noun_stays_with_its_verb() -> None:
    text = "정부는 예정대로 추진할 수 있다는 입장입니다"
    lines = break_lines(text, KOREAN)
    assert lines is not None
    assert not any(line.startswith("수 ") for line in lines)


def test_chunk_cuts_at_clause_boundaries() -> None:
    text = (
        "The council approved the budget on Monday, but the mayor said he would veto it, "
        "and the opposition has already promised to take the plan to court next month."
    )
    pieces = chunk(text, ENGLISH)
    assert " ".join(pieces) == text
    assert len(pieces) == 2
    assert pieces[0].endswith("veto it,")
    assert pieces[1].startswith("and ")
    assert all(_fits(break_lines(piece, ENGLISH), ENGLISH) for piece in pieces)


def test_chunk_without_punctuation_still_conforms() -> None:
    text = (
        "heavy rain is expected across the central region through the weekend and "
        "authorities have warned residents in low lying areas to prepare for flooding "
        "and landslides while schools may close early on friday"
    )
    pieces = chunk(text, ENGLISH)
    assert " ".join(pieces) == text
    assert all(_fits(break_lines(piece, ENGLISH), ENGLISH) for piece in pieces)
    widths = [len(piece) for piece in pieces]
    assert min(widths) >= max(widths) / 3


def test_chunk_cuts_an_overlong_word_as_a_last_resort() -> None:
    url = "https://www.example.org/reports/2024/flood-damage/full-survey/index.html"
    text = f"the full report is at {url} for anyone"
    pieces = chunk(text, ENGLISH)
    assert "".join("".join(pieces).split()) == "".join(text.split())
    assert all(_fits(break_lines(piece, ENGLISH), ENGLISH) for piece in pieces)


def test_chunk_respects_max_width() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve thirteen"
    pieces = chunk(text, ENGLISH, max_width=20)
    assert " ".join(pieces) == text
    assert all(len(piece) <= 20 for piece in pieces)
    with pytest.raises(ValueError):
        chunk(text, ENGLISH, max_width=0)


def test_chunk_of_text_that_fits_is_one_piece() -> None:
    assert chunk("Good evening.", ENGLISH) == ["Good evening."]
    assert chunk("   ", ENGLISH) == []


_EN_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEF", min_size=1, max_size=12)
_LONG_WORD = st.text(alphabet="abcdefghij/.-", min_size=30, max_size=90).filter(
    lambda w: w[0] not in NO_LINE_START
)
_KO_WORD = st.text(
    alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xAD00), min_size=1, max_size=7
)
_ATTACHED = st.sampled_from([*sorted(KOREAN.particles), ",", ".", "?", "—"])
_PUNCTUATED = st.tuples(_EN_WORD, st.sampled_from(["", "", ",", ".", "?", ";"])).map("".join)


def _text(word: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Random text whose first word may start a line, followed by anything."""
    rest = st.lists(st.one_of(word, _ATTACHED), min_size=0, max_size=60)
    return st.tuples(_EN_WORD | _KO_WORD, rest).map(lambda t: " ".join([t[0], *t[1]]))


_ANY_WORD = st.one_of(_EN_WORD, _PUNCTUATED, _KO_WORD, _LONG_WORD)


@settings(max_examples=120, deadline=None)
@given(_text(_ANY_WORD), st.sampled_from([ENGLISH, KOREAN]), st.sampled_from([None, 30.0, 140.0]))
def test_chunk_pieces_always_conform(
    text: str, lang: LanguageProfile, max_width: float | None
) -> None:
    pieces = chunk(text, lang, max_width)
    assert "".join("".join(pieces).split()) == "".join(text.split())
    limit = min(lang.max_line_width, max_width or lang.max_line_width)
    if all(lang.width(unit) <= limit for unit in line_units(text.split(), lang)):
        assert [w for piece in pieces for w in piece.split()] == text.split()
    for piece in pieces:
        lines = break_lines(piece, lang)
        assert _fits(lines, lang), (piece, lines)
        assert lines is not None
        if max_width is not None:
            assert lang.width(piece) <= max_width
        for line in lines:
            assert may_start_line(line.split()[0], lang) or line.split()[0] == text.split()[0]


@settings(max_examples=120, deadline=None)
@given(_text(_ANY_WORD), st.sampled_from([ENGLISH, KOREAN]), st.sampled_from([None, 30.0, 140.0]))
def test_chunk_lines_lays_out_pieces_as_break_lines_does(
    text: str, lang: LanguageProfile, max_width: float | None
) -> None:
    # chunk_lines reuses the whole text's search instead of laying each piece out again;
    # it must give exactly what the plain composition gives.
    expected = [(piece, break_lines(piece, lang)) for piece in chunk(text, lang, max_width)]
    assert chunk_lines(text, lang, max_width) == expected
    found = chunk_lines_widths(text, lang, max_width)
    assert [width for _, _, width in found] == [lang.width(piece) for piece, _ in expected]


@settings(max_examples=80, deadline=None)
@given(_text(st.one_of(_EN_WORD, _KO_WORD)), st.sampled_from([ENGLISH, KOREAN]))
def test_break_lines_keeps_words_and_limits(text: str, lang: LanguageProfile) -> None:
    lines = break_lines(text, lang)
    if lines is None:
        return
    assert _fits(lines, lang)
    assert " ".join(lines) == " ".join(text.split())
    if lang.width(" ".join(text.split())) <= lang.max_line_width:
        assert len(lines) == 1


def test_names_joined_by_and_stay_together_and_no_line_ends_in_a_preposition() -> None:
    text = (
        "It is a decision that could change the relationship between Seoul and Moscow "
        "for years to come."
    )
    lines = [line for piece in chunk(text, ENGLISH) for line in break_lines(piece, ENGLISH) or ()]
    assert any("Seoul and Moscow" in line for line in lines)
    assert not any(line.split()[-1] in ENGLISH.break_before for line in lines)


def test_korean_prefers_breaks_after_particles_and_endings() -> None:
    text = "정부는 난방기 사용이 늘어나는 만큼 화재 예방에 신경 써 달라고 당부했습니다."
    pieces = chunk(text, KOREAN)
    lines = [line for piece in pieces for line in break_lines(piece, KOREAN) or ()]
    assert " ".join(lines) == text
    # A bound noun (만큼) never opens a line; every line ends after a particle or ending.
    assert not any(line.startswith("만큼") for line in lines)
    assert all(line.endswith(("는", "이", "에", "다.", "고", "에게", "를")) for line in lines)


def test_korean_keeps_an_object_with_its_verb_when_another_phrase_can_end_the_line() -> None:
    # After 을/를 the verb that governs the object follows: a break after the topic or
    # an adverbial phrase reads better, though one after the object still beats a bare
    # word.
    text = "두꺼운 외투와 목도리로 온몸을 감싼 시민들이 종종걸음으로 출근길에 나섰습니다."
    assert _cue_pieces(text, KOREAN)[0] == (
        "두꺼운 외투와 목도리로 온몸을 감싼 시민들이",
        ("두꺼운 외투와 목도리로", "온몸을 감싼 시민들이"),
    )
    object_end = _break_cost([["예산안을"], ["처리했다"]], 1, KOREAN)
    assert _break_cost([["정부는"], ["예산안을"]], 1, KOREAN) < object_end
    assert object_end < _break_cost([["새"], ["예산안을"]], 1, KOREAN)


def test_korean_modifier_stays_with_the_word_it_modifies() -> None:
    # A degree adverb or a determiner never ends a line when another break fits.
    assert break_lines("오늘 아침 올가을 들어 가장 강한 추위가 찾아왔습니다.", KOREAN) == (
        "오늘 아침 올가을 들어",
        "가장 강한 추위가 찾아왔습니다.",
    )
    for modifier in ("가장", "약", "모든", "새"):
        assert _break_cost([["오늘"], [modifier], ["정책"]], 2, KOREAN) > PENALTY_NO_BREAK


def test_korean_adnominal_form_closes_no_phrase() -> None:
    # "많은 | 사람들이", "보유하고 있는 | 미사일은": a modifier (adnominal) form and its
    # noun are one phrase, though "많은" and "있는" end as a topic particle does and "있을"
    # as an object particle. A break there costs what one at a bare word does ("파병된 |
    # 북한군"), more than after a phrase.
    after_phrase = _break_cost([["정부는"], ["예산안을"]], 1, KOREAN)
    for modifier in ("많은", "수많은", "있는", "추진하는", "있을", "입은", "같은"):
        assert _break_cost([[modifier], ["사람들이"]], 1, KOREAN) == COST_SPACE, modifier
    assert _break_cost([["파병된"], ["북한군"]], 1, KOREAN) == COST_SPACE
    assert after_phrase < COST_SPACE
    # A noun with a topic particle reads as one: "수입은" is imports, not "imported".
    for topic in ("수입은", "정부는", "북한은"):
        assert _break_cost([[topic], ["사람들이"]], 1, KOREAN) == after_phrase
    texts = (
        "북한이 보유하고 있는 미사일은 수백 기에 이르는 것으로 추정됩니다.",
        "러시아와 같은 나라들은 이번 결의안에 반대하는 입장을 밝혔습니다.",
        "정부는 피해를 입은 농가에 대해 긴급 지원금을 지급하기로 했습니다.",
    )
    for text in texts:
        lines = _all_lines(text, KOREAN)
        assert not any(line.endswith(("있는", "같은", "입은")) for line in lines), lines


def test_korean_word_ending_as_a_particle_does_after_the_wrong_sound_is_no_phrase_end() -> None:
    # 가 follows a vowel, so "국가" (a nation) is one noun; so are "가을" (autumn) and "경로"
    # (a route), and "치솟는" is a verb's modifier form, not a topic: a break after each
    # costs what a bare word does.
    after_phrase = _break_cost([["정부는"], ["예산안을"]], 1, KOREAN)
    for word in ("국가", "가을", "경로", "치솟는", "아이"):
        assert _break_cost([[word], ["정책"]], 1, KOREAN) == COST_SPACE, word
    for word in ("우리가", "북한이", "서울로", "국민으로", "정부와"):
        assert _break_cost([[word], ["정책"]], 1, KOREAN) == after_phrase, word
    text = "이번 태풍으로 제주와 남해안 지역에 최대 300mm가 넘는 비가 내릴 것으로 예상됩니다."
    lines = _all_lines(text, KOREAN)
    assert not any(line.endswith("넘는") for line in lines), lines


def test_korean_postposition_verb_closes_a_phrase() -> None:
    # "지침에 따라 |" ends its phrase as "지침에 |" does; "결정에 대한 | 의견" modifies
    # the noun after it, as any modifier does.
    after_phrase = _break_cost([["정부는"], ["예산을"]], 1, KOREAN)
    for verb in ("따라", "위해", "대해", "통해", "의해"):
        assert _break_cost([[verb], ["예산을"]], 1, KOREAN) == after_phrase
    for verb in ("대한", "위한", "따른", "관한"):
        assert _break_cost([[verb], ["의견을"]], 1, KOREAN) == COST_SPACE


def test_korean_auxiliary_verb_stays_with_its_verb() -> None:
    # "-고 있다" is one verb (progressive), not a clause ending and another verb.
    connective = _break_cost([["조사하고"], ["발표했다."]], 1, KOREAN)
    assert _break_cost([["조사하고"], ["있습니다."]], 1, KOREAN) > connective + PENALTY_NO_BREAK
    assert _break_cost([["보고"], ["싶다."]], 1, KOREAN) > PENALTY_NO_BREAK
    # "-지 않다", "-지 못하다": negation, also one verb.
    for auxiliary in ("않았다.", "않는", "못했다.", "못하고"):
        assert _break_cost([["가지"], [auxiliary]], 1, KOREAN) > PENALTY_NO_BREAK
    text = "국정원은 물가가 석 달째 늘어나고 있다고 분석했습니다."
    assert break_lines(text, KOREAN) == ("국정원은 물가가 석 달째", "늘어나고 있다고 분석했습니다.")
    # Where nothing else fits, the break is still taken.
    text = "국정원은 물가가 석 달째 늘어나고 있다고 국회에 보고했습니다."
    lines = ("국정원은 물가가 석 달째 늘어나고", "있다고 국회에 보고했습니다.")
    assert break_lines(text, KOREAN) == lines


def test_korean_line_never_ends_with_a_conjunction() -> None:
    # "하지만" (but) begins what follows: before it a break is cheap, after it dear.
    before = _break_cost([["밝혔습니다"], ["하지만"], ["정부는"]], 1, KOREAN)
    after = _break_cost([["밝혔습니다"], ["하지만"], ["정부는"]], 2, KOREAN)
    assert before < _break_cost([["밝혔습니다"], ["오늘"]], 1, KOREAN)
    assert after > PENALTY_DANGLING
    lines = _all_lines("수출과 내수 및 투자가 모두 늘었습니다 하지만 고용은 줄었습니다", KOREAN)
    assert not any(line.split()[-1] in ("및", "하지만") for line in lines), lines


def test_an_amount_stays_with_what_it_counts() -> None:
    # "62 billion | won" and "1천 | 명이" split an amount; a function word after one, a
    # year, or a clause mark frees the break.
    assert chunk_lines(
        "Officials said the project cost 62 billion won and took four years to complete.",
        ENGLISH,
        max_cue_width(ENGLISH),
    )[0] == (
        "Officials said the project cost 62 billion won",
        ("Officials said the project", "cost 62 billion won"),
    )
    plain = _break_cost([["the"], ["report"], ["said"]], 2, ENGLISH)
    for amount, after in (("62", "billion"), ("billion", "won"), ("four", "years"), ("3", "p.m.")):
        assert _break_cost([["cost"], [amount], [after]], 2, ENGLISH) == plain + PENALTY_MODIFIER
    for amount, after in (("3.5%", "in"), ("1998", "said"), ("billion,", "said")):
        assert _break_cost([["cost"], [amount], [after]], 2, ENGLISH) <= plain
    for amount in ("1천", "7천억", "50만"):
        assert _break_cost([["약"], [amount], ["달러를"]], 2, KOREAN) > PENALTY_MODIFIER


def test_a_fixed_pair_of_words_stays_on_one_line() -> None:
    # "due to", "instead of", "in front of" are one preposition: neither a line nor a cue
    # splits them. The first word alone, or before another word, pays nothing more.
    pairs = (("due", "to"), ("instead", "of"), ("front", "of"), ("even", "though"))
    more = (("shortly", "before"), ("only", "if"), ("exchange", "for"), ("wake", "of"))
    for first, second in (*pairs, *more):
        assert _pair_cost(first, second) > PENALTY_NO_BREAK
    assert _pair_cost("well", "as") == COST_BREAK_BEFORE  # "went well | as both sides agreed"
    assert _pair_cost("due", "on") == COST_BREAK_BEFORE  # "the rent is due | on Friday"
    assert _pair_cost("front", "door") == COST_SPACE
    assert _pair_cost("due,", "to") == COST_CLAUSE
    text = "The ferry was cancelled due to high winds across the strait on Friday morning."
    assert break_lines(text, ENGLISH) == (
        "The ferry was cancelled due to high winds",
        "across the strait on Friday morning.",
    )
    text = (
        "Hundreds of fans waited in front of the stadium gates since dawn, hoping to buy "
        "tickets for the final instead of watching it on television at home."
    )
    lines = _all_lines(text, ENGLISH)
    assert not any(line.split()[-1] in ("front", "instead") for line in lines), lines
    text = "Police said the suspect ran out of the building shortly before officers arrived."
    lines = _all_lines(text, ENGLISH)
    assert not any(line.split()[-1] in ("out", "shortly") for line in lines), lines
    text = (
        "The informant was promised a lighter sentence in exchange for evidence against the "
        "gang, in line with the new guidelines."
    )
    lines = _all_lines(text, ENGLISH)
    assert not any(line.split()[-1] in ("exchange", "line") for line in lines), lines


def test_english_prepositions_and_clause_openers_are_places_to_break() -> None:
    # Every preposition, not only the commonest, is a better place than a plain space.
    for preposition in ("across", "around", "toward", "within", "beyond", "among", "than"):
        assert _pair_cost("snow", preposition) == COST_BREAK_BEFORE
        assert _pair_cost(preposition, "the") > PENALTY_DANGLING
    # So is every word that opens a clause: "investigating | whether the driver was".
    for conjunction in ("whether", "how", "why", "whenever"):
        assert _pair_cost("investigating", conjunction) == COST_CONJUNCTION
        assert _pair_cost(conjunction, "the") > PENALTY_DANGLING


def test_a_common_adjective_or_a_possessive_stays_with_its_noun() -> None:
    # SUBTITLE-RULES: never separate adjective+noun, for common adjectives ("strong |
    # gusts", "Strong | gusts" at a sentence's start) as for proper ones, and never a
    # possessive from what it owns, in lower case too ("the lower court's | ruling").
    modifier = COST_SPACE + PENALTY_MODIFIER
    pairs = (
        ("strong", "gusts"),
        ("Strong", "gusts"),
        ("dry", "spell"),
        ("biggest", "defeat"),
        ("third", "round"),
        ("court's", "ruling"),
        ("dam's", "walls"),
    )
    for before, after in pairs:
        assert _pair_cost(before, after) == modifier, (before, after)
    # Before a function word, or a verb's "'s", the break is free: a predicate ("remains
    # high | despite"), "what's | happening", "let's | hope".
    for before, after in (
        ("high", "despite"),
        ("serious", "but"),
        ("what's", "next"),
        ("let's", "hope"),
    ):
        assert _pair_cost(before, after) <= COST_SPACE, (before, after)
    assert break_lines(
        "Drivers were warned that strong gusts could topple trucks on bridges.", ENGLISH
    ) == ("Drivers were warned that strong gusts", "could topple trucks on bridges.")
    assert break_lines(
        "The court upheld the lower court's ruling against the developer.", ENGLISH
    ) == (
        "The court upheld the lower court's ruling",
        "against the developer.",
    )
    assert break_lines("Negotiators ended their third round of talks without a deal.", ENGLISH) == (
        "Negotiators ended their third round",
        "of talks without a deal.",
    )


def test_a_conjunction_between_two_adjectives_opens_no_clause() -> None:
    # "cold | and dry", "small | and medium-sized firms": as between two names, a break
    # before the conjunction costs what a plain space does, not what a clause's start does.
    # A hyphenated compound ("medium-sized", "high-level") is an adjective by its ending.
    for first, second in (("cold", "dry"), ("small", "medium-sized"), ("free", "fair")):
        assert _break_cost([["stay"], [first], ["and"], [second]], 2, ENGLISH) == COST_SPACE
    assert _break_cost([["met"], ["Kim"], ["and"], ["Putin"]], 2, ENGLISH) == COST_SPACE
    for first, second in (("cold", "snow"), ("loans", "dry")):
        assert _break_cost([["stay"], [first], ["and"], [second]], 2, ENGLISH) == COST_CONJUNCTION
    # Only a coordinating conjunction joins two of a kind: "while" opens a clause.
    assert _break_cost([["stay"], ["cold"], ["while"], ["dry"]], 2, ENGLISH) == COST_CONJUNCTION
    assert _pair_cost("high-level", "talks") == COST_SPACE + PENALTY_MODIFIER
    text = (
        "The opposition demanded free and fair elections and the release of all political "
        "prisoners."
    )
    lines = _all_lines(text, ENGLISH)
    assert not any(line.endswith("free") for line in lines), lines
    text = (
        "The plan includes tax cuts for small and medium-sized companies hit by high energy prices."
    )
    lines = _all_lines(text, ENGLISH)
    assert not any(line.endswith("small") for line in lines), lines


def test_of_stays_with_the_noun_before_it_more_than_other_prepositions() -> None:
    # "the town | of Gangneung" splits a noun phrase: dearer than before a preposition that
    # may begin an adverbial, cheaper than a plain space (which may split an adjective
    # from its noun). A line still never ends in it.
    assert COST_BREAK_BEFORE < _pair_cost("town", "of") == COST_ATTACHED < COST_SPACE
    assert _pair_cost("of", "the") > PENALTY_DANGLING
    # After an amount "of" is part of it ("tens of thousands | of fans").
    for amount in ("tens", "thousands", "dozens", "millions"):
        assert _pair_cost(amount, "of") == COST_ATTACHED + PENALTY_MODIFIER
    assert break_lines("People in the town of Gangneung were told to stay indoors.", ENGLISH) == (
        "People in the town of Gangneung",
        "were told to stay indoors.",
    )
    assert break_lines("Strikers blocked dozens of roads leading into the capital.", ENGLISH) == (
        "Strikers blocked dozens of roads",
        "leading into the capital.",
    )
    assert break_lines(
        "The company laid off hundreds of workers at its main factory.", ENGLISH
    ) == (
        "The company laid off",
        "hundreds of workers at its main factory.",
    )


def test_korean_postposition_verbs_stay_with_the_word_before() -> None:
    # "안전을 위해" (for safety) and "지침에 따라" (according to the rules) each read as one
    # word with a postposition; a line or cue beginning with the verb splits it.
    pairs = (("안전을", "위해"), ("지침에", "따라"), ("폭설로", "인해"), ("5시를", "기해"))
    for before, verb in pairs:
        assert _break_cost([[before], [verb]], 1, KOREAN) > PENALTY_NO_BREAK
    # Only those words: a name that begins the same way is a word like any other.
    assert _break_cost([["오늘"], ["대한민국은"]], 1, KOREAN) < PENALTY_NO_BREAK
    texts = (
        "정부는 국민의 안전을 위해 모든 조치를 취하겠다고 밝혔습니다.",
        "이번 회의에서는 새로운 지침에 따라 예산을 다시 짜기로 했습니다.",
        "국정원은 러시아에 파병된 북한군에 관한 정보를 처음으로 공개했습니다.",
    )
    for text in texts:
        lines = _all_lines(text, KOREAN)
        assert not any(line.split()[0] in KOREAN.no_break_before for line in lines), lines


def test_korean_verb_stays_with_the_auxiliary_its_ending_calls_for() -> None:
    # "-야 하다" (must), "-기로 하다" (decide to), "-게 되다" (come to): one predicate each,
    # matched by the ending before and the start after, in any of their forms.
    for verb, auxiliary in (
        ("유의해야", "한다고"),
        ("지원하기로", "했습니다."),
        ("알게", "됐습니다."),
        ("막도록", "해야"),
    ):
        assert _break_cost([[verb], [auxiliary]], 1, KOREAN) > PENALTY_NO_BREAK
    # The same ending before another word, or another ending before the auxiliary: free.
    assert _break_cost([["유의해야"], ["학교에"]], 1, KOREAN) < PENALTY_NO_BREAK
    assert _break_cost([["크게"], ["늘었다."]], 1, KOREAN) < PENALTY_NO_BREAK
    assert _break_cost([["조사를"], ["했습니다."]], 1, KOREAN) < PENALTY_NO_BREAK
    text = "기상청은 해안가 저지대 주민들은 침수 피해에 각별히 유의해야 한다고 당부했습니다."
    lines = _all_lines(text, KOREAN)
    assert not any(line.endswith("유의해야") for line in lines), lines


def test_too_many_fixed_pairs_are_refused() -> None:
    # Each second word of a pair takes a bit of a word's kind, and kinds have room for 63.
    pairs = frozenset(f"first{index} second{index}" for index in range(128))
    with pytest.raises(ValueError, match="fixed pairs"):
        _language(replace(ENGLISH, fixed_pairs=pairs))


# Words as news sentences have them: function words, names, clause and sentence marks,
# Korean particles, endings and bound nouns, so cheap, dear and penalised breaks all occur.
_NEWS_WORDS = {
    ENGLISH: (
        "the a of in to and but said that President Joe Biden met Seoul on Monday, which "
        "officials warned, would not be enough. Reporters asked whether talks could resume "
        "before winter; meanwhile prices rose again and Mr. Kim left. U.S. it is Yes. "
        "the the a of The Kim Jong Un North Korean soldiers Korea's National Russian "
        "troops It's (which was founded 1998) (IAEA) (the capital), ( 62 billion won four "
        "years 3.5% of 11,000 due to instead front even though across around heavy rain "
        "the country's finances what's Strong tens cold and dry while high-level"
    ).split(),
    KOREAN: (
        "정부는 오늘 북한 이 미사일 을 발사했다고 밝혔습니다. 그러나 할 수 있다 때문에 "
        "국회에서 의원들이 예산안을 처리하며 논의를 이어갔고, 기자 가 전합니다. 서울 과 "
        "네. 수 것 것이 만큼 (지난해 계획에 따라) 국가정보원(국정원)은 가장 약 1만 1천 명이 "
        "조사하고 있습니다. 안전을 위해 지침에 따라 대한 대한민국은 많은 보유하고 있는 수입은 "
        "가지 않았다. 유의해야 한다고 지원하기로 했습니다."
    ).split(),
}


@st.composite
def _news(
    draw: st.DrawFn, cues: Sequence[float] = (0.7, 0.85, 0.95, 1.0, 4.0), min_words: int = 1
) -> tuple[str, LanguageProfile, float | None]:
    """A text, its language and a max_width; by default mostly about one cue long, where
    one piece and two compete, sometimes several cues long; else up to one of ``cues``
    cues long."""
    lang = draw(st.sampled_from([ENGLISH, KOREAN]))
    max_width = draw(st.sampled_from([None, 140.0, 50.0, 20.0, 12.0]))
    words = draw(st.lists(st.sampled_from(_NEWS_WORDS[lang]), min_size=min_words, max_size=60))
    capacity = min(lang.max_line_width * lang.max_lines, max_width or math.inf)
    room = capacity * draw(st.sampled_from(cues))
    while len(words) > 1 and lang.width(" ".join(words)) > room:
        words.pop()
    if draw(st.booleans()):
        # An aside in brackets, whose inner breaks cost more (and are cut through by
        # pieces).
        first = draw(st.integers(0, len(words) - 1))
        last = draw(st.integers(first, len(words) - 1))
        words[first] = "(" + words[first]
        words[last] += ")"
    return " ".join(words), lang, max_width


def _searched(text: str, lang: LanguageProfile, max_width: float | None) -> list[str]:
    """chunk's pieces as the plain search finds them: every start and layout tried, over
    the same units (a unit wider than a line is cut first, as chunk cuts it)."""
    line_limit = min(lang.max_line_width, max_width or math.inf)
    units = _fit_units(line_units(text.split(), lang), lang, line_limit)
    capacity = min(lang.max_line_width * lang.max_lines, max_width or math.inf)
    back = _Plan(units, lang)._cheapest_pieces_any(capacity)
    pieces: list[str] = []
    end = len(units)
    while end > 0:
        pieces.insert(0, " ".join(units[back[end] : end]))
        end = back[end]
    return pieces


@settings(max_examples=1000, deadline=None)
@given(_news())
def test_chunk_finds_what_the_plain_search_finds(
    case: tuple[str, LanguageProfile, float | None],
) -> None:
    # chunk skips the search when a bound proves one piece cheapest, and prunes starts
    # and cuts that cannot win; neither may change a piece.
    text, lang, max_width = case
    assert chunk(text, lang, max_width) == _searched(text, lang, max_width)


@settings(max_examples=200, deadline=None)
@given(_news(cues=(0.9, 1.5, 2.0)))
def test_a_piece_is_laid_out_as_break_lines_lays_it_out_alone(
    case: tuple[str, LanguageProfile, float | None],
) -> None:
    # With names, conjunctions and sentence ends, a break next to a piece's end may cost
    # something else in the piece alone than in the text (see piece_lines).
    text, lang, _ = case
    units = line_units(text.split(), lang)
    plan = _Plan(units, lang)
    for start in range(len(units)):
        for end in range(start + 1, len(units) + 1):
            assert plan.piece_lines(start, end) == break_lines(" ".join(units[start:end]), lang)


def test_a_piece_beginning_a_name_after_a_preposition_is_laid_out_alone() -> None:
    # "In Seoul" costs a break inside a name in the text, but the piece begins with "In".
    words = "Talks In Seoul President Joe Biden Kim Jong Un Moon".split()
    plan = _Plan(words, ENGLISH)
    lines = break_lines(" ".join(words[1:]), ENGLISH)
    assert lines == ("In", "Seoul President Joe Biden Kim Jong Un Moon")
    assert plan.piece_lines(1, len(words)) == lines


def test_chunk_breaks_ties_as_the_plain_search_does() -> None:
    # Both cuts cost the same here; the later start of the last piece wins.
    text = "President said President"
    assert (
        chunk(text, ENGLISH, 20.0)
        == _searched(text, ENGLISH, 20.0)
        == [
            "President said",
            "President",
        ]
    )


@settings(max_examples=200, deadline=None)
@given(_news())
def test_break_costs_by_kinds_of_words_are_the_costs_in_context(
    case: tuple[str, LanguageProfile, float | None],
) -> None:
    # A plan works break costs out by kinds of words, looking at the words around only
    # where a name makes the cost depend on them; a piece alone has its own context.
    text, lang, _ = case
    units = line_units(text.split(), lang)
    tokens = [unit.split() for unit in units]
    inside = _inside_parentheses(units)
    expected = [0.0] + [
        _break_cost(tokens, index, lang) + (PENALTY_BRACKETS if index in inside else 0.0)
        for index in range(1, len(units))
    ]
    plan = _Plan(units, lang)
    assert plan.break_cost == expected
    for start in range(len(units)):
        for end in range(start + 2, len(units) + 1):
            for index in (start + 1, end - 1):
                piece = _break_cost(tokens[start:end], index - start, lang)
                assert plan._cost_at(index, start, end) == piece


def test_break_costs_of_names_look_at_the_words_around() -> None:
    # "Seoul and Moscow": no clause opens; "In Seoul" begins a sentence, no name.
    tokens = [["Talks"], ["between"], ["Seoul"], ["and"], ["Moscow"], ["ended."], ["In"], ["Seoul"]]
    assert _break_cost(tokens, 3, ENGLISH) == COST_SPACE
    assert _break_cost(tokens[:4], 3, ENGLISH) == COST_CONJUNCTION
    in_seoul = COST_SPACE + PENALTY_DANGLING
    assert _break_cost(tokens, 7, ENGLISH) == in_seoul
    assert _break_cost([["Then"], ["In"], ["Seoul"]], 2, ENGLISH) == in_seoul + PENALTY_NAME
    plan = _Plan([" ".join(words) for words in tokens], ENGLISH)
    assert plan.break_cost[3] == COST_SPACE and plan.break_cost[7] == in_seoul


# Text with irregular spaces, and words that may not start a line anywhere, first included.
_SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\u3000"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_SPACES, st.one_of(_EN_WORD, _KO_WORD, _ATTACHED)), max_size=12),
    st.sampled_from([ENGLISH, KOREAN]),
)
def test_units_found_by_one_search_are_the_line_units(
    words: list[tuple[str, str]], lang: LanguageProfile
) -> None:
    # _chunked takes every word as a unit when one regular expression finds no word that
    # may not start a line; otherwise it groups them as line_units does.
    text = "".join(space + word for space, word in words)
    tokens = text.split()
    if not tokens:
        return
    plan, _, whole_words = _chunked(text, tokens, lang, _language(lang), None)
    if whole_words:  # else over-wide units were cut
        assert plan.units == line_units(tokens, lang)
    assert plan._firsts == [unit.split()[0] for unit in plan.units]
    assert plan._lasts == [unit.split()[-1] for unit in plan.units]


@settings(max_examples=300, deadline=None)
@given(_news(cues=(0.3, 0.5, 0.6, 1.0)))
def test_one_line_shortcuts_give_what_the_plan_gives(
    case: tuple[str, LanguageProfile, float | None],
) -> None:
    # Text that fits on one line skips the plan in break_lines and, when a bound proves
    # it one piece, in chunk and chunk_lines.
    text, lang, max_width = case
    units = line_units(text.split(), lang)
    plan = _Plan(units, lang)
    layout = plan.layout(0, len(units)) if units else None
    assert break_lines(text, lang) == (None if layout is None else layout[1])
    one = _one_line(text.split(), lang, _language(lang), max_width)
    if one is not None:
        line, width = one
        assert width == lang.width(line)
        assert chunk(text, lang, max_width) == _searched(text, lang, max_width)
        assert chunk_lines(text, lang, max_width) == [(line, (line,))]


@settings(max_examples=300, deadline=None)
@given(_news(cues=(1.2, 1.6, 1.9, 2.0, 2.2), min_words=40))  # where two pieces and three compete
def test_two_pieces_shortcut_gives_the_search_s_pieces(
    case: tuple[str, LanguageProfile, float | None],
) -> None:
    # last_of_two_pieces skips the search when a bound proves every chunking into three
    # pieces or more dearer than the cheapest into one or two; it may not change a piece.
    text, lang, max_width = case
    assert chunk(text, lang, max_width) == _searched(text, lang, max_width)
    units = line_units(text.split(), lang)
    capacity = min(lang.max_line_width * lang.max_lines, max_width or math.inf)
    plan = _Plan(units, lang)
    last = plan.last_of_two_pieces(capacity)
    if last is not None:
        back = plan.cheapest_pieces(capacity)
        assert back[len(units)] == last
        assert back[last] == 0


def test_two_pieces_shortcut_decides_a_two_cue_sentence() -> None:
    text = (
        "The council approved the budget on Monday, but the mayor said he would veto it "
        "unless funding for schools was restored."
    )
    units = line_units(text.split(), ENGLISH)
    last = _Plan(units, ENGLISH).last_of_two_pieces(ENGLISH.max_line_width * 2)
    assert last is not None
    assert " ".join(units[:last]) == "The council approved the budget on Monday,"


@pytest.mark.parametrize("capacity", [84.0, 32.0, 37.3, 140.0])
def test_cost_tables_by_quarters_hold_the_dicts_costs(capacity: float) -> None:
    # cheapest_pieces looks the costs up in lists by quarter units, the other searches in
    # dicts by widths and half differences: the same costs either way.
    by_quarters = _even_costs_by_quarters(capacity)
    assert len(by_quarters) == int(4 * capacity) + 1
    assert all(by_quarters[int(4 * width)] == cost for width, cost in _even_costs(capacity).items())
    limit = capacity / 2
    if limit * 2 == int(limit * 2):
        shapes = _shape_costs_by_quarters(limit)
        middle = len(shapes) // 2
        halves = _half_shape_costs(limit)
        assert len(shapes) == len(halves)
        assert all(shapes[middle + int(4 * half)] == cost for half, cost in halves.items())


@settings(max_examples=200, deadline=None)
@given(_news(cues=(0.6, 1.0, 1.5, 2.0)))
def test_a_layout_found_before_the_break_costs_is_the_one_found_after(
    case: tuple[str, LanguageProfile, float | None],
) -> None:
    # Until break_cost is asked for, cuts works out only the costs of the cuts it may take.
    text, lang, _ = case
    units = line_units(text.split(), lang)
    known = _Plan(units, lang)
    assert known.break_cost is not None
    for start, end in {(0, len(units)), (0, len(units) // 2), (len(units) // 3, len(units))}:
        if start < end:
            assert _Plan(units, lang).cuts(start, end) == known.cuts(start, end)


def _inside_parentheses(units: Sequence[str]) -> set[int]:
    """The breaks (before units[i]) inside parentheses closed in the text: the spaces
    inside the spans that removing innermost "(...)" pairs one by one finds."""
    text = " ".join(units)
    spans = []
    while found := re.search(r"\([^()]*\)", text):
        spans.append(found.span())
        text = text[: found.start()] + "_" * len(found.group()) + text[found.end() :]
    spaces = list(itertools.accumulate(len(unit) + 1 for unit in units[:-1]))
    return {
        index
        for index, space in enumerate(spaces, start=1)
        if any(start < space - 1 < end for start, end in spans)
    }


def _cue_pieces(text: str, lang: LanguageProfile) -> list[tuple[str, tuple[str, ...] | None]]:
    return chunk_lines(text, lang, max_cue_width(lang))


def _all_lines(text: str, lang: LanguageProfile) -> list[str]:
    """The lines of all cues of ``text``, in order."""
    return [line for _, piece_lines in _cue_pieces(text, lang) for line in piece_lines or ()]


def test_a_sentence_s_first_or_last_word_is_not_left_alone_in_a_cue() -> None:
    # "… 취하겠다고 || 밝혔습니다." flashed the verb by on its own: a cut that leaves the
    # first or last word alone costs PENALTY_ALONE more, so another cut is taken.
    text = "정부는 국민의 안전을 위해 모든 조치를 취하겠다고 밝혔습니다."
    pieces = _cue_pieces(text, KOREAN)
    assert [piece for piece, _ in pieces] == [
        "정부는 국민의 안전을 위해",
        "모든 조치를 취하겠다고 밝혔습니다.",
    ]
    plan, _, _ = _chunked(text, text.split(), KOREAN, _language(KOREAN), max_cue_width(KOREAN))
    last = len(plan.units) - 1
    assert plan.cut_cost(last) == 3 * plan.break_cost[last] + PENALTY_ALONE
    assert plan.cut_cost(1) == 3 * plan.break_cost[1] + PENALTY_ALONE
    assert plan.cut_cost(2) == 3 * plan.break_cost[2]
    for text in (
        "이번 조치는 치솟는 전월세 가격에 대한 대책으로 마련됐습니다.",
        "올해 수출은 지난해보다 8% 늘어난 7천억 달러를 기록할 것으로 전망됩니다.",
    ):
        assert all(len(piece.split()) > 1 for piece, _ in _cue_pieces(text, KOREAN)), text


def test_an_aside_in_brackets_is_not_broken_when_it_fits() -> None:
    # Neither a line nor a cue breaks inside the brackets; the aside stands apart.
    text = (
        "The agency (which was founded in 1998) said visitors can learn about the "
        "history of the region."
    )
    assert _cue_pieces(text, ENGLISH) == [
        ("The agency (which was founded in 1998)", ("The agency (which was founded in 1998)",)),
        (
            "said visitors can learn about the history of the region.",
            ("said visitors can learn", "about the history of the region."),
        ),
    ]
    text = "정부는 (지난해 발표한 계획에 따라) 다음 달부터 새 제도를 시행한다고 밝혔습니다."
    pieces = _cue_pieces(text, KOREAN)
    aside = "(지난해 발표한 계획에 따라)"
    assert pieces[0] == (f"정부는 {aside}", ("정부는", aside))


def test_a_break_before_or_after_an_aside_costs_what_a_clause_mark_costs() -> None:
    tokens = [["Talks"], ["in"], ["Seoul"], ["(South"], ["Korea's"], ["capital)"], ["ended"]]
    assert _break_cost(tokens, 3, ENGLISH) == COST_CLAUSE  # no name reads across it
    assert _break_cost(tokens, 6, ENGLISH) == COST_CLAUSE
    # As after a comma, no word around it makes it dearer.
    assert _break_cost([["the"], ["(new)"], ["in"], ["(which"]], 3, ENGLISH) == COST_CLAUSE


def test_a_one_word_gloss_in_brackets_goes_with_the_name_before_it() -> None:
    # "(IAEA)" is no aside: a break before or after it is a plain space, not a clause's.
    text = (
        "The International Atomic Energy Agency (IAEA) said on Monday that inspectors "
        "had been denied access to the site."
    )
    tokens = [[word] for word in text.split()]
    assert _break_cost(tokens, 5, ENGLISH) == _break_cost(tokens, 6, ENGLISH) == COST_SPACE
    pieces = _cue_pieces(text, ENGLISH)
    assert pieces[0][0] == "The International Atomic Energy Agency (IAEA) said on Monday"
    assert not any(piece.startswith("(IAEA)") for piece, _ in pieces)


def test_only_brackets_closed_in_the_text_make_breaks_dearer() -> None:
    units = "The agency (which was founded in 1998 said visitors can learn".split()
    closed = [*units[:6], "1998)", *units[7:]]
    costs = _Plan(closed, ENGLISH).break_cost
    unclosed = _Plan(units, ENGLISH).break_cost
    # Inside (3 to 6) dearer; after "1998)" (7) a clause's cost.
    assert [index for index, cost in enumerate(costs) if cost != unclosed[index]] == [3, 4, 5, 6, 7]
    assert all(costs[index] == unclosed[index] + PENALTY_BRACKETS for index in (3, 4, 5, 6))
    assert costs[7] == COST_CLAUSE


def test_a_long_aside_still_breaks_inside_when_nothing_else_fits() -> None:
    text = "(the ministry of foreign affairs said in a statement released late on Sunday night)"
    lines = break_lines(text, ENGLISH)
    assert _fits(lines, ENGLISH)


def test_a_piece_cutting_through_brackets_is_laid_out_as_alone() -> None:
    # In the text the breaks before "would" ... "in" are inside the brackets; the piece
    # alone holds no opening bracket, so they cost what any break costs there.
    words = "(both countries said talks would resume in Seoul) next week after".split()
    plan = _Plan(words, ENGLISH)
    lines = break_lines(" ".join(words[2:10]), ENGLISH)
    assert lines == ("said talks would resume", "in Seoul) next week")
    assert plan.piece_lines(2, 10) == lines


def test_brackets_pair_by_kind_and_a_break_inside_several_counts_once() -> None:
    units = "a (b [c (d) e) f] g) h".split()
    pairs = _bracket_pairs(units)
    # "(d)" opens and closes in one unit; "(b ... e)" pairs units 1 and 4 and "[c ... f]"
    # 2 and 5, each kind on its own; "g)" has nothing left to close.
    assert sorted(pairs) == [(1, 4), (2, 5)]
    assert _inside(pairs) == {2, 3, 4, 5}
    assert _inside([]) == set()
    # The quick test for a text with brackets knows every opening one, and only those.
    assert all(_has_opening_bracket(f"a {bracket}b") for bracket in _OPEN_BRACKETS)
    assert not any(_has_opening_bracket(f"a{bracket} b") for bracket in _CLOSE_BRACKETS + "{<")
