"""WebVTT output: header, times with '.', voice spans and escaping, read back by pysubs2."""

from __future__ import annotations

import pysubs2
import pytest

from subtitler.errors import OutputError
from subtitler.formats.vtt import compose_vtt, escape_vtt
from subtitler.models import Cue

CUES = [
    Cue(start_ms=0, end_ms=1_500, lines=("Good evening.",), segment=0, sentences=(0,)),
    Cue(
        start_ms=1_584,
        end_ms=4_000,
        lines=("북한이 오늘", "발사했습니다."),
        segment=1,
        sentences=(1,),
    ),
    Cue(
        start_ms=3_723_004, end_ms=3_725_000, lines=("R&D <costs> rose",), segment=2, sentences=(2,)
    ),
]


def test_layout_without_speakers() -> None:
    assert compose_vtt(CUES) == (
        "WEBVTT\n"
        "\n"
        "1\n"
        "00:00:00.000 --> 00:00:01.500\n"
        "Good evening.\n"
        "\n"
        "2\n"
        "00:00:01.584 --> 00:00:04.000\n"
        "북한이 오늘\n"
        "발사했습니다.\n"
        "\n"
        "3\n"
        "01:02:03.004 --> 01:02:05.000\n"
        "R&amp;D &lt;costs&gt; rose\n"
    )


def test_voice_spans_only_for_named_speakers() -> None:
    out = compose_vtt(CUES, ["Anchor Kim", None, "Lee <Reporter>"])
    assert "<v Anchor Kim>Good evening.</v>\n" in out
    assert "\n북한이 오늘\n발사했습니다.\n" in out
    assert "<v Lee &lt;Reporter&gt;>R&amp;D &lt;costs&gt; rose</v>\n" in out


def test_speaker_name_whitespace_is_collapsed() -> None:
    out = compose_vtt(CUES[:1], ["  Kim \n Ji-ho "])
    assert "<v Kim Ji-ho>Good evening.</v>" in out


def test_missing_speaker_entry_is_an_error() -> None:
    with pytest.raises(OutputError, match="segment 2"):
        compose_vtt(CUES, ["Kim", "Lee"])


def test_escape_vtt() -> None:
    assert escape_vtt("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d"


def test_no_comma_timestamps_and_deterministic() -> None:
    out = compose_vtt(CUES, ["A", "B", "C"])
    assert " --> " in out and ",0" not in out
    assert out == compose_vtt(list(CUES), ("A", "B", "C"))


def test_pysubs2_reads_times_and_text() -> None:
    subs = pysubs2.SSAFile.from_string(compose_vtt(CUES, ["Kim", None, None]), format_="vtt")
    assert [(e.start, e.end) for e in subs] == [(c.start_ms, c.end_ms) for c in CUES]
    # pysubs2 strips the unknown <v> tag and leaves character references as written.
    assert [e.text for e in subs] == [
        "Good evening.",
        "북한이 오늘\\N발사했습니다.",
        "R&amp;D &lt;costs&gt; rose",
    ]


def test_pysubs2_keeps_voice_span() -> None:
    subs = pysubs2.SSAFile.from_string(
        compose_vtt(CUES[:1], ["Kim"]), format_="vtt", keep_html_tags=True
    )
    assert subs[0].text == "<v Kim>Good evening.</v>"


def test_name_card_is_not_voiced() -> None:
    card = Cue(0, 3000, ("Kim Ji-ho", "Professor"), 0, ())
    speech = Cue(3084, 5000, ("It will rain.",), 0, (0,))
    text = compose_vtt([card, speech], ["Kim Ji-ho"])
    assert "<v Kim Ji-ho>Kim Ji-ho" not in text
    assert "<v Kim Ji-ho>It will rain.</v>" in text
