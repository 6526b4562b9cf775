"""Split segment text into sentences.

A sentence ends at a word whose last character (closing quotes and brackets
aside) is ``.``, ``?``, ``!`` or an ellipsis, unless the context says the
period belongs to something else:

- an abbreviation from ``lang.abbreviations`` ("Mr.", "U.S.", "a.m.") or a
  single-letter initial ("J.") ends a sentence only when the next word is a
  capitalised function word ("... in the U.S. The talks ..."), since a name or
  noun usually follows a title or an initial;
- an ellipsis, or an end inside closing quotes, followed by a lower-case word
  continues the sentence (``"Why?" he asked.``); in Korean, which has no
  capitals, it ends the sentence only after a sentence-final ending (``다…``);
- in Korean, a next word that is a particle (``"갑니다." 라고``) continues it.

Decimals ("3.5") never split because only word ends are considered, and a
number opening a paragraph ("1. First, ...") is a list number. A
paragraph break (``"\\n"`` in ``Segment.text``) always ends a sentence, so a
Korean line without final punctuation is one sentence. Korean formal endings
(``니다``) also end a sentence without punctuation: machine transcripts often
drop the period, and no word ending in ``니다`` continues a sentence.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

from subtitler.languages import LanguageProfile, is_hangul
from subtitler.models import Segment, Sentence, SourceLine

_CLOSERS = "\"'”’»)]}›」』"
_OPENERS = "\"'“‘«([{‹「『"
_TERMINALS = ".?!…。？！"
_ELLIPSIS = re.compile(r"(\.\.\.|…)$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_LIST_NUMBER = re.compile(r"^\d{1,2}\.$")
# Korean endings that close a sentence even without a period (see the module docstring).
_BARE_KOREAN_ENDINGS = ("니다",)
# The end of a word that ends in a mark or a closer, or (in a language with particles)
# in a bare Korean ending: the only words but a paragraph's last that can end a sentence.
_MARKED_END = re.compile(f"[{re.escape(_TERMINALS + _CLOSERS)}](?= |$)")
# Written as alternatives that each begin with a plain character, not as a character
# class or an ending: then the search skips ahead to their first characters at once.
_MARKED_OR_BARE_END = re.compile(
    f"(?:{'|'.join(map(re.escape, [*_TERMINALS, *_CLOSERS, *_BARE_KOREAN_ENDINGS]))})(?= |$)"
)
# What _attaches_to_previous strips and looks for.
_ATTACHED_TRAILERS = _CLOSERS + _TERMINALS + ",;:"
_ATTACHED_STARTS = tuple(",;:)]}”’")


def split_sentences(text: str, lang: LanguageProfile) -> list[str]:
    """The sentences of ``text``, whitespace normalised, words unchanged and in order.

    >>> from subtitler.languages import ENGLISH, KOREAN
    >>> split_sentences('Mr. Kim arrived at 9 a.m. He said, "We will go." Then he left.', ENGLISH)
    ['Mr. Kim arrived at 9 a.m.', 'He said, "We will go."', 'Then he left.']
    >>> split_sentences("비가 옵니다 내일은 맑겠습니다\\n감사합니다", KOREAN)
    ['비가 옵니다', '내일은 맑겠습니다', '감사합니다']
    """
    return _split_paragraphs([_single_spaced(p) for p in text.split("\n")], lang)


def _split_paragraphs(paragraphs: Sequence[str], lang: LanguageProfile) -> list[str]:
    """:func:`split_sentences` of paragraphs already single-spaced (:func:`_single_spaced`)."""
    sentences: list[str] = []
    # Only the words a search finds can end a sentence before the paragraph does (see
    # _ends_sentence): most words are never looked at one by one.
    word_ends = _MARKED_OR_BARE_END if lang.particles else _MARKED_END
    # A list number on a line of its own ("1.") opens the next line's sentence.
    number = ""
    for line in paragraphs:
        if number and line:
            line = f"{number} {line}"
            number = ""
        start = 0
        for found in word_ends.finditer(line):
            cut = found.end()
            if cut == len(line):
                break  # the paragraph's last word ends a sentence anyway
            word_start = line.rfind(" ", 0, cut) + 1
            word = line[word_start:cut]
            if word_start == 0 and _LIST_NUMBER.match(word):
                continue  # "1. The first point": a list number opens the paragraph
            following_end = line.find(" ", cut + 1)
            following = line[cut + 1 : following_end if following_end >= 0 else len(line)]
            if _ends_sentence(word, following, lang):
                sentences.append(line[start:cut])
                start = cut + 1
        rest = line[start:]
        if start == 0 and " " not in rest and _LIST_NUMBER.match(rest):
            number = rest
        elif rest:
            sentences.append(rest)
    if number:
        sentences.append(number)
    return sentences


def _single_spaced(text: str) -> str:
    """``text`` with every run of whitespace made one space and none at either end.

    Text that is so already (normalised transcript lines) is returned as it is
    after a cheap look: a printable string has no whitespace but the plain space,
    since every other whitespace character is a control or a separator.

    >>> _single_spaced(" two\\t words ")
    'two words'
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _ends_sentence(word: str, following: str, lang: LanguageProfile) -> bool:
    """Whether ``word`` ends a sentence, given the word after it."""
    core = word.rstrip(_CLOSERS)
    quoted = core != word
    if not core:
        return False
    if core[-1] not in _TERMINALS:
        return _bare_korean_end(core, following, lang)
    if _attaches_to_previous(following, lang):
        return False
    if _ELLIPSIS.search(core) or quoted:
        if _starts_caseless(following) and lang.sentence_final_endings:
            # Korean has no capitals to tell: the ending before the mark decides.
            return core.rstrip(_TERMINALS).endswith(lang.sentence_final_endings)
        return not _starts_lowercase(following)
    if core[-1] == "." and _is_abbreviation(core, lang):
        return _opens_sentence(following, lang)
    return True


def _is_abbreviation(core: str, lang: LanguageProfile) -> bool:
    stem = core.lstrip(_OPENERS)
    return bool(_INITIAL.match(stem)) or stem[:-1].lower() in lang.abbreviations


def _opens_sentence(word: str, lang: LanguageProfile) -> bool:
    """A capitalised function word ("The", "He", "But"): after an abbreviation it starts anew."""
    stem = word.lstrip(_OPENERS)
    if not stem[:1].isupper():
        return False
    lowered = stem.rstrip(",;:").lower()
    return lowered in lang.no_break_after or lowered in lang.break_before


def _starts_caseless(word: str) -> bool:
    stem = word.lstrip(_OPENERS)
    return bool(stem) and not stem[0].isupper() and not stem[0].islower()


def _starts_lowercase(word: str) -> bool:
    stem = word.lstrip(_OPENERS)
    return stem[:1].islower()


def _attaches_to_previous(word: str, lang: LanguageProfile) -> bool:
    """A particle or closing punctuation written apart still belongs to the sentence before."""
    if word.startswith(_ATTACHED_STARTS) or word.rstrip(_ATTACHED_TRAILERS) in lang.particles:
        return True
    # A token of punctuation only ("—", "...") cannot open a sentence (most words are
    # letters only, which one call tells).
    return not (word.isalnum() or any(map(str.isalnum, word)))


def _bare_korean_end(core: str, following: str, lang: LanguageProfile) -> bool:
    return (
        bool(lang.particles)
        and core.endswith(_BARE_KOREAN_ENDINGS)
        and is_hangul(core[-1])
        and not _attaches_to_previous(following, lang)
    )


def sentences_of(segments: Sequence[Segment], lang: LanguageProfile) -> tuple[Sentence, ...]:
    """Every segment's sentences, in order, each with its segment index and source line.

    The line is found by looking for the sentence's first words in the segment's
    source lines (``Segment.lines``), moving forward only; cleaning may have
    changed a word, so it falls back to the first word alone, then to the line
    of the previous sentence (at first the segment's own line). It is therefore
    approximate when cleaning rewrote the start of a sentence.

    >>> from subtitler.languages import ENGLISH
    >>> from subtitler.models import SourceLine
    >>> seg = Segment("anchor", None, None, "Good evening. Here is the news.\\nRain is coming.", 3,
    ...               (SourceLine(3, "[Anchor] Good evening. Here is the news."),
    ...                SourceLine(4, "Rain is coming.")))
    >>> [(s.text, s.line) for s in sentences_of([seg], ENGLISH)]
    [('Good evening.', 3), ('Here is the news.', 3), ('Rain is coming.', 4)]
    """
    return tuple(
        Sentence(text=text, segment=index, line=line)
        for index, segment in enumerate(segments)
        for text, line in sentence_lines(segment, lang)
    )


def sentence_lines(segment: Segment, lang: LanguageProfile) -> list[tuple[str, int]]:
    """Each sentence of one segment with the source line it starts on (see :func:`sentences_of`)."""
    return text_sentence_lines(segment.text, segment.lines, segment.line, lang)


def text_sentence_lines(
    text: str, lines: Sequence[SourceLine], line: int, lang: LanguageProfile
) -> list[tuple[str, int]]:
    """:func:`sentence_lines` of a segment with ``text``, source ``lines`` and first ``line``."""
    raw = [source.text for source in lines]
    spaced_lines = [_single_spaced(source) for source in raw]
    paragraphs = text.split("\n")
    # Where cleaning changed nothing the paragraphs are the source lines: spaced once.
    spaced = spaced_lines if paragraphs == raw else [_single_spaced(p) for p in paragraphs]
    # The lines are one text, so each probe is one search of it from the current line
    # on (a probe holds no line break), not a search of line after line.
    joined = "\n".join(spaced_lines)
    starts = list(itertools.accumulate((len(source) + 1 for source in spaced_lines), initial=0))
    cursor, last = 0, line
    found: list[tuple[str, int]] = []
    for sentence in _split_paragraphs(spaced, lang):
        words = sentence.split(maxsplit=3)[:3]
        # Its first three words, else its first word alone.
        for probe in (" ".join(words), words[0]) if words else ():
            at = joined.find(probe, starts[cursor])
            if at >= 0:
                cursor = bisect.bisect_right(starts, at) - 1
                last = lines[cursor].number
                break
        found.append((sentence, last))
    return found
