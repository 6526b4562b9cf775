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
from collections.abc import Mapping, Sequence

from subtitler.constants import MAX_CUE_MS
from subtitler.languages import HALF_UNIT_WIDTHS, LanguageProfile
from subtitler.layout import chunk_lines_widths
from subtitler.models import Cue, Segment, Sentence, TimingOptions
from subtitler.parallel import map_parallel
from subtitler.timing import durations, max_cue_width, place, timed_cues

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
    drafts, widths = _merge_short_sentences(sentences, laid_out, lang)
    timed = timed_cues(drafts, widths, lang)
    if timing == NO_PLACEMENT:
        # The estimated timeline is placed already: it starts at 0, every duration is
        # clamped to the limits and every pause is at least the minimum gap, which is
        # all place() would enforce (tests/test_cues.py checks it stays so).
        return timed
    return place(timed, timing)


# A cue not yet timed: its lines, segment and sentences.
_Draft = tuple[tuple[str, ...], int, tuple[int, ...]]


def _lay_out(
    lang: LanguageProfile, texts: Sequence[str]
) -> list[list[tuple[tuple[str, ...], float]]]:
    """The lines of each cue-sized piece of each text, with the width of the piece's text
    (what a worker process does)."""
    width = max_cue_width(lang)
    laid_out = []
    for text in texts:
        pieces = []
        for piece, lines, piece_width in chunk_lines_widths(text, lang, width):
            if lines is None:  # chunk guarantees every piece can be laid out
                raise AssertionError(f"cannot lay out {piece!r}")
            pieces.append((lines, piece_width))  # the lines joined are the piece
        laid_out.append(pieces)
    return laid_out


def _merge_short_sentences(
    sentences: Sequence[Sentence],
    laid_out: Sequence[Sequence[tuple[tuple[str, ...], float]]],
    lang: LanguageProfile,
) -> tuple[list[_Draft], list[float]]:
    """The drafts of the sentences' pieces, neighbouring whole sentences of one speaker
    joined when one of them is short, and the width of each draft's text."""
    merged: list[_Draft] = []
    widths: list[float] = []
    duration_of = durations(lang)
    units_per_second = lang.speech_units_per_second
    # Whether the last draft holds whole sentences only (each laid out as one piece).
    whole_before = False
    for index, (sentence, pieces) in enumerate(zip(sentences, laid_out, strict=True)):
        segment = sentence.segment
        whole = len(pieces) == 1
        for lines, width in pieces:
            if (
                whole
                and whole_before
                and merged[-1][1] == segment
                # The shorter of the two is said in less than SHORT_SENTENCE_MS.
                and min(widths[-1], width) / units_per_second * 1000 < SHORT_SENTENCE_MS
            ):
                joined = _join(merged[-1], widths[-1], lines, width, index, lang, duration_of)
                if joined is not None:
                    merged[-1], widths[-1] = joined
                    continue
            merged.append((lines, segment, (index,)))
            widths.append(width)
            whole_before = whole
    return merged, widths


def _join(
    first: _Draft,
    first_width: float,
    lines: tuple[str, ...],
    width: float,
    index: int,
    lang: LanguageProfile,
    duration_of: Mapping[float, int],
) -> tuple[_Draft, float] | None:
    """Sentence ``index``, laid out as ``lines``, joined to the draft before it in one cue
    (on one line, or one a line when each fits one), and its text's width; None when they
    do not fit one cue. ``first_width`` and ``width`` are the widths of the texts of the
    draft and of ``lines``; ``duration_of`` is :func:`subtitler.timing.durations`."""
    first_lines, segment, sentences = first
    if lang.width in HALF_UNIT_WIDTHS:
        # Such widths add up: the joined text's is its two parts' and the space's, which
        # spares making a text that most often goes on two lines.
        joined_width = first_width + lang.width(" ") + width
    else:
        joined_width = lang.width(_on_one_line(first_lines, lines))
    if joined_width > max_cue_width(lang) or duration_of[joined_width] >= MAX_CUE_MS:
        return None
    if joined_width <= lang.max_line_width:
        joined: tuple[str, ...] = (_on_one_line(first_lines, lines),)
    elif len(first_lines) == 1 and len(lines) == 1 and lang.max_lines >= 2:
        joined = (first_lines[0], lines[0])
    else:
        return None
    return (joined, segment, (*sentences, index)), joined_width


def _on_one_line(first_lines: tuple[str, ...], lines: tuple[str, ...]) -> str:
    return f"{' '.join(first_lines)} {' '.join(lines)}"
