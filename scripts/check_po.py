"""Fail when a gettext catalogue has untranslated or fuzzy entries."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ENTRY = re.compile(r'(#, fuzzy\n)?(?:#.*\n)*msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr(?:\[\d\])? (?:".*"\n)+)+)')


def main(path: str) -> int:
    text = Path(path).read_text(encoding="utf-8") + "\n"
    problems = []
    for match in ENTRY.finditer(text):
        fuzzy, msgid, msgstrs = match.groups()
        msgid_text = "".join(re.findall(r'"(.*)"', msgid))
        if not msgid_text:
            continue  # the header
        values = re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n)+)', msgstrs)
        empty = any(not "".join(re.findall(r'"(.*)"', v)) for v in values)
        if fuzzy or empty:
            problems.append(("fuzzy" if fuzzy else "untranslated", msgid_text))
    for kind, msgid in problems:
        print(f"{path}: {kind}: {msgid}")
    if problems:
        print(f"{len(problems)} entries need an English translation.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
