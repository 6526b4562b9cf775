"""Translation of whole transcripts: protect terms, use the cache, one engine call, check.

For every transcript of a run (and every source language among them) the steps are:

1. Glossary terms and names in each sentence are replaced by placeholders
   (:mod:`subtitler.translate.glossary`). Names are the segments' speakers and the
   reporters the text introduces (:func:`mentioned_names`); a user glossary entry wins.
2. The cache is asked for every protected sentence; only the misses go to the engine, in
   **one** ``translate`` call for all transcripts of that source language, so the model is
   loaded once and its batches are full. Each speaker name goes along as one extra line, so
   the engine's rendering of the name alone can be reused in every sentence (see
   :func:`~subtitler.translate.glossary.glossary_from_names`).
3. The engine's outputs are stored in the cache, keyed by the text the engine saw.
4. Terms are put back, exactly as the glossary gives them; a placeholder the engine lost is
   appended and reported (``glossary-term-lost``).
5. The guards (:mod:`subtitler.translate.guards`) check each sentence, and
   :func:`~subtitler.translate.align.place_translation` places the text on the cues.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from subtitler.languages import LanguageProfile, profile
from subtitler.models import Cue, Document, Notice, Segment, Sentence, Track
from subtitler.translate.align import place_translation
from subtitler.translate.cache import TranslationCache
from subtitler.translate.engine import Translator
from subtitler.translate.glossary import (
    Glossary,
    Placeholder,
    Term,
    glossary_from_names,
    restore,
)
from subtitler.translate.guards import check_translation, locate


@dataclass(frozen=True)
class Job:
    """One transcript to translate: sentences, segments (for speaker names), language."""

    sentences: Sequence[Sentence]
    segments: Sequence[Segment]
    source: str


@dataclass(frozen=True)
class Translated:
    """The translations of one :class:`Job`, sentence by sentence, and what to review.

    ``sentence_notices`` pair a sentence index with a notice about it (its ``line`` is the
    sentence's transcript line); ``notices`` concern the run (the cache). ``names`` are the
    renderings the names got (glossary, else the engine), for name cards to use the same.
    """

    translations: tuple[str, ...]
    sentence_notices: tuple[tuple[int, Notice], ...] = ()
    notices: tuple[Notice, ...] = ()
    names: tuple[Term, ...] = ()
    # Glossary targets and name renderings as they appear in the translations.
    terms: tuple[str, ...] = ()

    def all_notices(self) -> list[Notice]:
        return [*self.notices, *(n for _, n in self.sentence_notices)]


def speaker_names(segments: Sequence[Segment]) -> list[str]:
    """The distinct speaker names of a transcript, in order of appearance.

    >>> speaker_names([Segment("reporter", "Kim Min-ji", None, "x", 1),
    ...                Segment("anchor", None, None, "y", 2),
    ...                Segment("reporter", " Kim  Min-ji ", None, "z", 3)])
    ['Kim Min-ji']
    """
    seen: dict[str, None] = {}
    for segment in segments:
        if segment.speaker:
            name = " ".join(segment.speaker.split())
            # One letter is no name to protect ("A", "김").
            if len(name) > 1:
                seen.setdefault(name, None)
    return list(seen)


# Reporter names mentioned in the text, the way news introduces and signs off a report:
# "김민지 기자가 보도합니다", "YTN 김민지입니다", "Reporter Kim Min-ji", "correspondent Jane Doe".
# Korean names are 2-4 syllables, in practice 3 for most; requiring 3-4 before 기자 keeps out
# "외신 기자" (foreign reporters) and the like.
_MENTIONED = {
    "ko": (
        re.compile(r"(?<![가-힣])([가-힣]{3,4}) 기자(?:가|는|의|와|입니다|였습니다)?(?![가-힣])"),
        re.compile(r"\b[A-Z]{2,6}(?: 뉴스)? ([가-힣]{2,4})입니다"),
    ),
    "en": (
        re.compile(r"\b(?:[Rr]eporter|[Cc]orrespondent)\s+([A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){1,2})"),
    ),
}


def mentioned_names(sentences: Sequence[Sentence], source: str) -> list[str]:
    """Reporter names the transcript mentions in its text, in order of appearance.

    >>> mentioned_names([Sentence("김민지 기자가 보도합니다.", 0, 1),
    ...                  Sentence("지금까지 YTN 박서준입니다.", 1, 9)], "ko")
    ['김민지', '박서준']
    >>> mentioned_names([Sentence("Reporter Kim Min-ji has more.", 0, 1)], "en")
    ['Kim Min-ji']
    """
    found: dict[str, None] = {}
    for sentence in sentences:
        for pattern in _MENTIONED.get(source, ()):
            for match in pattern.finditer(sentence.text):
                found.setdefault(match.group(1), None)
    return list(found)


def translate_sentences(
    sentences: Sequence[Sentence],
    segments: Sequence[Segment],
    source: str,
    target: str,
    translator: Translator,
    *,
    glossary: Glossary | None = None,
    cache: TranslationCache | None = None,
) -> tuple[list[str], list[Notice]]:
    """The translation of each sentence, and the notices a reviewer should see.

    One engine call at most, for the sentences the cache does not hold.
    """
    result = translate_many(
        [Job(sentences, segments, source)], target, translator, glossary=glossary, cache=cache
    )[0]
    return list(result.translations), result.all_notices()


def translate_many(
    jobs: Sequence[Job],
    target: str,
    translator: Translator,
    *,
    glossary: Glossary | None = None,
    cache: TranslationCache | None = None,
) -> list[Translated]:
    """Translate several transcripts at once: one engine call per source language."""
    results: list[Translated | None] = [None] * len(jobs)
    for source in sorted({job.source for job in jobs}):
        indices = [i for i, job in enumerate(jobs) if job.source == source]
        group = _translate_group(
            [jobs[i] for i in indices], source, target, translator, glossary, cache
        )
        for i, translated in zip(indices, group, strict=True):
            results[i] = translated
    return [r for r in results if r is not None]


def _translate_group(
    jobs: Sequence[Job],
    source: str,
    target: str,
    translator: Translator,
    glossary: Glossary | None,
    cache: TranslationCache | None,
) -> list[Translated]:
    user = glossary or Glossary()
    names = [
        n
        for job in jobs
        for n in (*speaker_names(job.segments), *mentioned_names(job.sentences, source))
    ]
    names = list(dict.fromkeys(names))
    known = {t.source.casefold() for t in user.terms}
    to_render = [n for n in names if n.casefold() not in known]
    # Names are protected before their renderings are known (they come from the same
    # engine call); the placeholders are pointed at the final renderings afterwards.
    protecting = user.merged(Glossary(tuple(Term(n, n) for n in names)))
    protected = [
        [protecting.protect(s.text, source) if s.text.strip() else ("", ()) for s in job.sentences]
        for job in jobs
    ]
    wanted = list(dict.fromkeys([*to_render, *(p[0] for ps in protected for p in ps if p[0])]))
    outputs, run_notices = _engine_outputs(wanted, source, target, translator, cache)

    final = user.merged(
        glossary_from_names(names, source, target, {n: outputs[n] for n in to_render}, user=user)
    )
    final_terms = {t.source.casefold(): t for t in final.terms}
    rendered = tuple(final_terms[n.casefold()] for n in names if n.casefold() in final_terms)
    keep = [*final.targets(), *names]
    results = []
    for job, job_protected in zip(jobs, protected, strict=True):
        translations: list[str] = []
        sentence_notices: list[tuple[int, Notice]] = []
        for index, (sentence, (text, placeholders)) in enumerate(
            zip(job.sentences, job_protected, strict=True)
        ):
            if not text:
                translations.append("")
                continue
            pointed = [
                Placeholder(p.token, final_terms.get(p.term.source.casefold(), p.term))
                for p in placeholders
            ]
            restored = restore(outputs[text], pointed)
            translations.append(restored.text)
            for term in restored.lost:
                message = (
                    f"the engine dropped the term {term.source!r}; {term.target!r} was added "
                    f"at the end of the sentence: check its place"
                )
                sentence_notices.append(
                    (index, Notice("glossary-term-lost", sentence.line, message, language=target))
                )
            for notice in check_translation(
                sentence.text, restored.text, source, target, keep=keep
            ):
                sentence_notices.append((index, replace(notice, line=sentence.line)))
        results.append(
            Translated(
                tuple(translations),
                tuple(sentence_notices),
                run_notices,
                rendered,
                tuple(final.targets()),
            )
        )
    return results


def _engine_outputs(
    texts: Sequence[str],
    source: str,
    target: str,
    translator: Translator,
    cache: TranslationCache | None,
) -> tuple[dict[str, str], tuple[Notice, ...]]:
    """Engine output for every text: from the cache, else from one engine call."""
    if not texts:
        return {}, ()
    notices: list[Notice] = []
    found: dict[str, str] = {}
    identity = ""
    if cache is not None:
        identity = translator.identity(source, target)
        lookup = cache.get_many(identity, source, target, texts)
        found.update(lookup.found)
        notices.extend(lookup.notices)
    misses = [t for t in texts if t not in found]
    if misses:
        fresh = translator.translate(misses, source, target)
        if len(fresh) != len(misses):
            raise ValueError(f"the engine returned {len(fresh)} translations for {len(misses)}")
        pairs = list(zip(misses, fresh, strict=True))
        found.update(pairs)
        if cache is not None:
            notices.extend(cache.put_many(identity, source, target, pairs))
    return found, tuple(notices)


def translate_track(
    source_cues: Sequence[Cue],
    sentences: Sequence[Sentence],
    segments: Sequence[Segment],
    source: str,
    target: str,
    translator: Translator,
    *,
    glossary: Glossary | None = None,
    cache: TranslationCache | None = None,
    fps: float | None = None,
) -> Track:
    """The ``target`` track of one transcript: translated, placed on the source cues, checked.

    ``fps``: the rate the source cues were snapped to (``--fps``), so new boundaries are too.
    """
    translated = translate_many(
        [Job(sentences, segments, source)], target, translator, glossary=glossary, cache=cache
    )[0]
    return _track(source_cues, sentences, source, target, translated, fps)


def translate_tracks(
    documents: Sequence[Document],
    target: str,
    translator: Translator,
    *,
    glossary: Glossary | None = None,
    cache: TranslationCache | None = None,
    fps: float | None = None,
) -> list[Track]:
    """The ``target`` track of every document, their sentences translated together.

    Each document's source track (``tracks[source_language]``) gives the cue timings;
    ``fps`` as in :func:`translate_track`.
    """
    jobs = [Job(d.sentences, d.segments, d.source_language) for d in documents]
    results = translate_many(jobs, target, translator, glossary=glossary, cache=cache)
    tracks = []
    for document, translated in zip(documents, results, strict=True):
        source_track = document.tracks.get(document.source_language)
        cues = source_track.cues if source_track is not None else ()
        tracks.append(
            _track(cues, document.sentences, document.source_language, target, translated, fps)
        )
    return tracks


def _track(
    source_cues: Sequence[Cue],
    sentences: Sequence[Sentence],
    source: str,
    target: str,
    translated: Translated,
    fps: float | None = None,
) -> Track:
    lang = profile(target)
    together = _together(translated.terms, lang)
    placed = place_translation(
        source_cues,
        sentences,
        [_bind(text, together) for text in translated.translations],
        lang,
        source_lang=profile(source),
        fps=fps,
    )
    placed = tuple(_unbind(cue) for cue in placed)
    warnings = (*translated.notices, *locate(translated.sentence_notices, placed))
    return Track(language=target, cues=placed, warnings=warnings, translated=True)


# A glossary term or name of several words is laid out as one word, as a first and last
# name are: its spaces become this private-use character while the line breaker works
# (it is not whitespace, and both width functions count it as they count a space), and are
# put back in the placed cues.
_BOUND_SPACE = "\ue000"


def _together(terms: Sequence[str], lang: LanguageProfile) -> list[str]:
    """The multi-word terms that fit on one line, longest first (so they bind first)."""
    fitting = {t for t in terms if " " in t.strip() and lang.width(t) <= lang.max_line_width}
    return sorted(fitting, key=len, reverse=True)


def _bind(text: str, terms: Sequence[str]) -> str:
    """``text`` with the spaces inside each of ``terms`` bound.

    >>> _bind("the Blue House said", ["Blue House"]) == "the Blue\ue000House said"
    True
    """
    for term in terms:
        if term in text:
            text = text.replace(term, term.replace(" ", _BOUND_SPACE))
    return text


def _unbind(cue: Cue) -> Cue:
    return replace(cue, lines=tuple(line.replace(_BOUND_SPACE, " ") for line in cue.lines))
