"""Export profiles: what each editor or platform accepts, as one documented set of choices.

A profile decides the bytes around the cues (BOM, line endings), where the timeline
starts, whether cue times snap to frames and which markup may appear.
Every choice carries its reason and source in ``why``; options given one by one
(``--bom``, ``--crlf``, ``--start``, ``--fps``) override the profile
(:func:`resolve_profile`).

What SRT itself must look like (`` --> ``, 3-digit milliseconds, numbering from 1) is
not a profile choice: :mod:`subtitler.formats.srt` always writes it that way, which is
what Premiere Pro needs (it rejects a malformed ``--->`` arrow with a header error).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from subtitler.errors import SubtitlerError

Markup = Literal["none", "voice"]


class ProfileError(SubtitlerError):
    """An export profile name subtitler does not know, or an override it cannot use."""


@dataclass(frozen=True)
class ExportProfile:
    """How files are written for one editor or platform.

    ``markup`` is ``"voice"`` when WebVTT ``<v Speaker>`` voice spans may be written and
    ``"none"`` for plain text only; SRT is always written as plain text. ``start_ms`` is
    added to every cue time; ``fps`` snaps cue times to frames when set. Line and
    reading-speed limits are the language's (:mod:`subtitler.languages`) for every
    profile: none of these programs was found to need tighter ones.
    """

    name: str
    description: str
    bom: bool
    crlf: bool
    start_ms: int
    fps: float | None
    markup: Markup
    naming: str
    why: str

    @property
    def voice_spans(self) -> bool:
        """Whether WebVTT output may carry ``<v Speaker>`` spans."""
        return self.markup == "voice"


# Sources, cited by the profiles below:
# [rules]    ../shared/SUBTITLE-RULES.md, "SRT as editors read it".
# [premiere] Premiere Pro CC 2021 refuses an SRT whose arrow is "--->" with an SRT header
#            error (github.com/YDX-2147483647/Jianying-to-srt issue 1); Adobe's captions help
#            ("Working with captions in Premiere Pro 14.x and earlier") converts imported SRT
#            to its own caption track matched to the sequence.
# [resolve]  DaVinci Resolve timelines start at 01:00:00:00 by default, so SRT times from zero
#            land an hour early (HandBrake issue 5878 citing the Blackmagic forum; auto-subs
#            issue 16). Resolve's subtitle track shows one subtitle at a time (Resolve 18
#            manual, "Subtitles and Closed Captioning Support").
# [fcp]      Final Cut Pro imports and exports SRT captions (Final Cut Pro User Guide, "Caption
#            formats"; captions arrived in 10.4.1); its validation rejects captions that
#            overlap in time and more than two lines (Apple support HT208487).
# [youtube]  YouTube help "Supported subtitle and closed caption files" (answer 2734698):
#            SubRip "only basic versions ... no style info (markup) is recognized. The file
#            must be in plain UTF-8."
# [bom]      A UTF-8 BOM breaks strict SRT readers that take it for part of the first cue
#            number (e.g. Resolve-OpenCaptions issue 2, IRT scf issue 67), while some
#            Windows programs guess the system code page without one (mkvtoolnix issue 1793,
#            subliminal issue 288): so it is an option, never a default.

DEFAULT = ExportProfile(
    name="default",
    description="Plain UTF-8 SRT/WebVTT for players, subtitle editors and review",
    bom=False,
    crlf=False,
    start_ms=0,
    fps=None,
    markup="voice",
    naming="NAME.<lang>.srt next to NAME.mp4: players pick the track by the language suffix",
    why=(
        "UTF-8 without BOM and LF line endings are what every SRT reader handles; a BOM or "
        "CRLF trips some parsers, so both stay opt-in [rules][bom]. WebVTT gets <v Speaker> "
        "voice spans, which browsers and players read as the speaker of the cue."
    ),
)

PREMIERE = ExportProfile(
    name="premiere",
    description="Adobe Premiere Pro: import the SRT as a captions track",
    bom=False,
    crlf=False,
    start_ms=0,
    fps=None,
    markup="none",
    naming="Any name; import NAME.<lang>.srt and drag it onto the sequence (captions track)",
    why=(
        "Premiere refuses malformed arrows ('--->'), which our writer never produces "
        "[premiere]; it converts SRT into its own caption track, so only plain text is "
        "written. No evidence was found that Premiere needs a BOM or CRLF, so neither is "
        "forced [bom]; sequences start at 00:00:00:00 by default. Give --fps with the "
        "sequence rate to land cue boundaries on frames."
    ),
)

RESOLVE = ExportProfile(
    name="resolve",
    description="DaVinci Resolve: subtitle track on a timeline starting at 01:00:00:00",
    bom=False,
    crlf=False,
    start_ms=3_600_000,
    fps=None,
    markup="none",
    naming="Any name; File > Import > Subtitle, then drag onto a subtitle track",
    why=(
        "Resolve timelines start at 01:00:00:00 by default, so cues are offset by one hour "
        "to line up [resolve][rules]; --start 00:00:00:00 undoes it for a timeline set to "
        "zero. Plain text only. Resolve shows one subtitle at a time per track, so inline "
        "name cards never overlap dialogue (see subtitler.namecards)."
    ),
)

FCP = ExportProfile(
    name="fcp",
    description="Apple Final Cut Pro: File > Import > Captions (SRT)",
    bom=False,
    crlf=False,
    start_ms=0,
    fps=None,
    markup="none",
    naming="Any name; choose the caption role and language in the import dialog",
    why=(
        "Final Cut Pro imports SRT captions (10.4.1 and later) and flags captions that "
        "overlap in time or run past two lines [fcp]: our cues never overlap, keep to two "
        "lines, and name cards get their own time slot. Projects start at 00:00:00:00 "
        "unless set otherwise (--start). Plain text only."
    ),
)

YOUTUBE = ExportProfile(
    name="youtube",
    description="YouTube upload: basic SubRip, plain UTF-8, no markup",
    bom=False,
    crlf=False,
    start_ms=0,
    fps=None,
    markup="none",
    naming="Any name; the language is chosen when uploading in YouTube Studio",
    why=(
        "YouTube reads only basic SubRip: no style markup is recognised and the file must be "
        "plain UTF-8 [youtube]; videos start at zero."
    ),
)

PROFILES: dict[str, ExportProfile] = {p.name: p for p in (DEFAULT, PREMIERE, RESOLVE, FCP, YOUTUBE)}


def profile_names() -> tuple[str, ...]:
    """The profile names, in the order the CLI lists them.

    >>> profile_names()
    ('default', 'premiere', 'resolve', 'fcp', 'youtube')
    """
    return tuple(PROFILES)


def resolve_profile(
    name: str,
    *,
    bom: bool | None = None,
    crlf: bool | None = None,
    start_ms: int | None = None,
    fps: float | None = None,
) -> ExportProfile:
    """The profile ``name`` with each option that is not ``None`` taking precedence.

    >>> resolve_profile("resolve").start_ms
    3600000
    >>> resolve_profile("resolve", start_ms=0, bom=True).start_ms
    0
    """
    try:
        chosen = PROFILES[name.strip().lower()]
    except KeyError:
        raise ProfileError(
            f"unknown export profile {name!r}: choose one of {', '.join(PROFILES)}"
        ) from None
    if start_ms is not None and start_ms < 0:
        raise ProfileError(f"start offset must not be negative (got {start_ms} ms)")
    if fps is not None and not fps > 0:
        raise ProfileError(f"frame rate must be positive (got {fps})")
    return replace(
        chosen,
        bom=chosen.bom if bom is None else bom,
        crlf=chosen.crlf if crlf is None else crlf,
        start_ms=chosen.start_ms if start_ms is None else start_ms,
        fps=chosen.fps if fps is None else fps,
    )
