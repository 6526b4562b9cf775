"""Build genuine small Argos packages (``.argosmodel``) without torch, for tests and benchmarks.

No real en↔ko weights can be downloaded here (see ``/work/shared/TRANSLATION.md``), so the
packages are constructed: a SentencePiece model trained in a fraction of a second on generated
text, and a CTranslate2 ``TransformerSpec`` whose weights are *built*, not trained, so the model
translates word by word through a lexicon and copies every other piece unchanged. It is a real
CTranslate2 model loaded through the real path, so a test can assert the exact text it returns.

How the network is wired (everything else is zero, so each extra pre-norm layer is ``x + 0``):

* The residual stream holds blocks of ±1 "bits" (each bit stored twice, as +b and -b, so every
  vector is zero-mean with the same sum of squares: LayerNorm only rescales it, by the same
  factor for every token). The *position block* holds the binary code of a position, the
  *token block* the binary code of a vocabulary id.
* Encoder: the source is ``<s> s_1 … s_n </s>`` (``add_source_bos``/``add_source_eos``).
  Embedding of piece ``s`` = code of ``f(s)``, its translation (lexicon target, or ``s`` itself
  when it is not in the lexicon); ``f(<s>)`` is ``</s>``. The position table holds the code of
  each position, except position 0 (always ``<s>``), which holds a *sink* mark instead.
* Decoder: embeddings are zero; step ``t`` carries the code of source position ``t + 1 - offset``
  (``offset`` is 1 when a ``target_prefix`` token takes the first step) and a constant mark. The
  last decoder layer's cross-attention compares position codes (the score drops by a fixed margin
  per differing bit) and the sink scores one bit below a perfect match: step ``t`` attends to its
  source position alone, or, past the end of the source, to the sink, so it emits ``</s>`` there
  as a trained model would (beam search's alternative hypotheses end with the best one instead of
  wandering on). The attended token block is copied into the stream; the output projection row of
  target piece ``v`` is the code of ``v``.
* All values are ±constant, so int8 weights and int8-quantized activations represent them exactly.

``build_package`` makes the tiny test package (a few hundred KB, well under a second);
``build_realistic_package`` makes the benchmark stand-in at the size of a real Argos model
(6+6 layers, width 512, 8 heads, FFN 2048, 32k vocabulary, int8, every matrix distinct).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import math
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from subtitler.translate.engine import ArgosEngine

    FloatArray = npt.NDArray[np.float32]

SPACE = "▁"  # SentencePiece's word-start marker

# English → Korean news vocabulary: one source word, one target word (the model is word by word).
EN_KO: dict[str, str] = {
    "north": "북한",
    "korea": "한국",
    "korean": "한국의",
    "troops": "군대",
    "soldiers": "병사들",
    "russia": "러시아",
    "russian": "러시아의",
    "ukraine": "우크라이나",
    "war": "전쟁",
    "military": "군사",
    "army": "육군",
    "forces": "병력",
    "president": "대통령",
    "government": "정부",
    "minister": "장관",
    "defense": "국방",
    "intelligence": "정보",
    "officials": "당국자들",
    "reporter": "기자",
    "anchor": "앵커",
    "news": "뉴스",
    "today": "오늘",
    "yesterday": "어제",
    "morning": "아침",
    "evening": "저녁",
    "week": "주",
    "month": "달",
    "year": "년",
    "thousand": "천",
    "people": "사람들",
    "border": "국경",
    "front": "전선",
    "line": "선",
    "missile": "미사일",
    "nuclear": "핵",
    "weapons": "무기",
    "sanctions": "제재",
    "talks": "회담",
    "summit": "정상회담",
    "leader": "지도자",
    "seoul": "서울",
    "pyongyang": "평양",
    "moscow": "모스크바",
    "washington": "워싱턴",
    "united": "연합",
    "states": "국가들",
    "china": "중국",
    "japan": "일본",
    "deployed": "배치된",
    "sent": "보낸",
    "confirmed": "확인된",
    "reported": "보도된",
    "killed": "사망한",
    "wounded": "부상한",
    "captured": "포로가된",
    "new": "새로운",
    "large": "대규모",
    "more": "더",
    "than": "보다",
    "about": "약",
    "and": "그리고",
    "the": "그",
    "in": "안에",
    "to": "에게",
    "of": "의",
    "from": "부터",
    "said": "말했다",
    "says": "말한다",
    "according": "따르면",
    "situation": "상황",
}

# Korean → English: single target pieces again; "_" in a target shows Argos' decode quirk
# (its SentencePiece detokenizer turns "_" into a space), which the engine reproduces.
KO_EN: dict[str, str] = {
    "북한": "North_Korea",
    "한국": "South_Korea",
    "군대": "troops",
    "병사들": "soldiers",
    "러시아": "Russia",
    "우크라이나": "Ukraine",
    "전쟁": "war",
    "군사": "military",
    "병력": "forces",
    "대통령": "president",
    "정부": "government",
    "장관": "minister",
    "국방부": "Defense_Ministry",
    "국정원": "NIS",
    "정보": "intelligence",
    "당국자들": "officials",
    "기자": "reporter",
    "앵커": "anchor",
    "뉴스": "news",
    "오늘": "today",
    "어제": "yesterday",
    "아침": "morning",
    "저녁": "evening",
    "사람들": "people",
    "국경": "border",
    "전선": "front",
    "미사일": "missile",
    "핵": "nuclear",
    "무기": "weapons",
    "제재": "sanctions",
    "회담": "talks",
    "정상회담": "summit",
    "지도자": "leader",
    "서울": "Seoul",
    "평양": "Pyongyang",
    "모스크바": "Moscow",
    "워싱턴": "Washington",
    "미국": "United_States",
    "중국": "China",
    "일본": "Japan",
    "파병": "deployment",
    "배치": "deployment",
    "확인": "confirmed",
    "보도": "report",
    "사망": "killed",
    "부상": "wounded",
    "포로": "captives",
    "새로운": "new",
    "대규모": "large",
    "약": "about",
    "명": "people",
    "그리고": "and",
    "했습니다": "did",
    "밝혔습니다": "said",
    "전했습니다": "reported",
    "있습니다": "are",
    "상황": "situation",
    "추가": "additional",
    "지원": "support",
    "공격": "attack",
}

LEXICONS: dict[tuple[str, str], dict[str, str]] = {("en", "ko"): EN_KO, ("ko", "en"): KO_EN}

# Filler text so every ASCII letter, digit, common punctuation mark and the Hangul syllables of
# both lexicons exist as pieces: text outside the lexicon is cut into known pieces and copied.
_FILLER = (
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 "
    ". , ? ! : ; ' \" ( ) [ ] - % / & 이 가 은 는 을 를 에 의 도 로 과 와 서 다 요"
)


def default_lexicon(source: str, target: str) -> dict[str, str]:
    """The built-in lexicon for a pair: English keys also match capitalised (``North``)."""
    base = LEXICONS.get((source, target), {})
    lexicon = dict(base)
    for word, translation in base.items():
        lexicon.setdefault(word.capitalize(), translation)
    return lexicon


@dataclass(frozen=True)
class _Layout:
    """Where the bits sit in the residual stream: position block, token block, then two marks."""

    d_model: int
    position_bits: int
    token_bits: int

    @property
    def pos(self) -> int:  # first dim of the position block (+ copy), then the - copy
        return 0

    @property
    def tok(self) -> int:  # first dim of the token block (+ copy), then the - copy
        return 2 * self.position_bits

    @property
    def sink(self) -> int:  # the sink mark (+, then -), only in encoder position 0
        return self.tok + 2 * self.token_bits

    @property
    def const(self) -> int:  # a mark every decoder position carries (+, then -)
        return self.sink + 2

    @property
    def used(self) -> int:
        return self.const + 2


def _bits(value: int, count: int) -> list[float]:
    return [1.0 if (value >> i) & 1 else -1.0 for i in range(count)]


def _block_codes(values: Sequence[int], bits: int, start: int, layout: _Layout) -> FloatArray:
    """Rows holding the ±1 code of each value at ``start`` and its negation right after."""
    import numpy as np

    out = np.zeros((len(values), layout.d_model), dtype=np.float32)
    for row, value in enumerate(values):
        code = _bits(value, bits)
        out[row, start : start + bits] = code
        out[row, start + bits : start + 2 * bits] = [-c for c in code]
    return out


def train_sentencepiece(
    texts: Iterable[str], symbols: Sequence[str], vocab_size: int = 400, model_type: str = "unigram"
) -> bytes:
    """Train a SentencePiece model in memory; each of ``symbols`` becomes one piece.

    ``vocab_size`` is a soft limit on the pieces besides ``symbols``. On a few KB of text a BPE
    model keeps whole words (about 1.2 pieces per English word, like a real 32k vocabulary);
    a unigram model keeps fewer.
    """
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(texts)),
        model_writer=buffer,
        vocab_size=len(symbols) + vocab_size,
        hard_vocab_limit=False,
        user_defined_symbols=list(symbols),
        character_coverage=1.0,
        model_type=model_type,
        num_threads=1,
        minloglevel=2,
    )
    return buffer.getvalue()


def _training_text(lexicon: Mapping[str, str], extra: Iterable[str] = ()) -> list[str]:
    words = list(lexicon) + list(lexicon.values())
    lines = [_FILLER] * 5
    for i in range(0, len(words), 7):
        lines.append(" ".join(words[i : i + 7]) + ".")
    lines.extend(extra)
    return lines


def _symbols(lexicon: Mapping[str, str], target_prefix: str) -> list[str]:
    pieces = {SPACE + w.replace(" ", "_") for pair in lexicon.items() for w in pair}
    symbols = sorted(pieces)
    if target_prefix:
        symbols.append(target_prefix)
    return symbols


def build_spec(
    vocabulary: Sequence[str],
    translation: Sequence[int],
    *,
    layers: int = 1,
    d_model: int = 64,
    heads: int = 4,
    ffn: int = 64,
    max_positions: int = 2048,
    offset: int = 0,
    distinct_weights: bool = False,
) -> Any:
    """The CTranslate2 spec that maps source piece id ``i`` to target piece id ``translation[i]``.

    ``vocabulary`` is the shared vocabulary; ``offset`` is how many forced prefix steps the decoder
    takes before the first translated piece. Returns a validated ``TransformerSpec``.
    """
    import numpy as np
    from ctranslate2.specs import transformer_spec

    vocab = len(vocabulary)
    bits = max(1, math.ceil(math.log2(max_positions + 1)))
    layout = _Layout(d_model, bits, math.ceil(math.log2(vocab)))
    head_dim = d_model // heads
    if d_model % heads or head_dim <= layout.position_bits or layout.used > d_model - 1:
        raise ValueError(f"d_model={d_model}/heads={heads} too small for this vocabulary")
    if math.ceil(layout.token_bits / heads) > head_dim:
        raise ValueError("too few dimensions per head for the token code")

    spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads, pre_norm=True)
    spec.config.add_source_eos = True  # Argos-trained models see </s> at the end of the source
    spec.config.add_source_bos = True  # the attention sink, always at source position 0
    spec.config.layer_norm_epsilon = 1e-6
    zeros = functools.partial(np.zeros, dtype=np.float32)
    ones = functools.partial(np.ones, dtype=np.float32)
    junk = d_model - 1  # a stream dimension that is always zero: entries reading it change nothing
    serial = iter(range(1, 1_000_000))

    def matrix(rows: int, cols: int) -> FloatArray:
        m = np.zeros((rows, cols), dtype=np.float32)
        if distinct_weights:
            # CTranslate2 stores equal matrices once; a real model has none, so tag each one.
            m[next(serial) % rows, junk if cols == d_model else next(serial) % cols] = 1e-3
        return m

    def fill_layer_norm(ln: Any) -> None:
        ln.gamma = ones(d_model)
        ln.beta = zeros(d_model)

    def fill_linear(lin: Any, rows: int, cols: int) -> None:
        lin.weight = matrix(rows, cols)

    def fill_ffn(f: Any) -> None:
        fill_layer_norm(f.layer_norm)
        fill_linear(f.linear_0, ffn, d_model)
        # linear_1 reads the FFN hidden units; they are zero (linear_0 only reads ``junk``).
        f.linear_1.weight = matrix(d_model, ffn)

    positions = list(range(max_positions))
    src_pos = _block_codes(positions, layout.position_bits, layout.pos, layout)
    # The sink replaces position 0's code, with the same sum of squares (2 * position_bits).
    root = math.sqrt(layout.position_bits)
    src_pos[0, :] = 0.0
    src_pos[0, layout.sink : layout.sink + 2] = (root, -root)
    # Decoder step t reads source position t + 1 - offset; a forced prefix step gets the code of
    # the last position, which no input reaches.
    dec_pos = _block_codes(
        [t + 1 - offset if t >= offset else max_positions for t in positions],
        layout.position_bits,
        layout.pos,
        layout,
    )
    dec_pos[:, layout.const : layout.const + 2] = (1.0, -1.0)
    token_codes = _block_codes(list(range(vocab)), layout.token_bits, layout.tok, layout)
    translated = list(translation)
    translated[list(vocabulary).index("<s>")] = list(vocabulary).index("</s>")

    enc = spec.encoder
    enc.scale_embeddings = False
    enc.embeddings[0].weight = token_codes[translated]
    enc.position_encodings.encodings = src_pos
    fill_layer_norm(enc.layer_norm)
    for layer in enc.layer:
        fill_layer_norm(layer.self_attention.layer_norm)
        fill_linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        fill_linear(layer.self_attention.linear[1], d_model, d_model)
        fill_ffn(layer.ffn)

    dec = spec.decoder
    dec.scale_embeddings = False
    dec.embeddings.weight = matrix(vocab, d_model)
    dec.position_encodings.encodings = dec_pos
    fill_layer_norm(dec.layer_norm)
    for layer in dec.layer:
        fill_layer_norm(layer.self_attention.layer_norm)
        fill_linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        fill_linear(layer.self_attention.linear[1], d_model, d_model)
        fill_layer_norm(layer.attention.layer_norm)
        fill_linear(layer.attention.linear[0], d_model, d_model)
        fill_linear(layer.attention.linear[1], 2 * d_model, d_model)
        fill_linear(layer.attention.linear[2], d_model, d_model)
        fill_ffn(layer.ffn)

    # LayerNorm maps a zero-mean vector with sum of squares k to one with sum of squares
    # d_model: a ±1 entry becomes ±sqrt(d_model / k).
    p = math.sqrt(d_model / (2 * layout.position_bits + 2))  # decoder query input
    m = math.sqrt(d_model / (2 * layout.position_bits + 2 * layout.token_bits))  # memory
    final = math.sqrt(d_model / (2 * layout.position_bits + 2 * layout.token_bits + 2))
    score = 30.0  # attention score per agreeing position bit, after CTranslate2's 1/sqrt(head_dim)
    alpha = math.sqrt(score * math.sqrt(head_dim) / (p * m))
    cross = dec.layer[-1].attention
    query = cross.linear[0].weight
    key_value = cross.linear[1].weight
    out = cross.linear[2].weight
    for h in range(heads):
        base = h * head_dim
        for k in range(layout.position_bits):
            query[base + k, layout.pos + k] = alpha
            key_value[base + k, layout.pos + k] = alpha
        # The sink: constant query mark times sink mark = one bit less than a perfect match.
        query[base + layout.position_bits, layout.const] = alpha
        key_value[base + layout.position_bits, layout.sink] = (
            alpha * (layout.position_bits - 1) / root
        )
    for j in range(layout.token_bits):
        h, slot = j % heads, j // heads
        key_value[d_model + h * head_dim + slot, layout.tok + j] = 1.0
        # Write the bit back at magnitude 1, like the position bits, in both copies.
        out[layout.tok + j, h * head_dim + slot] = 1.0 / m
        out[layout.tok + layout.token_bits + j, h * head_dim + slot] = -1.0 / m
    gamma = 15.0 / final  # output logit per agreeing token bit
    projection = token_codes[:, layout.tok : layout.tok + layout.token_bits] * gamma
    dec.projection.weight = zeros((vocab, d_model))
    dec.projection.weight[:, layout.tok : layout.tok + layout.token_bits] = projection

    spec.register_source_vocabulary(list(vocabulary))
    spec.register_target_vocabulary(list(vocabulary))
    spec.validate()
    return spec


def _translation_ids(vocabulary: Sequence[str], lexicon: Mapping[str, str]) -> list[int]:
    index = {piece: i for i, piece in enumerate(vocabulary)}
    mapping = list(range(len(vocabulary)))
    for word, translated in lexicon.items():
        src = index.get(SPACE + word.replace(" ", "_"))
        dst = index.get(SPACE + translated.replace(" ", "_"))
        if src is not None and dst is not None:
            mapping[src] = dst
    return mapping


def build_package(
    dest_dir: Path,
    source: str,
    target: str,
    *,
    lexicon: Mapping[str, str] | None = None,
    version: str = "1.1",
    layers: int = 1,
    d_model: int = 64,
    heads: int = 4,
    ffn: int = 64,
    vocab_size: int | None = None,
    target_prefix: str = "",
    distinct_weights: bool = False,
    quantization: str = "int8",
    max_positions: int = 2048,
    extra_text: Iterable[str] = (),
    sentencepiece_size: int = 400,
    sentencepiece_type: str = "unigram",
) -> Path:
    """Build ``translate-{source}_{target}-{version}.argosmodel`` in ``dest_dir`` and return it.

    ``lexicon`` defaults to :func:`default_lexicon`; ``vocab_size`` pads the CTranslate2
    vocabulary with unused pieces up to that size (a real model's cost); ``extra_text`` is added
    to the SentencePiece training text (so a benchmark's words are few pieces, as with a real
    model).
    """
    lex = dict(default_lexicon(source, target) if lexicon is None else lexicon)
    sp_model = train_sentencepiece(
        _training_text(lex, extra_text),
        _symbols(lex, target_prefix),
        sentencepiece_size,
        sentencepiece_type,
    )
    vocabulary = _vocabulary(sp_model)
    if vocab_size is not None and vocab_size > len(vocabulary):
        vocabulary += [f"<pad{i}>" for i in range(vocab_size - len(vocabulary))]
    spec = build_spec(
        vocabulary,
        _translation_ids(vocabulary, lex),
        layers=layers,
        d_model=d_model,
        heads=heads,
        ffn=ffn,
        max_positions=max_positions,
        offset=1 if target_prefix else 0,
        distinct_weights=distinct_weights,
    )
    spec.optimize(quantization=quantization)
    metadata: dict[str, Any] = {
        "package_version": version,
        "argos_version": "1.5",
        "from_code": source,
        "from_name": source,
        "to_code": target,
        "to_name": target,
        "type": "translate",
        "code": f"translate-{source}_{target}",
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    folder = f"translate-{source}_{target}-{version.replace('.', '_')}"
    dest_dir.mkdir(parents=True, exist_ok=True)
    archive = dest_dir / f"{folder}.argosmodel"
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        model_dir.mkdir()
        spec.save(str(model_dir))
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{folder}/metadata.json", json.dumps(metadata, indent=2))
            zf.writestr(f"{folder}/sentencepiece.model", sp_model)
            zf.writestr(f"{folder}/README.md", "Synthetic word-by-word test model.\n")
            for file in sorted(model_dir.iterdir()):
                zf.write(file, f"{folder}/model/{file.name}")
    return archive


def build_realistic_package(
    dest_dir: Path, source: str = "en", target: str = "ko", *, extra_text: Iterable[str] = ()
) -> Path:
    """The benchmark stand-in: the size and cost of a real Argos model.

    6 encoder + 6 decoder layers, width 512, 8 heads, FFN 2048, a 32,000-piece vocabulary, int8,
    every matrix distinct (so nothing is stored once for many layers).
    """
    return build_package(
        dest_dir,
        source,
        target,
        layers=6,
        d_model=512,
        heads=8,
        ffn=2048,
        vocab_size=32_000,
        distinct_weights=True,
        quantization="int8",
        extra_text=extra_text,
        sentencepiece_size=6000,
        sentencepiece_type="bpe",
    )


def _vocabulary(sp_model: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def build_index(directory: Path, packages: Sequence[Path], base_url: str) -> Path:
    """Write ``directory/index.json`` listing ``packages`` (files in ``directory``) at ``base_url``.

    Entries are shaped like Argos' index: the package's metadata plus ``links``.
    """
    entries = []
    for package in packages:
        with zipfile.ZipFile(package) as zf:
            name = next(n for n in zf.namelist() if n.endswith("/metadata.json"))
            entry = json.loads(zf.read(name))
        entry["links"] = [base_url.rstrip("/") + "/" + package.name]
        entries.append(entry)
    index = directory / "index.json"
    index.write_text(json.dumps(entries, indent=2), encoding="utf-8")
    return index


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port) and yield its base URL.

    The server runs in a thread and is shut down when the context exits.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (the port was bound, then released)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def copy_package(package: Path, dest_dir: Path) -> Path:
    """Copy a built package into ``dest_dir`` (e.g. a folder to serve) and return the copy."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(package, dest_dir / package.name))


class CountingTranslator:
    """The real engine, with a record of what each call sent it (the engine does the work).

    Tests of the cache and the service use it to see which sentences reached the model.
    """

    def __init__(self, inner: ArgosEngine) -> None:
        self.inner = inner
        self.calls: list[list[str]] = []

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append(list(sentences))
        return self.inner.translate(sentences, source, target)

    def identity(self, source: str, target: str) -> str:
        return self.inner.identity(source, target)
