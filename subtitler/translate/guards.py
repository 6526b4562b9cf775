"""Checks on a machine translation that tell the reviewer where to look.

Nothing here changes a translation: each guard returns :class:`~subtitler.models.Notice`
values with a stable code, so the review report can list them and a test can name them.

========================== ==============================================================
code                       what it catches
========================== ==============================================================
translation-empty          the engine returned nothing for a sentence with words
translation-repetition     a decoding loop: the same word group repeated over and over
translation-symbols        stray symbols, unknown-piece marks (⁇), control characters
translation-length-ratio   a translation implausibly short (dropped text) or long (babble)
translation-number-missing a number of the source absent from the translation
translation-untranslated   source script left in the output (Hangul in English output;
                           a run of English words in Korean output)
========================== ==============================================================
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal

from subtitler.languages import is_hangul, profile
from subtitler.models import Cue, Notice
from subtitler.translate.numbers import numbers

# A loop is the same group of 1..4 words repeated this many times in a row ("the the the").
# Three in a row is already rare in news ("very, very, very" is two repeats of one word).
_LOOP_REPEATS = 3
_LOOP_MAX_NGRAM = 4
# A single letter repeated this often inside a word ("아아아아아아") is a character loop.
_CHAR_RUN = 6
# Share of non-space characters that may be symbols before the translation is suspicious.
_SYMBOL_SHARE = 0.15
# Punctuation that translations legitimately carry; anything else of category P*/S* is counted.
_ORDINARY_PUNCT = set(".,?!'\"-–—%:;()…“”‘’·/&$€£₩¥+")
# SentencePiece renders an unknown piece as " ⁇ "; CTranslate2 may emit "<unk>".
_UNKNOWN_MARKS = ("⁇", "<unk>", "\ufffd")

# Expected target width / source width (width units of each language, languages.py).
# Korean packs a syllable into one unit where English spends ~2.5 letters, so en->ko
# translations measure about 0.45 of the source and ko->en about 2.2 (measured on
# parallel news sentences written for the tests). A factor of 3 either way is far outside
# what a faithful translation does and catches dropped clauses and babble.
_TYPICAL_RATIO = {("en", "ko"): 0.45, ("ko", "en"): 2.2}
_RATIO_SLACK = 3.0
# Short sentences ("Yes.", "네.") vary too much to judge by length.
_RATIO_MIN_SOURCE_WIDTH = 12.0

# English output with Hangul, or Korean output with this many English words in a row
# (names, glossary terms and acronyms excepted), was not translated.
_LATIN_RUN = 3

_WORD = re.compile(r"\S+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


def check_translation(
    source: str,
    translation: str,
    source_lang: str,
    target_lang: str,
    *,
    keep: Iterable[str] = (),
) -> list[Notice]:
    """Every guard's notices for one sentence and its translation.

    ``keep`` are strings allowed to stay in the source script (glossary terms, names). The
    notices have ``line`` 0 and no cue: :func:`locate` attaches them to target cues.

    >>> [n.code for n in check_translation("It cost 480 billion won.", "480억 원이 들었다.",
    ...                                    "en", "ko")]
    ['translation-number-missing']
    >>> check_translation("It cost 480 billion won.", "4,800억 원이 들었다.", "en", "ko")
    []
    """
    if not source.strip():
        return []
    keep = tuple(k for k in keep if k)

    def notice(code: str, message: str) -> Notice:
        return Notice(code=code, line=0, message=message, language=target_lang)

    if not translation.strip():
        return [notice("translation-empty", f"no translation for {_quote(source)}")]
    found: list[Notice] = []
    loop = repetition(translation)
    if loop and not repetition(source):
        found.append(
            notice("translation-repetition", f"repeats {_quote(loop)}: {_quote(translation)}")
        )
    if symbol_share(translation) > _SYMBOL_SHARE or any(m in translation for m in _UNKNOWN_MARKS):
        found.append(notice("translation-symbols", f"stray symbols in {_quote(translation)}"))
    ratio = length_ratio(source, translation, source_lang, target_lang)
    if ratio is not None:
        low, high = ratio_bounds(source_lang, target_lang)
        if not low <= ratio <= high:
            found.append(
                notice(
                    "translation-length-ratio",
                    f"translation is {ratio:.2f}x the source width (expected {low:.2f}-"
                    f"{high:.2f}): {_quote(translation)}",
                )
            )
    missing = missing_numbers(source, translation, source_lang, target_lang)
    if missing:
        listed = ", ".join(_format_number(v) for v in missing)
        found.append(
            notice(
                "translation-number-missing",
                f"number {listed} of {_quote(source)} not in {_quote(translation)}",
            )
        )
    left = untranslated(translation, source_lang, keep)
    if left:
        found.append(
            notice(
                "translation-untranslated",
                f"{_quote(left)} left untranslated in {_quote(translation)}",
            )
        )
    return found


def repetition(text: str) -> str | None:
    """The word group that repeats ``_LOOP_REPEATS`` times in a row, if any.

    >>> repetition("정부는 정부는 정부는 발표했다")
    '정부는'
    >>> repetition("he said it was very, very good") is None
    True
    >>> repetition("아아아아아아아")
    '아'
    """
    words = [w.strip(".,!?…\"'").lower() for w in _WORD.findall(text)]
    for n in range(1, _LOOP_MAX_NGRAM + 1):
        for i in range(len(words) - n * _LOOP_REPEATS + 1):
            gram = words[i : i + n]
            if not any(gram):
                continue
            if all(words[i + k * n : i + (k + 1) * n] == gram for k in range(1, _LOOP_REPEATS)):
                return " ".join(gram)
    run = re.search(rf"([^\W\d_])\1{{{_CHAR_RUN - 1},}}", text)
    return run.group(1) if run else None


def symbol_share(text: str) -> float:
    """Share of non-space characters that are neither letters, digits nor ordinary punctuation.

    >>> symbol_share("좋습니다.")
    0.0
    >>> symbol_share("§§ ## 좋")
    0.8
    """
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 0.0
    odd = sum(1 for ch in chars if _is_stray(ch))
    return odd / len(chars)


def _is_stray(ch: str) -> bool:
    if ch in _ORDINARY_PUNCT or ch.isalnum():
        return False
    category = unicodedata.category(ch)
    return category[0] in "PSC"


def length_ratio(source: str, translation: str, source_lang: str, target_lang: str) -> float | None:
    """Target width over source width, or None when the source is too short to judge.

    >>> round(length_ratio("The minister resigned on Monday.", "장관이 월요일에 사임했다.",
    ...                    "en", "ko") or 0, 2)
    0.39
    """
    source_width = profile(source_lang).width(source)
    if source_width < _RATIO_MIN_SOURCE_WIDTH:
        return None
    return profile(target_lang).width(translation) / source_width


def ratio_bounds(source_lang: str, target_lang: str) -> tuple[float, float]:
    """The plausible range of :func:`length_ratio` for a language pair.

    >>> ratio_bounds("en", "ko")
    (0.15, 1.35)
    """
    typical = _TYPICAL_RATIO.get((source_lang, target_lang), 1.0)
    return round(typical / _RATIO_SLACK, 2), round(typical * _RATIO_SLACK, 2)


def missing_numbers(
    source: str, translation: str, source_lang: str, target_lang: str
) -> list[Decimal]:
    """Source numbers whose value the translation does not carry, smallest first.

    The translation side also reads spelled numbers ("세 명", "three"), since a translator
    may write small numbers out.

    >>> missing_numbers("20,000 people", "2만 명", "en", "ko")
    []
    >>> missing_numbers("20,000 people", "2천 명", "en", "ko")
    [Decimal('20000')]
    """
    have = numbers(translation, target_lang, spelled=True)
    return sorted(v for v in numbers(source, source_lang) if v not in have)


def untranslated(translation: str, source_lang: str, keep: Sequence[str] = ()) -> str | None:
    """Source-script text left in the translation, or None.

    From Korean: any Hangul. From English: a run of ``_LATIN_RUN`` English words, or English
    words and no Hangul at all; ``keep`` strings (names, glossary terms) and acronyms (all
    capitals) are allowed.

    >>> untranslated("The 정부 said", "ko")
    '정부'
    >>> untranslated("대통령은 the government said that 말했다", "en")
    'the government said that'
    >>> untranslated("BTS는 NATO 회의에서 Kim Min-ji와 만났다", "en", ["Kim Min-ji"]) is None
    True
    """
    if source_lang == "ko":
        hangul = re.findall(r"\S*[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]\S*", translation)
        return " ".join(hangul) if hangul else None
    text = translation
    for term in sorted(keep, key=len, reverse=True):
        text = text.replace(term, " ")
    runs: list[list[str]] = [[]]
    for word in _WORD.findall(text):
        bare = word.strip(".,!?…\"'()“”‘’")
        latin = _LATIN_WORD.fullmatch(bare) is not None
        acronym = latin and bare.replace(".", "").replace("-", "").isupper()
        if latin and not acronym:
            runs[-1].append(bare)
        elif runs[-1]:
            runs.append([])
    longest = max(runs, key=len)
    if len(longest) >= _LATIN_RUN:
        return " ".join(longest)
    if any(runs) and not any(is_hangul(ch) for ch in text):
        return " ".join(w for run in runs for w in run)
    return None


def locate(
    sentence_notices: Iterable[tuple[int, Notice]], cues: Sequence[Cue]
) -> tuple[Notice, ...]:
    """Attach notices about sentences to the first cue (1-based) that carries each sentence.

    Per :class:`~subtitler.models.Notice`, a notice about a cue has ``line`` 0 and the cue's
    number; a sentence no cue carries keeps the notice as given.

    >>> cue = Cue(0, 1000, ("안녕",), 0, (4,))
    >>> locate([(4, Notice("translation-empty", 7, "x"))], [cue])[0].cue
    1
    """
    first_cue: dict[int, int] = {}
    for number, cue in enumerate(cues, start=1):
        for index in cue.sentences:
            first_cue.setdefault(index, number)
    located = []
    for index, item in sentence_notices:
        cue_number = first_cue.get(index)
        located.append(item if cue_number is None else replace(item, line=0, cue=cue_number))
    return tuple(located)


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1]}…"'


def _format_number(value: Decimal) -> str:
    return format(value, ",f")
