"""Every sample transcript against its reviewed expected outputs (tests/golden/).

A change of output shows here as a diff a person can read; after a deliberate one,
`python -m tests.update_golden` rewrites the files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TRANSCRIPTS
from tests.update_golden import GOLDEN, expected_outputs


@pytest.mark.parametrize("transcript", sorted(TRANSCRIPTS.glob("*.txt")), ids=lambda p: p.stem)
def test_outputs_match_golden_files(transcript: Path) -> None:
    made = expected_outputs(transcript)
    assert made, transcript
    for name, data in made.items():
        assert data.decode("utf-8") == (GOLDEN / name).read_text(encoding="utf-8"), name
