"""Reading Vietnamese administrative documents into structured data.

``parse(path)`` → :class:`ParsedDocument` (schema ``kehoach.document/1``)
or :class:`ParseError`, nothing else. The readers (:mod:`.readers`) turn
bytes into a :class:`RawDocument` of paragraphs and tables; the extractor
(:mod:`.extract`) finds the document's parts in it. Pure Python: this
package imports no Django, so ``kehoach parse`` needs no settings or
database.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from dataclasses import replace

from kehoach.documents.parsing.types import ParsedDocument, ParseError, RawDocument

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ParseError",
    "ParsedDocument",
    "RawDocument",
    "parse",
    "parse_bytes",
    "parse_text",
    "read_bytes",
    "read_path",
]

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def read_path(
    path: str | os.PathLike[str], *, max_bytes: int | None = None
) -> RawDocument:
    """Read the file at ``path`` into blocks (no extraction)."""
    from kehoach.documents.parsing.readers import base  # noqa: PLC0415 -- keep import light

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    try:
        if os.path.isdir(path):
            raise base.not_document("đây là thư mục", "this is a directory")
        size = os.path.getsize(path)
        if size > limit:
            raise base.too_large(size, limit)
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except ParseError:
        raise
    except FileNotFoundError as exc:
        raise ParseError(
            "unreadable", "Không tìm thấy tệp.", "file not found."
        ) from exc
    except OSError as exc:
        raise base.unreadable(exc.strerror or type(exc).__name__) from exc
    return read_bytes(data, filename=os.fspath(path), max_bytes=limit)


def read_bytes(
    data: bytes, *, filename: str | None = None, max_bytes: int | None = None
) -> RawDocument:
    """Read a document's bytes into blocks (no extraction)."""
    from kehoach.documents.parsing import readers  # noqa: PLC0415 -- keep import light

    return readers.read_bytes(data, filename=filename, max_bytes=max_bytes)


def parse(
    path: str | os.PathLike[str], *, max_bytes: int | None = None
) -> ParsedDocument:
    """Parse the document at ``path`` (TXT, DOCX, PDF, HTML, image).

    ``max_bytes`` defaults to :data:`DEFAULT_MAX_BYTES` (50 MB).
    """
    return _extract(read_path(path, max_bytes=max_bytes))


def parse_bytes(
    data: bytes, *, filename: str | None = None, max_bytes: int | None = None
) -> ParsedDocument:
    """Parse a document given as bytes; the format is found from them."""
    return _extract(read_bytes(data, filename=filename, max_bytes=max_bytes))


def parse_text(text: str) -> ParsedDocument:
    """Parse a document given as text (NFC'd; TCVN3/VNI text is converted)."""
    from kehoach.documents.parsing import encodings  # noqa: PLC0415 -- keep import light
    from kehoach.documents.parsing.readers import base, text_blocks  # noqa: PLC0415

    fixed, legacy = encodings.fix_legacy_text(text)
    blocks = text_blocks(unicodedata.normalize("NFC", fixed))
    if not base.has_text(blocks):
        raise base.empty()
    return _extract(RawDocument(blocks, "txt", legacy))


def _extract(raw: RawDocument) -> ParsedDocument:
    from kehoach.documents.parsing.extract import extract  # noqa: PLC0415 -- keep import light

    try:
        parsed = extract(raw)
    except ParseError:
        raise
    except Exception as exc:  # a bug in extraction must not escape as anything else
        logger.exception("extraction failed")
        raise ParseError(
            "unreadable",
            f"Không phân tích được nội dung văn bản ({type(exc).__name__}).",
            f"could not analyse the document's content ({type(exc).__name__}).",
        ) from exc
    return replace(parsed, source_format=raw.format, encoding=raw.encoding, ocr=raw.ocr)
