"""Numbers in English and Korean text, normalised to values so a translation can be checked.

News is full of amounts that machine translation gets wrong in ways a viewer cannot see:
"480 billion" must come back as "4,800억" (not "480억"), "20,000" as "2만". Both sides are
reduced to exact :class:`~decimal.Decimal` values and compared as sets, so the guard works on
what the numbers mean, not on how each language groups its digits (English by thousands,
Korean by ten-thousands: 만 10^4, 억 10^8, 조 10^12).

Years, percentages, ordinals and clock times are plain numbers here ("2024년" is 2024,
"3.5%" is 3.5, "1st" is 1).

Only numbers written with digits count by default: spelled-out small numbers ("three",
"세 명") are translated into all sorts of forms ("a", "한"), and checking them would flood the
reviewer with false alarms. ``spelled=True`` also reads spelled numbers; the guard uses it on
the translation side only, so "3 people" -> "세 명" is not reported as a lost number.

>>> sorted(numbers("Prices rose 3.5% to 8 trillion won", "en"))
[Decimal('3.5'), Decimal('8000000000000')]
>>> numbers("8조 원", "ko") == numbers("8 trillion won", "en")
True
"""

from __future__ import annotations

import re
from decimal import Decimal

# Digits with optional thousands commas and decimals: "20,000", "3.5", "2024".
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_EN_SCALES = {
    "hundred": Decimal(100),
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_EN_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip

_SCALE_ALT = "|".join(_EN_SCALES)
# "480 billion", "1.2 million", "11 thousand", "20,000". A scale word may follow the digits.
_EN_NUMBER = re.compile(rf"(?<![\w.,])({_DIGITS})(?:\s*({_SCALE_ALT})\b)?", re.IGNORECASE)
_WORD_ALT = "|".join([*_EN_UNITS, *_EN_TENS, "a", "an"])
# "ten thousand", "a million", "twenty-five", "two hundred thousand"
_EN_SPELLED = re.compile(
    rf"\b((?:{_WORD_ALT})(?:[\s-]+(?:{_WORD_ALT}|{_SCALE_ALT}|and))*)\b", re.IGNORECASE
)

# Korean: 만/억/조 group by ten-thousands; 천/백/십 are the digits inside a group.
_KO_BIG = {"만": Decimal(10) ** 4, "억": Decimal(10) ** 8, "조": Decimal(10) ** 12}
_KO_SMALL = {"천": Decimal(1000), "백": Decimal(100), "십": Decimal(10)}
# Korean amounts are read as runs of these tokens: "4,800" "억", "1" "조" "2" "천" "억".
_KO_TOKEN = re.compile(rf"(?P<digits>{_DIGITS})|(?P<unit>[천백십만억조])")
# A bare unit without digits ("만 명", "천억 원") counts only before a counter, because
# 만 is also a particle ("그것만") and 백/천 are also words and a surname.
_KO_COUNTERS = (
    "명", "원", "달러", "개", "건", "대", "톤", "채", "가구", "마리", "곳", "척", "발", "배",
    "여", "년", "달", "일", "표", "석", "회", "번", "살", "세", "킬로미터", "미터", "km", "m",
)  # fmt: skip
_KO_NATIVE = {
    "한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "석": 3, "네": 4, "넷": 4,
    "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스무": 20, "스물": 20,
    "서른": 30, "마흔": 40, "쉰": 50,
}  # fmt: skip
_KO_NATIVE_COUNTERS = ("명", "개", "마리", "곳", "번", "가지", "살", "시", "달", "척", "대", "채")
_KO_NATIVE_RE = re.compile(
    r"(?<![가-힣])("
    + "|".join(sorted(_KO_NATIVE, key=len, reverse=True))
    + r")\s?(?:"
    + "|".join(_KO_NATIVE_COUNTERS)
    + r")"
)


def numbers(text: str, lang: str, *, spelled: bool = False) -> set[Decimal]:
    """The set of number values written in ``text`` (``lang`` "en" or "ko").

    >>> numbers("20,000 people", "en") == numbers("2만 명", "ko")
    True
    >>> numbers("480 billion", "en") == numbers("4,800억", "ko")
    True
    >>> sorted(numbers("1조 2천억 원", "ko"))
    [Decimal('1200000000000')]
    >>> sorted(numbers("만 명이 모였다", "ko"))
    [Decimal('10000')]
    >>> sorted(numbers("three people", "en", spelled=True))
    [Decimal('3')]
    """
    if lang == "ko":
        found = korean_numbers(text, spelled=spelled)
    else:
        found = english_numbers(text, spelled=spelled)
    return {_canonical(v) for v in found}


def english_numbers(text: str, *, spelled: bool = False) -> set[Decimal]:
    """Numbers of English text: digits, with an optional scale word.

    >>> sorted(english_numbers("1.2 million and 11 thousand, in 2024"))
    [Decimal('2024'), Decimal('11000'), Decimal('1200000.0')]
    >>> sorted(english_numbers("the 3rd of 5"))
    [Decimal('3'), Decimal('5')]
    >>> sorted(english_numbers("a million", spelled=True))
    [Decimal('1000000')]
    """
    values: set[Decimal] = set()
    for m in _EN_NUMBER.finditer(text):
        value = Decimal(m.group(1).replace(",", ""))
        if m.group(2):
            value *= _EN_SCALES[m.group(2).lower()]
        values.add(value)
    if spelled:
        for m in _EN_SPELLED.finditer(text):
            words = [w for w in re.split(r"[\s-]+", m.group(1).lower()) if w != "and"]
            parsed = _english_words_value(words)
            if parsed is not None:
                values.add(parsed)
        for word, number in _EN_ORDINAL_WORDS.items():
            if re.search(rf"\b{word}\b", text, re.IGNORECASE):
                values.add(Decimal(number))
    return values


def _english_words_value(words: list[str]) -> Decimal | None:
    """Value of a run of number words; None when it is only "a"/"an" (an article)."""
    total = Decimal(0)
    group = Decimal(0)
    seen_number = False
    for word in words:
        if word in ("a", "an"):
            group += 1
        elif word in _EN_UNITS:
            group += _EN_UNITS[word]
            seen_number = True
        elif word in _EN_TENS:
            group += _EN_TENS[word]
            seen_number = True
        elif word == "hundred":
            group = (group or Decimal(1)) * 100
            seen_number = True
        else:  # thousand, million, billion, trillion
            total += (group or Decimal(1)) * _EN_SCALES[word]
            group = Decimal(0)
            seen_number = True
    return total + group if seen_number else None


def korean_numbers(text: str, *, spelled: bool = False) -> set[Decimal]:
    """Numbers of Korean text: digits with 천/백/십 and 만/억/조 units, joined across spaces.

    >>> sorted(korean_numbers("2만 5천 명"))
    [Decimal('25000')]
    >>> sorted(korean_numbers("4,800억 원과 3.5%"))
    [Decimal('3.5'), Decimal('480000000000')]
    >>> sorted(korean_numbers("3천5백만 원"))
    [Decimal('35000000')]
    >>> sorted(korean_numbers("세 명", spelled=True))
    [Decimal('3')]
    """
    values: set[Decimal] = set()
    run: list[re.Match[str]] = []
    for token in _KO_TOKEN.finditer(text):
        if run and not _continues(text, run, token):
            values.update(_korean_value(text, run))
            run = []
        run.append(token)
    if run:
        values.update(_korean_value(text, run))
    if spelled:
        values |= {Decimal(_KO_NATIVE[m.group(1)]) for m in _KO_NATIVE_RE.finditer(text)}
    return values


def _continues(text: str, run: list[re.Match[str]], token: re.Match[str]) -> bool:
    """Whether ``token`` extends the amount in ``run``: adjacent or one space apart, a unit
    after anything, or digits after a unit ("1조 2천억"), never digits after digits."""
    between = text[run[-1].end() : token.start()]
    if between not in ("", " "):
        return False
    if token.group("digits"):
        return run[-1].group("unit") is not None
    unit = token.group("unit")
    if unit in _KO_BIG:
        # Big units only decrease inside one amount: "1조 2천억", not "만 만".
        bigs = [t.group("unit") for t in run if t.group("unit") in _KO_BIG]
        return all(_KO_BIG[b] > _KO_BIG[unit] for b in bigs)
    return True


def _korean_value(text: str, run: list[re.Match[str]]) -> set[Decimal]:
    """The value of one run of digit and unit tokens (empty when it is not a number)."""
    first = run[0]
    if first.group("unit"):
        # A bare unit: at a word start (not inside a Hangul word such as 이천) and only
        # before a counter, because 만 is also a particle and 백/천 are words and a surname.
        if first.start() > 0 and text[first.start() - 1].isalnum():
            return set()
        if not text[run[-1].end() :].lstrip().startswith(_KO_COUNTERS):
            return set()
    total = Decimal(0)
    group = Decimal(0)  # the part below the current 만/억/조 unit
    pending: Decimal | None = None  # digits waiting for their unit
    for token in run:
        if token.group("digits"):
            pending = Decimal(token.group("digits").replace(",", ""))
            continue
        unit = token.group("unit")
        if unit in _KO_SMALL:
            group += (pending if pending is not None else Decimal(1)) * _KO_SMALL[unit]
        else:
            group += pending if pending is not None else Decimal(0)
            total += (group or Decimal(1)) * _KO_BIG[unit]
            group = Decimal(0)
        pending = None
    return {total + group + (pending if pending is not None else Decimal(0))}


def _canonical(value: Decimal) -> Decimal:
    """One spelling per value, so sets compare and print alike (1200000.0 -> 1200000)."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal
