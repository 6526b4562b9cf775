"""Name cards: an interviewee's name and title as a forced narrative of its own.

A broadcast lower third ("Edward Howell / Oxford University Researcher") is on-screen
text, not speech: it gets its own cue, never mixed into a dialogue cue
(SUBTITLE-RULES "English (USA)"), once, when the person first speaks. Two modes:

``track``
    Only the cards, each starting with the person's first dialogue cue, for a separate
    ``NAME.names.<lang>.srt`` that editors place as lower thirds themselves. It runs
    alongside the dialogue track, so the two overlap in time by design.

``inline``
    The cards inside the dialogue track. SRT has no positioning, and editors do not take
    overlapping cues: Final Cut Pro rejects captions that overlap in time (Apple
    HT208487) and a Resolve subtitle track holds one subtitle at a time. So a card gets a
    slot of its own: it starts where the person's first cue started, and that cue and
    every later one move later by the card's length plus the minimum gap. The timeline
    grows by a few seconds per interviewee; call this before
    :func:`subtitler.timing.place`, which applies ``--start``, ``--duration`` and
    ``--fps``, so a programme length given by the user still holds.

A card's length is fixed (:data:`~subtitler.constants.NAME_CARD_MS`) unless its text
needs longer at the language's target reading speed: the same slot in every language
keeps translated tracks aligned with the source. A card carries no sentence
(``sentences == ()``), which is how :func:`is_name_card` tells it from dialogue.

In a translated track the caller passes ``translations`` (source name or title to the
target language); the title is shown translated once, on the person's first
appearance, as the Korean style guide asks, because a card is only ever made then.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Literal

from subtitler.constants import MAX_CUE_MS, MIN_CUE_MS, MIN_GAP_MS, NAME_CARD_MS
from subtitler.errors import SubtitlerError
from subtitler.languages import LanguageProfile, profile
from subtitler.layout import break_lines
from subtitler.models import Cue, Segment

Mode = Literal["inline", "track"]
MODES: tuple[Mode, ...] = ("inline", "track")


def is_name_card(cue: Cue) -> bool:
    """Whether ``cue`` is a name card (it carries no sentence of the transcript).

    >>> is_name_card(Cue(0, 3000, ("Kim Ji-ho", "Professor"), 2, ()))
    True
    """
    return not cue.sentences


def card_lines(name: str, title: str | None, lang: LanguageProfile) -> tuple[tuple[str, ...], ...]:
    """The lines of a person's card, in cues of at most ``lang.max_lines`` lines.

    The name leads and the title follows on its own line. A title too long for its
    line follows the name on the first line ("Name, title…") and the two lines are
    broken where a subtitler would (:func:`subtitler.layout.break_lines`); only a card
    that fits no cue continues in the next, rather than losing text.

    >>> from subtitler.languages import ENGLISH
    >>> card_lines("Edward Howell", "Oxford University Researcher", ENGLISH)
    (('Edward Howell', 'Oxford University Researcher'),)
    >>> card_lines("Yang Uk", "Asan Institute for Policy Studies Research Fellow", ENGLISH)
    (('Yang Uk, Asan Institute', 'for Policy Studies Research Fellow'),)
    """
    lines = [*_wrap(name, lang)]
    if title:
        lines += _wrap(title, lang)
        if len(lines) > lang.max_lines:
            laid_out = break_lines(f"{name}, {title}", lang)
            if laid_out is not None:
                return (laid_out,)
    size = lang.max_lines
    return tuple(tuple(lines[i : i + size]) for i in range(0, len(lines), size))


def _wrap(text: str, lang: LanguageProfile) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and lang.width(f"{lines[-1]} {word}") <= lang.max_line_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def card_duration_ms(lines: Sequence[str], lang: LanguageProfile) -> int:
    """How long a card with ``lines`` stays up: the fixed slot, longer only if reading needs it.

    >>> from subtitler.languages import ENGLISH
    >>> card_duration_ms(("Edward Howell", "Oxford University Researcher"), ENGLISH)
    3000
    """
    reading = math.ceil(lang.width(" ".join(lines)) / lang.target_cps * 1000)
    return max(MIN_CUE_MS, min(MAX_CUE_MS, max(NAME_CARD_MS, reading)))


def first_appearances(segments: Sequence[Segment], cues: Sequence[Cue]) -> list[int]:
    """Indices of the segments where each named interviewee first speaks (and has cues).

    A person is the same person whatever the spacing or case of the name.
    """
    with_cues = {cue.segment for cue in cues if not is_name_card(cue)}
    seen: set[str] = set()
    found: list[int] = []
    for index, segment in enumerate(segments):
        if segment.role != "interview" or not segment.speaker or index not in with_cues:
            continue
        key = " ".join(segment.speaker.split()).casefold()
        if key not in seen:
            seen.add(key)
            found.append(index)
    return found


def name_cards(
    segments: Sequence[Segment],
    cues: Sequence[Cue],
    lang: LanguageProfile | str,
    mode: Mode,
    *,
    translations: Mapping[str, str] | None = None,
) -> tuple[Cue, ...]:
    """Name cards for the interviewees in ``cues`` (one language's track, ordered by time).

    ``mode="track"`` returns the cards alone; ``mode="inline"`` returns the whole track
    with each card in its own slot before the person's first cue (see the module notes).
    ``translations`` maps a source name or title to the text shown in this language;
    anything it lacks is shown as written.

    >>> from subtitler.models import Segment
    >>> segs = [Segment("reporter", None, None, "Text.", 1),
    ...         Segment("interview", "Kim Ji-ho", "Professor", "Quote.", 2)]
    >>> track = [Cue(0, 2000, ("Text.",), 0, (0,)), Cue(2800, 4500, ("Quote.",), 1, (1,))]
    >>> [(c.start_ms, c.end_ms, c.lines) for c in name_cards(segs, track, "en", "inline")]
    [(0, 2000, ('Text.',)), (2800, 5800, ('Kim Ji-ho', 'Professor')), (5884, 7584, ('Quote.',))]
    """
    if mode not in MODES:
        raise SubtitlerError(f"unknown name card mode {mode!r}: use 'inline' or 'track'")
    language = profile(lang) if isinstance(lang, str) else lang
    shown = translations or {}
    ordered = sorted(cues, key=lambda c: (c.start_ms, c.end_ms))
    cards_for: dict[int, list[tuple[str, ...]]] = {}
    for index in first_appearances(segments, ordered):
        person = segments[index]
        assert person.speaker is not None  # first_appearances keeps named speakers only
        name = shown.get(person.speaker, person.speaker)
        title = shown.get(person.title, person.title) if person.title else None
        cards_for[index] = list(card_lines(name, title, language))
    if mode == "track":
        return _track(ordered, cards_for, language)
    return _inline(ordered, cards_for, language)


def _track(
    cues: Sequence[Cue], cards_for: Mapping[int, list[tuple[str, ...]]], lang: LanguageProfile
) -> tuple[Cue, ...]:
    cards: list[Cue] = []
    for segment, pieces in cards_for.items():
        start = next(c.start_ms for c in cues if c.segment == segment and not is_name_card(c))
        for lines in pieces:
            start = max(start, cards[-1].end_ms + MIN_GAP_MS) if cards else start
            end = start + card_duration_ms(lines, lang)
            cards.append(Cue(start, end, lines, segment, ()))
    cards.sort(key=lambda c: c.start_ms)
    # Two people introduced close together: the earlier card gives way to the later one,
    # but never below the minimum duration (then the later one waits instead).
    fitted: list[Cue] = []
    for card in cards:
        if fitted and fitted[-1].end_ms + MIN_GAP_MS > card.start_ms:
            last = fitted[-1]
            end = max(last.start_ms + MIN_CUE_MS, card.start_ms - MIN_GAP_MS)
            fitted[-1] = replace(last, end_ms=end)
            if end + MIN_GAP_MS > card.start_ms:
                card = replace(
                    card,
                    start_ms=end + MIN_GAP_MS,
                    end_ms=end + MIN_GAP_MS + card.duration_ms,
                )
        fitted.append(card)
    return tuple(fitted)


def _inline(
    cues: Sequence[Cue], cards_for: Mapping[int, list[tuple[str, ...]]], lang: LanguageProfile
) -> tuple[Cue, ...]:
    result: list[Cue] = []
    shift = 0
    pending = dict(cards_for)
    for cue in cues:
        pieces = pending.pop(cue.segment, None) if not is_name_card(cue) else None
        if pieces:
            start = cue.start_ms + shift
            for lines in pieces:
                end = start + card_duration_ms(lines, lang)
                result.append(Cue(start, end, lines, cue.segment, ()))
                start = end + MIN_GAP_MS
            shift = start - cue.start_ms
        result.append(replace(cue, start_ms=cue.start_ms + shift, end_ms=cue.end_ms + shift))
    return tuple(result)
