"""Turn reader blocks into logical lines.

Readers give one ``Paragraph`` per line for TXT (a blank line is
``Paragraph("")``) and one per paragraph for DOCX/PDF/OCR, where PDF and OCR
lines may be hard-wrapped mid-sentence. The extractor works on a list of
:class:`Line` objects: cleaned text, whether a blank line came before, and
the table when the block is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.documents.parsing.extract.normalize import clean, nfc
from kehoach.documents.parsing.types import Paragraph, RawDocument, Table


@dataclass(slots=True)
class Line:
    text: str
    gap: bool = False  # a blank line (paragraph break) came before it
    table: Table | None = None


# A line that begins a new unit of text: list labels, bullets, field labels.
_STARTER = re.compile(
    r"^(?:[-+•*–—]\s|\(?\d+(?:\.\d+)*[.)]\s|[a-zđ][).]\s|[IVXLC]+[.)]\s|"
    r"(?:Điều|Phần|Chương|Mục)\s|Nơi nhận|Kính gửi|Lưu\b|Căn cứ|Thực hiện|"
    r"Trong quá trình|"
    r"Trên đây|Xét)",
)
_TERMINAL = (".", ";", ":", "!", "?", "./.")
# In hard-wrapped text a full line may end at "thời gian:" with the value
# on the next line.
_TERMINAL_WRAPPED = (".", ";", "!", "?")


def blocks_to_lines(raw: RawDocument) -> list[Line]:
    """Cleaned lines; tables kept whole; blank lines become ``gap`` flags."""
    out: list[Line] = []
    gap = False
    for block in raw.blocks:
        if isinstance(block, Table):
            rows = tuple(tuple(clean(c) for c in row) for row in block.rows)
            out.append(Line("", gap, Table(rows)))
            gap = False
            continue
        if not isinstance(block, Paragraph):  # pragma: no cover - typing guard
            continue
        whole = block.text
        if not whole:
            gap = True
            continue
        if whole.isprintable():
            # No line break (they are all control or separator characters):
            # the common one-line paragraph, usually clean already.
            if "  " not in whole and whole[0] != " " and whole[-1] != " ":
                text = nfc(whole)
            else:
                text = clean(whole)
            if not text:
                gap = True
                continue
            out.append(Line(text, gap))
            gap = False
            continue
        for part in whole.splitlines() or [""]:
            text = clean(part)
            if not text:
                gap = True
                continue
            out.append(Line(text, gap))
            gap = False
    return out


def wrap_width(lines: list[Line]) -> int:
    """The width a hard-wrapped text was wrapped at, or 0 if it looks unwrapped.

    Wrapped text has many lines of nearly the same, maximal length.
    """
    lengths = sorted(len(ln.text) for ln in lines if ln.table is None and ln.text)
    if len(lengths) < 8:
        return 0
    width = lengths[int(len(lengths) * 0.9)]
    if width < 40 or width > 160:
        return 0
    near = sum(1 for n in lengths if 0.8 * width <= n <= width + 2)
    return width if near >= 0.3 * len(lengths) else 0


def _has_letters(text: str) -> tuple[bool, bool]:
    """(a lower-case letter, a letter): :func:`is_upper_text` of pieces."""
    if text.isupper():
        return False, True
    lower = False
    for c in text:
        if c.islower() and c.isalpha():
            lower = True
            break
    return lower, lower or any(c.isalpha() for c in text)


def _caseless(text: str) -> bool:
    """Too few letters to tell a heading in capitals from running text: the
    rest of a wrapped date or code (``I/2026.``, ``2025.``)."""
    return sum(1 for c in text[:12] if c.isalpha()) < 2 and len(text) <= 12


def unwrap(lines: list[Line]) -> list[Line]:
    """Join continuation lines onto the line they continue.

    A line starting in lower case continues the previous one (Vietnamese
    sentences and list entries start with a capital or a label); so does
    a line after a nearly full line of hard-wrapped text.

    The pieces of a joined line are collected and joined once at the end
    (joining each onto a growing string would copy it again and again); the
    tests on "the text so far" look at its last piece — every end mark is
    shorter than a piece and holds no space — and at case flags kept for
    the whole line. The given lines are reused: a line that others join
    gets the joined text.
    """
    width = wrap_width(lines)
    out: list[Line] = []
    pieces: list[list[str]] = []  # the pieces of each line of out
    flags: list[tuple[bool, bool]] = []  # its (lower-case letter, letter)
    last_len = 0  # length of the last physical line joined into out[-1]
    for ln in lines:
        prev = out[-1] if out else None
        if prev is None or ln.table is not None or prev.table is not None:
            out.append(ln)
            pieces.append([ln.text])
            flags.append(_has_letters(ln.text) if width else (False, False))
            continue
        tail = pieces[-1][-1]  # prev.text ends as its last piece does
        joined = False
        own = (False, False)
        first = ln.text[:1]
        if (
            first.islower()  # the line starts with a lower-case letter
            and first.isalpha()
            and not _STARTER.match(ln.text)
            and not tail.endswith((":", "./."))
        ):
            joined = not ln.gap or not tail.endswith(_TERMINAL)
            if width:
                own = _has_letters(ln.text)
        elif width:
            own = _has_letters(ln.text)
            prev_lower, prev_alpha = flags[-1]
            if (
                not ln.gap
                and last_len >= 0.8 * width
                and (
                    (prev_alpha and not prev_lower) == (own[1] and not own[0])
                    or _caseless(ln.text)
                )
                and not tail.endswith(_TERMINAL_WRAPPED)
                and not _STARTER.match(ln.text)
            ):
                joined = True
        if joined:
            pieces[-1].append(ln.text)
            if width:
                flags[-1] = (flags[-1][0] or own[0], flags[-1][1] or own[1])
        else:
            out.append(ln)
            pieces.append([ln.text])
            flags.append(own)
        last_len = len(ln.text)
    for line, parts in zip(out, pieces, strict=True):
        if len(parts) > 1:
            line.text = " ".join(parts)
    return out
