"""API of rendering and signatures: a document as DOCX/PDF, a signed PDF,
and the check of an uploaded signed PDF."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from kehoach.documents.permissions import get_document_for
from kehoach.documents.rendering.model import file_stem
from kehoach.documents.signatures.queries import trust_roots_for
from kehoach.documents.signatures.services import sign_document
from kehoach.documents.signatures.verification import verify_pdf_signatures
from kehoach.documents.views_rendering import rendered_file
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.viewer import viewer_for

router = Router(tags=["rendering"])


@router.get(
    "/documents/{document_id}/render",
    summary="Văn bản theo thể thức Nghị định 30 (DOCX/PDF) / document as DOCX or PDF",
    response={200: None},
)
def render_document_file(
    request: HttpRequest, document_id: int, format: Literal["docx", "pdf"] = "pdf"
) -> HttpResponse:
    document = get_document_for(viewer_for(request.user), document_id)
    return rendered_file(document, format)


@router.post(
    "/documents/{document_id}/sign",
    summary="PDF ký số của văn bản / the issued document as a signed PDF",
    response={200: None},
)
def sign_document_pdf(
    request: HttpRequest, document_id: int, reason: Form[str] = ""
) -> HttpResponse:
    """Permission: ``can_apply_signature``; the document must have its number.
    ``reason`` (form field) goes into the signature; by default "Ban hành
    văn bản số …"."""
    document = get_document_for(viewer_for(request.user), document_id)
    signed = sign_document(document, actor=request.user, reason=reason)
    response = HttpResponse(signed, content_type="application/pdf")
    year = document.issued_on.year if document.issued_on else None
    stem = file_stem(document.symbol, document.number, year)
    response["Content-Disposition"] = f'attachment; filename="{stem}-ky-so.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


class SignatureOut(Schema):
    field_name: str
    verdict: str
    verdict_label: str
    signer_name: str
    common_name: str
    organisation: str
    subject: str
    issuer: str
    serial: str
    self_signed: bool
    signing_time: dt.datetime | None
    timestamp_time: dt.datetime | None
    certificate_valid_from: dt.datetime | None
    certificate_valid_to: dt.datetime | None
    reason: str
    location: str
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    modified_after: bool
    problem: str


class VerifyOut(Schema):
    signed: bool
    signatures: list[SignatureOut]


@router.post(
    "/signatures/verify",
    response=VerifyOut,
    summary="Kiểm tra chữ ký số của tệp PDF / check the signatures of a PDF",
)
def verify_signatures(request: HttpRequest, file: File[UploadedFile]) -> VerifyOut:
    if file.size is not None and file.size > settings.KEHOACH_MAX_UPLOAD_BYTES:
        raise ActionRefused(
            _("Tệp quá lớn. / File too large."), status=413, code="too_large"
        )
    viewer = viewer_for(request.user)
    agency = viewer.person.agency if viewer.person else None
    infos = verify_pdf_signatures(file.read(), trust_roots=trust_roots_for(agency))
    return VerifyOut(
        signed=bool(infos),
        signatures=[
            SignatureOut(
                **{
                    name: getattr(info, name)
                    for name in SignatureOut.model_fields
                    if name not in {"verdict", "verdict_label"}
                },
                verdict=info.verdict.value,
                verdict_label=info.verdict_label,
            )
            for info in infos
        ],
    )
