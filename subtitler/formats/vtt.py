"""WebVTT: the SRT layout with a ``WEBVTT`` header, ``.`` before milliseconds and voice spans.

Cue text and timings are made exactly as for SRT (:mod:`subtitler.formats.srt`);
only the header, the decimal separator, escaping and ``<v Speaker>`` spans differ
(``../shared/SUBTITLE-RULES.md``, "SRT as editors read it").
"""

from __future__ import annotations

from collections.abc import Sequence

from subtitler.errors import OutputError
from subtitler.formats.srt import text_lines, timestamp, written_lines
from subtitler.models import Cue


def escape_vtt(text: str) -> str:
    """``text`` safe inside WebVTT cue text (``&``, ``<``, ``>`` as character references).

    These three must be (W3C WebVTT, "cue text"); ``&`` goes first, so no reference made
    here is escaped again.

    >>> escape_vtt("R&D <rumours> --> facts")
    'R&amp;D &lt;rumours&gt; --&gt; facts'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def compose_vtt(cues: Sequence[Cue], speakers: Sequence[str | None] | None = None) -> str:
    """WebVTT text for ``cues``, with cue identifiers numbered from 1.

    With ``speakers``, a cue whose segment has a named speaker
    (``speakers[cue.segment]``) is wrapped in a ``<v Name>`` voice span. A cue that
    carries no sentence (a name card: on-screen text, not speech) gets no voice.

    >>> from subtitler.models import Cue
    >>> print(compose_vtt([Cue(0, 1500, ("Q&A",), 0, (0,))], ["Kim Ji-ho"]), end="")
    WEBVTT
    <BLANKLINE>
    1
    00:00:00.000 --> 00:00:01.500
    <v Kim Ji-ho>Q&amp;A</v>
    <BLANKLINE>
    """
    # Each speaker's voice is written once per segment, not once per cue.
    voices = None if speakers is None else [_voice(name) for name in speakers]
    blocks = ["WEBVTT\n"]
    lines = written_lines(cues)
    for number, cue in enumerate(cues, start=1):
        cue_lines = text_lines(cue, number) if lines is None else lines[number - 1]
        body = "\n".join(escape_vtt(line) for line in cue_lines)
        speaker = _speaker(voices, cue, number)
        if speaker:
            body = f"<v {speaker}>{body}</v>"
        times = f"{timestamp(cue.start_ms, decimal='.')} --> {timestamp(cue.end_ms, decimal='.')}"
        blocks.append(f"{number}\n{times}\n{body}\n")
    return "\n".join(blocks)


def _speaker(voices: Sequence[str | None] | None, cue: Cue, number: int) -> str | None:
    if voices is None or not cue.sentences:
        return None
    if not 0 <= cue.segment < len(voices):
        raise OutputError(
            f"cue {number} belongs to segment {cue.segment} but {len(voices)} speakers were given"
        )
    return voices[cue.segment]


def _voice(name: str | None) -> str | None:
    # A voice annotation ends at the first ">" and cannot span lines.
    return escape_vtt(" ".join(name.split())) if name else None
