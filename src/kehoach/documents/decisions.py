"""What the issuance workflow puts on the leadership's agency dashboard
("Việc chờ quyết định"): the agency's outgoing documents on their way up —
waiting for the Office's check, for approval, approved and waiting for a
signature — and consultations on a draft past their deadline, still open.

Registered as a provider of ``reports.decisions`` from the documents app's
``ready()``; two queries whatever the number of items.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.documents.enums import Direction, DocumentStatus
from kehoach.documents.flow_models import Consultation
from kehoach.documents.models import Document
from kehoach.orgs.viewer import Viewer
from kehoach.reports.decisions import DEFAULT_LIMIT, DecisionItem

# The workflow's waiting states, in the order the leadership meets them.
WAITING = (DocumentStatus.APPROVED, DocumentStatus.LEADERSHIP, DocumentStatus.REVIEW)


def _waiting_label(status: str) -> str:
    if status == DocumentStatus.APPROVED:
        return _("Đã duyệt, chờ ký")
    return str(DocumentStatus(status).label)


def documents_waiting(
    viewer: Viewer, *, limit: int = DEFAULT_LIMIT
) -> list[DecisionItem]:
    """The agency's outgoing documents in review, with the leadership, or
    approved and not signed yet; those closest to a signature first, then
    the longest waiting."""
    documents = list(
        Document.objects.filter(
            agency_id=viewer.agency_id or 0,
            direction=Direction.OUTGOING,
            status__in=WAITING,
        ).order_by("status", "updated_at", "pk")[:limit]
    )
    # The codes sort approved, leadership, review: the order of WAITING.
    return [
        DecisionItem(
            kind=f"document_{document.status}",
            kind_label=_waiting_label(document.status),
            title=document.title or str(document),
            detail=" · ".join(
                part
                for part in (
                    document.get_doc_type_display(),
                    document.reference_label,
                    document.signer_name,
                )
                if part
            ),
            url=reverse("documents:document-detail", args=[document.pk]),
            since=document.updated_at,
            badge=document.status,
        )
        for document in documents
    ]


def consultations_overdue(
    viewer: Viewer, *, limit: int = DEFAULT_LIMIT
) -> list[DecisionItem]:
    """Open consultations on the agency's drafts whose deadline has passed:
    the drafter and the leadership decide to close them and go on."""
    consultations = list(
        Consultation.objects.filter(
            document__agency_id=viewer.agency_id or 0,
            closed_at__isnull=True,
            deadline__lt=timezone.localdate(),
        )
        .select_related("document")
        .annotate(
            asked=Count("responses"),
            answered=Count("responses", filter=~Q(responses__answer="")),
        )
        .order_by("deadline", "pk")[:limit]
    )
    return [
        DecisionItem(
            kind="consultation_overdue",
            kind_label=_("Quá hạn góp ý"),
            title=c.document.title or str(c.document),
            detail=_("Hạn {date} · {answered}/{asked} ý kiến đã trả lời").format(
                date=c.deadline.strftime("%d/%m/%Y"),
                answered=c.answered,
                asked=c.asked,
            ),
            url=reverse("documents:consultation-detail", args=[c.pk]),
            since=c.created_at,
            badge="overdue",
        )
        for c in consultations
    ]


def workflow_waiting(
    viewer: Viewer, *, limit: int = DEFAULT_LIMIT
) -> list[DecisionItem]:
    """The provider the dashboard calls: documents, then consultations."""
    return documents_waiting(viewer, limit=limit) + consultations_overdue(
        viewer, limit=limit
    )
