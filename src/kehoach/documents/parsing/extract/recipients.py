"""The ``Nơi nhận:`` block (cell 9b) and its ``Lưu:`` line.

Entries start with ``-`` and end with ``;`` (``,`` in some Party texts);
an entry may wrap onto the next line. A purpose note in parentheses
(``(b/c)``, ``(để báo cáo)``, ``(t/h)``) may follow the name, also after
the ``;``. The last entry ``Lưu: VT, <unit> (<copies>).`` lists the file
copies.
"""

from __future__ import annotations

import re

from kehoach.documents.parsing.extract.normalize import clean, fold
from kehoach.documents.parsing.types import Recipient

_DASH = re.compile(r"^[-–—+•*]\s*")
_ARCHIVE = re.compile(r"^(?:[-–—+•*]\s*)?Lưu\s*(?::|\b)\s*(?P<rest>.*)$", re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"\(([^()]*)\)\s*[;,.]?\s*$")
_NOTE = re.compile(r"^[-–—+•*]?\s*Lưu ý")
# Purpose notes: "để …", or the usual short forms and verbs.
_PURPOSE = re.compile(
    r"^(de\b.*|b/?c|t/?h|p/?h|c/?d|d/?b|bao cao|thuc hien|phoi hop|chi dao|"
    r"theo doi|biet|thi hanh|giam sat|xem xet|dang tai|tong hop|kiem tra|"
    r"huong dan|chi dao thuc hien|t/h\W*|b/c\W*)$"
)


def is_archive_line(text: str) -> bool:
    return bool(_ARCHIVE.match(text)) and not _NOTE.match(text)


def parse_archive(text: str) -> tuple[str, ...]:
    """``Lưu: VT, VP.`` → ``("VT", "VP")``; bracketed parts stay whole."""
    m = _ARCHIVE.match(text)
    if not m:
        return ()
    rest = clean(m.group("rest"))
    if rest.endswith("."):
        rest = rest[:-1]
    items: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in rest:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        if ch == "," and depth == 0:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    return tuple(s for s in (clean(i).strip(" ;") for i in items) if s)


def parse_entry(text: str) -> Recipient | None:
    """``- Bộ TTTT (b/c);`` → ``Recipient("Bộ TTTT", "b/c")``."""
    name = clean(_DASH.sub("", text))
    purpose: str | None = None
    m = _TRAILING_PAREN.search(name)
    if m and _PURPOSE.match(fold(m.group(1)).strip()):
        purpose = clean(m.group(1))
        name = name[: m.start()]
    name = name.strip().rstrip(" ;,.").strip()
    return Recipient(name=name, purpose=purpose) if name else None


def parse_recipients(entries: list[str]) -> tuple[Recipient, ...]:
    out = []
    for text in entries:
        r = parse_entry(text)
        if r is not None:
            out.append(r)
    return tuple(out)
