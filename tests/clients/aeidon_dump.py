"""Run by the system Python (Debian's python3-aeidon): print the cues aeidon reads from files.

Usage: /usr/bin/python3 aeidon_dump.py FILE... -> JSON {file: [[start_ms, end_ms, text], ...]}.
aeidon (the library behind Gaupol) lives in the system Python only, so the tests call this
script in a subprocess instead of importing it.
"""

from __future__ import annotations

import importlib
import json
import sys


def main(paths: list[str]) -> int:
    aeidon = importlib.import_module("aeidon")
    found: dict[str, list[list[object]]] = {}
    for path in paths:
        project = aeidon.Project()
        # aeidon detects the format (SubRip, WebVTT) from the content, as Gaupol does.
        project.open_main(path, "utf_8")
        found[path] = [
            [round(s.start_seconds * 1000), round(s.end_seconds * 1000), s.main_text]
            for s in project.subtitles
        ]
    print(json.dumps(found, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
