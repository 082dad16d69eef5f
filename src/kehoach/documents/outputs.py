"""The files of a document that go out with it: PDF and DOCX, rendered in
the Decree 30 layout; the PDF of a signed document carries the agency's
digital signature."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from kehoach.documents.models import Document
from kehoach.documents.rendering import document_docx as render_docx
from kehoach.documents.rendering import document_pdf as render_pdf
from kehoach.documents.rendering.model import file_stem, format_number
from kehoach.documents.signing import sign_pdf
from kehoach.lib.exceptions import ActionRefused

logger = logging.getLogger(__name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Output:
    filename: str
    content: bytes
    mimetype: str


def document_filename(document: Document, extension: str) -> str:
    """``KH-STTTT-01-2023.pdf``; a draft is ``KH-STTTT-du-thao-2023.pdf``
    (the year: numbers start again every year). The same name for a
    download and for a mail's attachment."""
    year = document.issued_on.year if document.issued_on else None
    return f"{file_stem(document.symbol, document.number, year)}.{extension}"


def document_pdf(document: Document) -> Output:
    """The document as PDF, signed with the agency's certificate once the
    document is signed (sent unsigned, with a warning in the log, when the
    agency has no usable certificate)."""
    data = render_pdf(document)
    if document.signed_at is not None:
        label = f"{format_number(document.number)}/{document.symbol}"
        try:
            data = sign_pdf(
                data,
                agency=document.agency,
                signer_name=document.signer_name,
                reason=_("Ban hành văn bản {label}").format(label=label),
            )
        except (ActionRefused, ImproperlyConfigured) as exc:
            logger.warning("PDF of document %s sent unsigned: %s", document.pk, exc)
    return Output(document_filename(document, "pdf"), data, "application/pdf")


def document_docx(document: Document) -> Output:
    return Output(document_filename(document, "docx"), render_docx(document), DOCX_TYPE)
