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
        return False
    names = match["names"].strip()
    if len(names.split()) > _MAX_CREDIT_WORDS or names.endswith(("?", "!")):
        return False
    # Romanised names are capitalised; "Filming: it began at dawn." is a sentence.
    latin_words = re.findall(r"[A-Za-z][\w'’-]*", names)
    return all(word[0].isupper() or word == "and" for word in latin_words)


def _is_header(line: str) -> bool:
    return bool(_HEADER.match(line))


def _is_separator(line: str) -> bool:
    # A blank line only ends a paragraph: it is not a line to remove.
    return not line.isspace() and _WORDLESS.fullmatch(line) is not None


RULES: tuple[Rule, ...] = (
    Rule("separator", _is_separator),
    Rule("copyright", _is_copyright),
    Rule("promo", _is_promo),
    Rule("kakaotalk", _is_kakaotalk),
    Rule("email", _is_email),
    Rule("phone", _is_phone),
    Rule("credit", _is_credit),
    Rule("header", _is_header),
)

# Something every rule but the separator and credit ones needs to find (a copyright word
# or sign, the words of a promo or a KakaoTalk line, an "@", the four digits that end a
# phone number or make a header's year): one search rules them out together for most lines.
# The lookahead holds the first character of every clue: checked first, it lets the
# search pass over most positions at once (twice as fast as trying each clue there).
_CLUES = re.compile(
    r"(?i)(?=[c저©(n됩s구k카@\d])"
    r"(?:copyright|저작권|©|\(c\)|news|됩니다|subscribe|구독|kakao|카카오|카톡|@|\d{4})"
)
_WITHOUT_CLUES = tuple(rule for rule in RULES if rule.kind in ("separator", "credit"))

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
    rules = RULES if _CLUES.search(line) else _WITHOUT_CLUES
    for rule in rules:
        if rule.matches(line):
            return rule.kind
    return None


def classify_pair(first: str, second: str) -> str | None:
    """The kind of boilerplate that machine translation broke over two lines, or None.

    Only when neither line is boilerplate alone and one of them is a short
    stub, so two lines of speech are never read as one promo.

    >>> classify_pair("Edit", "video: Kim Hee-jung")
    'credit'
    >>> classify_pair("Video", "Editor: Lee Ji-hoon")
    'credit'
    """
    # The cheap test first: most lines of speech are longer than a stub.
    if not (_is_stub(first) or _is_stub(second)):
        return None
    if classify(first) is not None or classify(second) is not None:
        return None
    return classify(f"{first} {second}")


def _is_stub(line: str) -> bool:
    # Splitting stops once there are more words than a stub has.
    return len(line.split(maxsplit=_MAX_BROKEN_PART_WORDS)) <= _MAX_BROKEN_PART_WORDS
