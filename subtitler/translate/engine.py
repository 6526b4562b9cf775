"""The offline translation engine: whole sentences through an Argos package's CTranslate2 model.

:class:`Translator` is the small interface the rest of subtitler codes against (the Argos engine,
a test double or a future engine are interchangeable). :class:`ArgosEngine` drives an installed
Argos package directly, doing what ``argostranslate.translate`` does minus its sentence splitter
(MiniSBD downloads a model from the network on first use) and its per-call overhead: the
package's own tokenizer, its ``target_prefix``, one ``translate_batch`` over every sentence of a
transcript, then the package's detokenizer (including Argos' "_" → space quirk). The models are
loaded once per process.

ctranslate2, sentencepiece and argostranslate are imported inside the functions that use them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from subtitler.errors import ModelError
from subtitler.parallel import usable_cores
from subtitler.translate.packages import InstalledPackage, PackageStore, missing_model_message

# Argos' default is 4. Each beam is a full decoder pass, so 2 does about half of its decoder
# work while keeping beam search (greedy, 1, is the only bigger step down in quality).
DEFAULT_BEAM_SIZE = 2
# 0 means every core this process may run on. (CTranslate2's own default is 4 OpenMP threads,
# which oversubscribes a 2-core machine and leaves bigger ones idle.)
DEFAULT_THREADS = 0
# Argos packages are stored as int8; int8 is also CTranslate2's fastest CPU compute type.
DEFAULT_COMPUTE_TYPE = "int8"
# Tokens per batch. CTranslate2 sorts the inputs by length before cutting them into batches of
# this many tokens, so each batch has little padding; ~1,000 tokens is 30-50 news sentences,
# enough to keep the matrix products efficient while activations stay a few MB.
DEFAULT_BATCH_TOKENS = 1024
# Argos' length penalty, so beam hypotheses are ranked as Argos ranks them.
LENGTH_PENALTY = 0.2
# CTranslate2 stops decoding at 256 tokens by default, which cuts long sentences; a translation
# can be longer than its source (Korean → English often is), so allow twice the source plus a
# margin, and never less than that default.
DECODING_LENGTH_FLOOR = 256


def usable_threads(threads: int = DEFAULT_THREADS) -> int:
    """``threads`` itself, or for 0 the number of cores this process may use."""
    return threads if threads > 0 else usable_cores()


def max_decoding_length(source_tokens: int) -> int:
    """How many target tokens to allow for a source of ``source_tokens`` tokens.

    >>> max_decoding_length(10), max_decoding_length(300)
    (256, 616)
    """
    return max(DECODING_LENGTH_FLOOR, 2 * source_tokens + 16)


# CTranslate2 silently truncates a source longer than 1024 tokens (its max_input_length); a
# longer "sentence" (an unpunctuated transcript) is cut at word starts and translated in parts.
MAX_INPUT_TOKENS = 1000


def split_long(tokens: Sequence[str], limit: int = MAX_INPUT_TOKENS) -> list[list[str]]:
    """Cut a token list into parts of at most ``limit`` tokens, before a word start when one is
    in the last half of the part (a SentencePiece ``▁`` piece, or after a BPE piece without
    ``@@``).

    >>> split_long(["▁a", "b", "▁c", "d", "▁e"], limit=3)
    [['▁a', 'b'], ['▁c', 'd', '▁e']]
    """
    sentencepiece = any(token.startswith("▁") for token in tokens)

    def word_start(rest: list[str], i: int) -> bool:
        return rest[i].startswith("▁") if sentencepiece else not rest[i - 1].endswith("@@")

    parts: list[list[str]] = []
    rest = list(tokens)
    while len(rest) > limit:
        cut = next((i for i in range(limit, limit // 2, -1) if word_start(rest, i)), limit)
        parts.append(rest[:cut])
        rest = rest[cut:]
    parts.append(rest)
    return parts


class Translator(Protocol):
    """Translates whole sentences; the same length and order out as in, ``""`` for ``""``."""

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]: ...

    def identity(self, source: str, target: str) -> str:
        """What produced the translations (model, version, options), for a translation cache."""
        ...


class TextTokenizer(Protocol):
    def encode(self, texts: Sequence[str]) -> list[list[str]]: ...

    def decode(self, tokens: Sequence[str]) -> str: ...


class _SentencePiece:
    def __init__(self, model_file: Path) -> None:
        import sentencepiece as spm

        self._sp = spm.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, texts: Sequence[str]) -> list[list[str]]:
        encoded: list[list[str]] = self._sp.encode(list(texts), out_type=str)
        return encoded

    def decode(self, tokens: Sequence[str]) -> str:
        # As Argos does: its models sometimes emit "_" where a space belongs.
        text: str = self._sp.decode_pieces(list(tokens))
        return text.replace("▁", " ").replace("_", " ")


class _Bpe:
    """Moses + BPE packages, through Argos' own tokenizer class (it has no import side effects)."""

    def __init__(self, model_file: Path, source: str, target: str) -> None:
        from argostranslate.tokenizer import BPETokenizer

        self._bpe = BPETokenizer(model_file, source, target)

    def encode(self, texts: Sequence[str]) -> list[list[str]]:
        return [list(self._bpe.encode(text)) for text in texts]

    def decode(self, tokens: Sequence[str]) -> str:
        return str(self._bpe.decode(list(tokens)))


@dataclass(frozen=True)
class LoadedModel:
    """A package with its CTranslate2 translator and tokenizer, loaded once per process."""

    package: InstalledPackage
    translator: Any  # ctranslate2.Translator
    tokenizer: TextTokenizer


_LOADED: dict[tuple[str, str, str, int], LoadedModel] = {}
_LOAD_LOCK = threading.Lock()


def load_model(package: InstalledPackage, *, compute_type: str, threads: int) -> LoadedModel:
    """The package's model and tokenizer, loaded on first use and reused afterwards."""
    key = (str(package.path.resolve()), package.version, compute_type, threads)
    with _LOAD_LOCK:
        loaded = _LOADED.get(key)
        if loaded is None:
            loaded = _load(package, compute_type, threads)
            _LOADED[key] = loaded
    return loaded


def _load(package: InstalledPackage, compute_type: str, threads: int) -> LoadedModel:
    import ctranslate2

    try:
        translator = ctranslate2.Translator(
            str(package.model_path),
            device="cpu",
            compute_type=compute_type,
            inter_threads=1,
            intra_threads=threads,
        )
        tokenizer: TextTokenizer
        if package.tokenizer == "sentencepiece":
            tokenizer = _SentencePiece(package.tokenizer_path)
        else:
            tokenizer = _Bpe(package.tokenizer_path, package.from_code, package.to_code)
    except (RuntimeError, ValueError, OSError) as exc:
        raise ModelError(f"cannot load translation model {package.path} ({exc})") from None
    return LoadedModel(package, translator, tokenizer)


class ArgosEngine:
    """Translate with installed Argos packages, a whole transcript's sentences at once."""

    def __init__(
        self,
        packages: PackageStore,
        *,
        beam_size: int = DEFAULT_BEAM_SIZE,
        threads: int = DEFAULT_THREADS,
        compute_type: str = DEFAULT_COMPUTE_TYPE,
        batch_size: int = DEFAULT_BATCH_TOKENS,
        max_input_tokens: int = MAX_INPUT_TOKENS,
    ) -> None:
        if min(beam_size, batch_size, max_input_tokens) < 1 or threads < 0:
            raise ValueError("beam_size, batch_size, max_input_tokens must be positive")
        self.packages = packages
        self.beam_size = beam_size
        self.threads = threads
        self.compute_type = compute_type
        self.batch_size = batch_size
        self.max_input_tokens = max_input_tokens
        self._chosen: dict[tuple[str, str], InstalledPackage] = {}

    def package(self, source: str, target: str) -> InstalledPackage:
        """The installed package for the pair; :class:`ModelError` naming the fix when missing.

        The first package found is kept for the engine's life, so :meth:`identity` and
        :meth:`translate` always agree, even if packages change on disk meanwhile.
        """
        chosen = self._chosen.get((source, target))
        if chosen is None:
            chosen = self.packages.find(source, target)
            if chosen is None:
                raise ModelError(missing_model_message(source, target))
            self._chosen[(source, target)] = chosen
        return chosen

    def load(self, source: str, target: str) -> LoadedModel:
        """The loaded model for the pair (the same object for every call in this process)."""
        return load_model(
            self.package(source, target),
            compute_type=self.compute_type,
            threads=usable_threads(self.threads),
        )

    def identity(self, source: str, target: str) -> str:
        """E.g. ``argos:translate-en_ko:1.1:beam2:int8``: what changes the output."""
        package = self.package(source, target)
        return f"argos:{package.code}:{package.version}:beam{self.beam_size}:{self.compute_type}"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        """Translate each sentence; blank sentences come back as ``""`` without the model.

        >>> ArgosEngine(PackageStore()).translate([], "en", "ko")
        []
        """
        todo = [i for i, text in enumerate(sentences) if text.strip()]
        results = [""] * len(sentences)
        if not todo:
            return results
        model = self.load(source, target)
        owners: list[int] = []
        tokens: list[list[str]] = []
        for i, encoded in zip(
            todo, model.tokenizer.encode([sentences[i].strip() for i in todo]), strict=True
        ):
            for part in split_long(encoded, self.max_input_tokens):
                owners.append(i)
                tokens.append(part)
        prefix_token = model.package.target_prefix
        prefix = [[prefix_token] for _ in tokens] if prefix_token else None
        try:
            outputs = model.translator.translate_batch(
                tokens,
                target_prefix=prefix,
                max_batch_size=self.batch_size,
                batch_type="tokens",
                beam_size=self.beam_size,
                num_hypotheses=1,
                length_penalty=LENGTH_PENALTY,
                replace_unknowns=True,
                max_decoding_length=max_decoding_length(max(map(len, tokens), default=0)),
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"translation failed with {model.package.code} ({exc})") from None
        pieces: dict[int, list[str]] = {}
        for i, output in zip(owners, outputs, strict=True):
            hypothesis = list(output.hypotheses[0])
            if prefix_token and hypothesis[:1] == [prefix_token]:
                hypothesis = hypothesis[1:]
            pieces.setdefault(i, []).append(model.tokenizer.decode(hypothesis).strip())
        for i, parts in pieces.items():
            results[i] = " ".join(p for p in parts if p)
        return results
