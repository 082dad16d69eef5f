"""The parser's data: what readers produce and what the extractor returns.

Pure Python; no Django import anywhere under ``kehoach.documents.parsing``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_ID = "kehoach.document/1"

ErrorCode = Literal[
    "not_document",
    "unreadable",
    "encrypted",
    "needs_ocr",
    "too_large",
    "unsupported",
    "empty",
]


class ParseError(Exception):
    """The one exception the parser raises for bad input.

    ``code`` is machine-readable; ``message`` is Vietnamese and
    ``message_en`` English, both fit to show to a user.
    """

    def __init__(self, code: ErrorCode, message: str, message_en: str) -> None:
        super().__init__(f"{message} / {message_en}")
        self.code = code
        self.message = message
        self.message_en = message_en


# --- what readers produce -------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Table


@dataclass(frozen=True)
class RawDocument:
    """A document as a reader saw it: paragraphs and tables in order."""

    blocks: tuple[Block, ...]
    format: str  # "txt", "docx", "pdf", "html", "image"
    encoding: str | None = None  # for text: "utf-8", "tcvn3", "vni", "cp1258"…
    ocr: bool = False
    warnings: tuple[str, ...] = ()


# --- what the extractor returns (schema kehoach.document/1) ---------------


@dataclass(frozen=True)
class Issuer:
    parent: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Reference:
    doc_type: str | None
    number: str | None
    symbol: str | None
    issued: str | None
    issuer: str | None
    text: str


@dataclass(frozen=True)
class Recipient:
    name: str
    purpose: str | None = None


@dataclass(frozen=True)
class Signer:
    authority: str | None = None
    title: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Section:
    label: str | None
    heading: str | None
    paragraphs: tuple[str, ...] = ()
    children: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Due:
    text: str
    date: str | None
    kind: Literal["before", "on", "planned", "period", "recurring", "other"]
    start: str | None = None


@dataclass(frozen=True)
class Activity:
    ref: str | None
    title: str
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    due: Due | None = None
    funding: str | None = None


@dataclass(frozen=True)
class Duty:
    ref: str | None
    units: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class ParsedDocument:
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: Issuer = field(default_factory=Issuer)
    place: str | None = None
    issued: str | None = None
    title: str | None = None
    references: tuple[Reference, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    archive: tuple[str, ...] = ()
    signer: Signer = field(default_factory=Signer)
    sections: tuple[Section, ...] = ()
    activities: tuple[Activity, ...] = ()
    duties: tuple[Duty, ...] = ()
    # Not part of the schema's required fields, but useful to callers.
    source_format: str | None = None
    encoding: str | None = None
    ocr: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the schema (lists, not tuples)."""
        data = _listify(asdict(self))
        data = {"schema": SCHEMA_ID, **data}
        return data


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_listify(v) for v in value]
    return value
