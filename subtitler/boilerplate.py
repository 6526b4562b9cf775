"""Lines that are not spoken: promos, contact lines, copyright, credits, headers, separators.

A table of ``(kind, predicate)`` rules, tried in order; the kind names the
reason in the review report. Predicates look at the shape of a line (a phone
number with at most a label around it, an e-mail address, copyright words next
to a copyright sign...), not at one broadcaster's exact wording, and are strict
enough that a spoken sentence mentioning a phone, an e-mail or copyright stays.

A reporter naming themselves ("I'm YTN's Kwon Young-hee.", "YTN 김민수입니다.")
is speech and matches nothing here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

# Label words that may stand next to a contact detail without making it speech.
_CONTACT_LABELS = re.compile(
    r"(?i)\b(?:phone|tel|telephone|call|fax|mail|e-?mail|contact|reporter|tips?)\b|"
    r"전화|메일|이메일|문의|제보|기자"
)
_PHONE = re.compile(r"(?<![\d.])(?:\+\d{1,3}[ -]?)?\(?0?\d{1,3}\)?[ .-]\d{3,4}[ .-]\d{4}(?![\d.])")
_FOUR_DIGITS = re.compile(r"\d{4}")
# Bounded parts (RFC 5321 limits the local part to 64) keep the search linear.
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
# At most this many words may remain on a contact line once the number or
# address and its labels are taken out ("YTN Kwon Young-hee (kyh@ytn.co.kr)").
_MAX_CONTACT_WORDS = 3

_COPYRIGHT_WORD = re.compile(r"(?i)copyright|저작권")
_COPYRIGHT_SIGN = re.compile(r"(?i)©|\(c\)")
_COPYRIGHT_TERMS = re.compile(
    r"(?i)rights? reserved|unauthori[sz]ed|reproduc|redistribut|prohibit|"
    r"무단|전재|재배포|금지"
)

_PROMO = re.compile(
    r"(?i)\b(?:your|viewers?'?)\s+(?:reports?|tips?)\s+"
    r"(?:becomes?|makes?|turns? into)\s+(?:the\s+)?news|"
    r"제보가?\s*뉴스가?\s*됩니다"
)
# "Subscribe to our channel", "구독과 좋아요": both words somewhere on the line.
_SUBSCRIBE = (
    (re.compile(r"(?i)\bsubscribe\b"), re.compile(r"(?i)\bchannel\b")),
    (re.compile("구독"), re.compile("좋아요|알림")),
)
_KAKAOTALK = re.compile(r"(?i)kakao\s*talk|카카오\s*톡|카톡")
_CHANNEL_WORDS = re.compile(r"(?i)\b(?:search|add|channel|friend)\b|검색|채널|추가|친구")

# A credit label: who edited, filmed or drew. Machine translation words these
# many ways ("Edit video", "Video editing", "Camera journalist", "Filming").
_CREDIT = re.compile(
    r"(?i)^\W*(?:"
    r"edit(?:ed|ing|or)?\s*(?:video|footage)|video\s*(?:edit(?:ed|ing|or)?|journalist)|"
    r"camera(?:\s*(?:journalist|reporter|man|woman|operator|work))?|cameraman|"
    r"film(?:ing|ed\s+by)|photograph(?:y|er)|graphics?|cg|"
    r"영상\s*편집|촬영\s*기자|촬영|그래픽|영상\s*취재|편집|자막\s*뉴스\s*[:：]?\s*\S*\s*구성"
    r")\s*[:：]\s*(?P<names>.+)$"
)
# Names after a credit label: short, and not a sentence.
_MAX_CREDIT_WORDS = 8
# Who reported or produced the item: "Reporter: Kwon Young-hee", "기자 : 김민수". These
# labels also mark a speaker ("REPORTER: Troops moved north.", "기자: 춥습니다."; see
# parse), so the line is a credit only when nothing but names follows.
_BYLINE = re.compile(
    r"(?i)^\W*(?:reporter|reported\s+by|correspondent|producer|writer|"
    r"기자|취재\s*기자|프로듀서|작가|pd)\s*[:：]\s*(?P<names>.+)$"
)
# Romanised names ("Kwon Young-hee", "Lee Ji-hoon and Park Min-su") or Korean ones
# ("김민수, 이지은": three syllables, as most are; "서울 시내" is no name), a few of them.
# Compiled on first use (by re's cache), by a byline only: a class of Hangul syllables
# takes millions of instructions to compile, which every start would pay.
_LATIN_NAME = r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){1,3}"
_LATIN_NAMES = rf"{_LATIN_NAME}(?:(?:\s*[,/·]\s*| and ){_LATIN_NAME}){{0,3}}"
_KOREAN_NAMES = r"[가-힣]{3}(?:\s*[,/·]?\s*[가-힣]{3}){0,3}"

# A dateline or timestamp line ("2024.10.25 오전 8:00", "Posted: 2024-10-25 08:00").
_HEADER = re.compile(
    r"(?i)^\W*(?:(?:posted|updated|published|입력|수정|송고)\s*[:：]?\s*)?"
    r"\d{4}[./-]\s*\d{1,2}[./-]\s*\d{1,2}\.?\s*(?:\(\w+\)\s*)?"
    r"(?:(?:오전|오후|am|pm|a\.m\.|p\.m\.)?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?)?\W*$"
)


# A line without a letter or a digit ("***", "-----", "=" * 20, a lone "…"): a separator
# or layout debris, nothing anyone says. (\w is a letter, digit or underscore in any script.)
_WORDLESS = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Rule:
    """A kind of boilerplate and how to recognise one line of it."""

    kind: str
    matches: Callable[[str], bool]


def _is_promo(line: str) -> bool:
    if _PROMO.search(line):
        return True
    return any(a.search(line) and b.search(line) for a, b in _SUBSCRIBE)


def _is_phone(line: str) -> bool:
    # The cheap test first: every number _PHONE matches ends in four digits.
    return bool(_FOUR_DIGITS.search(line)) and _is_contact(line, _PHONE)


def _is_email(line: str) -> bool:
    # The cheap test first: the address pattern is slow on long lines without an "@".
    return "@" in line and _is_contact(line, _EMAIL)


def _is_contact(line: str, detail: re.Pattern[str]) -> bool:
    if not detail.search(line):
        return False
    rest = _CONTACT_LABELS.sub(" ", detail.sub(" ", line))
    words = re.findall(r"\w[\w'’-]*", rest)
    if words and rest.rstrip().endswith((".", "?", "!")):
        return False  # a sentence that mentions a number or address is speech
    return len(words) <= _MAX_CONTACT_WORDS


def _is_copyright(line: str) -> bool:
    # Two of the three marks are needed; the terms (the slowest search) only count
    # next to a copyright word or sign.
    word = bool(_COPYRIGHT_WORD.search(line))
    sign = bool(_COPYRIGHT_SIGN.search(line))
    if word and sign:
        return True
    return (word or sign) and bool(_COPYRIGHT_TERMS.search(line))


def _is_kakaotalk(line: str) -> bool:
    return bool(_KAKAOTALK.search(line) and _CHANNEL_WORDS.search(line))


def _is_credit(line: str) -> bool:
    match = _CREDIT.match(line)
    if match is None:
        byline = _BYLINE.match(line)
        return byline is not None and _only_names(byline["names"].strip())
    names = match["names"].strip()
    if len(names.split()) > _MAX_CREDIT_WORDS or names.endswith(("?", "!")):
        return False
    # Romanised names are capitalised; "Filming: it began at dawn." is a sentence.
    latin_words = re.findall(r"[A-Za-z][\w'’-]*", names)
    return all(word[0].isupper() or word == "and" for word in latin_words)


def _only_names(text: str) -> bool:
    """Whether ``text`` is one to four people's names and nothing else."""
    if re.fullmatch(_LATIN_NAMES, text):
        return True
    # A Korean sentence ends in 다, 요 or 까, often with no stop ("춥습니다").
    return bool(re.fullmatch(_KOREAN_NAMES, text)) and not text.endswith(("다", "요", "까"))


def _is_header(line: str) -> bool:
    return bool(_HEADER.match(line))


# A production note in parentheses on a line of its own, in capitals, as US network
# transcripts write them: "(BEGIN VIDEOTAPE)", "(COMMERCIAL BREAK)", "(END VIDEO CLIP)".
_DIRECTION = re.compile(r"\(\s*[A-Z][A-Z0-9 ,.'’/&-]*\)")


# A page number a document's layout left in the text: "- 2 -", "Page 3 of 5", "p. 3",
# "3 / 5", "2 페이지", "2쪽". A number alone stays: it may end a broken sentence ("rose to" /
# "5.").
_PAGE = re.compile(
    r"(?i)\W*(?:(?:page|pp?\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*(?:of|/)\s*\d{1,4}"
    r"|\d{1,4}\s*(?:페이지|쪽))\W*|[-–—]+\s*\d{1,4}\s*[-–—]+"
)


def _is_page(line: str) -> bool:
    return _PAGE.fullmatch(line.strip()) is not None


def _is_direction(line: str) -> bool:
    return _DIRECTION.fullmatch(line.strip()) is not None


def is_separator(line: str) -> bool:
    """Whether ``line`` is a separator (the first rule of :data:`RULES`)."""
    # A blank line only ends a paragraph: it is not a line to remove.
    return not line.isspace() and _WORDLESS.fullmatch(line) is not None


RULES: tuple[Rule, ...] = (
    Rule("separator", is_separator),
    Rule("copyright", _is_copyright),
    Rule("promo", _is_promo),
    Rule("kakaotalk", _is_kakaotalk),
    Rule("email", _is_email),
    Rule("phone", _is_phone),
    Rule("credit", _is_credit),
    Rule("header", _is_header),
    Rule("direction", _is_direction),
    Rule("page", _is_page),
)

# What each rule but the separator and credit ones needs to find anything: a copyright
# word or sign, a word of a promo or a KakaoTalk line, an "@", a "(", or a digit (a phone
# number ends in four, a header's year has four, a page has a number). A line without a
# rule's clue is not tried on it. The words are looked for with substring searches in the
# line lower-cased (str.lower changes no line break), many times cheaper than a search
# with a regex.
_CLUE_WORDS: dict[str, tuple[str, ...]] = {
    "copyright": ("copyright", "저작권", "©", "(c)"),
    "promo": ("news", "뉴스", "subscribe", "구독"),
    "kakaotalk": ("kakao", "카카오", "카톡"),
    "email": ("@",),
    "direction": ("(",),
}
_DIGIT_KINDS = ("phone", "header", "page")
# Letters that a case-insensitive regex takes for an ASCII letter of a clue word although
# str.lower does not make them one: dotted and dotless i (for "i"), long s (for "s").
# tests/test_clean.py checks every code point. A line with one is tried on every rule.
_CASE_VARIANTS = "\u0130\u0131\u017f"
_ALL_CLUE_WORDS = tuple(word for words in _CLUE_WORDS.values() for word in words)
_ASCII_CLUE_WORDS = tuple(word for word in _ALL_CLUE_WORDS if word.isascii())
_DIGIT = re.compile(r"\d")
_ASCII_DIGITS = "0123456789"
_CLUED_KINDS = frozenset((*_CLUE_WORDS, *_DIGIT_KINDS))
_UNCLUED_KINDS = frozenset(rule.kind for rule in RULES) - _CLUED_KINDS


# any(map(text.__contains__, ...)) below: substring searches without a Python-level
# loop, as these run on every line.
def _has_digit(text: str) -> bool:
    if text.isascii():
        return any(map(text.__contains__, _ASCII_DIGITS))
    return _DIGIT.search(text) is not None


def _has_case_variant(text: str) -> bool:
    return not text.isascii() and any(map(text.__contains__, _CASE_VARIANTS))


def _has_clue(text: str) -> bool:
    words = _ASCII_CLUE_WORDS if text.isascii() else _ALL_CLUE_WORDS
    return _has_digit(text) or _has_case_variant(text) or any(map(text.lower().__contains__, words))


def _clued_kinds(line: str) -> frozenset[str]:
    """The kinds of boilerplate whose clue ``line`` holds (all of them for a case variant)."""
    if not _has_clue(line):
        return frozenset()  # most lines: no word is looked for again, kind by kind
    if _has_case_variant(line):
        return _CLUED_KINDS
    lowered = line.lower()
    kinds = [kind for kind, words in _CLUE_WORDS.items() if any(map(lowered.__contains__, words))]
    if _has_digit(line):
        kinds += _DIGIT_KINDS
    return frozenset(kinds)


@functools.cache
def _rules_for(kinds: frozenset[str]) -> tuple[Rule, ...]:
    """RULES, in order, without the clued rules whose clue a line lacks."""
    return tuple(rule for rule in RULES if rule.kind in kinds or rule.kind in _UNCLUED_KINDS)


def clue_free(text: str) -> bool:
    """Whether no line of ``text`` (lines joined by ``"\\n"``) can be boilerplate but a
    separator, alone or joined to a neighbour by :func:`classify_pair`: it holds no clue
    of a clued rule and no colon, which a credit needs. One look at a whole segment
    spares most lines of speech every other test.

    >>> clue_free("It rained.\\nThe roads closed.")
    True
    >>> clue_free("It rained.\\nEdit video: Kim Hee-jung")
    False
    """
    return not (":" in text or "：" in text or _has_clue(text))


# A line broken by machine translation: one of its parts this short ("Edit" / "video: ...").
_MAX_BROKEN_PART_WORDS = 3
# A headline above the script is a short line that does not end a sentence.
MAX_HEADLINE_WORDS = 20


# Cleaning asks about a line alone and again as half of a pair with each neighbour.
@functools.lru_cache(maxsize=1024)
def classify(line: str) -> str | None:
    """The boilerplate kind of one line, or None if it may be speech.

    >>> classify("[Phone] 02-398-8585")
    'phone'
    >>> classify("Edit video: Kim Hee-jung")
    'credit'
    >>> classify("* * *")
    'separator'
    >>> classify("I'm YTN's Kwon Young-hee.") is None
    True
    """
    for rule in _rules_for(_clued_kinds(line)):
        if rule.matches(line):
            return rule.kind
    return None


def classify_pair(first: str, second: str) -> str | None:
    """The kind of boilerplate that machine translation broke over two lines, or None.

    Only when one of the lines is a short stub and neither is boilerplate alone, so
    two lines of speech are never read as one promo; or when the first is a stub that
    begins the label of a credit on the second, which is a credit alone too ("Camera" /
    "reporter: …": a byline alone, a camera credit with the stub).

    >>> classify_pair("Edit", "video: Kim Hee-jung")
    'credit'
    >>> classify_pair("Video", "Editor: Lee Ji-hoon")
    'credit'
    >>> classify_pair("Camera", "reporter: Oh Se-jin")
    'credit'
    """
    # The cheap test first: most lines of speech are longer than a stub.
    if not (_is_stub(first) or _is_stub(second)):
        return None
    if classify(first) is not None:
        return None
    alone = classify(second)
    joined = classify(f"{first} {second}")
    if alone is None:
        return joined
    # A credit's label is matched from the line's start, so the stub is its beginning.
    return joined if alone == joined == "credit" and _is_stub(first) else None


def _is_stub(line: str) -> bool:
    # Splitting stops once there are more words than a stub has.
    return len(line.split(maxsplit=_MAX_BROKEN_PART_WORDS)) <= _MAX_BROKEN_PART_WORDS
