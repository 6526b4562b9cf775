"""The stages in order: bytes in, a :class:`~subtitler.models.Document` out.

Each stage is a pure function of plain values; this module only chains them.
Translation is a separate step (:func:`translate_documents`) because it needs an
engine and, in the CLI, is batched across all transcripts of a run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from subtitler import clean, cues, detect, encoding, parse, sentences
from subtitler.errors import LanguageError
from subtitler.languages import SUPPORTED, profile
from subtitler.models import Document, Notice, TimingOptions, Track

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
    """Decode, normalise, parse and clean one transcript: a Document with no tracks yet."""
    text, used_encoding = encoding.decode(data, options.encoding)
    normalized, char_fixes = clean.normalize(text)
    parsed = parse.parse(normalized)
    if options.source_lang == "auto":
        language = detect.detect_language("\n".join(s.text for s in parsed.segments))
    else:
        check_language_codes([options.source_lang])
        language = options.source_lang
    cleaned = clean.clean(parsed.segments, language)
    warnings: list[Notice] = [*parsed.warnings, *cleaned.warnings]
    warnings += detect.segment_language_notices(cleaned.segments, language)
    return Document(
        name=name,
        source_language=language,
        original_text=normalized,
        segments=tuple(cleaned.segments),
        sentences=(),
        fixes=(*char_fixes, *cleaned.fixes),
        removed=tuple(cleaned.removed),
        warnings=tuple(sorted(warnings, key=lambda n: n.line)),
        encoding=used_encoding,
    )


def prepare(name: str, data: bytes, options: Options = Options()) -> Document:
    """Clean one transcript, split it into sentences and time its cues in its own language.

    The Document returned has one track, in the source language.
    """
    document = clean_transcript(name, data, options)
    lang = profile(document.source_language)
    found = sentences.sentences_of(document.segments, lang)
    source_cues = cues.build_cues(document.segments, found, lang, options.timing)
    track = Track(language=lang.code, cues=source_cues)
    return replace(document, sentences=found, tracks={lang.code: track})


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
    many transcripts loads the model once and fills its batches.
    """
    from subtitler.translate.service import translate_tracks

    todo = [d for d in documents if d.source_language != target and target not in d.tracks]
    tracks = translate_tracks(todo, target, translator, glossary=glossary, cache=cache)
    done = {id(d): t for d, t in zip(todo, tracks, strict=True)}
    return [
        replace(d, tracks={**d.tracks, target: done[id(d)]}) if id(d) in done else d
        for d in documents
    ]
