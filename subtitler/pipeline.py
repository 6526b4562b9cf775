"""The stages in order: bytes in, a :class:`~subtitler.models.Document` out.

Each stage is a pure function of plain values; this module only chains them:

1. :func:`prepare`: decode, clean, parse, sentences, cues on the natural timeline;
2. :func:`translate_documents`: translated tracks, batched across all transcripts;
3. :func:`finish`: name cards, then every track placed on the real timeline
   (``--start``, ``--duration``, ``--fps``) the same way.

:func:`run_pipeline` does all three for one transcript.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from subtitler import clean, cues, detect, encoding, parse, sentences
from subtitler.errors import LanguageError, ModelError
from subtitler.languages import SUPPORTED, profile
from subtitler.models import (
    Cue,
    Document,
    Notice,
    Segment,
    Sentence,
    TimingOptions,
    Track,
    assemble,
)
from subtitler.namecards import Mode, is_name_card, name_cards
from subtitler.parallel import map_parallel
from subtitler.timing import place

# Below this many segments (a few hundredths of a second of cleaning) another process
# would not pay.
PARALLEL_MIN_SEGMENTS = 500

if TYPE_CHECKING:
    from subtitler.translate.cache import TranslationCache
    from subtitler.translate.engine import Translator
    from subtitler.translate.glossary import Glossary


@dataclass(frozen=True)
class Options:
    """What a run may choose; the CLI builds one from its arguments."""

    source_lang: str = "auto"
    encoding: str | None = None
    timing: TimingOptions = field(default_factory=TimingOptions)
    # Interviewees' name cards: in the dialogue track, as their own track, or none.
    name_cards: Mode | None = None


def other_language(code: str) -> str:
    """The other of the two supported languages.

    >>> other_language("en")
    'ko'
    """
    return "ko" if code == "en" else "en"


def default_targets(source: str) -> tuple[str, ...]:
    """The source language first, then the other one: a plain run gives both files."""
    return (source, other_language(source))


def check_language_codes(codes: Sequence[str]) -> None:
    """LanguageError unless every code is one subtitler handles."""
    for code in codes:
        if code not in SUPPORTED:
            raise LanguageError(
                f"unsupported language {code!r}: subtitler handles English (en) and Korean (ko)"
            )


def clean_transcript(name: str, data: bytes, options: Options = Options()) -> Document:
    """Decode, normalise, parse, clean and split into sentences one transcript.

    The Document returned has no tracks yet. A long transcript's segments are
    cleaned and split by several processes (:mod:`subtitler.parallel`).
    """
    text, used_encoding = encoding.decode(data, options.encoding)
    normalized, char_fixes = clean.normalize(text)
    parsed = parse.parse(normalized)
    if options.source_lang == "auto":
        language = detect.detect_language("\n".join(s.text for s in parsed.segments))
    else:
        check_language_codes([options.source_lang])
        language = options.source_lang
    lang = profile(language)
    headline = clean.headline_lines(parsed.segments, lang)
    done = map_parallel(
        functools.partial(_clean_and_split, language, headline),
        parsed.segments,
        min_items=PARALLEL_MIN_SEGMENTS,
        weight=_text_length,
    )
    cleaned = clean.combine(parsed.segments, [work.cleaned for work in done])
    kept = [work for work in done if work.cleaned.text is not None]
    found = tuple(
        [
            assemble(Sentence, {"text": text, "segment": index, "line": line})
            for index, work in enumerate(kept)
            for text, line in work.sentences
        ]
    )
    warnings: list[Notice] = [*parsed.warnings, *cleaned.warnings]
    warnings += [work.language_notice for work in kept if work.language_notice is not None]
    return Document(
        name=name,
        source_language=language,
        original_text=normalized,
        segments=cleaned.segments,
        sentences=found,
        fixes=(*char_fixes, *cleaned.fixes),
        removed=cleaned.removed,
        warnings=tuple(sorted(warnings, key=lambda n: n.line)),
        encoding=used_encoding,
    )


class _SegmentWork(NamedTuple):
    """What one segment gives before the whole-transcript steps."""

    cleaned: clean.CleanedSegment
    sentences: list[tuple[str, int]]  # each sentence's text and source line
    language_notice: Notice | None  # the segment reads as another language


def _clean_and_split(
    language: str, headline: frozenset[int], segments: Sequence[Segment]
) -> list[_SegmentWork]:
    """Each segment cleaned, split into sentences and checked for its language
    (what a worker process does)."""
    lang = profile(language)
    done = []
    for segment in segments:
        cleaned = clean.clean_segment(segment, lang, headline)
        if cleaned.text is None:
            done.append(_SegmentWork(cleaned, [], None))
            continue
        # The cleaned text with the segment's lines, without building a new Segment.
        text, line = cleaned.text, segment.line
        notice = detect.text_language_notice(text, line, language)
        found = sentences.text_sentence_lines(text, segment.lines, line, lang)
        done.append(_SegmentWork(cleaned, found, notice))
    return done


def _text_length(segment: Segment) -> int:
    return len(segment.text)


def prepare(name: str, data: bytes, options: Options = Options()) -> Document:
    """Clean one transcript, split it into sentences and time its cues in its own language.

    The Document returned has one track, in the source language, on the natural
    timeline (from 0, unscaled): :func:`finish` places it.
    """
    document = clean_transcript(name, data, options)
    lang = profile(document.source_language)
    source_cues = cues.build_cues(document.segments, document.sentences, lang)
    track = Track(language=lang.code, cues=source_cues)
    return replace(document, tracks={lang.code: track})


def translate_documents(
    documents: Sequence[Document],
    target: str,
    translator: Translator,
    *,
    glossary: Glossary | None = None,
    cache: TranslationCache | None = None,
) -> list[Document]:
    """Add a ``target`` track to every document whose source language differs.

    All sentences of all documents go to the engine together, so a run over
    many transcripts loads the model once and fills its batches. The names and
    titles of interviewees are translated too (one more call for all documents),
    for name cards.
    """
    from subtitler.translate.service import Job, translate_many, translate_tracks

    todo = [d for d in documents if d.source_language != target and target not in d.tracks]
    tracks = translate_tracks(todo, target, translator, glossary=glossary, cache=cache)
    texts = [_card_texts(d.segments) for d in todo]
    jobs = [
        Job([Sentence(text, 0, 0) for text in card_texts], d.segments, d.source_language)
        for d, card_texts in zip(todo, texts, strict=True)
    ]
    cards = translate_many(jobs, target, translator, glossary=glossary, cache=cache)
    done: dict[int, Document] = {}
    for document, track, card_texts, shown in zip(todo, tracks, texts, cards, strict=True):
        renderings = {
            **document.renderings,
            target: dict(zip(card_texts, shown.translations, strict=True)),
        }
        # Only run-level notices (the cache): guard notices about a name or title have no cue.
        track = replace(track, warnings=(*track.warnings, *shown.notices))
        done[id(document)] = replace(
            document, tracks={**document.tracks, target: track}, renderings=renderings
        )
    return [done.get(id(d), d) for d in documents]


def _card_texts(segments: Sequence[Segment]) -> list[str]:
    """The distinct names and titles of interviewees, in order: what a name card shows."""
    found: dict[str, None] = {}
    for segment in segments:
        if segment.role == "interview":
            for text in (segment.speaker, segment.title):
                if text:
                    found.setdefault(text, None)
    return list(found)


def finish(document: Document, options: Options = Options()) -> Document:
    """Add name cards and place every track on the real timeline (offset, length, frames).

    Runs after translation: translations are placed on the natural timeline, and
    cards and placement then move all languages the same way.
    """
    tracks: dict[str, Track] = {}
    name_tracks: dict[str, Track] = {}
    for language, track in document.tracks.items():
        cues = track.cues
        warnings = track.warnings
        shown = document.renderings.get(language)
        if options.name_cards == "inline":
            cues = name_cards(document.segments, cues, language, "inline", translations=shown)
            warnings = _renumber(warnings, cues)
        elif options.name_cards == "track":
            cards = name_cards(document.segments, cues, language, "track", translations=shown)
            if cards:
                placed_cards = place(cards, options.timing)
                name_tracks[language] = Track(language=language, cues=placed_cards)
        tracks[language] = replace(track, cues=place(cues, options.timing), warnings=warnings)
    return replace(document, tracks=tracks, name_cards=name_tracks, fps=options.timing.fps)


def _renumber(notices: Sequence[Notice], cues: Sequence[Cue]) -> tuple[Notice, ...]:
    """Cue numbers in notices again, after name cards were inserted among the cues."""
    dialogue = [number for number, cue in enumerate(cues, 1) if not is_name_card(cue)]
    return tuple(
        replace(n, cue=dialogue[n.cue - 1]) if n.cue and n.cue <= len(dialogue) else n
        for n in notices
    )


def run_pipeline(
    name: str,
    data: bytes,
    options: Options = Options(),
    *,
    targets: Sequence[str] | None = None,
    translator: Translator | None = None,
    glossary: Glossary | None = None,
    cache: TranslationCache | None = None,
) -> Document:
    """The whole job for one transcript, for library users: prepare, translate, finish.

    ``targets`` defaults to the source language and the other one; a translated
    target needs a ``translator`` (ModelError otherwise).
    """
    document = prepare(name, data, options)
    for target in targets or default_targets(document.source_language):
        check_language_codes([target])
        if target == document.source_language:
            continue
        if translator is None:
            raise ModelError(f"a translator is needed for {target!r} subtitles")
        document = translate_documents(
            [document], target, translator, glossary=glossary, cache=cache
        )[0]
    return finish(document, options)
