"""parse.parse and split_name_title: every marker style and odd layouts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler import parse as parse_module
from subtitler import pipeline
from subtitler.models import Segment
from subtitler.parse import parse, read_attribution, split_name_title


def _summary(text: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(s.role, s.speaker, s.title, s.text) for s in parse(text).segments]


# ---------------------------------------------------------------- name / title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Invented people; no comma, as machine translation leaves them.
        (
            "Harriet Vane Cambridge University Professor",
            ("Harriet Vane", "Cambridge University Professor"),
        ),
        (
            "Choi Seung-ho Korea Institute Senior Researcher",
            ("Choi Seung-ho", "Korea Institute Senior Researcher"),
        ),
        ("Nam Ji-yeon Incheon resident", ("Nam Ji-yeon", "Incheon resident")),
        (
            "Bae Do Unification Ministry Spokesperson",
            ("Bae Do", "Unification Ministry Spokesperson"),
        ),
        ("Oliver T. Brandt Defense Analyst", ("Oliver T. Brandt", "Defense Analyst")),
        (
            "Pieter van Dijk Leiden University Lecturer",
            ("Pieter van Dijk", "Leiden University Lecturer"),
        ),
        ("Marcus Hale Jr. Former Ambassador", ("Marcus Hale Jr.", "Former Ambassador")),
        ("Ryu Han-sol Minister of Oceans", ("Ryu Han-sol", "Minister of Oceans")),
        ("Jeon Minister of Oceans", ("Jeon", "Minister of Oceans")),
        # No title word at all: up to three capitalised words are one name.
        ("Anna Maria Lind", ("Anna Maria Lind", None)),
        ("Seo Ha-eun", ("Seo Ha-eun", None)),
        # Description only.
        ("Senior Researcher", (None, "Senior Researcher")),
        ("local resident", (None, "local resident")),
        # Separators make it exact.
        (
            "Harriet Vane, Cambridge University Professor",
            ("Harriet Vane", "Cambridge University Professor"),
        ),
        ("Lee Su-jin (Trade Minister)", ("Lee Su-jin", "Trade Minister")),
        (
            "Park Do-yun (Senior Economist, Bank of Korea)",
            ("Park Do-yun", "Senior Economist, Bank of Korea"),
        ),
        ("최다은 / 해양수산부 장관", ("최다은", "해양수산부 장관")),
        ("최다은/해양수산부 장관 (지난달)", ("최다은", "해양수산부 장관 (지난달)")),
        ("시민", ("시민", None)),
        (", Seoul resident", (None, "Seoul resident")),
        ("Kim Min-soo Seoul,", ("Kim Min-soo Seoul", None)),
    ],
)
def test_split_name_title(text: str, expected: tuple[str | None, str | None]) -> None:
    assert split_name_title(text) == expected


# ---------------------------------------------------------------- YTN English


def test_ytn_english_markers_and_headline() -> None:
    text = (
        "Floods hit the south coast\n"
        "\n"
        "[Anchor]\n"
        "Heavy rain flooded roads in Yeosu.\n"
        "Reporter Jo Han-byul reports.\n"
        "\n"
        "[Reporter]\n"
        "Water rose quickly overnight.\n"
        "[Harriet Vane Cambridge University Professor: Drains here are too small.]\n"
        "The city promised repairs.\n"
    )
    assert _summary(text) == [
        ("unknown", None, None, "Floods hit the south coast"),
        ("anchor", None, None, "Heavy rain flooded roads in Yeosu.\nReporter Jo Han-byul reports."),
        ("reporter", None, None, "Water rose quickly overnight."),
        (
            "interview",
            "Harriet Vane",
            "Cambridge University Professor",
            "Drains here are too small.",
        ),
        ("reporter", None, None, "The city promised repairs."),
    ]


def test_segment_lines_and_numbers() -> None:
    text = "[Anchor]\nFirst line.\n\nSecond line.\n[Ko Eun, Busan resident: It was loud.]\nAfter."
    segments = parse(text).segments
    anchor, quote, after = segments
    assert anchor.line == 1
    assert [(x.number, x.text) for x in anchor.lines] == [(2, "First line."), (4, "Second line.")]
    assert anchor.text == "First line.\nSecond line."
    assert quote.line == 5
    assert [(x.number, x.text) for x in quote.lines] == [(5, "It was loud.")]
    # The narrator before the quote was the anchor: the anchor speaks again.
    assert (after.role, after.line, after.lines[0].number) == ("anchor", 6, 6)


def test_quote_bracket_continues_over_lines() -> None:
    text = (
        "[Reporter]\nPrices rose.\n"
        "[Harriet Vane Cambridge University Professor: Costs keep rising\n"
        "and wages do not follow.]\n"
        "Officials disagree.\n"
    )
    segments = parse(text).segments
    assert [(s.role, s.text) for s in segments] == [
        ("reporter", "Prices rose."),
        ("interview", "Costs keep rising\nand wages do not follow."),
        ("reporter", "Officials disagree."),
    ]
    assert [x.number for x in segments[1].lines] == [3, 4]
    assert parse(text).warnings == ()


def test_text_after_closing_bracket_is_narration() -> None:
    text = "[Reporter]\nIt began.\n[Ko Eun, Busan resident: It was loud.] The fire spread."
    assert _summary(text)[-1] == ("reporter", None, None, "The fire spread.")


def test_marker_with_text_on_same_line() -> None:
    assert _summary("[Anchor] Good evening.\n[Reporter] Snow fell.") == [
        ("anchor", None, None, "Good evening."),
        ("reporter", None, None, "Snow fell."),
    ]


def test_marker_spacing_and_case_vary() -> None:
    assert _summary("[ anchor ]\nHello.\n[REPORTER]\nBye.") == [
        ("anchor", None, None, "Hello."),
        ("reporter", None, None, "Bye."),
    ]


def test_extra_blank_lines_do_not_matter() -> None:
    assert _summary("\n\n[Anchor]\n\n\nHello.\n\n\n[Reporter]\n\nBye.\n\n") == [
        ("anchor", None, None, "Hello."),
        ("reporter", None, None, "Bye."),
    ]


def test_colon_in_quote_and_time() -> None:
    text = "[Reporter]\nx.\n[Ko Eun, Busan resident: At 8:30 the siren went off: twice.]"
    assert _summary(text)[1] == (
        "interview",
        "Ko Eun",
        "Busan resident",
        "At 8:30 the siren went off: twice.",
    )


# ---------------------------------------------------------------- YTN Korean


@pytest.mark.parametrize(
    "bracket",
    [
        "[최다은 / 해양수산부 장관 : 어민 피해를 줄이겠습니다.]",
        "[최다은/해양수산부 장관:어민 피해를 줄이겠습니다.]",
        "[최다은 /해양수산부 장관: 어민 피해를 줄이겠습니다.]",
    ],
)
def test_ytn_korean_quote_spacing_varies(bracket: str) -> None:
    text = (
        "[앵커]\n어민들이 시름에 잠겼습니다.\n"
        f"[기자]\n바다가 뜨거워졌습니다.\n{bracket}\n대책이 필요합니다."
    )
    assert _summary(text) == [
        ("anchor", None, None, "어민들이 시름에 잠겼습니다."),
        ("reporter", None, None, "바다가 뜨거워졌습니다."),
        ("interview", "최다은", "해양수산부 장관", "어민 피해를 줄이겠습니다."),
        ("reporter", None, None, "대책이 필요합니다."),
    ]


def test_korean_interview_and_recording_labels() -> None:
    text = "[기자]\n현장입니다.\n[인터뷰]\n정말 놀랐어요.\n[녹취]\n대피하세요!"
    assert _summary(text) == [
        ("reporter", None, None, "현장입니다."),
        ("interview", None, None, "정말 놀랐어요."),
        ("interview", None, None, "대피하세요!"),
    ]


def test_brackets_inside_a_quote_bracket() -> None:
    text = "[Reporter]\nx.\n[Ko Eun, Busan resident: I said [sic] no.] Then it ended."
    assert _summary(text)[1:] == [
        ("interview", "Ko Eun", "Busan resident", "I said [sic] no."),
        ("reporter", None, None, "Then it ended."),
    ]


def test_english_named_bracket_without_quote() -> None:
    text = (
        "[Reporter]\nx.\n[Harriet Vane Cambridge University Professor]\nIt is early.\nVery early."
    )
    assert _summary(text)[1] == (
        "interview",
        "Harriet Vane",
        "Cambridge University Professor",
        "It is early.\nVery early.",
    )


@pytest.mark.parametrize("line", ["[Photo] The site today.", "[Breaking News]", "[Seoul Forest]"])
def test_bracket_without_colon_or_title_is_text(line: str) -> None:
    assert _summary(f"[Reporter]\nx.\n{line}") == [("reporter", None, None, f"x.\n{line}")]


def test_time_is_not_a_speaker_line() -> None:
    text = "[Pkg]\nx.\n[Soundbite]\nAt 8:30 the siren went off.\nIt was loud."
    assert _summary(text)[1] == (
        "interview",
        None,
        None,
        "At 8:30 the siren went off.\nIt was loud.",
    )


def test_korean_named_bracket_without_quote() -> None:
    text = "[기자]\n현장입니다.\n[한가람 / 상인]\n손님이 끊겼어요.\n문을 닫을까 해요."
    assert _summary(text)[1] == (
        "interview",
        "한가람",
        "상인",
        "손님이 끊겼어요.\n문을 닫을까 해요.",
    )


# ---------------------------------------------------------------- KBS World


def test_kbs_soundbite_then_narration() -> None:
    text = (
        "[Anchor Lead]\nRents are rising. Yoo Na-rae reports.\n"
        "[Pkg]\nRents rose 4% this year.\n"
        "[Soundbite]\n"
        "Gwak Tae-min (Housing Analyst, Hana Institute): Supply is the problem.\n"
        "The city will build 2,000 homes.\n"
    )
    assert _summary(text) == [
        ("anchor", None, None, "Rents are rising. Yoo Na-rae reports."),
        ("reporter", None, None, "Rents rose 4% this year."),
        ("interview", "Gwak Tae-min", "Housing Analyst, Hana Institute", "Supply is the problem."),
        ("reporter", None, None, "The city will build 2,000 homes."),
    ]


def test_kbs_soundbite_speaker_on_marker_line() -> None:
    text = "[Pkg]\nIt rained.\n[Soundbite] Gwak Tae-min (Farmer): The crop is gone.\nPrices rose."
    assert _summary(text)[1:] == [
        ("interview", "Gwak Tae-min", "Farmer", "The crop is gone."),
        ("reporter", None, None, "Prices rose."),
    ]


def test_kbs_soundbite_quote_wrapped_over_lines() -> None:
    text = (
        "[Pkg]\nIt rained.\n[Soundbite]\nGwak Tae-min (Farmer): We lost the crop\n"
        "in a single night.\nPrices rose."
    )
    assert _summary(text)[1:] == [
        ("interview", "Gwak Tae-min", "Farmer", "We lost the crop\nin a single night."),
        ("reporter", None, None, "Prices rose."),
    ]


def test_soundbite_without_speaker_line() -> None:
    text = "[Pkg]\nIt rained.\n[Soundbite]\nWe lost everything.\nIt was terrible."
    assert _summary(text)[1] == (
        "interview",
        None,
        None,
        "We lost everything.\nIt was terrible.",
    )


# ---------------------------------------------------------------- attribution line after a label


@pytest.mark.parametrize(
    "label", ["[Interview]", "[Soundbite]", "[Sound bite]", "[Sound-bite]", "[SOT]"]
)
@pytest.mark.parametrize(
    ("attribution", "name", "title"),
    [
        ("Ahn Seo-yeon / Pusan National University Professor", "Ahn Seo-yeon",
         "Pusan National University Professor"),
        ("Ahn Seo-yeon, Pusan National University Professor", "Ahn Seo-yeon",
         "Pusan National University Professor"),
        ("Ahn Seo-yeon (Pusan National University Professor)", "Ahn Seo-yeon",
         "Pusan National University Professor"),
        ("Tomas R. Ilves, Fisheries Ministry Spokesperson", "Tomas R. Ilves",
         "Fisheries Ministry Spokesperson"),
        ("Ahn Seo-yeon (Senior Economist, Bank of Busan)", "Ahn Seo-yeon",
         "Senior Economist, Bank of Busan"),
    ],
)  # fmt: skip
def test_english_attribution_line_names_the_speaker(
    label: str, attribution: str, name: str, title: str
) -> None:
    text = (
        f"[Reporter]\nThe harbour froze.\n{label}\n{attribution}\n"
        "The boats cannot leave\nfor the third week running.\n"
    )
    parsed = parse(text)
    assert [(s.role, s.speaker, s.title, s.text) for s in parsed.segments] == [
        ("reporter", None, None, "The harbour froze."),
        ("interview", name, title, "The boats cannot leave\nfor the third week running."),
    ]
    # The attribution line is not a source line of the speech.
    assert [x.number for x in parsed.segments[1].lines] == [5, 6]
    assert parsed.warnings == ()


@pytest.mark.parametrize("label", ["[인터뷰]", "[녹취]"])
@pytest.mark.parametrize(
    ("attribution", "name", "title"),
    [
        ("안서연 / 부산대 교수", "안서연", "부산대 교수"),
        ("안서연/부산대 교수", "안서연", "부산대 교수"),
        ("안서연, 부산대 교수", "안서연", "부산대 교수"),
        ("안서연 (부산대 교수)", "안서연", "부산대 교수"),
        ("남궁 현 / 해양수산부 대변인", "남궁 현", "해양수산부 대변인"),
    ],
)
def test_korean_attribution_line_names_the_speaker(
    label: str, attribution: str, name: str, title: str
) -> None:
    text = f"[기자]\n항구가 얼었습니다.\n{label}\n{attribution}\n배가 나가지 못하고\n있습니다."
    assert _summary(text)[1] == ("interview", name, title, "배가 나가지 못하고\n있습니다.")


def test_attribution_on_the_marker_line() -> None:
    text = "[Pkg]\nIt froze.\n[Soundbite] Ahn Seo-yeon (Harbour Worker)\nWe wait.\nAnd wait."
    assert _summary(text)[1] == (
        "interview",
        "Ahn Seo-yeon",
        "Harbour Worker",
        "We wait.\nAnd wait.",
    )


@pytest.mark.parametrize(
    "first",
    [
        # Short speech with a comma or slash, no sentence end: it stays what was said.
        "Yes, of course",
        "Seoul / Busan",
        "Well, Professor Ahn",
        "No, Minister",
        "U.S. Yes, minister",
        "Okay Thanks, Professor",
        "Good Morning, Minister",
        "Welcome Back, Ambassador",
        "Seoul (Yonhap)",
        "Ahn Seo-yeon, who teaches at the university",
        "Ahn Seo-yeon, Pusan National University Professor, said",
        "Ahn Seo-yeon / Pusan National University Professor.",
        "Ahn Seo-yeon, Professor? Not any more",
        "Ahn Seo-yeon, Harbour Worker, and his wife",
        "Fishermen, port workers and their families",
        "네, 그렇습니다",
        "서울 / 부산",
        "아니, 그 기자",
        "그런데, 문제는",
        "안서연 / 부산대 교수님",
    ],
)
def test_speech_that_looks_like_an_attribution_stays_speech(first: str) -> None:
    text = f"[Reporter]\nx.\n[Interview]\n{first}\nthe boats stay in port."
    assert read_attribution(first) is None
    assert _summary(text)[1] == ("interview", None, None, f"{first}\nthe boats stay in port.")


def test_attribution_only_right_after_the_label() -> None:
    # Later lines, or after a label that already names the speaker, are speech.
    after_speech = "[Interview]\nWe wait.\nAhn Seo-yeon / Pusan National University Professor\n"
    assert _summary(after_speech)[0][1:3] == (None, None)
    named = "[Interview: Ko Eun, Busan resident]\nAhn Seo-yeon, Harbour Worker\nWe wait."
    assert _summary(named)[0][1:3] == ("Ko Eun", "Busan resident")
    narrated = "[Reporter]\nAhn Seo-yeon, Harbour Worker\nleft the port."
    assert _summary(narrated)[0] == (
        "reporter",
        None,
        None,
        "Ahn Seo-yeon, Harbour Worker\nleft the port.",
    )


def test_attribution_with_nothing_after_it_is_an_empty_segment() -> None:
    parsed = parse("[Interview]\nAhn Seo-yeon / Harbour Worker\n[Anchor]\nThanks.")
    assert [(s.role, s.text) for s in parsed.segments] == [("anchor", "Thanks.")]
    assert [(w.code, w.line) for w in parsed.warnings] == [("empty-segment", 1)]


@pytest.mark.parametrize(
    ("transcript", "speaker", "speech"),
    [
        (
            "[Anchor]\nThe harbour froze.\n[Interview]\n"
            "Ahn Seo-yeon / Pusan National University Professor\n"
            "The boats cannot leave\nfor the third week running.\n",
            "Ahn Seo-yeon",
            "The boats cannot leave for the third week running.",
        ),
        (
            "[Anchor]\nThe harbour froze.\n\n[Soundbite]\n\nAhn Seo-yeon, Harbour Worker\n\n"
            "We have waited\nfor three weeks.\n",
            "Ahn Seo-yeon",
            "We have waited for three weeks.",
        ),
        (
            "[앵커]\n항구가 얼었습니다.\n[인터뷰]\n안서연 / 부산대 교수\n"
            "배가 나가지 못하고\n있습니다.\n",
            "안서연",
            "배가 나가지 못하고 있습니다.",
        ),
    ],
)
def test_cleaning_keeps_the_attribution_out_of_the_speech(
    transcript: str, speaker: str, speech: str
) -> None:
    document = pipeline.clean_transcript("t", transcript.encode())
    assert [(s.role, s.speaker, s.text) for s in document.segments][1] == (
        "interview",
        speaker,
        speech,
    )
    assert not any(speaker in segment.text for segment in document.segments)
    # Cleaning joined the broken speech lines, and only those.
    joined = [fix.after for fix in document.fixes if fix.rule == "joined-broken-line"]
    assert joined == [speech]


# ---------------------------------------------------------------- no markers, odd input


def test_no_markers_is_one_unknown_segment() -> None:
    text = "The museum reopened.\nVisitors queued for hours.\n\nEntry is free."
    segments = parse(text).segments
    assert [s.role for s in segments] == ["unknown"]
    assert segments[0].text == "The museum reopened.\nVisitors queued for hours.\nEntry is free."
    assert [x.number for x in segments[0].lines] == [1, 2, 4]


@pytest.mark.parametrize(
    ("anchor", "reporter"),
    [
        ("<앵커>", "<기자>"),  # SBS
        ("◀ 앵커 ▶", "◀ 리포트 ▶"),  # MBC
        ("◀앵커▶", "◀기자▶"),
        ("【앵커】", "【기자】"),
        ("［앵커］", "［기자］"),  # full-width square brackets
        ("〈앵커〉", "《리포트》"),
        ("<Anchor>", "< Reporter >"),
    ],
)
def test_a_label_in_other_brackets_is_a_marker(anchor: str, reporter: str) -> None:
    text = f"{anchor}\n오늘 아침 추위가 찾아왔습니다.\n\n{reporter}\n시민들이 출근길에 나섰습니다."
    assert _summary(text) == [
        ("anchor", None, None, "오늘 아침 추위가 찾아왔습니다."),
        ("reporter", None, None, "시민들이 출근길에 나섰습니다."),
    ]


def test_an_interview_label_in_angle_brackets_takes_the_speaker_after_it() -> None:
    text = (
        "<기자>\n현장입니다.\n<인터뷰> 박지연/서울 신당동 : 너무 추워요.\n"
        "<기자>\n추위는 계속됩니다."
    )
    assert _summary(text) == [
        ("reporter", None, None, "현장입니다."),
        ("interview", "박지연", "서울 신당동", "너무 추워요."),
        ("reporter", None, None, "추위는 계속됩니다."),
    ]
    assert _summary("<Interview: Kim Min-soo, Seoul resident>\nIt is cold.") == [
        ("interview", "Kim Min-soo", "Seoul resident", "It is cold.")
    ]


def test_us_network_speakers_in_capitals() -> None:
    # "REPORTER (voice-over):" is a label with a note before its colon; "NAME, TITLE:" in
    # capitals names an interviewee, whose words end with the sentence, as after a
    # soundbite label.
    text = (
        "ANCHOR (on camera): Floods hit the south.\nREPORTER (voice-over): Rivers rose.\n"
        "PARK MIN-SOO, RESIDENT: I have never seen this.\nThe water is falling now."
    )
    assert _summary(text) == [
        ("anchor", None, None, "Floods hit the south."),
        ("reporter", None, None, "Rivers rose."),
        ("interview", "PARK MIN-SOO", "RESIDENT", "I have never seen this."),
        ("reporter", None, None, "The water is falling now."),
    ]
    # Capitals before a colon that name no one for certain stay text.
    for line in ("UPDATE: Rivers rose.", "BREAKING NEWS, SEOUL: Rivers rose.", "Park Min-soo: Hi."):
        assert _summary(f"[Reporter]\n{line}") == [("reporter", None, None, line)]


def test_a_quote_in_angle_brackets_is_a_quote_bracket() -> None:
    # SBS writes the interviewee's words as YTN does, in angle brackets: "<이름/직함 : 인용>".
    text = "<기자>\n강물이 불었습니다.\n<이수진/주민 : 무서웠어요.>\n정부는 대책을 내놨습니다."
    assert _summary(text) == [
        ("reporter", None, None, "강물이 불었습니다."),
        ("interview", "이수진", "주민", "무서웠어요."),
        ("reporter", None, None, "정부는 대책을 내놨습니다."),
    ]
    assert _summary("[Anchor]\nIt snowed.\n〈Kim Min-soo, Seoul resident: It is cold.〉") == [
        ("anchor", None, None, "It snowed."),
        ("interview", "Kim Min-soo", "Seoul resident", "It is cold."),
    ]
    # Never closed, it ends at the end of its line, with a warning naming the bracket.
    parsed = parse(
        "<기자>\n강물이 불었습니다.\n<이수진/주민 : 무서웠어요.\n정부는 대책을 내놨습니다."
    )
    assert [(s.role, s.text) for s in parsed.segments][1:] == [
        ("interview", "무서웠어요."),
        ("reporter", "정부는 대책을 내놨습니다."),
    ]
    assert [(w.code, w.line) for w in parsed.warnings] == [("unclosed-bracket", 3)]
    assert "'<'" in parsed.warnings[0].message


def test_a_quote_in_quotation_marks_after_an_attribution_ends_with_them() -> None:
    # MBC: "◀ 인터뷰 ▶ 이름/직함", then the words in quotation marks, then the reporter
    # again without a marker. The closing mark may come lines later.
    text = (
        "◀ 리포트 ▶\n물이 불었습니다.\n◀ 인터뷰 ▶ 박영희/주민\n“처음 봤어요.\n"
        "정말 무서웠어요.”\n기상청은 비가 더 온다고 예보했습니다."
    )
    assert _summary(text) == [
        ("reporter", None, None, "물이 불었습니다."),
        ("interview", "박영희", "주민", "“처음 봤어요.\n정말 무서웠어요.”"),
        ("reporter", None, None, "기상청은 비가 더 온다고 예보했습니다."),
    ]
    text = '[Pkg]\nIt froze.\n[Soundbite]\nAhn Seo-yeon / Harbour Worker\n"We wait."\nBoats stay.'
    assert _summary(text)[1:] == [
        ("interview", "Ahn Seo-yeon", "Harbour Worker", '"We wait."'),
        ("reporter", None, None, "Boats stay."),
    ]
    # Without quotation marks nothing shows where the words end: they run to the next marker.
    text = "◀ 리포트 ▶\n물이 불었습니다.\n◀ 인터뷰 ▶ 박영희/주민\n처음 봤어요.\n무서웠어요."
    assert _summary(text)[1] == ("interview", "박영희", "주민", "처음 봤어요.\n무서웠어요.")


@pytest.mark.parametrize(
    "line",
    [
        "<Clean Rivers 2030> was launched on Monday.",  # a title, not a label
        "<Clean Rivers: The 2030 Plan> was launched.",  # nor a speaker and a quote
        "<김민수 / 서울 시민> 제작진이 밝혔습니다.",  # a programme's title
        "◀ 속보 ▶ 지진이 발생했습니다.",  # "breaking news", not a speaker
        "<앵커 멘트가 이어집니다",  # never closed: not a marker in these brackets
        "<b>Bold</b> claims were made.",
    ],
)
def test_other_brackets_without_a_label_are_text(line: str) -> None:
    assert _summary(f"[Reporter]\n{line}") == [("reporter", None, None, line)]


def test_a_quote_bracket_never_closed_stops_at_a_label_in_other_brackets() -> None:
    # The stray "]" at the end would otherwise close it, taking the reporter's line along.
    text = "[홍길동 / 서울 시민 : 너무 추워요\n<기자>\n추위는 계속됩니다.]"
    assert _summary(text) == [
        ("interview", "홍길동", "서울 시민", "너무 추워요"),
        ("reporter", None, None, "추위는 계속됩니다.]"),
    ]


def test_a_label_and_a_colon_opening_a_line_is_a_marker() -> None:
    text = (
        "ANCHOR: Good evening.\n"
        "REPORTER: Troops moved north.\nThey met no resistance.\n"
        "SOUNDBITE: Kim Min-jun (Korea University Professor): We will see.\n"
        "Reporter : The talks resume next week.\n"
        "Anchor Lead: Now the weather.\n"
        "앵커: 날씨입니다.\n"
        "기자 ： 춥습니다."
    )
    assert _summary(text) == [
        ("anchor", None, None, "Good evening."),
        ("reporter", None, None, "Troops moved north.\nThey met no resistance."),
        ("interview", "Kim Min-jun", "Korea University Professor", "We will see."),
        ("reporter", None, None, "The talks resume next week."),
        ("anchor", None, None, "Now the weather."),
        ("anchor", None, None, "날씨입니다."),
        ("reporter", None, None, "춥습니다."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Note: the bridge stays closed.",  # not a role
        "The host said: we agree.",  # a label, but not opening the line
        "00:01:23 Anchor: hi",
        "Kim Min-soo: It is cold.",  # a name, outside a soundbite
        "Unknown: fine.",  # the unknown label is only ever bracketed
        "Reporters covering the summit: 300",
        "Reporter: Kwon Young-hee",  # a credit, which cleaning removes
        "기자 : 김민수",
    ],
)
def test_a_colon_after_other_words_is_text(line: str) -> None:
    assert _summary(f"[Anchor]\n{line}") == [("anchor", None, None, line)]


def test_unclosed_bracket_ends_at_its_line() -> None:
    text = "[Reporter]\nIt began.\n[Ko Eun, Busan resident: It was loud\n\nThe fire spread."
    parsed = parse(text)
    assert [(s.role, s.text) for s in parsed.segments] == [
        ("reporter", "It began."),
        ("interview", "It was loud"),
        ("reporter", "The fire spread."),
    ]
    assert [(w.code, w.line) for w in parsed.warnings] == [("unclosed-bracket", 3)]


def test_unclosed_label_bracket() -> None:
    parsed = parse("[Anchor\nGood evening.")
    assert _summary("[Anchor\nGood evening.") == [("anchor", None, None, "Good evening.")]
    assert [w.code for w in parsed.warnings] == ["unclosed-bracket"]


def test_non_marker_brackets_are_text() -> None:
    text = (
        "[Reporter]\nThat is all.\n"
        "[Phone] 02-555-0100\n"
        "[Kakao Talk] Search NEWS1 and add channel\n"
        "[Copyright holder (c) ABC Unauthorized reproduction prohibited]\n"
        "[Photo] shows the site.\n"
    )
    segments = parse(text).segments
    assert len(segments) == 1
    assert segments[0].text.splitlines()[1:] == [
        "[Phone] 02-555-0100",
        "[Kakao Talk] Search NEWS1 and add channel",
        "[Copyright holder (c) ABC Unauthorized reproduction prohibited]",
        "[Photo] shows the site.",
    ]
    assert parse(text).warnings == ()


def test_bracket_in_middle_of_line_is_text() -> None:
    assert _summary("[Anchor]\nHe said [sic] nothing.") == [
        ("anchor", None, None, "He said [sic] nothing.")
    ]
    # An editor's note inside a sentence, even one that reads as a label.
    assert _summary("[Anchor]\nHe called the [reporter] a liar. It rained [sic].") == [
        ("anchor", None, None, "He called the [reporter] a liar. It rained [sic].")
    ]


def test_a_label_after_a_sentence_in_the_middle_of_a_line_starts_a_speaker() -> None:
    # A transcript whose line breaks were lost.
    text = (
        "[Anchor] Good evening. [Reporter] Troops moved north. "
        "[Interview: Kim Min-soo, Seoul resident] It is cold! [기자] 눈이 내렸습니다."
    )
    assert _summary(text) == [
        ("anchor", None, None, "Good evening."),
        ("reporter", None, None, "Troops moved north."),
        ("interview", "Kim Min-soo", "Seoul resident", "It is cold!"),
        ("reporter", None, None, "눈이 내렸습니다."),
    ]
    assert [s.line for s in parse(text).segments] == [1, 1, 1, 1]


def test_empty_marker_is_warned_and_dropped() -> None:
    parsed = parse("[Anchor]\n[Reporter]\nHello.")
    assert [s.role for s in parsed.segments] == ["reporter"]
    assert [(w.code, w.line) for w in parsed.warnings] == [("empty-segment", 1)]


def test_label_with_speaker() -> None:
    assert _summary(
        "[Reporter: Jo Han-byul]\nIt rained.\n[Interview: Ko Eun, Busan resident]\nYes.\nNo."
    ) == [
        ("reporter", "Jo Han-byul", None, "It rained."),
        ("interview", "Ko Eun", "Busan resident", "Yes.\nNo."),
    ]


def test_explicit_anonymous_interview_takes_no_speaker_line() -> None:
    assert _summary("[Interview:]\nNote: this is mine.") == [
        ("interview", None, None, "Note: this is mine.")
    ]


def test_every_segment_is_a_segment() -> None:
    for segment in parse("[Anchor]\nA.\n[Reporter]\nB.").segments:
        assert isinstance(segment, Segment)
        assert segment.lines


# ---------------------------------------------------------------- any layout (property)

_PIECES = [
    "[Anchor]", "[Reporter]", "[Soundbite]", "[기자]", "[Anchor", "[Ko Eun, Busan resident: it",
    "was loud.]", "[최다은 / 장관 : 네.]", "Gwak Tae-min (Farmer): We lost it", "]", "[Photo] x",
    "Plain text.", "more words", "", "At 8:30 it began.", "[Interview:]", "[sic] [a [b]",
    "Ahn Seo-yeon / Harbour Worker", "[인터뷰]", "안서연 / 부산대 교수", "Seoul / Busan",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_any_layout_parses_in_order(pieces: list[str]) -> None:
    parsed = parse("\n".join(pieces))
    numbers = [line.number for segment in parsed.segments for line in segment.lines]
    assert numbers == sorted(numbers)
    for segment in parsed.segments:
        assert segment.text == "\n".join(line.text for line in segment.lines)
        assert segment.line <= segment.lines[0].number
        for line in segment.lines:
            assert line.text and line.text in pieces[line.number - 1]
    # A line with no bracket that is not a speaker line is kept whole (or the quote part).
    kept = {(line.number, line.text) for segment in parsed.segments for line in segment.lines}
    for number, piece in enumerate(pieces, 1):
        if piece and "[" not in piece and "]" not in piece and not piece.startswith("Gwak"):
            if read_attribution(piece) is not None:
                continue  # a speaker when it follows an interview label, else speech
            assert (number, piece) in kept or any(n == number and t in piece for n, t in kept)


# Lines that the plain-line shortcut of parse() takes or must leave to the general path.
_SHORTCUT_PIECES = [
    *_PIECES, "[Anchor]", "It rained.", "It rained", "Then it stopped.", "<앵커>", "◀ 리포트 ▶",
    "<Clean Rivers 2030> opened.", "ANCHOR: Good evening.", "Note: mine.", "Ends the news. "
    "[Reporter] Troops moved.", "[Soundbite]", "Kim Min-soo (Resident): It was", "loud.",
    "비가 왔습니다.", "비가", "앵커： 안녕하십니까", "a]b", "【앵커】",
    # A soundbite quote running over lines, then the narrator again.
    "[Soundbite]\nKim Min-soo (Resident): It was\nvery\nloud.\nIt rained.",
    "[Interview]\nAhn Seo-yeon / Harbour Worker\nWe lost it.\nAll of it.",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SHORTCUT_PIECES), max_size=14))
def test_plain_line_shortcut_parses_as_the_general_path(pieces: list[str]) -> None:
    text = "\n".join(pieces)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parse_module, "_PLAIN_LINE_SHORTCUT", False)
        general = parse(text)
    assert parse(text) == general


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \u3000\tabcAB앵커ß:", max_size=16))
def test_label_role_is_the_lookup_of_the_normalised_text(text: str) -> None:
    plain = parse_module.ROLE_LABELS.get(" ".join(text.split()).casefold())
    assert parse_module._label_role(text) == plain


@pytest.mark.parametrize("label", ["Anchor Lead", " sound   bite ", "앵커 멘트", "Reporter"])
def test_label_role_of_labels_with_odd_spacing(label: str) -> None:
    assert parse_module._label_role(label) is not None
    assert parse_module._label_role(f"{label} said") is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \u3000\t\u00a0a1:：", max_size=14))
def test_split_colon_is_the_first_split_at_a_colon(text: str) -> None:
    parts = parse_module._COLON.split(text.strip(), maxsplit=1)
    plain = (parts[0], "", "") if len(parts) == 1 else (parts[0], ":", parts[1])
    assert parse_module._split_colon(text) == plain


def _close_bracket_by_bracket(text: str, start: int, depth: int) -> tuple[int | None, int]:
    """_find_close as defined: every bracket from ``start`` in turn."""
    depth = depth or 1
    for index in range(start, len(text)):
        if text[index] == "[":
            depth += 1
        elif text[index] == "]":
            depth -= 1
            if depth == 0:
                return index, 0
    return None, depth


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]a ", max_size=15), st.integers(0, 3), st.integers(0, 3))
def test_find_close_is_bracket_by_bracket(text: str, start: int, depth: int) -> None:
    assert parse_module._find_close(text, start, depth) == _close_bracket_by_bracket(
        text, start, depth
    )
