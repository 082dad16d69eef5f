"""Plain text: any of the encodings of :mod:`..encodings`, pipe tables."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kehoach.documents.parsing import encodings
from kehoach.documents.parsing.readers.base import has_extension
from kehoach.documents.parsing.types import (
    Block,
    Paragraph,
    ParseError,
    RawDocument,
    Table,
)

_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
_SEPARATOR_CHARS = frozenset("|-: \t")
_OTHER_BREAKS = frozenset("\f\v\x1c\x1d\x1e\x85\u2028\u2029")
_ODD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
_LETTERS = re.compile(r"[^\W\d_]")


def looks_like_text(head: bytes) -> bool:
    """No NUL bytes (unless UTF-16) and almost no control bytes."""
    if not head:
        return False
    if encodings.guess_utf16(head) or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls <= len(head) * 0.01


class TextReader:
    name = "txt"

    def supported_mime_types(self) -> Mapping[str, str]:
        return {"text/plain": ".txt"}

    def score(self, head: bytes, filename: str | None) -> int:
        if not looks_like_text(head):
            return 0
        return 15 if has_extension(filename, ".txt", ".text", ".md") else 10

    def read(self, data: bytes) -> RawDocument:
        decoded = encodings.decode_bytes(data)
        if not reads_as_text(decoded.text):
            raise ParseError(
                "not_document",
                "Tệp không phải là văn bản (nội dung không đọc được thành chữ).",
                "not a document (the content does not decode to text).",
            )
        return RawDocument(text_blocks(decoded.text), "txt", decoded.encoding)


def reads_as_text(text: str) -> bool:
    """Decoded text, not binary that happened to decode: few control or
    private-use characters, and some letters. (Bytes with a NUL at every
    other position pass for UTF-16 at first sight.)"""
    sample = text[:20000]
    if not sample.strip():
        return True  # empty: the extractor says so
    odd = len(_ODD_CHARS.findall(sample))
    letters = len(_LETTERS.findall(sample))
    return odd <= len(sample) * 0.02 and letters >= len(sample.strip()) * 0.2


def text_blocks(text: str) -> tuple[Block, ...]:
    """One paragraph per line (trailing spaces stripped, blank lines kept as
    empty paragraphs); a run of two or more ``a | b | c`` lines is a table.
    Linear in the length of the text."""
    # str.splitlines breaks at \r\n, \r, \n and _OTHER_BREAKS, and
    # drops the empty line after a final break, which is kept (as a blank
    # line) only after a break other than \n or \r.
    lines = [line.rstrip() for line in text.splitlines()]
    if not text or text[-1] in _OTHER_BREAKS:
        lines.append("")
    if "|" not in text:  # no table row anywhere: one paragraph per line
        return tuple(map(Paragraph, lines))
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        j = i
        while j < n and _is_row(lines[j]):
            j += 1
        if j - i >= 2:
            rows = tuple(_cells(ln) for ln in lines[i:j] if not _is_separator(ln))
            blocks.append(Table(rows))
            i = j
            continue
        blocks.append(Paragraph(lines[i]))
        i += 1
    return tuple(blocks)


def _is_row(line: str) -> bool:
    return "|" in line and line.strip() not in ("", "|")


def _is_separator(line: str) -> bool:
    """A Markdown rule row such as ``|---|:--|``."""
    return "-" in line and _SEPARATOR_CHARS.issuperset(line)


def _cells(line: str) -> tuple[str, ...]:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        stripped = stripped[1:-1]
    return tuple(cell.strip() for cell in stripped.split("|"))
