"""API of the registers (sổ văn bản đi / đến), Decree 30 Appendix IV fields."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from kehoach.documents import registers
from kehoach.documents.enums import RegisterKind
from kehoach.documents.permissions import can_view_registers
from kehoach.orgs.viewer import viewer_for

router = Router(tags=["registers"])


class OutgoingEntry(Schema):
    document_id: int
    status: str
    number_symbol: str
    date: dt.date | None
    type_and_subject: str
    signer: str
    recipients: str
    archive: str
    copies: int
    sent_on: dt.date | None
    acknowledged: str
    note: str


class IncomingEntry(Schema):
    document_id: int
    status: str
    arrival_date: dt.date | None
    arrival_number: int | None
    author: str
    number_symbol: str
    date: dt.date | None
    type_and_subject: str
    handled_by: str
    handed_on: dt.date | None
    acknowledged: str
    note: str


def _rows(
    request: HttpRequest, kind: str, year: int | None, q: str, doc_type: str | None
) -> list[registers.RegisterRow]:
    viewer = viewer_for(request.user)
    if viewer.agency_id is None or not can_view_registers(viewer, viewer.agency_id):
        raise Http404(_("Bạn không xem được sổ văn bản."))
    filters = registers.RegisterFilters(year=year, doc_type=doc_type, q=q)
    return registers.register_rows(
        registers.register_documents(viewer.agency_id, kind, filters), kind
    )


@router.get(
    "/registers/outgoing", response=list[OutgoingEntry], summary="Sổ văn bản đi"
)
def outgoing_register(
    request: HttpRequest,
    year: int | None = None,
    q: str = "",
    doc_type: str | None = None,
) -> list[OutgoingEntry]:
    names = [
        "number_symbol",
        "date",
        "type_and_subject",
        "signer",
        "recipients",
        "archive",
        "copies",
        "sent_on",
        "acknowledged",
        "note",
    ]
    return [
        OutgoingEntry(
            document_id=row.document.pk,
            status=row.document.status,
            **dict(zip(names, row.cells, strict=True)),  # type: ignore[arg-type]
        )
        for row in _rows(request, RegisterKind.OUTGOING, year, q, doc_type)
    ]


@router.get(
    "/registers/incoming", response=list[IncomingEntry], summary="Sổ văn bản đến"
)
def incoming_register(
    request: HttpRequest,
    year: int | None = None,
    q: str = "",
    doc_type: str | None = None,
) -> list[IncomingEntry]:
    names = [
        "arrival_date",
        "arrival_number",
        "author",
        "number_symbol",
        "date",
        "type_and_subject",
        "handled_by",
        "handed_on",
        "acknowledged",
        "note",
    ]
    return [
        IncomingEntry(
            document_id=row.document.pk,
            status=row.document.status,
            **dict(zip(names, row.cells, strict=True)),  # type: ignore[arg-type]
        )
        for row in _rows(request, RegisterKind.INCOMING, year, q, doc_type)
    ]
