"""API of documents (read)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from kehoach.documents import queries
from kehoach.documents.models import Document
from kehoach.documents.permissions import get_document_for
from kehoach.orgs.viewer import viewer_for

router = Router(tags=["documents"])


class ReferenceOut(Schema):
    doc_type: str
    number: str
    symbol: str
    issued: str
    issuer: str
    text: str
    target_id: int | None


class RecipientOut(Schema):
    name: str
    purpose: str
    unit_ids: list[int]


class DocumentOut(Schema):
    id: int
    agency_id: int
    direction: str
    doc_type: str
    number: str | None
    symbol: str
    issuer_parent: str
    issuer_name: str
    place: str
    issued: str | None
    issued_on: dt.date | None
    title: str
    status: str
    plan_id: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_issued(obj: Document) -> str | None:
        return obj.issued_iso

    @staticmethod
    def resolve_plan_id(obj: Document) -> int | None:
        plan = getattr(obj, "plan", None)
        return plan.pk if plan else None


class DocumentDetailOut(DocumentOut):
    signer_authority: str
    signer_title: str
    signer_name: str
    archive: list[str]
    sections: list[dict[str, object]]
    references: list[ReferenceOut]
    recipients: list[RecipientOut]

    @staticmethod
    def resolve_sections(obj: Document) -> list[dict[str, object]]:
        return list(obj.body or [])

    @staticmethod
    def resolve_references(obj: Document) -> list[ReferenceOut]:
        return [ReferenceOut.from_orm(r) for r in obj.references.all()]

    @staticmethod
    def resolve_recipients(obj: Document) -> list[RecipientOut]:
        return [
            RecipientOut(
                name=r.name, purpose=r.purpose, unit_ids=[u.pk for u in r.units.all()]
            )
            for r in obj.recipients.all()
        ]


@router.get("/documents", response=list[DocumentOut], summary="Văn bản / documents")
@paginate
def list_documents(
    request: HttpRequest,
    direction: str | None = None,
    q: str = "",
    year: int | None = None,
) -> object:
    viewer = viewer_for(request.user)
    return queries.documents_for(
        viewer, queries.DocumentFilters(direction=direction, q=q, year=year)
    )


@router.get("/documents/{document_id}", response=DocumentDetailOut)
def get_document(request: HttpRequest, document_id: int) -> Document:
    document = get_document_for(viewer_for(request.user), document_id)
    return (
        Document.objects.filter(pk=document.pk)
        .select_related("plan")
        .prefetch_related("references", "recipients__units")
        .get()
    )
