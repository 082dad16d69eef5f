"""Reading Vietnamese administrative documents into structured data.

``parse(path_or_bytes)`` → :class:`ParsedDocument` (schema
``kehoach.document/1``) or :class:`ParseError`. Pure Python: this package
imports no Django, so ``kehoach parse`` needs no settings or database.
"""

from kehoach.documents.parsing.types import ParsedDocument, ParseError, RawDocument

__all__ = [
    "ParseError",
    "ParsedDocument",
    "RawDocument",
    "parse",
    "parse_bytes",
    "parse_text",
]


def parse(
    path: str, *, max_bytes: int | None = None
) -> ParsedDocument:  # pragma: no cover - replaced by the parser work
    raise ParseError(
        "unsupported", "Chưa có bộ đọc văn bản.", "The parser is not built yet."
    )


def parse_bytes(
    data: bytes, *, filename: str | None = None
) -> ParsedDocument:  # pragma: no cover
    raise ParseError(
        "unsupported", "Chưa có bộ đọc văn bản.", "The parser is not built yet."
    )


def parse_text(text: str) -> ParsedDocument:  # pragma: no cover
    raise ParseError(
        "unsupported", "Chưa có bộ đọc văn bản.", "The parser is not built yet."
    )
