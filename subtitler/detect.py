"""Which language a transcript (and each of its segments) is in.

langdetect is seeded so the same text always gives the same answer. A private
factory is built on first use (0.2 s) instead of the library's global one, so
importing subtitler stays free and nothing global is reconfigured. Most
transcripts never need it: Korean is told by its script and English by its
commonest words (:func:`detect_language`); langdetect decides the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from subtitler.errors import LanguageError
from subtitler.languages import LANGUAGE_NAMES, SUPPORTED
from subtitler.models import Notice, Segment

if TYPE_CHECKING:
    from langdetect.detector_factory import DetectorFactory

# langdetect is unreliable on a few words; shorter segments are not checked.
MIN_SEGMENT_CHARS = 40
# A sample this long decides as well as the whole text and keeps detection O(1);
# langdetect reads no more than its first 10,000 characters anyway. It is taken in
# pieces spread evenly over the text, so a headline, credits or a long quote at the
# start cannot decide for the rest.
SAMPLE_CHARS = 10_000
SAMPLE_PIECES = 10
# Share of letters that are Hangul above which a text is Korean whatever langdetect says
# (English loanwords and names in Latin script are common in Korean news).
HANGUL_SHARE_KOREAN = 0.3
# The commonest English words: 15-25 % of the words of English news, almost none of
# another language's (Dutch "is" and "was", Polish "to", Romanian "are" are a few per
# cent at most). A sample of at least MIN_SAMPLE_WORDS words with this share of them is
# English without asking langdetect, which saves loading its profiles.
ENGLISH_COMMON_WORDS = frozenset(
    (
        "the and of to is was that with for are have has this will would they were been "
        "from said it he his her their which"
    ).split()
)
ENGLISH_COMMON_SHARE = 0.1
# English news spells a name or a loanword with an accent now and then, not more.
MAX_FOREIGN_WORD_SHARE = 0.01
MIN_SAMPLE_WORDS = 50
# A word: a run of letters, or of the few numeric characters (², ½) that are word
# characters but not digits. A search finds letters much faster than a test of each
# character with str.isalpha.
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# A word character outside ASCII that is no digit: every letter outside ASCII, and a few
# numeric characters (such as "²") that are no letters.
_NON_ASCII_WORD_CHAR = re.compile(r"[^\W\d_\x00-\x7f]")
# Runs of what languages.is_hangul accepts: removing them counts Hangul at once.
_HANGUL_RUN = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")


@cache
def _factory() -> DetectorFactory:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def hangul_share(text: str) -> float:
    """Share of letters in ``text`` that are Hangul.

    >>> hangul_share("북한 troops")
    0.25
    """
    if text.isascii():
        return 0.0  # no Hangul, whatever the letters (most English text, seen at once)
    letters = "".join(_LETTER_RUN.findall(text))
    if not letters.isalpha():  # a numeric character such as "²" was found too: rare
        letters = "".join(filter(str.isalpha, letters))
    if not letters:
        return 0.0
    hangul = len(letters) - len(_HANGUL_RUN.sub("", letters))
    return hangul / len(letters)


def language_sample(text: str) -> str:
    """``text`` itself if short, else SAMPLE_PIECES pieces spread evenly over it.

    >>> language_sample("short text")
    'short text'
    >>> len(language_sample("word " * 100_000)) <= SAMPLE_CHARS + SAMPLE_PIECES
    True
    """
    if len(text) <= SAMPLE_CHARS:
        return text
    size = SAMPLE_CHARS // SAMPLE_PIECES
    step = len(text) // SAMPLE_PIECES
    return "\n".join(text[start : start + size] for start in range(0, step * SAMPLE_PIECES, step))


def guess_language(text: str) -> str | None:
    """The most probable language code of ``text`` (any language langdetect knows), or None."""
    sample = language_sample(text)
    if hangul_share(sample) >= HANGUL_SHARE_KOREAN:
        return "ko"
    return _langdetect(sample)


def _langdetect(sample: str) -> str | None:
    """langdetect's answer for ``sample``, None when it has no letters or no answer."""
    if not any(ch.isalpha() for ch in sample):
        return None
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(sample)
    try:
        best: str = detector.detect()
    except LangDetectException:
        return None
    return best


def detect_language(text: str) -> str:
    """The transcript's language, ``"en"`` or ``"ko"``; LanguageError for anything else.

    >>> detect_language("The anchor said the troops had arrived in Kursk last week.")
    'en'
    """
    sample = language_sample(text)
    if hangul_share(sample) >= HANGUL_SHARE_KOREAN:
        return "ko"
    guessed = "en" if _common_english(sample) else _langdetect(sample)
    if guessed in SUPPORTED:
        return guessed
    if guessed is None:
        raise LanguageError("could not tell the transcript's language (no words found)")
    raise LanguageError(
        f"the transcript looks like {guessed!r}, not English or Korean; "
        "pass --source-lang en or ko if that is wrong"
    )


def segment_language_notices(segments: Sequence[Segment], language: str) -> list[Notice]:
    """A warning for each long-enough segment that reads as another language than the transcript.

    langdetect costs milliseconds a call, too much for every segment of a long
    transcript, so it runs only on segments whose script already hints at another
    language: Hangul in an English transcript, letters outside ASCII (French,
    German, Vietnamese...) in an English one, too little Hangul in a Korean one.
    """
    found = (segment_language_notice(segment, language) for segment in segments)
    return [notice for notice in found if notice is not None]


def segment_language_notice(segment: Segment, language: str) -> Notice | None:
    """The warning of :func:`segment_language_notices` for one segment, or None."""
    return text_language_notice(segment.text, segment.line, language)


def text_language_notice(text: str, line: int, language: str) -> Notice | None:
    """:func:`segment_language_notice` of a segment's ``text`` that starts on ``line``."""
    if len(text) < MIN_SEGMENT_CHARS or not _script_hints_other(text, language):
        return None
    found = guess_language(text)
    if found is None or found == language:
        return None
    name = LANGUAGE_NAMES.get(found, found)
    return Notice(
        code="segment-language",
        line=line,
        message=f"this segment reads as {name} ({found}), "
        f"not {LANGUAGE_NAMES[language]}; it is subtitled as {language}",
    )


def _script_hints_other(text: str, language: str) -> bool:
    """Whether the letters of ``text`` suggest a language other than ``language``.

    >>> _script_hints_other("Plain English words.", "en"), _script_hints_other("Déjà vu", "en")
    (False, True)
    """
    if language == "ko":
        # Most segments are plainly Korean, which cheap counts tell: Hangul letters make
        # up enough of all characters but spaces (a share no larger than the share of
        # letters hangul_share counts one by one). Without its spaces the text's Hangul
        # runs are whole phrases, removed a few at a time; U+3130 and U+318F, in the
        # pattern's class, are no letters.
        unspaced = text.replace(" ", "")
        hangul = len(unspaced) - len(_HANGUL_RUN.sub("", unspaced))
        hangul -= unspaced.count("\u3130") + unspaced.count("\u318f")
        if hangul > 0 and hangul / len(unspaced) >= HANGUL_SHARE_KOREAN:
            return False
        return hangul_share(text) < HANGUL_SHARE_KOREAN
    # A letter outside ASCII: the search passes over ASCII and punctuation (curly quotes,
    # dashes, ellipses are common in English) at once; the few it stops at are checked.
    return not text.isascii() and any(
        found[0].isalpha() for found in _NON_ASCII_WORD_CHAR.finditer(text)
    )


def _common_english(sample: str) -> bool:
    """Whether enough of the words of ``sample`` are the commonest English words.

    >>> _common_english("The talks ended and the officials said they would meet again. " * 5)
    True
    >>> _common_english("Die Gespräche endeten, und die Beamten wollen sich erneut treffen. " * 5)
    False
    """
    words = _LETTER_RUN.findall(sample.lower())
    if len(words) < MIN_SAMPLE_WORDS:
        return False
    # Accented letters are everyday in almost every other language written in Latin
    # letters (and in a loaded sample of one, the common words can pass): such a text
    # goes to langdetect whatever its English words.
    foreign = 0 if sample.isascii() else sum(1 for word in words if not word.isascii())
    if foreign > MAX_FOREIGN_WORD_SHARE * len(words):
        return False
    common = sum(map(ENGLISH_COMMON_WORDS.__contains__, words))
    return common >= ENGLISH_COMMON_SHARE * len(words)
