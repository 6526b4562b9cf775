"""Whole-sentence translations placed back on the source timeline.

Sentences are translated whole (translating cue by cue breaks sentences split across cues,
SUBTITLE-RULES "What users ... complain about"), so each translation must be put back on the
time the source sentence occupied. The unit of placement is a *block*: a run of consecutive
source cues connected by the sentences they share (usually one sentence over one or more
cues, or one cue holding several short sentences). A block's translated text is its
sentences' translations joined by a space, and it is shown within the block's span (first
cue start to last cue end), never outside it, so the target track stays in sync with the
speech the source track was timed to.

Two ways to place a block, the first preferred:

1. **One to one.** The translated words are divided at word boundaries in proportion to the
   source cues' text widths, and each piece takes its source cue's exact timing. Kept only
   when every piece is non-empty, lays out within the target's line limits
   (:func:`subtitler.layout.break_lines`), does not begin with something a line may not begin
   with (a particle, punctuation), and is readable (CPS at most ``lang.max_cps``). Editors
   then see both tracks change cue at the same instants.
2. **Re-split.** Otherwise the text is chunked anew (:func:`subtitler.layout.chunk`, pieces no
   wider than can be read at ``max_cps`` within ``MAX_CUE_MS``) and the pieces share the span
   in proportion to their widths (:func:`subtitler.timing.fit_in_span`), each lasting at least
   ``MIN_CUE_MS`` when the span leaves room. If the span is too short for the text at
   ``max_cps`` however it is cut (more pieces only add gaps), the fewest pieces that fit the
   line limits are used instead, to give each the most time; such a cue then reads too fast,
   which :mod:`subtitler.check` and the review report flag. Text is never dropped to meet a
   reading speed: a reviewer shortens it, the tool does not guess what to cut.

Cues that carry no sentence (name cards, :mod:`subtitler.namecards`) are not dialogue and
are left out here; name cards are made per language by that module.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from subtitler.constants import MAX_CUE_MS, MIN_CUE_MS, MIN_GAP_MS
from subtitler.languages import LanguageProfile, cps
from subtitler.layout import break_lines, chunk, may_start_line
from subtitler.models import Cue, Sentence
from subtitler.timing import exact_rate, fit_in_span, max_cue_width

# How many candidate word boundaries around the proportional position are tried for each
# cue boundary before one-to-one placement is given up for the block.
_CANDIDATES = 5
# Aim a little above MIN_CUE_MS: fit_in_span rounds boundaries to whole milliseconds.
_MIN_MS = MIN_CUE_MS + 2


@dataclass(frozen=True)
class Block:
    """Consecutive source cues joined by shared sentences, and those sentences (ascending)."""

    cues: tuple[Cue, ...]
    sentences: tuple[int, ...]

    @property
    def start_ms(self) -> int:
        return self.cues[0].start_ms

    @property
    def end_ms(self) -> int:
        return self.cues[-1].end_ms

    @property
    def segment(self) -> int:
        return self.cues[0].segment


def blocks(cues: Sequence[Cue]) -> list[Block]:
    """Group cues into blocks: a cue joins the previous block when they share a sentence.

    Cues without sentences (name cards) belong to no block.

    >>> cs = [Cue(0, 900, ("a",), 0, (0,)), Cue(1000, 1900, ("b",), 0, (0,)),
    ...       Cue(2000, 2900, ("c d",), 0, (1, 2))]
    >>> [b.sentences for b in blocks(cs)]
    [(0,), (1, 2)]
    """
    found: list[tuple[list[Cue], set[int]]] = []
    for cue in cues:
        if not cue.sentences:
            continue
        if found and found[-1][1] & set(cue.sentences) and found[-1][0][-1].segment == cue.segment:
            found[-1][0].append(cue)
            found[-1][1].update(cue.sentences)
        else:
            found.append(([cue], set(cue.sentences)))
    return [Block(tuple(c), tuple(sorted(s))) for c, s in found]


def place_translation(
    source_cues: Sequence[Cue],
    sentences: Sequence[Sentence],
    translations: Sequence[str],
    lang: LanguageProfile,
    *,
    min_gap_ms: int = MIN_GAP_MS,
    source_lang: LanguageProfile | None = None,
    fps: float | None = None,
) -> tuple[Cue, ...]:
    """Target cues for ``translations`` (``translations[i]`` translates ``sentences[i]``).

    ``lang`` is the target language; ``source_lang`` measures the source cues' widths for
    the proportional split (when omitted, characters are counted, which is proportional
    enough within one block of one language). ``fps``: the source track was snapped to
    frames at this rate (``--fps``), so new cue boundaries inside a block are snapped too,
    inwards (start to the next frame, end to the previous), keeping spans and gaps.

    >>> from subtitler.languages import KOREAN
    >>> src = [Cue(0, 2000, ("The minister said",), 0, (0,)),
    ...        Cue(2084, 4000, ("the talks would resume.",), 0, (0,))]
    >>> out = place_translation(src, [Sentence("The minister said the talks would resume.", 0, 1)],
    ...                         ["장관은 회담이 재개될 것이라고 말했다."], KOREAN)
    >>> [(c.start_ms, c.end_ms, c.lines) for c in out]
    [(0, 2000, ('장관은 회담이',)), (2084, 4000, ('재개될 것이라고 말했다.',))]
    """
    if len(translations) != len(sentences):
        raise ValueError(f"{len(translations)} translations for {len(sentences)} sentences")
    placed: list[Cue] = []
    for block in blocks(source_cues):
        text = " ".join(
            " ".join(translations[i].split()) for i in block.sentences if translations[i].strip()
        )
        if not text:
            continue
        pieces = _one_to_one(block, text, lang, source_lang)
        if pieces is not None:
            placed.extend(
                _cue(block, cue.start_ms, cue.end_ms, piece, lang)
                for cue, piece in zip(block.cues, pieces, strict=True)
            )
            continue
        placed.extend(_resplit(block, text, lang, min_gap_ms, fps))
    return tuple(placed)


def _cue(block: Block, start: int, end: int, piece: str, lang: LanguageProfile) -> Cue:
    lines = break_lines(piece, lang)
    if lines is None:
        # chunk() promises pieces break_lines can lay out; text made only of words that
        # may not start a line (a run of particles) is the exception: fill lines by width.
        lines = _fill_lines(piece, lang)
    return Cue(start, end, lines, block.segment, block.sentences)


def _fill_lines(text: str, lang: LanguageProfile) -> tuple[str, ...]:
    lines: list[str] = []
    for word in text.split():
        if lines and lang.width(lines[-1] + " " + word) <= lang.max_line_width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines)


def _one_to_one(
    block: Block, text: str, lang: LanguageProfile, source_lang: LanguageProfile | None
) -> list[str] | None:
    """The text split over the block's cues in proportion to their widths, or None.

    Boundaries are searched near the proportional positions; a dynamic programme picks,
    among the nearby word boundaries, the split that conforms with the least drift.
    """
    words = text.split()
    count = len(block.cues)
    if count == 1:
        return [text] if _conforms(text, block.cues[0], lang) else None
    if len(words) < count:
        return None
    measure = source_lang.width if source_lang is not None else len
    shares = [max(float(measure(cue.text)), 1.0) for cue in block.cues]
    total_share = sum(shares)
    # Cumulative target width after each word (spaces counted with the word they follow).
    ends: list[float] = []
    running = 0.0
    for index, word in enumerate(words):
        running += lang.width(word) + (lang.width(" ") if index else 0.0)
        ends.append(running)
    allowed = [i for i in range(1, len(words)) if may_start_line(words[i], lang)]
    if len(allowed) < count - 1:
        return None
    candidates: list[list[int]] = [[0]]
    cumulative = 0.0
    for share in shares[:-1]:
        cumulative += share
        ideal = running * cumulative / total_share
        nearest = sorted(allowed, key=lambda i: abs(ends[i - 1] - ideal))[:_CANDIDATES]
        candidates.append(sorted(nearest))
    candidates.append([len(words)])

    # best[j][b] = (drift, previous boundary) for boundary j placed after word b.
    best: list[dict[int, tuple[float, int]]] = [{0: (0.0, -1)}]
    for j in range(1, count + 1):
        layer: dict[int, tuple[float, int]] = {}
        target = running * sum(shares[:j]) / total_share
        for b in candidates[j]:
            for a, (drift, _) in best[j - 1].items():
                if b <= a:
                    continue
                piece = " ".join(words[a:b])
                if not _conforms(piece, block.cues[j - 1], lang):
                    continue
                cost = drift + abs(ends[b - 1] - target)
                if b not in layer or cost < layer[b][0]:
                    layer[b] = (cost, a)
        if not layer:
            return None
        best.append(layer)
    cuts = [len(words)]
    for j in range(count, 0, -1):
        cuts.append(best[j][cuts[-1]][1])
    cuts.reverse()
    return [" ".join(words[cuts[j] : cuts[j + 1]]) for j in range(count)]


def _conforms(piece: str, cue: Cue, lang: LanguageProfile) -> bool:
    if not piece or not may_start_line(piece.split()[0], lang):
        return False
    if cps(piece, cue.duration_ms, lang) > lang.max_cps:
        return False
    return break_lines(piece, lang) is not None


def _resplit(
    block: Block, text: str, lang: LanguageProfile, min_gap_ms: int, fps: float | None
) -> list[Cue]:
    """The text cut anew into conforming pieces that share the block's span."""
    span = block.end_ms - block.start_ms
    pieces = chunk(text, lang, max_width=max_cue_width(lang))
    if not _readable(pieces, span, lang, min_gap_ms):
        # Too little time whatever the cut: the fewest pieces give each the most time.
        pieces = fewest_pieces(text, lang)
    # A span shorter than 1 ms a piece (absurd, but possible input) forces pieces together,
    # beyond the line limits if need be: nothing may be dropped and nothing leave the span.
    while len(pieces) > 1 and span < len(pieces):
        pieces = _merge_smallest(pieces, lang)
    # Snapped to frames, a piece needs three frames so that one is left after both ends move
    # inwards; in a span too short for that, the shortest pieces stay off the frame grid.
    floor_ms = 1 if fps is None else math.ceil(3000 / fps) + 1
    weights = _durations([lang.width(p) for p in pieces], span, min_gap_ms, lang, floor_ms)
    spans = fit_in_span(block.start_ms, block.end_ms, weights, gap_ms=min_gap_ms)
    cues = []
    for (start, end), piece in zip(spans, pieces, strict=True):
        # A block longer than its text needs (a long pause inside it) must not hold a cue
        # past the longest duration; the cue ends early, within the span.
        end = min(end, start + MAX_CUE_MS)
        if fps is not None:
            start, end = _snap_inwards(start, end, fps)
        cues.append(_cue(block, start, end, piece, lang))
    return cues


# Times already on a frame were rounded to whole ms: allow that much off the exact frame.
_FRAME_TOLERANCE = 0.03


def _snap_inwards(start: int, end: int, fps: float) -> tuple[int, int]:
    """``start`` up and ``end`` down to frame times (as :func:`subtitler.timing.place` writes
    them); unchanged when less than a frame would be left.

    >>> _snap_inwards(1010, 2010, 25)
    (1040, 2000)
    >>> _snap_inwards(1001, 1001 + 33, 29.97)
    (1001, 1034)
    """
    rate = exact_rate(fps)
    first = math.ceil(start * rate / 1000 - _FRAME_TOLERANCE)
    last = math.floor(end * rate / 1000 + _FRAME_TOLERANCE)
    if last <= first:
        return start, end
    return round(first * 1000 / rate), round(last * 1000 / rate)


def _readable(pieces: Sequence[str], span: int, lang: LanguageProfile, gap: int) -> bool:
    available = span - gap * (len(pieces) - 1)
    if available <= 0:
        return False
    width = sum(lang.width(p) for p in pieces)
    return width / (available / 1000) <= lang.max_cps


def fewest_pieces(text: str, lang: LanguageProfile) -> list[str]:
    """``text`` in as few pieces as the line limits allow (greedy longest prefix).

    Used only when the span cannot be read at ``max_cps`` anyway: then fewer gaps
    give every piece more time, and the break quality :func:`chunk` optimises matters
    less than the reading time.

    >>> from subtitler.languages import KOREAN
    >>> fewest_pieces("정부는 오늘 북한군이 러시아 전선에 배치됐다고 밝혔습니다", KOREAN)
    ['정부는 오늘 북한군이 러시아 전선에 배치됐다고 밝혔습니다']
    """
    words = text.split()
    pieces: list[str] = []
    start = 0
    while start < len(words):
        end = start + 1
        while end < len(words) and (
            not may_start_line(words[end], lang)
            or break_lines(" ".join(words[start : end + 1]), lang) is not None
        ):
            end += 1
        candidate = " ".join(words[start:end])
        if break_lines(candidate, lang) is None:
            # Even the shortest unit does not fit (an over-long word): let chunk cut it.
            pieces.extend(chunk(candidate, lang))
        else:
            pieces.append(candidate)
        start = end
    return pieces


def _merge_smallest(pieces: list[str], lang: LanguageProfile) -> list[str]:
    """Join the narrowest neighbouring pair (a span too short for one ms per piece)."""
    index = min(
        range(len(pieces) - 1), key=lambda i: lang.width(pieces[i]) + lang.width(pieces[i + 1])
    )
    return [*pieces[:index], pieces[index] + " " + pieces[index + 1], *pieces[index + 2 :]]


def _durations(
    widths: Sequence[float], span: int, gap: int, lang: LanguageProfile, floor_ms: int = 1
) -> list[float]:
    """How long each piece stays up: its reading time at ``max_cps``, at least ``MIN_CUE_MS``,
    plus a share of the spare time in proportion to its width.

    The minimum duration gives way first when the span is short (a cue below ``MIN_CUE_MS``
    is better than one that cannot be read), then reading time; every piece still gets
    ``floor_ms`` when the span holds that much.

    >>> from subtitler.languages import KOREAN
    >>> [round(d) for d in _durations([2.0, 10.0], 3084, 84, KOREAN)]
    [1057, 1943]
    """
    count = len(widths)
    available = span - gap * (count - 1)
    total = sum(widths)
    if available <= 0 or total <= 0:
        return [1.0] * count
    # Reading times get 2 ms of slack for the rounding of span boundaries.
    reading = [w / lang.max_cps * 1000 + 2 for w in widths]
    floors = [max(r, float(_MIN_MS)) for r in reading]
    if sum(floors) <= available:
        base = floors
    elif sum(reading) <= available:
        base = reading
    elif floor_ms * count <= available:
        base = [float(floor_ms)] * count
    else:
        return [available * w / total for w in widths]
    spare = available - sum(base)
    return [b + spare * w / total for b, w in zip(base, widths, strict=True)]
