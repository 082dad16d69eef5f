"""Readers: choose one by content, read bytes into a :class:`RawDocument`.

Each reader follows the :class:`Reader` protocol; :func:`choose_reader`
asks every reader to score the first bytes (the file name only breaks
ties), so a PDF named ``.docx`` is still read as a PDF. Heavy libraries
(pdfplumber, python-docx, PIL, BeautifulSoup) are imported only when a
reader reads.

What every reader gives the extractor (the same shape as a plain-text copy
of the document, so one set of rules serves all formats):

* blocks in reading order; ``Paragraph("")`` where the text has a blank
  line (TXT), an empty paragraph (DOCX) or a visibly larger gap (PDF, OCR);
* one paragraph per line of a TXT, per paragraph of a DOCX (soft line
  breaks split it), per paragraph of a PDF/scan (wrapped lines joined);
* layout grids — the agency | Quốc hiệu header, the Số | date row, the
  Nơi nhận | signer block — are not tables: row by row, the left cell's
  lines then the right cell's, each cell followed by ``Paragraph("")``;
* real tables (three or more columns, or a header row such as ``STT |
  Nội dung | Chủ trì``) are ``Table`` blocks of stripped cell strings;
  a cell's own paragraphs are joined by ``"\n"``; rows may be ragged;
* all text NFC, legacy encodings converted, trailing spaces stripped.
"""

from __future__ import annotations

import unicodedata
import warnings
from dataclasses import replace

from kehoach.documents.parsing import encodings
from kehoach.documents.parsing.readers.base import (
    MB,
    Reader,
    empty,
    encrypted,
    has_text,
    not_document,
    too_large,
    unreadable,
    unsupported,
)
from kehoach.documents.parsing.readers.docx import DocxReader
from kehoach.documents.parsing.readers.html import HtmlReader
from kehoach.documents.parsing.readers.image import ImageReader
from kehoach.documents.parsing.readers.pdf import PdfReader
from kehoach.documents.parsing.readers.text import TextReader, text_blocks
from kehoach.documents.parsing.types import (
    Block,
    Paragraph,
    ParseError,
    RawDocument,
    Table,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "Reader",
    "choose_reader",
    "read_bytes",
    "text_blocks",
]

DEFAULT_MAX_BYTES = 50 * MB
HEAD_BYTES = 8192

READERS: tuple[Reader, ...] = (
    PdfReader(),
    DocxReader(),
    ImageReader(),
    HtmlReader(),
    TextReader(),
)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_KNOWN_UNSUPPORTED = (
    (
        _OLE2,
        "Word/Excel 97-2003 (.doc/.xls) — hãy lưu thành .docx",
        "Word/Excel 97-2003 (.doc/.xls) — save it as .docx",
    ),
    (b"{\\rtf", "RTF — hãy lưu thành .docx", "RTF — save it as .docx"),
)


def choose_reader(head: bytes, filename: str | None = None) -> Reader:
    """The reader that scores highest for these first bytes.

    Raises ``not_document`` (or ``unsupported`` for formats we know but do
    not read, such as ``.doc``) when no reader wants them.
    """
    for magic, what_vi, what_en in _KNOWN_UNSUPPORTED:
        if head.startswith(magic):
            raise unsupported(what_vi, what_en)
    if head.startswith(b"PK\x03\x04") and b"opendocument" in head[:200]:
        raise unsupported(
            "OpenDocument (.odt) — hãy lưu thành .docx", "OpenDocument (.odt)"
        )
    best: Reader | None = None
    best_score = 0
    for reader in READERS:
        score = reader.score(head, filename)
        if score > best_score:
            best, best_score = reader, score
    if best is None:
        raise not_document()
    return best


def read_bytes(
    data: bytes, *, filename: str | None = None, max_bytes: int | None = None
) -> RawDocument:
    """Read a document's bytes into blocks; raises only :class:`ParseError`."""
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if len(data) > limit:
        raise too_large(len(data), limit)
    if not data.strip():
        raise empty()
    if data.startswith(_OLE2) and _ENCRYPTED_PACKAGE in data:
        raise encrypted()  # a password-protected DOCX is an OLE2 wrapper
    reader = choose_reader(data[:HEAD_BYTES], filename)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            raw = reader.read(data)
    except ParseError:
        raise
    except MemoryError as exc:
        raise too_large(len(data), limit) from exc
    except RecursionError as exc:
        raise unreadable("cấu trúc lồng quá sâu / nesting too deep") from exc
    except Exception as exc:
        raise unreadable(f"{reader.name}: {type(exc).__name__}: {exc}") from exc
    if raw.format != "txt":  # text is decoded to NFC, legacy handled, already
        raw = _normalise(raw)
    if not has_text(raw.blocks):
        raise empty()
    return raw


def _normalise(raw: RawDocument) -> RawDocument:
    """NFC everywhere; TCVN3/VNI text in a document with no legacy font
    names (fonts renamed, or text pasted without conversion)."""
    legacy: encodings.LegacyEncoding | None = None
    if raw.encoding not in ("tcvn3", "vni"):
        sample = "\n".join(_texts(raw.blocks, limit=65536))
        legacy = encodings.detect_legacy(sample)

    def fix(text: str) -> str:
        if legacy is not None:
            found = encodings.legacy_for_paragraph(text, legacy)
            if found is not None:
                return encodings.decode_legacy(text, found)
        if text.isascii() or unicodedata.is_normalized("NFC", text):
            return text
        return unicodedata.normalize("NFC", text)

    blocks: list[Block] = []
    for block in raw.blocks:
        if isinstance(block, Paragraph):
            blocks.append(Paragraph(fix(block.text)))
        else:
            blocks.append(
                Table(tuple(tuple(fix(c) for c in row) for row in block.rows))
            )
    return replace(raw, blocks=tuple(blocks), encoding=legacy or raw.encoding)


def _texts(blocks: tuple[Block, ...], limit: int) -> list[str]:
    out: list[str] = []
    size = 0
    for block in blocks:
        parts = (
            [block.text]
            if isinstance(block, Paragraph)
            else [c for r in block.rows for c in r]
        )
        for part in parts:
            out.append(part)
            size += len(part)
        if size > limit:
            break
    return out
