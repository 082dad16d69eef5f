"""Writing documents back out in the Decree 30/2020/NĐ-CP layout.

``render_document(document)`` / ``render_parsed(parsed)`` give the neutral
render tree (:class:`RenderDocument`); ``to_docx(tree)`` and
``to_pdf(tree)`` write it. ``document_docx(document)`` and
``document_pdf(document)`` do both steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehoach.documents.rendering.build import (
    Source,
    build,
    render_document,
    render_parsed,
    source_from_document,
    source_from_parsed,
)
from kehoach.documents.rendering.docx_writer import to_docx
from kehoach.documents.rendering.model import (
    SIGNATURE_FIELD,
    Authority,
    Block,
    BlockKind,
    Header,
    RenderDocument,
    SignerBlock,
    date_line,
    format_number,
    number_line,
    signer_fields,
)
from kehoach.documents.rendering.pdf_writer import to_pdf

if TYPE_CHECKING:
    from kehoach.documents.models import Document

__all__ = [
    "FORMATS",
    "SIGNATURE_FIELD",
    "Authority",
    "Block",
    "BlockKind",
    "Header",
    "RenderDocument",
    "SignerBlock",
    "Source",
    "build",
    "date_line",
    "document_docx",
    "document_pdf",
    "format_number",
    "number_line",
    "render_document",
    "render_docx",
    "render_parsed",
    "render_pdf",
    "signer_fields",
    "source_from_document",
    "source_from_parsed",
    "to_docx",
    "to_pdf",
]

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def document_docx(document: Document) -> bytes:
    """The stored document as DOCX bytes (Decree 30 layout)."""
    return to_docx(render_document(document))


def document_pdf(document: Document) -> bytes:
    """The stored document as PDF bytes (Decree 30 layout, fonts embedded,
    an empty signature field in the signer's space)."""
    return to_pdf(render_document(document))


# The names the issuance workflow calls (``documents.outputs``).
render_docx = document_docx
render_pdf = document_pdf
