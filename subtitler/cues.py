"""Sentences to timed cues: chunk, merge short neighbours, lay out lines, time.

Each sentence is chunked (:func:`subtitler.layout.chunk`) into pieces that fit
one cue: within the line limits and short enough to be read at ``max_cps``
within ``MAX_CUE_MS``. Consecutive short sentences of one speaker may share a
cue, either on one line ("Thank you. Good evening.") or one sentence a line,
as subtitlers do for greetings and one-word answers; a cue never mixes two
speakers. Lines come from :func:`subtitler.layout.break_lines`, times from
:mod:`subtitler.timing`. Sentences are laid out independently of each other,
so a long transcript's are spread over the machine's cores
(:mod:`subtitler.parallel`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from subtitler.constants import MAX_CUE_MS
from subtitler.languages import LanguageProfile
from subtitler.layout import chunk_lines
from subtitler.models import Cue, Segment, Sentence, TimingOptions
from subtitler.parallel import map_parallel
from subtitler.timing import assign_times, estimate_duration_ms, max_cue_width, place

# A sentence spoken in less than this is short enough to share a cue with a neighbour:
# alone it would flash by at about the minimum cue duration.
SHORT_SENTENCE_MS = 1500
# Below this many sentences (about 0.1 s of layout) worker processes would not pay.
PARALLEL_MIN_SENTENCES = 2000
# The default timing: from 0 ms, no scaling, no frame snapping.
NO_PLACEMENT = TimingOptions()


def build_cues(
    segments: Sequence[Segment],
    sentences: Sequence[Sentence],
    lang: LanguageProfile,
    timing: TimingOptions = NO_PLACEMENT,
) -> tuple[Cue, ...]:
    """Timed cues for ``sentences`` in ``lang``, placed on the timeline ``timing`` describes.

    >>> from subtitler.languages import ENGLISH
    >>> from subtitler.sentences import sentences_of
    >>> text = "Good evening. I'm Kim Ji-won, and here is the news at nine. Thank you."
    >>> segs = [Segment("anchor", None, None, text, 1)]
    >>> for cue in build_cues(segs, sentences_of(segs, ENGLISH), ENGLISH):
    ...     print(cue.start_ms, cue.end_ms, cue.lines, cue.sentences)
    0 839 ('Good evening.',) (0,)
    1089 3993 ("I'm Kim Ji-won,", 'and here is the news at nine.') (1,)
    4243 5076 ('Thank you.',) (2,)
    """
    for sentence in sentences:
        if not 0 <= sentence.segment < len(segments):
            raise ValueError(f"sentence {sentence.text!r} names segment {sentence.segment}")
    laid_out = map_parallel(
        functools.partial(_lay_out, lang),
        [sentence.text for sentence in sentences],
        min_items=PARALLEL_MIN_SENTENCES,
        weight=len,
    )
    # Drafts are cues not yet timed, at 0 ms.
    drafts = [
        Cue(0, 0, lines, sentence.segment, (index,))
        for index, (sentence, pieces) in enumerate(zip(sentences, laid_out, strict=True))
        for lines in pieces
    ]
    timed = assign_times(_merge_short_sentences(drafts, lang), lang)
    if timing == NO_PLACEMENT:
        # The estimated timeline is placed already: it starts at 0, every duration is
        # clamped to the limits and every pause is at least the minimum gap, which is
        # all place() would enforce (tests/test_cues.py checks it stays so).
        return timed
    return place(timed, timing)


def _lay_out(lang: LanguageProfile, texts: Sequence[str]) -> list[list[tuple[str, ...]]]:
    """The lines of each cue-sized piece of each text (what a worker process does)."""
    width = max_cue_width(lang)
    laid_out = []
    for text in texts:
        pieces = []
        for piece, lines in chunk_lines(text, lang, width):
            if lines is None:  # chunk guarantees every piece can be laid out
                raise AssertionError(f"cannot lay out {piece!r}")
            pieces.append(lines)
        laid_out.append(pieces)
    return laid_out


def _merge_short_sentences(drafts: Sequence[Cue], lang: LanguageProfile) -> list[Cue]:
    """Join neighbouring whole-sentence cues of one speaker when one of them is short."""
    pieces_of: dict[int, int] = {}
    for draft in drafts:
        for index in draft.sentences:
            pieces_of[index] = pieces_of.get(index, 0) + 1
    merged: list[Cue] = []
    widths: list[float] = []  # of each merged cue's text, measured once
    for draft in drafts:
        width = lang.width(draft.text)
        whole = all(pieces_of[index] == 1 for index in draft.sentences)
        if whole and merged and _may_join(merged[-1], widths[-1], draft, width, pieces_of, lang):
            joined = _join(merged[-1], draft, lang)
            if joined is not None:
                merged[-1], widths[-1] = joined
                continue
        merged.append(draft)
        widths.append(width)
    return merged


def _may_join(
    first: Cue,
    first_width: float,
    second: Cue,
    second_width: float,
    pieces_of: dict[int, int],
    lang: LanguageProfile,
) -> bool:
    if first.segment != second.segment:
        return False
    if any(pieces_of[index] != 1 for index in first.sentences):
        return False
    return _speech_ms(min(first_width, second_width), lang) < SHORT_SENTENCE_MS


def _join(first: Cue, second: Cue, lang: LanguageProfile) -> tuple[Cue, float] | None:
    """The two drafts in one cue (on one line, or one a line when each fits one) and its
    text's width; None when they do not fit one cue."""
    text = f"{first.text} {second.text}"
    width = lang.width(text)
    if width > max_cue_width(lang) or estimate_duration_ms(text, lang) >= MAX_CUE_MS:
        return None
    if width <= lang.max_line_width:
        lines: tuple[str, ...] = (text,)
    elif len(first.lines) == 1 and len(second.lines) == 1 and lang.max_lines >= 2:
        lines = (first.lines[0], second.lines[0])
    else:
        return None
    return Cue(0, 0, lines, first.segment, (*first.sentences, *second.sentences)), width


def _speech_ms(width: float, lang: LanguageProfile) -> float:
    """How long text of ``width`` takes to say."""
    return width / lang.speech_units_per_second * 1000
