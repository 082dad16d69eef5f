"""Reads of documents, filtered by what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from kehoach.documents.models import Distribution, Document
from kehoach.documents.permissions import visible_documents
from kehoach.lib.text import fold
from kehoach.orgs.viewer import Viewer


@dataclass(frozen=True)
class DocumentFilters:
    direction: str | None = None
    doc_type: str | None = None
    year: int | None = None
    q: str = ""


def documents_for(
    viewer: Viewer, filters: DocumentFilters | None = None
) -> QuerySet[Document]:
    filters = filters or DocumentFilters()
    qs = visible_documents(viewer)
    if filters.direction:
        qs = qs.filter(direction=filters.direction)
    if filters.doc_type:
        qs = qs.filter(doc_type=filters.doc_type)
    if filters.year:
        qs = qs.filter(issued_on__year=filters.year)
    for word in fold(filters.q).split():
        qs = qs.filter(search_text__contains=word)
    return qs.select_related("agency", "plan").order_by(
        "-issued_on", "-created_at", "-id"
    )


def document_page(document: Document) -> dict[str, object]:
    from kehoach.documents.models import DocumentTransition  # noqa: PLC0415 -- keeps this module's imports small

    distribution = (
        Distribution.objects.filter(document=document)
        .annotate(
            total=Count("recipients"),
            acked=Count(
                "recipients", filter=Q(recipients__acknowledged_at__isnull=False)
            ),
        )
        .first()
    )
    return {
        "timeline": list(
            DocumentTransition.objects.filter(document=document).order_by(
                "created_at", "pk"
            )
        ),
        "distribution": distribution,
        "consultations": list(document.consultations.order_by("-created_at")),
        "amended_by": list(document.amended_by.all()),
        "replaced_by": list(document.replaced_by.all()),
        "document": document,
        "references": list(
            document.references.select_related("target", "target__plan")
        ),
        "cited_by": list(
            document.cited_by.select_related("document", "document__plan").order_by(
                "document_id"
            )
        ),
        "recipients": list(document.recipients.prefetch_related("units")),
        "plan": getattr(document, "plan", None),
    }
