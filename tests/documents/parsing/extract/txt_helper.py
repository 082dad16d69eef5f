"""Minimal TXT → RawDocument conversion for the extractor's tests.

It follows the readers' contract: UTF-8, one ``Paragraph`` per line with
trailing spaces stripped, a blank line as ``Paragraph("")``, and runs of
consecutive pipe-separated rows (``a | b | c``) as one ``Table``. The
official readers live in ``kehoach.documents.parsing.readers``.
"""

from __future__ import annotations

from pathlib import Path

from kehoach.documents.parsing.types import Block, Paragraph, RawDocument, Table


def _is_row(line: str) -> bool:
    return line.count(" | ") >= 1 or (line.startswith("| ") and "|" in line[2:])


def raw_from_text(text: str, fmt: str = "txt") -> RawDocument:
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    for raw_line in text.splitlines():
        line = raw_line.rstrip()
        if _is_row(line):
            rows.append(tuple(cell.strip() for cell in line.split("|")))
            continue
        if rows:
            blocks.append(Table(tuple(rows)))
            rows = []
        blocks.append(Paragraph(line))
    if rows:
        blocks.append(Table(tuple(rows)))
    return RawDocument(blocks=tuple(blocks), format=fmt, encoding="utf-8")


def raw_from_path(path: str | Path) -> RawDocument:
    return raw_from_text(Path(path).read_text(encoding="utf-8"))
