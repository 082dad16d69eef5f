"""TEMPORARY stub of the extractor, so the readers can run end to end.

The real extractor lives on branch ``parser-extract``; drop this file at
merge.
"""

from __future__ import annotations

from kehoach.documents.parsing.types import ParsedDocument, RawDocument

IS_STUB = True


def extract(raw: RawDocument) -> ParsedDocument:
    return ParsedDocument(source_format=raw.format, encoding=raw.encoding, ocr=raw.ocr)
