"""Fail when a gettext catalogue has untranslated or fuzzy entries."""

from __future__ import annotations

import re
import sys
from pathlib import Path

_STRING = re.compile(r'"(.*)"')


def _entries(text: str) -> list[list[str]]:
    """The catalogue's entries, each as its lines (blank lines separate)."""
    return [block.splitlines() for block in re.split(r"\n\s*\n", text) if block.strip()]


def _field(lines: list[str], name: str) -> list[str]:
    """The joined strings of each ``name`` field (msgid, msgstr, msgstr[N])."""
    values: list[str] = []
    current: list[str] | None = None
    for line in lines:
        if line.startswith("#"):
            current = None
            continue
        keyword = line.split(" ", 1)[0]
        if keyword == name or (name == "msgstr" and keyword.startswith("msgstr[")):
            current = []
            values.append("")
        elif not line.startswith('"'):
            current = None
        if current is not None:
            values[-1] += "".join(_STRING.findall(line))
    return values


def main(path: str) -> int:
    problems = []
    for lines in _entries(Path(path).read_text(encoding="utf-8")):
        if any(line.startswith("#~") for line in lines):
            continue  # obsolete
        msgid = "".join(_field(lines, "msgid"))
        if not msgid:
            continue  # the header
        flags = [line for line in lines if line.startswith("#,")]
        if any("fuzzy" in line for line in flags):
            problems.append(("fuzzy", msgid))
        elif any(not value for value in _field(lines, "msgstr")):
            problems.append(("untranslated", msgid))
    for kind, msgid in problems:
        print(f"{path}: {kind}: {msgid}")
    if problems:
        print(f"{len(problems)} entries need an English translation.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
