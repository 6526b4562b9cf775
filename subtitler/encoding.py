"""Bytes to text: find the encoding of a transcript and refuse what is not text.

Why no detection library (chardet, charset-normalizer): the transcripts we take
are in one of very few encodings. A byte-order mark names UTF-8 or UTF-16 for
certain; without one the candidates are UTF-8, CP949 (the Windows superset of
EUC-KR that Korean newsrooms still export) and Windows-1252 (what Windows editors
save English in, curly quotes and dashes included). Decoding strictly is exact,
not a guess: UTF-8 is self-validating, so text that decodes as UTF-8 is UTF-8 in
practice; what is left gets a strict CP949 decode plus a plausibility check,
because CP949 accepts many byte pairs and would otherwise "decode" Windows-1252
or random bytes into nonsense Hangul (a curly apostrophe and the letter after it
become one syllable: "It’s" → "It뭩"), then a strict Windows-1252 decode that
must be mostly ASCII. A statistical detector would add a dependency and only a
confidence score on top of that.

The byte-order mark is left out of the returned text. The encoding name tells
the caller a BOM was there (``"utf-8-sig"``, ``"utf-16-le"``...), so the pipeline
reports it; :func:`subtitler.clean.normalize` records fixes only for characters
it changes itself (a U+FEFF still inside the text is one of them).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from subtitler.errors import InputError

# (BOM bytes, codec that decodes what follows, name we report). UTF-8 first: its
# BOM cannot be confused with the UTF-16 ones.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Control characters (Unicode category Cc: U+0000-U+001F and U+007F-U+009F, a set the
# standard never changes) other than those a text file legitimately carries: \t \n \v
# \f \r and \x1a, the DOS end-of-file marker.
_OTHER_CONTROLS = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
# They are all below U+0100: the text encoded as Latin-1 (dropping what is not) keeps
# them all, and deleting every other byte leaves one byte each. Two passes in C count
# them many times faster than a regex scan of the text (or a category lookup per
# character).
_NOT_OTHER_CONTROLS = _OTHER_CONTROLS.sub("", bytes(range(256)).decode("latin-1")).encode("latin-1")
# More than this share of other control characters means the bytes are not text.
_MAX_CONTROL_SHARE = 0.02
# A CP949 decode is believed when at least this share of its non-space characters
# is Hangul, ASCII or common punctuation; random bytes decode mostly to Hanja and
# rare symbols.
_MIN_PLAUSIBLE_CP949 = 0.9
# ASCII and Hangul syllables and jamo: plausible at a glance, no category lookup needed.
_ASCII_OR_HANGUL = re.compile("[\x00-\x7f\uac00-\ud7a3\u3130-\u318f]+")
# Of a CP949 decode's Hangul syllables, at least this share must stand next to another:
# Korean words are mostly two syllables or more, while Windows-1252 text read as CP949
# makes single syllables between Latin letters.
_MIN_HANGUL_IN_WORDS = 0.5
_HANGUL_SYLLABLES = "[\uac00-\ud7a3]+"  # compiled on first use: only CP949 needs it
# A Windows-1252 decode is believed when at least this share of its non-space
# characters is ASCII: English with accents, curly quotes and dashes, not mojibake.
_MIN_ASCII_CP1252 = 0.9


def decode(
    data: bytes, encoding: str | None = None, *, what: str = "transcript"
) -> tuple[str, str]:
    """Decode transcript bytes; return ``(text, encoding name used)``.

    ``what`` names the file in error messages ("transcript", "subtitle file").

    Without ``encoding``: a BOM decides (UTF-8, UTF-16 LE/BE), else strict
    UTF-8, else UTF-16 without BOM when the NUL bytes say so, else strict CP949
    if the result is plausible Korean text, else strict Windows-1252 if the
    result is mostly ASCII. ``encoding`` overrides all of that.
    Raises :class:`InputError` for binary data, empty text, an unknown codec or
    bytes the codec cannot decode.

    >>> decode("북한".encode("cp949"))
    ('북한', 'cp949')
    >>> decode(b"\\xef\\xbb\\xbfHello")
    ('Hello', 'utf-8-sig')
    """
    if encoding is not None:
        text, name = _decode_as(data, encoding, what)
    else:
        text, name = _detect(data, what)
    text = text.removeprefix("\ufeff")
    _check_text(text, what)
    return text, name


def _decode_as(data: bytes, encoding: str, what: str) -> tuple[str, str]:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    try:
        return data.decode(name), name
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} is not valid {encoding} (byte {exc.start}: {exc.reason})"
        ) from None


def _detect(data: bytes, what: str) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{what} starts with a {name} byte-order mark but is not valid {name} "
                    f"(byte {exc.start + len(bom)}: {exc.reason})"
                ) from None
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
        raise InputError(f"{what} looks like a binary file (it contains NUL bytes)")
    # Strict decodes in turn; each but UTF-8 must also look like what its users write.
    for codec, plausible in (
        ("utf-8", None),
        ("cp949", _plausible_korean),
        ("cp1252", _mostly_ascii),
    ):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if plausible is None or plausible(text):
            return text, codec
    if _control_share(data.decode("latin-1")) > _MAX_CONTROL_SHARE:
        raise InputError(f"{what} looks like a binary file (many control bytes)")
    raise InputError(
        f"cannot tell the {what}'s encoding: it is not UTF-8, UTF-16, CP949/EUC-KR or "
        "Windows-1252; name the encoding explicitly"
    )


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: mostly-ASCII text has its NULs all on odd (LE) or even (BE) bytes."""
    if len(data) % 2:
        return None
    odd_nuls = data[1::2].count(0)
    even_nuls = data[0::2].count(0)
    if odd_nuls and not even_nuls:
        codec = "utf-16-le"
    elif even_nuls and not odd_nuls:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        return None
    return text, codec


def _plausible_korean(text: str) -> bool:
    chars = sum(map(len, text.split()))  # characters that are not whitespace
    if not chars:
        return True
    others = _ASCII_OR_HANGUL.sub("", text)
    odd = sum(1 for ch in others if not ch.isspace() and not _is_common_symbol(ch))
    if (chars - odd) / chars < _MIN_PLAUSIBLE_CP949:
        return False
    runs = re.findall(_HANGUL_SYLLABLES, text)
    syllables = sum(map(len, runs))
    in_words = sum(len(run) for run in runs if len(run) > 1)
    return in_words >= _MIN_HANGUL_IN_WORDS * syllables


def _mostly_ascii(text: str) -> bool:
    chars = sum(map(len, text.split()))  # characters that are not whitespace
    ascii_chars = sum(map(len, text.encode("ascii", "ignore").split()))
    return ascii_chars >= _MIN_ASCII_CP1252 * chars


def _is_common_symbol(ch: str) -> bool:
    # Quotes, dots, reference marks (※), middle dots and similar punctuation of
    # Korean news text; CP949 has these in its symbol rows.
    return unicodedata.category(ch).startswith("P") or ch in "※·…▶◆○●□■△▲→"


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return _control_count(text) / len(text)


def _control_count(text: str) -> int:
    """How many characters of ``text`` _OTHER_CONTROLS finds."""
    return len(text.encode("latin-1", "ignore").translate(None, _NOT_OTHER_CONTROLS))


def _check_text(text: str, what: str) -> None:
    if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        raise InputError(f"{what} looks like a binary file (it contains control characters)")
    if not text or text.isspace():
        raise InputError(f"{what} is empty")
