"""The files of a document that go out with it: PDF and DOCX.

TEMPORARY bridge: rendering (``documents.rendering``) and signing
(``documents.signing``) are built on another branch. Until they are merged
this module imports them lazily and, when they are absent, falls back to a
plain-text attachment with a logged warning. The lead removes the fallback
at merge; callers keep using ``document_pdf``/``document_docx``.
"""

from __future__ import annotations

import importlib
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from kehoach.documents.models import Document
from kehoach.lib.exceptions import ActionRefused
from kehoach.lib.text import strip_diacritics

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Output:
    filename: str
    content: bytes
    mimetype: str


def _optional(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def document_filename(document: Document, extension: str) -> str:
    """``01_KH-STTTT.pdf``; a draft is ``du-thao_KH-STTTT.pdf``."""
    stem = f"{document.number or 'du-thao'}_{document.symbol or document.pk}"
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", strip_diacritics(stem)).strip("-")
    return f"{stem}.{extension}"


def document_pdf(document: Document) -> Output:
    """The document as PDF (signed with the agency's certificate when
    signing is available), or the plain-text fallback."""
    render_pdf = _optional("kehoach.documents.rendering", "render_pdf")
    if render_pdf is None:
        return _text_fallback(document, "PDF")
    data: bytes = render_pdf(document)
    sign_pdf = _optional("kehoach.documents.signing", "sign_pdf")
    if sign_pdf is not None and document.signed_at is not None:
        try:
            data = sign_pdf(
                data,
                agency=document.agency,
                signer_name=document.signer_name,
                reason=_("Ban hành văn bản {label}").format(
                    label=document.reference_label
                ),
            )
        except (ActionRefused, ImproperlyConfigured) as exc:
            logger.warning("PDF of document %s sent unsigned: %s", document.pk, exc)
    return Output(document_filename(document, "pdf"), data, "application/pdf")


def document_docx(document: Document) -> Output:
    render_docx = _optional("kehoach.documents.rendering", "render_docx")
    if render_docx is None:
        return _text_fallback(document, "DOCX")
    return Output(
        document_filename(document, "docx"),
        render_docx(document),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def _text_fallback(document: Document, wanted: str) -> Output:
    logger.warning(
        "rendering is not installed: document %s goes out as text instead of %s",
        document.pk,
        wanted,
    )
    extension = "pdf.txt" if wanted == "PDF" else "docx.txt"
    return Output(
        document_filename(document, extension),
        document_text(document).encode("utf-8"),
        "text/plain; charset=utf-8",
    )


def _section_lines(sections: list[dict[str, Any]], out: list[str]) -> None:
    for section in sections:
        label = section.get("label") or ""
        heading = section.get("heading") or ""
        if label or heading:
            dot = "." if label and len(label) < 6 else ""
            out.append(f"{label}{dot} {heading}".strip())
        out.extend(p for p in section.get("paragraphs") or [] if p)
        _section_lines(list(section.get("children") or []), out)


def document_text(document: Document) -> str:
    """The document as plain text in Decree 30 order (header, number and
    date, type and subject, body, signer, Nơi nhận)."""
    from kehoach.documents.templatetags.documents_tags import (  # noqa: PLC0415 -- template helpers load late
        date_line,
        number_line,
    )

    lines = [
        document.issuer_parent,
        document.issuer_name or document.agency.name.upper(),
        number_line(document),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        date_line(document),
        "",
        document.get_doc_type_display().upper() if document.doc_type else "",
        document.title,
        "",
    ]
    for ref in document.references.all():
        lines.append(ref.text)
    _section_lines(list(document.body or []), lines)
    lines += ["", document.signer_authority, document.signer_title, "", ""]
    lines.append(document.signer_name)
    lines += ["", "Nơi nhận:"]
    for recipient in document.recipients.all():
        note = f" ({recipient.purpose})" if recipient.purpose else ""
        lines.append(f"- {recipient.name}{note};")
    if document.archive:
        lines.append("- Lưu: {archive}.".format(archive=", ".join(document.archive)))
    return "\n".join(line for line in lines if line is not None) + "\n"
