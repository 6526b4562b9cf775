"""Rewrite tests/golden/ from the current code: run it after a deliberate change of output,
then read the diff (git diff tests/golden) before committing it.

    python -m tests.update_golden
"""

from __future__ import annotations

from pathlib import Path

from subtitler import outputs, pipeline

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
# The files a golden test compares: subtitles and the cleaned transcript (the report holds
# the same data again, and is checked structurally in test_report).
SUFFIXES = (".srt", ".cleaned.txt")


def expected_outputs(transcript: Path) -> dict[str, bytes]:
    """The source-language outputs of one transcript under the default options."""
    document = pipeline.finish(pipeline.prepare(transcript.stem, transcript.read_bytes()))
    files = outputs.render(document, [document.source_language])
    return {name: data for name, data in files.items() if name.endswith(SUFFIXES)}


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for transcript in sorted((REPO / "transcripts").glob("*.txt")):
        for name, data in expected_outputs(transcript).items():
            (GOLDEN / name).write_bytes(data)
            print(GOLDEN / name)


if __name__ == "__main__":
    main()
