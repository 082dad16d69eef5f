"""Every write to documents: staging an upload, registering a document,
linking citations. Each runs in a transaction and checks permission first."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kehoach.documents.enums import DatePrecision, Direction, DocumentStatus
from kehoach.documents.models import (
    Document,
    ImportJob,
    Recipient,
    Reference,
    citation_key,
)
from kehoach.documents.parsing import ParseError, parse_bytes
from kehoach.documents.permissions import can_import_documents
from kehoach.lib.dates import parse_partial_date
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.lib.text import fold
from kehoach.orgs.models import Agency, Unit
from kehoach.orgs.viewer import viewer_for

logger = logging.getLogger(__name__)

# HTTP status for each parser refusal.
_PARSE_STATUS = {
    "too_large": 413,
    "not_document": 415,
    "unsupported": 415,
    "needs_ocr": 422,
    "encrypted": 422,
    "unreadable": 422,
    "empty": 422,
}


def parse_error_reason(exc: ParseError) -> str:
    """The parser's message for the user: English alone when English is
    active, else Vietnamese with the English after it (the parser has no
    gettext; it carries both)."""
    return exc.message_en if translation.get_language() == "en" else str(exc)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class StagedImport:
    """The outcome of an upload: a job to review, or the document that
    already holds the same content."""

    job: ImportJob | None = None
    existing: Document | None = None


def guess_direction(parsed: Mapping[str, Any], agency: Agency) -> str:
    """A document whose symbol ends with the agency's own abbreviation
    ("/KH-STTTT") is the agency's own; anything else came in."""
    symbol = (parsed.get("symbol") or "").strip()
    if agency.abbreviation and symbol:
        issuer_part = symbol.rsplit("-", 1)[-1] if "-" in symbol else symbol
        if fold(issuer_part).replace(" ", "") == fold(agency.abbreviation).replace(
            " ", ""
        ):
            return Direction.OUTGOING
    return Direction.INCOMING


def stage_import(
    data: bytes, *, filename: str, agency: Agency, actor: Any
) -> StagedImport:
    """Parse an uploaded file and keep it for review.

    Refuses (``ActionRefused`` with the parser's Vietnamese/English message)
    a file that is not a readable document; nothing is stored then. If the
    agency already holds a document with the same content, returns it
    instead of staging a duplicate; a pending job for the same content is
    reused.
    """
    viewer = viewer_for(actor)
    if not can_import_documents(viewer, agency):
        raise PermissionRefused(_("Bạn không có quyền nhập văn bản cho cơ quan này."))
    max_bytes = settings.KEHOACH_MAX_UPLOAD_BYTES
    if len(data) > max_bytes:
        raise ActionRefused(
            _("Tệp {name} quá lớn (tối đa {limit} MB). / File too large.").format(
                name=filename, limit=max_bytes // (1024 * 1024)
            ),
            status=413,
            code="too_large",
        )
    digest = content_hash(data)
    existing = Document.objects.filter(agency=agency, content_hash=digest).first()
    if existing is not None:
        return StagedImport(existing=existing)
    pending = ImportJob.objects.filter(
        agency=agency, content_hash=digest, status=ImportJob.Status.PENDING
    ).first()
    if pending is not None:
        return StagedImport(job=pending)
    try:
        parsed = parse_bytes(data, filename=filename, max_bytes=max_bytes).to_dict()
    except ParseError as exc:
        raise ActionRefused(
            _("Không đọc được tệp {name}: {reason}").format(
                name=filename, reason=parse_error_reason(exc)
            ),
            status=_PARSE_STATUS.get(exc.code, 400),
            code=exc.code,
        ) from exc
    with transaction.atomic():
        job = ImportJob(
            agency=agency,
            original_name=filename[:255],
            content_hash=digest,
            parsed=parsed,
            direction=guess_direction(parsed, agency),
            created_by=actor,
        )
        job.file.save(filename[-100:] or "document", ContentFile(data), save=False)
        job.save()
    return StagedImport(job=job)


def _issued(parsed: Mapping[str, Any]) -> tuple[Any, str]:
    date, precision = parse_partial_date(parsed.get("issued"))
    return date, precision if date else DatePrecision.DAY


@transaction.atomic
def register_document(
    parsed: Mapping[str, Any],
    *,
    agency: Agency,
    direction: str,
    actor: Any,
    recipient_units: Mapping[str, Iterable[Unit]] | None = None,
    source_file_name: str = "",
    source_name: str = "",
    digest: str = "",
    authorized: bool = False,
) -> Document:
    """Create a Document from a parsed document (schema kehoach.document/1),
    with its citations and recipients, and link citations both ways.

    Own documents without a number are drafts; others are registered or
    issued. Permission: ``can_import_documents``, unless ``authorized``
    says the caller checked a narrower one (a unit saving the detailed plan
    of its duty, ``kehoach.plans.subplans``); never set it from input.
    """
    viewer = viewer_for(actor)
    if not authorized and not can_import_documents(viewer, agency):
        raise PermissionRefused(_("Bạn không có quyền nhập văn bản cho cơ quan này."))
    if direction not in Direction.values:
        raise ActionRefused(_("Loại sổ không hợp lệ."))
    issued_on, precision = _issued(parsed)
    number = parsed.get("number") or None
    if direction == Direction.INCOMING:
        status = DocumentStatus.REGISTERED
    elif number:
        status = DocumentStatus.ISSUED
    else:
        status = DocumentStatus.DRAFT
    issuer = parsed.get("issuer") or {}
    signer = parsed.get("signer") or {}
    document = Document(
        agency=agency,
        direction=direction,
        doc_type=(parsed.get("doc_type") or "")[:5],
        number=number,
        symbol=(parsed.get("symbol") or "")[:60],
        issuer_parent=(issuer.get("parent") or "")[:255],
        issuer_name=(issuer.get("name") or "")[:255],
        place=(parsed.get("place") or "")[:100],
        issued_on=issued_on,
        issued_precision=precision,
        title=parsed.get("title") or "",
        body=list(parsed.get("sections") or []),
        parsed=dict(parsed),
        signer_authority=(signer.get("authority") or "")[:200],
        signer_title=(signer.get("title") or "")[:200],
        signer_name=(signer.get("name") or "")[:200],
        archive=list(parsed.get("archive") or []),
        source_name=source_name[:255],
        content_hash=digest,
        status=status,
        created_by=actor,
    )
    if source_file_name:
        document.source_file.name = source_file_name
    if direction == Direction.OUTGOING:
        document.issuer_agency = agency
    if direction == Direction.INCOMING:
        _take_incoming_number(document, digest)
    try:
        document.full_clean(exclude=["source_file"])
    except ValidationError as exc:
        raise ActionRefused(
            _("Văn bản có trường không hợp lệ: {fields}. / Invalid fields.").format(
                fields=", ".join(sorted(exc.message_dict))
            ),
            status=422,
            code="invalid",
        ) from exc
    document.save()
    Reference.objects.bulk_create(
        [
            Reference(
                document=document,
                order=order,
                doc_type=(ref.get("doc_type") or "")[:5],
                number=(ref.get("number") or "")[:20],
                symbol=(ref.get("symbol") or "")[:60],
                cite_key=citation_key(ref.get("number"), ref.get("symbol")),
                issued=(ref.get("issued") or "")[:10],
                issuer=(ref.get("issuer") or "")[:255],
                text=ref.get("text") or "",
            )
            for order, ref in enumerate(parsed.get("references") or [])
        ]
    )
    mapping = recipient_units or {}
    for order, item in enumerate(parsed.get("recipients") or []):
        recipient = Recipient.objects.create(
            document=document,
            order=order,
            name=(item.get("name") or "")[:255],
            purpose=(item.get("purpose") or "")[:100],
        )
        units = list(mapping.get(item.get("name") or "", ()))
        if units:
            recipient.units.set(units)
    link_references(document)
    if direction == Direction.INCOMING:
        _after_incoming_registered(document, actor)
    return document


def _take_incoming_number(document: Document, digest: str) -> None:
    """Số đến: the next number of the incoming register for the year of
    arrival (today), and the sender's address when the file came by mail."""
    from kehoach.documents.enums import RegisterKind  # noqa: PLC0415 -- keep the import list of this module stable
    from kehoach.documents.numbering import next_number, today  # noqa: PLC0415 -- idem

    day = today()
    document.received_on = day
    document.register_year = day.year
    document.register_number = next_number(
        document.agency, RegisterKind.INCOMING, day.year
    )
    if digest and not document.sender_email:
        document.sender_email = (
            ImportJob.objects.filter(agency=document.agency, content_hash=digest)
            .exclude(sender_email="")
            .values_list("sender_email", flat=True)
            .first()
            or ""
        )


def _after_incoming_registered(document: Document, actor: Any) -> None:
    from kehoach.documents.incoming import after_registration  # noqa: PLC0415 -- incoming imports this module

    after_registration(document, actor=actor)


def link_references(document: Document) -> int:
    """Link citations to documents of the same agency, both ways: this
    document's citations to documents already held, and earlier citations
    of this document (by number and symbol) to it. Returns the number of
    links made."""
    linked = 0
    keys = set(
        document.references.filter(target__isnull=True)
        .exclude(cite_key="")
        .values_list("cite_key", flat=True)
    )
    if keys:
        targets = dict(
            Document.objects.filter(agency_id=document.agency_id, cite_key__in=keys)
            .exclude(pk=document.pk)
            .values_list("cite_key", "pk")
        )
        for key, target_id in targets.items():
            linked += document.references.filter(
                cite_key=key, target__isnull=True
            ).update(target_id=target_id)
    if document.cite_key:
        linked += (
            Reference.objects.filter(
                document__agency_id=document.agency_id,
                cite_key=document.cite_key,
                target__isnull=True,
            )
            .exclude(document=document)
            .update(target=document)
        )
    return linked
