"""Export profiles: the documented choices, and single options overriding them."""

from __future__ import annotations

import re

import pytest

from subtitler.errors import SubtitlerError
from subtitler.formats.srt import compose_srt, parse_srt
from subtitler.models import Cue
from subtitler.profiles import PROFILES, ProfileError, profile_names, resolve_profile

CUES = (Cue(0, 1500, ("Hello,", "world."), 0, (0,)), Cue(2000, 3500, ("안녕하세요.",), 1, (1,)))


def test_every_profile_the_cli_offers_exists_and_explains_itself() -> None:
    assert profile_names() == ("default", "premiere", "resolve", "fcp", "youtube")
    for name, chosen in PROFILES.items():
        assert chosen.name == name
        assert chosen.description and chosen.naming
        # Every profile says why, citing at least one source tag from the module's source list.
        assert re.search(r"\[(rules|premiere|resolve|fcp|youtube|bom)\]", chosen.why), name


def test_defaults_are_the_safe_srt_utf8_no_bom_lf_from_zero() -> None:
    default = resolve_profile("default")
    assert (default.bom, default.crlf, default.start_ms, default.fps) == (False, False, 0, None)
    assert default.voice_spans


def test_resolve_timeline_starts_at_one_hour() -> None:
    assert resolve_profile("resolve").start_ms == 60 * 60 * 1000


def test_youtube_and_editors_get_plain_text_only() -> None:
    for name in ("youtube", "premiere", "resolve", "fcp"):
        assert resolve_profile(name).markup == "none"
        assert not resolve_profile(name).voice_spans


def test_no_profile_forces_a_bom_or_crlf_without_evidence() -> None:
    assert not any(p.bom or p.crlf for p in PROFILES.values())


def test_single_options_override_the_profile() -> None:
    chosen = resolve_profile("resolve", bom=True, crlf=True, start_ms=0, fps=25.0)
    assert (chosen.bom, chosen.crlf, chosen.start_ms, chosen.fps) == (True, True, 0, 25.0)
    assert chosen.name == "resolve" and chosen.markup == "none"
    # None means "keep what the profile says".
    kept = resolve_profile("resolve", bom=None, start_ms=None)
    assert kept == PROFILES["resolve"]


def test_profile_names_are_case_and_space_insensitive() -> None:
    assert resolve_profile(" Premiere ") == PROFILES["premiere"]


@pytest.mark.parametrize("name", ["avid", "", "premier"])
def test_unknown_profile_is_a_clear_error(name: str) -> None:
    with pytest.raises(ProfileError, match="unknown export profile") as info:
        resolve_profile(name)
    assert isinstance(info.value, SubtitlerError)
    assert "premiere" in str(info.value) and "\n" not in str(info.value)


def test_bad_overrides_are_refused() -> None:
    with pytest.raises(ProfileError, match="negative"):
        resolve_profile("default", start_ms=-1)
    with pytest.raises(ProfileError, match="positive"):
        resolve_profile("default", fps=0)


@pytest.mark.parametrize("name", list(PROFILES))
def test_profile_bytes_round_trip_through_the_srt_writer(name: str) -> None:
    chosen = resolve_profile(name, bom=name == "premiere", crlf=name == "fcp")
    text = compose_srt(CUES, bom=chosen.bom, crlf=chosen.crlf)
    assert text.startswith("\ufeff") == chosen.bom
    assert ("\r\n" in text) == chosen.crlf
    parsed = parse_srt(text)
    assert [(c.start_ms, c.end_ms, c.lines) for c in parsed] == [
        (c.start_ms, c.end_ms, c.lines) for c in CUES
    ]
