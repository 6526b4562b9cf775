"""clean.normalize and clean.clean: each rule by name, boilerplate kinds, and no word lost."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from subtitler import boilerplate
from subtitler import clean as clean_module
from subtitler.clean import (
    CHAR_RULES,
    LINE_RULES,
    PARAGRAPH_RULES,
    Cleaned,
    clean,
    ends_sentence,
    normalize,
)
from subtitler.encoding import decode
from subtitler.errors import InputError
from subtitler.languages import ENGLISH, KOREAN, LanguageProfile
from subtitler.models import Segment, SourceLine
from subtitler.parse import parse


def _clean(text: str, lang: str = "en") -> Cleaned:
    return clean(parse(normalize(text)[0]).segments, lang)


def _fix_one_line(line: str, lang: str = "en") -> str:
    return _clean(f"[Reporter]\n{line}", lang).segments[0].text


def _rules(result: Cleaned) -> set[str]:
    return {fix.rule for fix in result.fixes}


def test_rule_tables_have_unique_names() -> None:
    names = [r.name for r in CHAR_RULES] + [r.name for r in LINE_RULES]
    names += [r.name for r in PARAGRAPH_RULES]
    assert len(names) == len(set(names))


# ---------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    ("raw", "expected", "rule"),
    [
        ("Hello\r\nworld", "Hello\nworld", "line-endings"),
        ("Hello\rworld", "Hello\nworld", "line-endings"),
        ("\ufeffHello", "Hello", "byte-order-mark"),
        ("Hel\ufefflo", "Hello", "byte-order-mark"),
        ("Hel\u200blo wo\u200dr\u2060ld", "Hello world", "zero-width"),
        ("8\u00a0a.m. and 9\u202fp.m.", "8 a.m. and 9 p.m.", "no-break-space"),
        ("서울\u3000부산", "서울 부산", "odd-space"),
        ("one\ttwo", "one two", "odd-space"),
        ("one   two", "one two", "repeated-spaces"),
        ("  one two  ", "one two", "edge-spaces"),
        ("[00:01:23] Good evening.", "Good evening.", "timestamp"),
        ("00:01:23.450 Good evening.", "Good evening.", "timestamp"),
        ("(01:23) [Anchor]", "[Anchor]", "timestamp"),
        ("10:15:22:05  Good evening.", "Good evening.", "timestamp"),
        ("[00:01:23]", "", "timestamp"),
    ],
)
def test_normalize_rules(raw: str, expected: str, rule: str) -> None:
    text, fixes = normalize(raw)
    assert text == expected
    assert rule in {fix.rule for fix in fixes}


def test_normalize_keeps_line_numbers_and_records_each_line() -> None:
    raw = "a\r\n\u00a0b\u00a0\r\n\r\nc\td\n"
    text, fixes = normalize(raw)
    assert text == "a\nb\n\nc d\n"
    assert text.count("\n") == raw.count("\n")
    assert [(f.rule, f.line) for f in fixes] == [
        ("line-endings", 1),
        ("line-endings", 2),
        ("no-break-space", 2),
        ("edge-spaces", 2),
        ("line-endings", 3),
        ("odd-space", 4),
    ]
    nbsp = next(f for f in fixes if f.rule == "no-break-space")
    assert (nbsp.before, nbsp.after) == ("\u00a0b\u00a0", " b ")


@pytest.mark.parametrize(
    "line",
    [
        "10:30 a.m. is when the talks began.",  # a time said, no time code: it has no hours
        "The vote was 3:2 in favour.",
        "Rates rose 0.25 points.",
        "[Anchor] 00:01:23",
    ],
)
def test_a_time_said_is_no_time_code(line: str) -> None:
    assert normalize(line) == (line, ())


def test_time_codes_let_markers_be_read() -> None:
    result = _clean("[00:00:01] [Anchor]\n[00:00:02] It rained.\n00:00:05 [Reporter]\nRivers rose.")
    assert [(s.role, s.text) for s in result.segments] == [
        ("anchor", "It rained."),
        ("reporter", "Rivers rose."),
    ]


def test_normalize_leaves_clean_text_alone() -> None:
    assert normalize("[Anchor]\nGood evening.\n") == ("[Anchor]\nGood evening.\n", ())


def test_normalize_skips_only_lines_no_rule_changes() -> None:
    # normalize passes over lines _may_change rules out: no rule may find anything there.
    for code in range(0x10000):
        line = f"a{chr(code)}b"
        if not clean_module._may_change(line):
            assert not any(rule.pattern.search(line) for rule in CHAR_RULES), hex(code)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab .\t", "\u00a0", "\u200b"]), max_size=12))
def test_normalize_skips_only_lines_without_space_runs_or_edges(line: str) -> None:
    if not clean_module._may_change(line):
        assert not any(rule.pattern.search(line) for rule in CHAR_RULES)


def _normalize_line_by_line(text: str) -> tuple[str, list[tuple[str, int, str, str]]]:
    """normalize as defined: every line, every rule."""
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines, fixes = [], []
    for index in range(0, len(parts), 2):
        number, line = index // 2 + 1, parts[index]
        ending = parts[index + 1] if index + 1 < len(parts) else ""
        if ending in ("\r\n", "\r"):
            fixes.append(("line-endings", number, line + ending, line + "\n"))
        for rule in CHAR_RULES:
            changed = rule.pattern.sub(rule.replacement, line)
            if changed != line:
                fixes.append((rule.name, number, line, changed))
                line = changed
        lines.append(line)
    return "\n".join(lines), fixes


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab .\t\n\r", "\u00a0", "\u200b", "\u3000", "한", "1", "00:", "[", ")"])
    ).map("".join)
)
def test_normalize_is_every_rule_on_every_line(text: str) -> None:
    # normalize skips lines, and whole texts, where no rule would change anything.
    normalized, fixes = normalize(text)
    expected_text, expected_fixes = _normalize_line_by_line(text)
    assert normalized == expected_text
    assert [(f.rule, f.line, f.before, f.after) for f in fixes] == expected_fixes


# ---------------------------------------------------------------- sentence ends


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("It rained.", ENGLISH, True),
        ("Why?", ENGLISH, True),
        ('He said "no."', ENGLISH, True),
        ("It ended at 8 a.m.", ENGLISH, True),
        ("They met Mr.", ENGLISH, False),
        ("it rained and", ENGLISH, False),
        ("He said:", ENGLISH, False),
        ("비가 왔습니다.", KOREAN, True),
        ("비가 왔습니다", KOREAN, True),
        ("비가 왔고", KOREAN, False),
    ],
)
def test_ends_sentence(text: str, lang: LanguageProfile, expected: bool) -> None:
    assert ends_sentence(text, lang) is expected


# ---------------------------------------------------------------- missing space


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "The bridge collapsed.Engineers blamed rust.",
            "The bridge collapsed. Engineers blamed rust.",
        ),
        ("She agreed,but only in part.", "She agreed, but only in part."),
        ("Was it safe?Nobody knew.", "Was it safe? Nobody knew."),
        ("Run!Everyone ran.", "Run! Everyone ran."),
        ('He said "it is over."Then he left.', 'He said "it is over." Then he left.'),
        ("He said “it is over.”Then he left.", "He said “it is over.” Then he left."),
        (
            'The talks ended."We will return," he said.',
            'The talks ended. "We will return," he said.',
        ),
        ("They waited…Nothing came.", "They waited… Nothing came."),
        ("Troops left the U.S.Army base.", "Troops left the U.S. Army base."),
        ("비가 그쳤습니다.그러나 바람이 붑니다.", "비가 그쳤습니다. 그러나 바람이 붑니다."),
        ("그는 동의했고,회의는 끝났습니다.", "그는 동의했고, 회의는 끝났습니다."),
        # An address that ends a sentence glued to the next one.
        (
            "Write to tips@news.co.kr.Some readers did.",
            "Write to tips@news.co.kr. Some readers did.",
        ),
        (
            "Details are at www.example.com.The site is new.",
            "Details are at www.example.com. The site is new.",
        ),
    ],
)
def test_missing_space_after_punctuation(before: str, after: str) -> None:
    lang = "ko" if re.search("[가-힣]", before) else "en"
    result = _clean(f"[Reporter]\n{before}", lang)
    assert result.segments[0].text == after
    assert "missing-space-after-punctuation" in _rules(result)


@pytest.mark.parametrize(
    "line",
    [
        "U.S. troops arrived.",
        "The U.S.-led coalition met.",
        "It began at 8 a.m. and ended at 5 p.m.",
        "Mr. Kim spoke first.",
        "Growth was 3.5% this year.",
        "It cost 17.3 billion won.",
        "About 1,000 people came.",
        "Readers can write to tips@example.co.kr with questions.",
        "See www.ytn.co.kr for more.",
        "See https://news.example.com/Story.Page for more.",
        "Write to kim@example.com.au today.",  # a host goes on in lower case
        "Visit Example.Com for more.",
        "Open the file REPORT.PDF now.",
        "Open report.pdf now.",
        "J.K. Rowling wrote it.",
        "The author J.K.Rowling wrote it.",
        "성장률은 3.5%였습니다.",
    ],
)
def test_never_broken(line: str) -> None:
    result = _clean(f"[Reporter]\n{line}")
    text = result.segments[0].text
    if "J.K.Rowling" in line:
        # Spacing after the last initial is right; the initials themselves stay together.
        assert "J.K. Rowling" in text
    else:
        assert text == line
        assert result.fixes == ()


# ---------------------------------------------------------------- stray space


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("The rain stopped .", "The rain stopped."),
        ("First , second.", "First, second."),
        ("Is it over ?", "Is it over?"),
        ("Prices rose ( again ) today.", "Prices rose (again) today."),
        ('He said " enough " and left.', 'He said "enough" and left.'),
        ("He said “ enough ” and left.", "He said “enough” and left."),
    ],
)
def test_stray_space(before: str, after: str) -> None:
    result = _clean(f"[Reporter]\n{before}")
    assert result.segments[0].text == after
    assert "stray-space" in _rules(result)


@pytest.mark.parametrize(
    ("lang", "before", "after"),
    [
        (
            "en",
            "The ministry launched <Clean Rivers 2030> on Monday.",
            "The ministry launched “Clean Rivers 2030” on Monday.",
        ),
        (
            "en",
            "Viewers of < Morning Desk > asked about <rumours>.",
            "Viewers of “Morning Desk” asked about “rumours”.",
        ),
        (
            "ko",
            "KBS <시사 기획 창> 제작진이 밝혔습니다.",
            "KBS 〈시사 기획 창〉 제작진이 밝혔습니다.",
        ),
    ],
)
def test_angle_brackets_become_title_marks(lang: str, before: str, after: str) -> None:
    # SRT readers take "<word ...>" for a markup tag and show nothing of it.
    result = _clean(f"[Reporter]\n{before}", lang)
    assert result.segments[0].text == after
    assert _rules(result) == {"angle-brackets"}


@pytest.mark.parametrize(
    "line", ["Temperatures < 0 overnight.", "An empty <> pair stays.", "Arrows <-- here --> too."]
)
def test_angle_brackets_alone_empty_or_around_no_word_stay(line: str) -> None:
    # Players show these as written: a bracket alone, or a pair not opening on a word.
    assert _fix_one_line(line) == line


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "The vote was <b>unanimous</b>, officials said.",
            "The vote was unanimous, officials said.",
        ),
        ("Rain is expected<br>across the south.", "Rain is expected across the south."),
        ("<p>Stocks closed higher.</p>", "Stocks closed higher."),
        ("She called it <I>a turning point</I>.", "She called it a turning point."),
        (
            'Read more <a href="https://example.com/x">on our site</a> today.',
            "Read more on our site today.",
        ),
        (
            '<font color="#ffff00">Police</font> <span class="x">closed</span> the road.',
            "Police closed the road.",
        ),
        ("Fog lifted by noon.<br/>", "Fog lifted by noon."),
        # Any element the line closes, not only the formatting ones.
        ("Ships <ins-note>docked</ins-note> at dawn.", "Ships docked at dawn."),
    ],
)
def test_markup_tags_are_removed_and_recorded(before: str, after: str) -> None:
    # Tags copied from a web page are not spoken; SRT readers would style or show them.
    result = _clean(f"[Reporter]\n{before}")
    assert result.segments[0].text == after
    assert _rules(result) == {"markup-tags"}
    assert [(fix.before, fix.after) for fix in result.fixes] == [(before, after)]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("We will keep you posted. (LAUGHTER)", "We will keep you posted."),
        ("(APPLAUSE) Thank you all.", "Thank you all."),
        ("The talks (CROSSTALK) are over.", "The talks are over."),
        ("It burned for hours. (BEGIN VIDEO CLIP) Smoke rose.", "It burned for hours. Smoke rose."),
    ],
)
def test_sound_notes_in_capitals_are_removed_and_recorded(before: str, after: str) -> None:
    # US network transcripts note sounds and tape in capitals; nobody says them.
    result = _clean(f"[Reporter]\n{before}")
    assert result.segments[0].text == after
    assert [(fix.rule, fix.before, fix.after) for fix in result.fixes] == [
        ("sound-note", before, after)
    ]


@pytest.mark.parametrize(
    "line",
    [
        "The International Atomic Energy Agency (IAEA) said so.",
        "Seoul (Yonhap) -- Prices rose.",
        "Allies (NATO) met.",
        "The (Laughter) was loud.",
    ],
)
def test_a_name_glossed_in_capitals_is_no_sound_note(line: str) -> None:
    assert _fix_one_line(line) == line


@pytest.mark.parametrize(
    "line", ["- 2 -", "— 14 —", "Page 3 of 5", "p. 3", "3 / 5", "2 페이지", "2쪽"]
)
def test_a_page_number_on_a_line_of_its_own_is_removed(line: str) -> None:
    result = _clean(f"[Reporter]\nRivers rose.\n{line}\nRoads closed.")
    assert [(r.kind, r.line) for r in result.removed] == [("page", 3)]


@pytest.mark.parametrize("line", ["5.", "2026", "Page one", "The page 3 story ran."])
def test_a_number_alone_is_no_page_number(line: str) -> None:
    assert boilerplate.classify(line) is None


def test_a_production_note_on_a_line_of_its_own_is_removed() -> None:
    text = (
        "ANCHOR: Floods hit the south.\n(BEGIN VIDEOTAPE)\n"
        "REPORTER (voice-over): Rivers rose by two meters.\n"
        "PARK MIN-SOO, RESIDENT: I have never seen this.\n(END VIDEOTAPE)\n(COMMERCIAL BREAK)"
    )
    result = _clean(text)
    assert [(r.kind, r.line) for r in result.removed] == [
        ("direction", 2),
        ("direction", 5),
        ("direction", 6),
    ]
    assert [(s.role, s.speaker, s.title, s.text) for s in result.segments] == [
        ("anchor", None, None, "Floods hit the south."),
        ("reporter", None, None, "Rivers rose by two meters."),
        ("interview", "PARK MIN-SOO", "RESIDENT", "I have never seen this."),
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Shares of AT&amp;T fell.", "Shares of AT&T fell."),
        ("He said &quot;no&quot; twice.", 'He said "no" twice.'),
        ("It&#39;s over &#x2014; for now.", "It's over — for now."),
        ("Prices rose&nbsp;again.", "Prices rose again."),
        ("Watch &lt;News Night&gt; at nine.", "Watch “News Night” at nine."),
    ],
)
def test_html_character_references_are_decoded_and_recorded(before: str, after: str) -> None:
    result = _clean(f"[Reporter]\n{before}")
    assert result.segments[0].text == after
    assert "html-entities" in _rules(result)


@pytest.mark.parametrize(
    "line", ["AT&T and Q&A deals.", "R&amp D spending rose.", "The &foo; code stays.", "A & B."]
)
def test_ampersands_that_are_no_character_reference_stay(line: str) -> None:
    assert _fix_one_line(line) == line


def test_a_line_of_markup_alone_goes_and_the_lines_around_it_join_as_without_it() -> None:
    result = _clean("[Reporter]\nThe minister said\n<br>\nthat talks resumed.\n<p></p>\nIt rained.")
    assert result.segments[0].text == "The minister said that talks resumed.\nIt rained."
    assert [
        (fix.rule, fix.line, fix.after) for fix in result.fixes if fix.rule == "markup-tags"
    ] == [
        ("markup-tags", 3, ""),
        ("markup-tags", 5, ""),
    ]
    # After a removed line a broken line is not joined; a line of markup between changes nothing.
    result = _clean(
        "[Reporter]\nThe minister said\nCopyright YTN. All rights reserved.\n<br>\nthat"
    )
    assert result.segments[0].text == "The minister said\nthat"


@pytest.mark.parametrize(
    "line",
    [
        "Read <A Tale of Two Cities> again.",  # a title, whose first word is a tag's name
        "Watch <Big Night Out> on Friday.",
        "She said <i am fine> twice.",  # words, not attributes
        "The series <Clean> returns.",  # one word, no element closed
    ],
)
def test_a_title_that_begins_with_a_tags_name_is_a_title(line: str) -> None:
    result = _clean(f"[Reporter]\n{line}")
    assert "<" not in result.segments[0].text
    assert _rules(result) == {"angle-brackets"}


def test_stray_space_keeps_ellipsis_spacing() -> None:
    assert _fix_one_line("And then ... nothing happened.") == "And then ... nothing happened."


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Rates rose by .5 percent.", "Rates rose by .5 percent."),
        ("Shares fell ,25 points.", "Shares fell ,25 points."),
        ("Down .75 on the day .", "Down .75 on the day."),
    ],
)
def test_stray_space_keeps_the_space_before_a_number(before: str, after: str) -> None:
    assert _fix_one_line(before) == after


def test_doubled_space_inside_line_is_stray_space() -> None:
    segment = Segment("reporter", None, None, "", 1, (SourceLine(2, "Two  spaces here."),))
    result = clean([segment], "en")
    assert result.segments[0].text == "Two spaces here."
    assert [f.rule for f in result.fixes] == ["stray-space"]


_LINE_RULE_BITS = st.sampled_from(
    [
        *'ab Z1 .,!?;:%)]”’([“‘"…é한다<>&',
        *["  ", ". ", '"Hi. "', "U.S.", "e.g.", "x@y.com", "3.5", "&amp;", "&#39;", "&nbsp;"],
        *["end.)Next", "it.”Then", "so?’But", "다.”그"],
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_LINE_RULE_BITS, max_size=10).map("".join), max_size=5))
def test_line_rules_screened_by_segment_are_line_rules_on_every_line(texts: list[str]) -> None:
    # What _apply_line_rules skips (nothing _may_need_line_rules looks for in the
    # segment's lines) is what every rule on every line, in turn, would leave alone.
    paragraphs = [clean_module.Paragraph(n, text) for n, text in enumerate(texts, 1)]
    expected_texts, expected_fixes = [], []
    for paragraph in paragraphs:
        text = paragraph.text
        for rule in LINE_RULES:
            changed = rule.apply(text, ENGLISH)
            if changed != text:
                expected_fixes.append((rule.name, paragraph.line, text, changed))
                text = changed
        if text or not paragraph.text:  # a line the rules empty goes
            expected_texts.append(text)
    out, fixes = clean_module._apply_line_rules(paragraphs, ENGLISH)
    assert [p.text for p in out] == expected_texts
    assert [(f.rule, f.line, f.before, f.after) for f in fixes] == expected_fixes


# ---------------------------------------------------------------- stranded fragment


def test_stranded_fragment_moves_to_next_line() -> None:
    result = _clean("[Reporter]\nThe dam held.Workers on the\nnight shift stayed until dawn.")
    assert result.segments[0].text == "The dam held.\nWorkers on the night shift stayed until dawn."
    stranded = [f for f in result.fixes if f.rule == "stranded-fragment"]
    assert [(f.line, f.after) for f in stranded] == [
        (2, "The dam held."),
        (3, "Workers on the night shift stayed until dawn."),
    ]


def test_stranded_fragment_after_a_spaced_sentence_end() -> None:
    result = _clean("[Reporter]\nThe dam held. Workers on the\nnight shift stayed.")
    assert result.segments[0].text == "The dam held.\nWorkers on the night shift stayed."
    assert "stranded-fragment" in _rules(result)


def test_stranded_fragment_korean() -> None:
    result = _clean("[기자]\n댐은 버텼습니다. 그러나 야간 근무자들은\n새벽까지 남았습니다.", "ko")
    assert (
        result.segments[0].text == "댐은 버텼습니다.\n그러나 야간 근무자들은 새벽까지 남았습니다."
    )
    assert "stranded-fragment" in _rules(result)


def test_no_stranded_fragment_after_abbreviation() -> None:
    result = _clean("[Reporter]\nThey met Mr. Kim and\nhis aides.")
    assert result.segments[0].text == "They met Mr. Kim and his aides."
    assert _rules(result) == {"joined-broken-line"}


# ---------------------------------------------------------------- joined broken line


def test_joined_broken_line_english() -> None:
    result = _clean("[Reporter]\nThe council voted to close the\nold market by spring.\nIt is sad.")
    assert (
        result.segments[0].text
        == "The council voted to close the old market by spring.\nIt is sad."
    )
    joined = [f for f in result.fixes if f.rule == "joined-broken-line"]
    assert [(f.line, f.before, f.after) for f in joined] == [
        (
            2,
            "The council voted to close the\nold market by spring.",
            "The council voted to close the old market by spring.",
        )
    ]


def test_joined_broken_line_over_three_lines() -> None:
    result = _clean("[Reporter]\nThe council\nvoted to close\nthe market.")
    assert result.segments[0].text == "The council voted to close the market."
    assert [(f.line, f.before) for f in result.fixes] == [
        (2, "The council\nvoted to close\nthe market.")
    ]


def test_long_lines_stay_fast() -> None:
    # Rules look at bounded windows, so a pathological line costs linear time; a
    # quadratic rule would take minutes here.
    line = "a." * 50_000 + " " + "Mr. a " * 20_000 + "x@" * 10_000
    result = _clean(f"[Reporter]\n{line}\n" + "then\n" * 5_000 + "end.")
    assert len(result.segments[0].text) > len(line)


def test_joined_broken_line_korean() -> None:
    result = _clean("[기자]\n시장 상인들은 이번 결정에\n크게 반발했습니다.", "ko")
    assert result.segments[0].text == "시장 상인들은 이번 결정에 크게 반발했습니다."
    assert _rules(result) == {"joined-broken-line"}


def test_korean_final_ending_without_period_is_not_joined() -> None:
    result = _clean("[기자]\n상인들이 반발했습니다\n시장은 문을 닫습니다.", "ko")
    assert result.segments[0].text == "상인들이 반발했습니다\n시장은 문을 닫습니다."


def test_lines_are_never_joined_across_segments_or_removals() -> None:
    result = _clean(
        "[Reporter]\nThe council voted to\n[Phone] 02-555-0100\nclose it.\n[Anchor]\nNext"
    )
    assert [s.text for s in result.segments] == ["The council voted to\nclose it.", "Next"]


# ---------------------------------------------------------------- boilerplate


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("※ 'Your report becomes news'", "promo"),
        ("※ Your tips become the news!", "promo"),
        ("※ '당신의 제보가 뉴스가 됩니다'", "promo"),
        ("[Kakao Talk] Search NEWS1 and add channel", "kakaotalk"),
        ("[카카오톡] 뉴스원 검색해 채널 추가", "kakaotalk"),
        ("[Phone] 02-555-0100", "phone"),
        ("[전화] 031-555-0199", "phone"),
        ("Tel. +82 2 555 0100", "phone"),
        ("[Mail] desk@news1.example.kr", "email"),
        ("Jo Han-byul (hanbyul@example.com)", "email"),
        (
            "[Copyright holder (c) ABC Unauthorized reproduction and use of AI data prohibited]",
            "copyright",
        ),
        ("Copyright © ABC. All rights reserved.", "copyright"),
        ("저작권자(c) 뉴스원 무단전재, 재배포 및 AI 데이터 활용 금지", "copyright"),
        ("Edit video: Seo Ha-eun", "credit"),
        ("Video editing: Seo Ha-eun", "credit"),
        ("Camera journalist: Ko Eun, Jo Han-byul", "credit"),
        ("Filming: Ko Eun", "credit"),
        ("영상편집 : 서하은", "credit"),
        ("촬영기자: 고은", "credit"),
        ("그래픽 : 조한별", "credit"),
        ("Reporter: Jo Han-byul", "credit"),
        ("Reported by: Ko Eun and Seo Ha-eun", "credit"),
        ("기자 : 조한별", "credit"),
        ("취재기자: 조한별, 서하은", "credit"),
        ("2025.03.14 오전 8:05", "header"),
        ("Posted: 2025-03-14 08:05", "header"),
        ("* * *", "separator"),
        ("----------", "separator"),
        ("…", "separator"),
    ],
)
def test_boilerplate_kinds(line: str, kind: str) -> None:
    assert boilerplate.classify(line) == kind
    result = _clean(f"[Reporter]\nIt rained all day.\n{line}")
    assert [(r.kind, r.line, r.text) for r in result.removed] == [(kind, 3, line)]
    assert result.segments[0].text == "It rained all day."


@pytest.mark.parametrize(
    "line",
    [
        "Reporter Jo Han-byul reports.",
        "I'm NEWS1's Jo Han-byul.",
        "뉴스원 조한별입니다.",
        "This is Jo Han-byul reporting for ABC World Radio.",
        "The court ruled on a copyright case involving a famous song.",
        "Police urged witnesses to call 02-555-0100 with any information about the crash.",
        "The hackers wrote from a fake address, help@bank.example.com, to many customers.",
        "Graphics cards are in short supply this year.",
        "The camera caught the moment the bridge fell.",
        "Viewers said the report was unfair.",
        "Filming: it began at dawn and lasted a week.",
        "Reporter: the flood reached the bridge.",
        "기자: 서울 시내",
        "기자: 좋아요",
        "1.",
        "(laughs)",
    ],
)
def test_speech_is_not_boilerplate(line: str) -> None:
    assert boilerplate.classify(line) is None
    result = _clean(f"[Reporter]\n{line}", "ko" if re.search("[가-힣]", line) else "en")
    assert result.removed == ()


@pytest.mark.parametrize(
    ("clue", "kind"),
    [
        *[(clue, "copyright") for clue in ("COPYRIGHT", "저작권", "©", "(C)")],
        *[(clue, "promo") for clue in ("News", "뉴스", "Subscribe", "구독")],
        *[(clue, "kakaotalk") for clue in ("KAKAO", "카카오", "카톡")],
        ("@", "email"),
        ("2024", "phone"),
        ("２０２４", "header"),
        # Case-insensitive matching knows more than ASCII case: long s, Kelvin sign, dotless i.
        ("ſubscribe", "promo"),
        ("\u212aakao", "kakaotalk"),
        ("copyr\u0131ght", "copyright"),
        ("COPYR\u0130GHT", "copyright"),
    ],
)
def test_boilerplate_clue_search_finds_every_clue(clue: str, kind: str) -> None:
    line = f"a line with {clue} in it"
    assert kind in boilerplate._clued_kinds(line)
    assert not boilerplate.clue_free(f"It rained.\n{line}\nIt stopped.")
    assert not boilerplate._clued_kinds("a line with none")
    assert boilerplate.clue_free("a line with none\nand another")


_CLUED_PATTERNS = {
    "_HEADER": "header",
    "_PHONE": "phone",
    "_EMAIL": "email",
    "_PROMO": "promo",
    "_KAKAOTALK": "kakaotalk",
    "_COPYRIGHT_WORD": "copyright",
    "_COPYRIGHT_SIGN": "copyright",
}


@pytest.mark.parametrize("name", sorted(_CLUED_PATTERNS))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_clued_rules_find_has_a_clue(name: str, data: st.DataObject) -> None:
    # classify tries these rules only on lines with their clue.
    pattern: re.Pattern[str] = getattr(boilerplate, name)
    found = data.draw(st.from_regex(pattern))
    assert _CLUED_PATTERNS[name] in boilerplate._clued_kinds(found)
    assert not boilerplate.clue_free(found)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_subscribe_and_credit_rules_find_has_a_clue(data: st.DataObject) -> None:
    for first, _ in boilerplate._SUBSCRIBE:
        assert "promo" in boilerplate._clued_kinds(data.draw(st.from_regex(first)))
    assert not boilerplate.clue_free(data.draw(st.from_regex(boilerplate._CREDIT)))


def test_case_variants_of_clue_letters_are_known() -> None:
    # A case-insensitive regex takes these code points for a letter of a clue word; the
    # substring search in the lower-cased line finds them only if str.lower makes them
    # that letter, else they must be in _CASE_VARIANTS.
    letters = sorted({ch for word in boilerplate._ALL_CLUE_WORDS for ch in word if ch.isascii()})
    every = "".join(map(chr, range(0x110000)))
    for found in re.finditer(f"(?i)[{re.escape(''.join(letters))}]", every):
        ch = found[0]
        assert ch.lower() in letters or ch in boilerplate._CASE_VARIANTS, hex(ord(ch))


_BOILERPLATE_BITS = st.sampled_from(
    [
        *"ab Z.:：@©(c)1２٣-*[]_\n",
        "(BEGIN VIDEOTAPE)",
        "- 2 -",
        "Page 3 of 5",
        "\u0130",
        "\u0131",
        "\u017f",
        "copyright",
        "news",
        "뉴스",
        "구독",
        "subscribe",
        "channel",
        "kakao talk",
        "카톡",
        "Edit video",
        "rights reserved",
        "02-555-0100",
        "2025.03.14",
    ]
)


def _classify_every_rule(line: str) -> str | None:
    """classify as it would be without any screen: every rule tried in order."""
    for rule in boilerplate.RULES:
        if rule.matches(line):
            return rule.kind
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(_BOILERPLATE_BITS, max_size=12).map("".join))
def test_boilerplate_screens_hide_nothing(text: str) -> None:
    lines = text.split("\n")
    kinds = [_classify_every_rule(line) for line in lines]
    assert [boilerplate.classify(line) for line in lines] == kinds
    if boilerplate.clue_free(text):
        assert set(kinds) <= {None, "separator"}
        pairs = [boilerplate.classify_pair(a, b) for a, b in itertools.pairwise(lines)]
        assert pairs == [None] * len(pairs)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Edit", "video: Seo Ha-eun"),
        ("Video", "Editor: Seo Ha-eun"),
        ("Camera", "journalist: Ko Eun"),
        # The second half is a byline alone; with the stub, a camera credit.
        ("Camera", "reporter: Ko Eun"),
    ],
)
def test_credit_broken_over_two_lines(first: str, second: str) -> None:
    result = _clean(f"[Reporter]\nIt rained.\n\n{first}\n{second}")
    assert [(r.kind, r.line) for r in result.removed] == [("credit", 4), ("credit", 5)]
    assert result.segments[0].text == "It rained."


def test_korean_camera_credit_broken_before_its_byline() -> None:
    result = _clean("[기자]\n비가 왔습니다.\n\n촬영\n기자 : 고은비", "ko")
    assert [(r.kind, r.line) for r in result.removed] == [("credit", 4), ("credit", 5)]
    assert result.segments[0].text == "비가 왔습니다."


def test_a_stub_of_speech_before_boilerplate_stays() -> None:
    # Only a credit's label joins its stub: a contact detail after a short line of speech
    # leaves that line alone, as does a byline after one.
    for second in ("[Phone] 02-398-8585", "Reporter: Ko Eun"):
        result = _clean(f"[Reporter]\nIt rained.\nThank you\n{second}")
        assert [r.line for r in result.removed] == [4]
        assert result.segments[0].text == "It rained.\nThank you"


def test_bracketed_boilerplate_broken_over_two_lines() -> None:
    result = _clean(
        "[Reporter]\nIt rained.\n[Copyright holder (c) ABC Unauthorized reproduction,\n"
        "redistribution and use of AI data prohibited]"
    )
    assert [(r.kind, r.line) for r in result.removed] == [("copyright", 3), ("copyright", 4)]


def test_headline_above_the_first_marker_is_removed() -> None:
    result = _clean("Floods hit the south coast\n\n[Anchor]\nHeavy rain fell.")
    assert [(r.kind, r.line) for r in result.removed] == [("headline", 1)]
    assert [s.role for s in result.segments] == ["anchor"]


def test_speech_above_the_first_marker_stays() -> None:
    result = _clean("Good evening. Here is the news.\n[Anchor]\nHeavy rain fell.")
    assert [s.role for s in result.segments] == ["unknown", "anchor"]
    assert result.removed == ()


def test_unmarked_transcript_broken_first_line_is_not_a_headline() -> None:
    result = _clean("Floods hit the coast\nand roads closed.")
    assert result.segments[0].text == "Floods hit the coast and roads closed."
    assert result.removed == ()


def test_unmarked_transcript_headline() -> None:
    result = _clean("Busan opens a harbor library\nThe city opened it on Saturday.")
    assert [(r.kind, r.line) for r in result.removed] == [("headline", 1)]
    assert result.segments[0].text == "The city opened it on Saturday."


def test_unmarked_line_ending_in_a_function_word_is_joined() -> None:
    result = _clean("The mayor spoke with the\nPresident of the council.")
    assert result.segments[0].text == "The mayor spoke with the President of the council."


def test_nothing_left_after_cleaning() -> None:
    with pytest.raises(InputError, match="nothing left to subtitle after cleaning"):
        _clean("[Reporter]\n[Phone] 02-555-0100\n[Mail] desk@news1.example.kr")


def test_markers_without_speech_say_so() -> None:
    with pytest.raises(InputError, match="speaker markers but no speech"):
        _clean("[Anchor]\n\n[Interview]\nKim Min-jun / Korea University Professor\n")


def test_empty_segment_is_dropped() -> None:
    result = _clean("[Anchor]\nHello.\n[Reporter]\n[Phone] 02-555-0100\n[Anchor]\nBye.")
    assert [(s.role, s.text) for s in result.segments] == [("anchor", "Hello."), ("anchor", "Bye.")]


def test_cleaned_segments_keep_raw_lines() -> None:
    result = _clean("[Reporter]\nIt rained.Roads\nflooded.\n[Phone] 02-555-0100")
    segment = result.segments[0]
    assert [line.text for line in segment.lines] == [
        "It rained.Roads",
        "flooded.",
        "[Phone] 02-555-0100",
    ]
    assert segment.text == "It rained.\nRoads flooded."


# ---------------------------------------------------------------- name variants


def test_name_variant_is_warned_not_changed() -> None:
    text = "[Anchor]\nReporter Seo Ha-eun reports.\n[Reporter]\nIt rained.\nI'm NEWS1's Seo Haeun."
    result = _clean(text)
    assert [(w.code, w.line) for w in result.warnings] == [("name-variant", 5)]
    assert "'Seo Ha-eun'" in result.warnings[0].message
    assert "'Seo Haeun'" in result.warnings[0].message
    assert result.segments[1].text.endswith("I'm NEWS1's Seo Haeun.")


def test_name_variant_between_speaker_and_text() -> None:
    text = "[Reporter]\nKo Eun-bi spoke.\n[Ko Eunbi, Busan resident: It was loud.]"
    result = _clean(text)
    assert [w.code for w in result.warnings] == ["name-variant"]


def test_case_variant_of_a_name() -> None:
    result = _clean("[Reporter]\nKim Jong-un spoke.\nKim Jong-Un left.")
    assert [w.code for w in result.warnings] == ["name-variant"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"KimJH oa-'’1.é"]), max_size=20))
def test_capitalised_runs_start_only_at_word_starts(text: str) -> None:
    # The pattern checks the character before a run after its capital; it finds what a
    # lookbehind tried first at every position would.
    plain = re.compile(
        r"(?<![\w'’-])[A-Z][A-Za-z]*(?:-[A-Za-z]+)*(?: [A-Z][A-Za-z]*(?:-[A-Za-z]+)*)+"
    )
    found = [m.span() for m in clean_module._CAPITALISED_RUN.finditer(text)]
    assert found == [m.span() for m in plain.finditer(text)]


def test_consistent_names_give_no_warning() -> None:
    result = _clean("[Reporter]\nSeo Ha-eun reports.\nI'm Seo Ha-eun.")
    assert result.warnings == ()


# ---------------------------------------------------------------- nothing lost (property)

_WORDS = [
    "troops", "Seoul", "U.S.", "3.5%", "1,000", "a.m.", "the", "and", "said,but",
    "damage.Experts", "Kim", "Min-soo", "(c)", "report", "news", "다.그러나", "북한군이",
    "\"quoted\"", "?", ".", ",", "www.ytn.co.kr", "e-mail", "J.K.", "in", "moved.",
]  # fmt: skip
_SPECIAL = [
    "[Anchor]", "[Reporter]", "[Soundbite]", "[앵커]", "Gwak Tae-min (Farmer): It is gone",
    "[Ko Eun, Busan resident: it was", "loud.]", "[Phone] 02-398-8585", "Edit",
    "video: Kim Hee-jung", "[Mail] social@ytn.co.kr", "※ 'Your report becomes news'",
    "Copyright © KBS. All rights reserved.", "", "[Copyright holder (c) YTN Unauthorized",
    "reproduction prohibited]",
]  # fmt: skip

_LINE = st.one_of(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8).map(" ".join),
    st.sampled_from(_SPECIAL),
)


def _visible(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, min_size=1, max_size=14), st.sampled_from(["en", "ko"]))
def test_no_word_lost_duplicated_or_reordered(lines: list[str], lang: str) -> None:
    # A spoken segment at the end keeps "nothing left" (tested above) out of the way.
    sentinel = Segment("reporter", None, None, "", 999, (SourceLine(999, "Rain fell."),))
    segments = (*parse(normalize("\n".join(lines))[0]).segments, sentinel)
    result = clean(segments, lang)
    removed = [(r.line, r.text) for r in result.removed]
    assert len(removed) == len(set(removed))
    raw = {(line.number, line.text) for segment in segments for line in segment.lines}
    assert set(removed) <= raw
    # Punctuation a paragraph began with is dropped (and recorded): it began a raw line.
    dropped = {
        fix.line: _visible(fix.before[: len(fix.before) - len(fix.after)])
        for fix in result.fixes
        if fix.rule == "orphan-punctuation"
    }
    for segment in segments:
        kept = [
            _visible(line.text).removeprefix(dropped.get(line.number, ""))
            for line in segment.lines
            if (line.number, line.text) not in removed
        ]
        expected = "".join(kept)
        cleaned = [s for s in result.segments if s.lines == segment.lines]
        if not expected:
            assert cleaned == []
            continue
        assert len(cleaned) == 1
        assert _visible(cleaned[0].text) == expected
        assert "" not in cleaned[0].text.split("\n")


# ---------------------------------------------------------------- the sample transcripts

TRANSCRIPTS = Path(__file__).resolve().parent.parent / "transcripts"


def _sample(name: str, lang: str) -> Cleaned:
    text, _ = decode((TRANSCRIPTS / name).read_bytes())
    return _clean(text, lang)


def test_sample_ytn_english() -> None:
    result = _sample("ytn-north-korean-troops-russia.txt", "en")
    speakers = [(s.role, s.speaker, s.title) for s in result.segments]
    assert speakers == [
        ("anchor", None, None),
        ("reporter", None, None),
        ("interview", "Edward Howell", "Oxford University Researcher"),
        ("reporter", None, None),
        ("interview", "Yang Uk", "Asan Institute for Policy Studies Research Fellow"),
        ("reporter", None, None),
    ]
    anchor, report, _, _, _, last = (s.text for s in result.segments)
    assert anchor.endswith("Reporter Kwon Young-hee reports.")
    assert "heavy damage.\nExperts in the military say" in report
    assert "in a surprise attack last summer." in report
    assert "U.S. intelligence" in report and "8 a.m." in report and "11,000 troops" in report
    assert last.endswith("I'm YTN's Kwon Younghee.")
    assert "situation. At a meeting" in last
    assert [r.kind for r in result.removed] == [
        "headline", "credit", "credit", "promo", "kakaotalk", "phone", "email", "copyright",
    ]  # fmt: skip
    assert {"missing-space-after-punctuation", "stranded-fragment", "joined-broken-line"} <= (
        _rules(result)
    )
    assert [w.code for w in result.warnings] == ["name-variant"]
    assert "Kwon Younghee" in result.warnings[0].message


def test_sample_ytn_korean() -> None:
    result = _sample("ytn-korean-style.txt", "ko")
    assert [(s.role, s.speaker, s.title) for s in result.segments] == [
        ("anchor", None, None),
        ("reporter", None, None),
        ("interview", "박지연", "서울 신당동"),
        ("reporter", None, None),
        ("interview", "이영호", "기상청 예보관"),
        ("reporter", None, None),
    ]
    assert result.segments[-1].text.endswith("YTN 김민수입니다.")
    assert "온풍기 주변으로 모여들었습니다." in result.segments[1].text
    assert "내다봤습니다. 다만" in result.segments[3].text
    assert [r.kind for r in result.removed] == [
        "headline", "credit", "credit", "credit", "promo", "kakaotalk", "phone", "email",
        "copyright",
    ]  # fmt: skip


def test_sample_kbs_world() -> None:
    result = _sample("kbs-world-style.txt", "en")
    assert [(s.role, s.speaker, s.title) for s in result.segments] == [
        ("anchor", None, None),
        ("reporter", None, None),
        ("interview", "Park Sung-ho", "Senior Economist, Korea Development Institute"),
        ("reporter", None, None),
        ("interview", "Lee Su-jin", "Trade Minister"),
        ("reporter", None, None),
    ]
    assert result.segments[4].text == (
        "We will work closely with our partners in Washington to minimize the impact on "
        "Korean companies."
    )
    assert result.segments[-1].text.endswith("This is Kim Ji-won reporting for KBS World Radio.")
    assert [r.kind for r in result.removed] == ["copyright"]


def test_sample_unmarked() -> None:
    result = _sample("unmarked.txt", "en")
    assert [s.role for s in result.segments] == ["unknown"]
    assert len(result.segments[0].text.split("\n")) == 5
    assert "took four years to complete." in result.segments[0].text
    assert result.removed == ()


# ---------------------------------------------------------------- punctuation at a line start


def test_a_broken_line_starting_with_a_comma_joins_without_a_space() -> None:
    result = _clean("[Reporter]\nThe ministry said\n, adding that talks would resume.")
    assert result.segments[0].text == "The ministry said, adding that talks would resume."
    assert [fix.rule for fix in result.fixes] == ["joined-broken-line"]


def test_punctuation_a_paragraph_begins_with_is_dropped_and_recorded() -> None:
    result = _clean("[Anchor]\n, the minister said on Friday.\n… Then the vote began.")
    assert result.segments[0].text == "the minister said on Friday.\nThen the vote began."
    assert [(f.rule, f.line, f.before, f.after) for f in result.fixes] == [
        ("orphan-punctuation", 2, ", the minister said on Friday.", "the minister said on Friday."),
        ("orphan-punctuation", 3, "… Then the vote began.", "Then the vote began."),
    ]


def test_signs_of_numbers_and_dialogue_inside_a_line_stay() -> None:
    result = _clean("[Anchor]\n-5 degrees is the low tonight.\n.5 percent more than last year.")
    assert result.fixes == ()
    result = _clean("[Reporter]\n기온은 -5도까지 떨어졌습니다.", "ko")
    assert result.fixes == ()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["Kim Min", "Jo-Han", " ", "a", "\n", "I", "Seoul", "."]), max_size=8)
)
def test_names_of_several_texts_are_each_texts_names(parts: list[str]) -> None:
    # _names searches the texts joined; a run never spans two of them.
    texts = [(text, line) for line, text in enumerate("".join(parts).split("."), 1)]
    one_by_one = [name for text in texts for name in clean_module._names([text])]
    assert list(clean_module._names(texts)) == one_by_one
