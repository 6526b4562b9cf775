"""encoding.decode: every encoding we detect, the override, and what we refuse."""

from __future__ import annotations

import codecs
import sys
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from subtitler import encoding
from subtitler.encoding import decode
from subtitler.errors import InputError

ENGLISH = "[Anchor]\nTroops moved north.\n"
KOREAN = "[앵커]\n북한군이 러시아 쿠르스크 지역에 배치됐습니다.\n※ 제보를 기다립니다.\n"


def test_plain_utf8() -> None:
    assert decode(ENGLISH.encode("utf-8")) == (ENGLISH, "utf-8")


def test_utf8_korean_without_bom() -> None:
    assert decode(KOREAN.encode("utf-8")) == (KOREAN, "utf-8")


def test_utf8_bom_is_stripped_and_reported() -> None:
    text, name = decode(codecs.BOM_UTF8 + KOREAN.encode("utf-8"))
    assert text == KOREAN
    assert name == "utf-8-sig"


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ],
)
@pytest.mark.parametrize("text", [ENGLISH, KOREAN])
def test_utf16_with_bom(bom: bytes, codec: str, name: str, text: str) -> None:
    assert decode(bom + text.encode(codec)) == (text, name)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_mostly_ascii(codec: str) -> None:
    # NUL bytes all on one side of each pair: UTF-16 text, not a binary file.
    assert decode(ENGLISH.encode(codec)) == (ENGLISH, codec)


@pytest.mark.parametrize("codec", ["cp949", "euc-kr"])
def test_legacy_korean_is_detected_as_cp949(codec: str) -> None:
    assert decode(KOREAN.encode(codec)) == (KOREAN, "cp949")


def test_cp949_only_characters() -> None:
    # 똠 is outside EUC-KR's 2,350 syllables; CP949 (Unified Hangul Code) has it.
    text = "똠방각하 기자입니다.\n"
    assert decode(text.encode("cp949")) == (text, "cp949")


def test_override_wins_over_detection() -> None:
    data = "café au lait\n".encode("latin-1")
    assert decode(data, "latin-1") == ("café au lait\n", "iso8859-1")


def test_override_strips_bom() -> None:
    text, _ = decode(codecs.BOM_UTF8 + b"Hello\n", "utf-8")
    assert text == "Hello\n"


def test_override_unknown_codec() -> None:
    with pytest.raises(InputError, match="unknown encoding 'klingon-8'"):
        decode(b"Hello", "klingon-8")


def test_override_undecodable() -> None:
    with pytest.raises(InputError, match="not valid utf-8"):
        decode(KOREAN.encode("cp949"), "utf-8")


def test_binary_with_nul_bytes() -> None:
    data = bytes(range(256)) * 4
    with pytest.raises(InputError, match="looks like a binary file"):
        decode(data)


def test_binary_control_characters_without_nul() -> None:
    data = b"\x01\x02\x03\x04\x05\x06hello\x07\x08\x0e\x0f\x10\x11"
    with pytest.raises(InputError, match="looks like a binary file"):
        decode(data)


def test_png_header_is_binary() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    with pytest.raises(InputError, match="looks like a binary file"):
        decode(data)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"\n"])
def test_empty_or_whitespace(data: bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        decode(data)


def test_undetectable_encoding_names_the_way_out() -> None:
    # KOI8-R bytes: neither UTF-8, nor plausible CP949, nor mostly-ASCII Windows-1252.
    data = "Москва и Сеул договорились о встрече.\n".encode("koi8-r")
    with pytest.raises(InputError, match="name the encoding explicitly"):
        decode(data)


@pytest.mark.parametrize(
    "text",
    [
        # Curly quotes, dashes and accents, as Windows editors save English.
        "[Anchor]\nThe minister said “we will act” on Monday – and the café closed.\n",
        # Only apostrophes, each followed by a letter: every pair is also valid CP949, and
        # read so it would become "It뭩 ... don뭪".
        "[Anchor]\nIt’s late, and officials don’t know what’s next for the city’s budget.\n",
        "[Reporter]\nZürich, Genève, Besançon and Málaga voted.\n",
    ],
)
def test_windows_1252_english_is_read_as_windows_1252(text: str) -> None:
    assert decode(text.encode("cp1252")) == (text, "cp1252")


def test_bad_bytes_after_utf8_bom() -> None:
    with pytest.raises(InputError, match="byte-order mark"):
        decode(codecs.BOM_UTF8 + b"abc\xff\xfe")


# Words as transcripts have them: Korean ones of two syllables or more (a CP949 decode
# must show Korean words, see test_windows_1252_english_is_read_as_windows_1252).
_TEXT = (
    st.lists(st.sampled_from(["abc", "XYZ", ".", ",", "?!", "\n", "북한군", "기자", "앵커", "1'"]))
    .map(" ".join)
    .filter(lambda t: t.strip() != "")
)


@settings(max_examples=60, deadline=None)
@given(_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp949"]))
def test_round_trip_detected(text: str, codec: str) -> None:
    # Python's "utf-16" writes a BOM; every form comes back as the same text.
    data = text.encode(codec)
    if codec == "cp949":
        # A few CP949 byte pairs are also valid UTF-8 ("커" is C4 BF, UTF-8 for "Ŀ"); UTF-8
        # wins those by design, and real transcripts are far too long to be all such pairs.
        assume(not _valid_utf8(data))
    assert decode(data)[0] == text


_SENTENCE = "[Reporter]\nOfficials said the talks would resume after the holiday weekend.\n"
_WINDOWS_1252_WORDS = ["It’s", "don’t", "“Yes", "now”", "–", "—", "café", "Zürich", "…", "‘so’"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.sampled_from(_WINDOWS_1252_WORDS)), max_size=4))
def test_windows_1252_english_round_trips(insertions: list[tuple[int, str]]) -> None:
    # English with a few curly quotes, apostrophes, dashes or accents anywhere in it.
    text = _SENTENCE
    for position, word in insertions:
        at = text.rfind(" ", 0, 11 + position) + 1 or 11
        text = f"{text[:at]}{word} {text[at:]}"
    data = text.encode("cp1252")
    assert decode(data) == (text, "utf-8" if data.isascii() else "cp1252")


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_other_controls_are_exactly_the_unexpected_cc_characters() -> None:
    # The regex spells out Unicode's Cc set, less the controls text files carry.
    expected = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cc" and chr(code) not in "\t\n\v\f\r\x1a"
    }
    every_char = "".join(
        chr(code) for code in range(sys.maxunicode + 1) if code < 0xD800 or code > 0xDFFF
    )
    assert set(encoding._OTHER_CONTROLS.findall(every_char)) == expected
    assert encoding._control_count(every_char) == len(expected)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"a \t\n\x00\x1a\x1b\x7f\x85\x9f\xa0ÿĀ가\ud800"])))
def test_control_count_is_what_the_regex_finds(text: str) -> None:
    assert encoding._control_count(text) == len(encoding._OTHER_CONTROLS.findall(text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab 1.\n\u3000가힣ㄱ※·…「」漢字鑑¤ʃ€"]), max_size=40))
def test_cp949_plausibility_counts_like_its_definition(text: str) -> None:
    # The share of non-space characters that are ASCII, Hangul or common symbols.
    chars = [ch for ch in text if not ch.isspace()]
    good = sum(
        1
        for ch in chars
        if ch.isascii()
        or "\uac00" <= ch <= "\ud7a3"
        or "\u3130" <= ch <= "\u318f"
        or unicodedata.category(ch).startswith("P")
        or ch in "※·…▶◆○●□■△▲→"
    )
    # And at least half of the Hangul syllables stand next to another.
    syllables = [i for i, ch in enumerate(text) if "\uac00" <= ch <= "\ud7a3"]
    in_words = [i for i in syllables if i - 1 in syllables or i + 1 in syllables]
    expected = not chars or (
        good / len(chars) >= encoding._MIN_PLAUSIBLE_CP949
        and len(in_words) >= encoding._MIN_HANGUL_IN_WORDS * len(syllables)
    )
    assert encoding._plausible_korean(text) == expected
