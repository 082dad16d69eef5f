"""HTML: a document saved from an agency portal.

Scripts, styles, navigation, headers/footers and forms are dropped; when the
page has one ``<main>`` or ``<article>``, only that is read. Block elements
give paragraphs, ``<br>`` a line break, ``<table>`` a table (or, for a
two-column layout grid, its cells as text, as in DOCX). The charset comes
from the BOM, then ``<meta charset>``, then content detection (which also
catches TCVN3/VNI pages).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from kehoach.documents.parsing import encodings
from kehoach.documents.parsing.readers.base import (
    has_extension,
    table_blocks,
    unreadable,
)
from kehoach.documents.parsing.types import Block, Paragraph, RawDocument

_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta ", b"<title")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)
_DROP = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
    "form", "button", "select", "iframe", "svg", "canvas", "object", "embed", "head",
)  # fmt: skip
_BLOCK = frozenset(
    (
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
        "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "address", "center",
        "figure", "figcaption", "hr", "body", "html", "caption", "fieldset", "legend",
    )
)  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\f\u00a0\u200b]+")


def _is_html(head: bytes) -> bool:
    sample = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html")):
        return True
    return sample.startswith(b"<") and any(m in sample for m in _MARKERS)


class HtmlReader:
    name = "html"

    def supported_mime_types(self) -> Mapping[str, str]:
        return {"text/html": ".html", "application/xhtml+xml": ".xhtml"}

    def score(self, head: bytes, filename: str | None) -> int:
        if _is_html(head):
            return 80
        if has_extension(filename, ".html", ".htm") and b"<" in head[:512]:
            return 20
        return 0

    def read(self, data: bytes) -> RawDocument:
        text, encoding = _decode(data)
        from bs4 import BeautifulSoup  # noqa: PLC0415 -- heavy

        try:
            soup = BeautifulSoup(text, "lxml")
        except Exception as exc:
            raise unreadable(f"HTML: {exc}") from exc
        for tag in soup.find_all(_DROP):
            tag.decompose()
        for tag in soup.find_all(hidden=True):
            tag.decompose()
        root: Any = soup
        mains = soup.find_all(["main", "article"])
        if len(mains) == 1:
            root = mains[0]
        collector = _Collector()
        try:
            collector.walk(root)
        except RecursionError as exc:
            raise unreadable("HTML: lồng quá sâu / nested too deep") from exc
        return RawDocument(tuple(collector.finish()), "html", encoding)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = encodings.decode_bytes(data)
        return decoded.text, decoded.encoding
    match = _META_CHARSET.search(data[:8192])
    if match:
        declared = match.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = ""
        if codec == "utf-8":
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                fixed, legacy = encodings.fix_legacy_text(text)
                return fixed, legacy or "utf-8"
        elif codec in ("cp1258", "windows-1258"):
            return unicodedata.normalize(
                "NFC", data.decode("cp1258", "replace")
            ), "cp1258"
    decoded = encodings.decode_bytes(data)
    return decoded.text, decoded.encoding


class _Collector:
    """Walks the tree, turning block structure into paragraphs."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.line)).strip()
        if text:
            self.blocks.append(Paragraph(text))
        self.line = []

    def walk(self, node: Any) -> None:
        from bs4.element import (  # noqa: PLC0415 -- heavy
            Comment,
            Declaration,
            Doctype,
            NavigableString,
            ProcessingInstruction,
            Tag,
        )

        skipped = (Comment, Declaration, Doctype, ProcessingInstruction)
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, skipped):
                    self.line.append(str(child))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name == "br":
                    self.flush()
                elif name == "table":
                    self.flush()
                    self.blocks.extend(table_blocks(self.rows(child)))
                elif name == "pre":
                    self.flush()
                    for ln in child.get_text().splitlines():
                        self.blocks.append(Paragraph(ln.rstrip()))
                elif name in _BLOCK:
                    self.flush()
                    self.walk(child)
                    self.flush()
                else:
                    self.walk(child)

    def rows(self, table: Any) -> list[list[str]]:
        rows: list[list[str]] = []
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue  # a nested table's row: part of its cell's text
            cells = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                inner = _Collector()
                inner.walk(cell)
                parts: list[str] = []
                for block in inner.finish():
                    if isinstance(block, Paragraph):
                        parts.append(block.text)
                    else:
                        parts.extend(c for row in block.rows for c in row if c)
                cells.append("\n".join(p for p in parts if p))
            rows.append(cells)
        return rows

    def finish(self) -> list[Block]:
        self.flush()
        return self.blocks
