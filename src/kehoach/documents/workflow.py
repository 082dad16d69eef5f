"""The life of an outgoing document (a plan in particular), one service per
transition:

    draft ─submit→ review ─review→ leadership ─approve→ approved ─sign→ signed
      ↑               │                │                   │              │
      └──── return ───┴────────────────┴───────────────────┘            issue
                                                                          ↓
                                                     recalled ←recall─ issued

Each service checks its permission (``documents.permissions``), locks the
document row, checks the state it starts from, writes the new state and a
``DocumentTransition`` (who, when, comment, on whose behalf), all in one
transaction. Issuing takes the next number of the agency's outgoing
register for the year, dates the document today (Asia/Ho_Chi_Minh), locks
it, activates its plan and sends it to its recipients after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.documents import permissions as perms
from kehoach.documents.authority import SigningCapacity, signing_capacity
from kehoach.documents.enums import (
    DatePrecision,
    Direction,
    DocumentStatus,
    RegisterKind,
    TransitionAction,
)
from kehoach.documents.models import Document, DocumentTransition
from kehoach.documents.numbering import format_number, next_number, today
from kehoach.documents.services import link_references
from kehoach.lib.exceptions import ActionRefused, Conflict, PermissionRefused
from kehoach.notify import events as notify_events
from kehoach.orgs.models import Person
from kehoach.orgs.viewer import Viewer, viewer_for

logger = logging.getLogger(__name__)


def actor_label(actor: Any) -> str:
    viewer = viewer_for(actor)
    if viewer.person is not None:
        return viewer.person.full_name
    return str(getattr(actor, "username", "") or "")


def record_transition(
    document: Document,
    action: str,
    *,
    actor: Any,
    from_status: str = "",
    comment: str = "",
    on_behalf_of: Person | None = None,
) -> DocumentTransition:
    """Write one step of the timeline."""
    return DocumentTransition.objects.create(
        document=document,
        action=action,
        from_status=from_status,
        to_status=document.status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_label(actor)[:200],
        on_behalf_of=on_behalf_of,
        on_behalf_name=(on_behalf_of.full_name if on_behalf_of else "")[:200],
        comment=comment.strip(),
    )


def _locked(document: Document) -> Document:
    """Re-read the document under a row lock (PostgreSQL); on SQLite the
    IMMEDIATE transaction already holds the database's write lock."""
    return (
        Document.objects.select_for_update()
        .select_related("agency")
        .get(pk=document.pk)
    )


@dataclass(frozen=True)
class Step:
    """What a transition needs: the state it starts from, the permission,
    the state it leads to, whether a comment is required."""

    action: str
    allowed: Callable[[Viewer, Document], bool]
    to_status: str
    refusal: Any
    needs_comment: bool = False


STEPS: dict[str, Step] = {
    TransitionAction.SUBMIT: Step(
        TransitionAction.SUBMIT,
        perms.can_submit_document,
        DocumentStatus.REVIEW,
        gettext_lazy("Chỉ người soạn hoặc Văn phòng trình được dự thảo này."),
    ),
    TransitionAction.REVIEW: Step(
        TransitionAction.REVIEW,
        perms.can_review_document,
        DocumentStatus.LEADERSHIP,
        gettext_lazy("Chỉ Văn phòng trình lãnh đạo được văn bản đang chờ kiểm tra."),
    ),
    TransitionAction.APPROVE: Step(
        TransitionAction.APPROVE,
        perms.can_approve_document,
        DocumentStatus.APPROVED,
        gettext_lazy("Bạn không có thẩm quyền duyệt văn bản này."),
    ),
    TransitionAction.RETURN: Step(
        TransitionAction.RETURN,
        perms.can_return_document,
        DocumentStatus.DRAFT,
        gettext_lazy("Bạn không trả lại được văn bản này."),
        needs_comment=True,
    ),
    TransitionAction.SIGN: Step(
        TransitionAction.SIGN,
        perms.can_sign_document,
        DocumentStatus.SIGNED,
        gettext_lazy("Bạn không có thẩm quyền ký văn bản này."),
    ),
    TransitionAction.ISSUE: Step(
        TransitionAction.ISSUE,
        perms.can_issue_document,
        DocumentStatus.ISSUED,
        gettext_lazy("Chỉ văn thư hoặc Văn phòng phát hành được văn bản đã ký."),
    ),
    TransitionAction.RECALL: Step(
        TransitionAction.RECALL,
        perms.can_recall_document,
        DocumentStatus.RECALLED,
        gettext_lazy("Chỉ lãnh đạo hoặc Văn phòng thu hồi được văn bản đã phát hành."),
        needs_comment=True,
    ),
}

# The state each action starts from, for the "already done" answer.
_FROM: dict[str, set[str]] = {
    TransitionAction.SUBMIT: {DocumentStatus.DRAFT},
    TransitionAction.REVIEW: {DocumentStatus.REVIEW},
    TransitionAction.APPROVE: {DocumentStatus.LEADERSHIP},
    TransitionAction.RETURN: {
        DocumentStatus.REVIEW,
        DocumentStatus.LEADERSHIP,
        DocumentStatus.APPROVED,
    },
    TransitionAction.SIGN: {DocumentStatus.APPROVED},
    TransitionAction.ISSUE: {DocumentStatus.SIGNED},
    TransitionAction.RECALL: {DocumentStatus.ISSUED},
}


def available_actions(viewer: Viewer, document: Document) -> list[str]:
    """The transitions the viewer may take now (for buttons and the API)."""
    if document.direction != Direction.OUTGOING:
        return []
    return [action for action, step in STEPS.items() if step.allowed(viewer, document)]


def _begin(document: Document, action: str, actor: Any, comment: str) -> Document:
    step = STEPS[action]
    viewer = viewer_for(actor)
    current = _locked(document)
    if current.direction != Direction.OUTGOING:
        raise ActionRefused(_("Chỉ văn bản đi mới qua quy trình ban hành."))
    if current.status not in _FROM[action]:
        raise Conflict(
            _(
                "Văn bản đang ở trạng thái “{status}”; không thực hiện được "
                "thao tác này (có thể người khác vừa xử lý)."
            ).format(status=current.get_status_display()),
            code="wrong_state",
        )
    if not step.allowed(viewer, current):
        raise PermissionRefused(step.refusal)
    if step.needs_comment and not comment.strip():
        raise ActionRefused(
            _("Cần ghi ý kiến (lý do) cho thao tác này."), code="comment_required"
        )
    return current


def _capacity(document: Document, actor: Any) -> SigningCapacity:
    capacity = signing_capacity(
        viewer_for(actor).person,
        agency_id=document.agency_id,
        planned_signer_id=document.planned_signer_id,
    )
    if capacity is None:  # checked by the permission; kept for type safety
        raise PermissionRefused(_("Bạn không có thẩm quyền ký văn bản này."))
    return capacity


def _simple(action: str, document: Document, actor: Any, comment: str) -> Document:
    current = _begin(document, action, actor, comment)
    before = current.status
    on_behalf = None
    if action in {TransitionAction.APPROVE, TransitionAction.RETURN} and before in {
        DocumentStatus.LEADERSHIP,
        DocumentStatus.APPROVED,
    }:
        on_behalf = _capacity(current, actor).on_behalf_of
    current.status = STEPS[action].to_status
    current.save(update_fields=["status", "updated_at"])
    record_transition(
        current,
        action,
        actor=actor,
        from_status=before,
        comment=comment,
        on_behalf_of=on_behalf,
    )
    return current


@transaction.atomic
def submit_document(document: Document, *, actor: Any, comment: str = "") -> Document:
    """The drafter sends the draft to the Office for review."""
    return _simple(TransitionAction.SUBMIT, document, actor, comment)


@transaction.atomic
def review_document(document: Document, *, actor: Any, comment: str = "") -> Document:
    """The Office has checked the draft and sends it up to leadership."""
    return _simple(TransitionAction.REVIEW, document, actor, comment)


@transaction.atomic
def approve_document(document: Document, *, actor: Any, comment: str = "") -> Document:
    """Leadership approves the content (recorded on the head's behalf when
    a deputy or delegate approves)."""
    return _simple(TransitionAction.APPROVE, document, actor, comment)


@transaction.atomic
def return_document(document: Document, *, actor: Any, comment: str) -> Document:
    """The Office or leadership sends the draft back to its drafter with
    comments; it becomes a draft again."""
    return _simple(TransitionAction.RETURN, document, actor, comment)


@transaction.atomic
def sign_document(document: Document, *, actor: Any, comment: str = "") -> Document:
    """Leadership signs: the signer block is set from the signer's capacity
    (``GIÁM ĐỐC``; ``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM ĐỐC``; ``TUQ. …``)."""
    current = _begin(document, TransitionAction.SIGN, actor, comment)
    capacity = _capacity(current, actor)
    before = current.status
    current.status = DocumentStatus.SIGNED
    current.signer_authority = capacity.authority[:200]
    current.signer_title = capacity.title[:200]
    current.signer_name = capacity.name[:200]
    current.signed_by = actor
    current.signed_at = timezone.now()
    current.save(
        update_fields=[
            "status",
            "signer_authority",
            "signer_title",
            "signer_name",
            "signed_by",
            "signed_at",
            "updated_at",
        ]
    )
    record_transition(
        current,
        TransitionAction.SIGN,
        actor=actor,
        from_status=before,
        comment=comment,
        on_behalf_of=capacity.on_behalf_of,
    )
    return current


@transaction.atomic
def issue_document(document: Document, *, actor: Any, comment: str = "") -> Document:
    """The clerk issues a signed document: next number of the outgoing
    register for the calendar year, today's date, locked from then on; its
    plan becomes active; citations of it resolve; the distribution list is
    frozen and sent after commit (``send_distribution``); webhooks get
    ``document.issued`` (recorded in this transaction)."""
    from kehoach.documents.distribution import (  # noqa: PLC0415 -- distribution imports this module's helpers
        build_distribution,
        resolve_recipient_lines,
    )

    current = _begin(document, TransitionAction.ISSUE, actor, comment)
    before = current.status
    day = today()
    number = next_number(current.agency, RegisterKind.OUTGOING, day.year)
    current.symbol = current.symbol or _default_symbol(current)
    current.number = format_number(number)
    current.register_year = day.year
    current.register_number = number
    current.issued_on = day
    current.issued_precision = DatePrecision.DAY
    current.issued_at = timezone.now()
    current.issuer_agency = current.agency
    current.status = DocumentStatus.ISSUED
    current.save()
    record_transition(
        current,
        TransitionAction.ISSUE,
        actor=actor,
        from_status=before,
        comment=comment,
    )
    link_references(current)
    _activate_plan(current)
    resolve_recipient_lines(current)
    distribution = build_distribution(current, actor=actor)
    notify_events.emit("document.issued", current)
    transaction.on_commit(partial(_send_after_commit, distribution.pk))
    logger.info(
        "document %s issued as %s by %s", current.pk, current.reference_label, actor
    )
    return current


def _send_after_commit(distribution_id: int) -> None:
    from kehoach.documents.distribution import send_distribution  # noqa: PLC0415 -- see issue_document
    from kehoach.documents.models import Distribution  # noqa: PLC0415 -- idem

    distribution = (
        Distribution.objects.select_related("document__agency")
        .filter(pk=distribution_id)
        .first()
    )
    if distribution is None:
        logger.warning("distribution %s is gone; nothing sent", distribution_id)
        return
    send_distribution(distribution)


def _default_symbol(document: Document) -> str:
    abbreviation = document.agency.abbreviation
    if document.doc_type and document.doc_type != "CV":
        return f"{document.doc_type}-{abbreviation}"
    return abbreviation


def _activate_plan(document: Document) -> None:
    from kehoach.plans.enums import PlanStatus  # noqa: PLC0415 -- plans depend on documents
    from kehoach.plans.models import Plan  # noqa: PLC0415 -- idem
    from kehoach.plans.services import attach_plan_parents  # noqa: PLC0415 -- idem

    plan = Plan.objects.filter(document=document).first()
    if plan is None:
        return
    if plan.status == PlanStatus.DRAFT:
        plan.status = PlanStatus.ACTIVE
        plan.year = document.issued_on.year if document.issued_on else plan.year
        plan.save(update_fields=["status", "year", "updated_at"])
    attach_plan_parents(plan)


@transaction.atomic
def recall_document(document: Document, *, actor: Any, comment: str) -> Document:
    """Recall an issued document: it is marked recalled (document, plan,
    registers, distribution), its plan is cancelled, and every recipient is
    told by e-mail after commit and sees it in their received list."""
    from kehoach.documents.distribution import notify_recall  # noqa: PLC0415 -- see issue_document
    from kehoach.plans.enums import PlanStatus  # noqa: PLC0415 -- plans depend on documents
    from kehoach.plans.models import Plan  # noqa: PLC0415 -- idem

    current = _begin(document, TransitionAction.RECALL, actor, comment)
    before = current.status
    current.status = DocumentStatus.RECALLED
    current.recalled_at = timezone.now()
    current.save(update_fields=["status", "recalled_at", "updated_at"])
    record_transition(
        current,
        TransitionAction.RECALL,
        actor=actor,
        from_status=before,
        comment=comment,
    )
    for plan in Plan.objects.filter(document=current).exclude(
        status=PlanStatus.CANCELLED
    ):
        plan.status = PlanStatus.CANCELLED
        plan.save(update_fields=["status", "updated_at"])
    transaction.on_commit(partial(notify_recall, current))
    return current


TRANSITIONS: dict[str, Callable[..., Document]] = {
    TransitionAction.SUBMIT: submit_document,
    TransitionAction.REVIEW: review_document,
    TransitionAction.APPROVE: approve_document,
    TransitionAction.RETURN: return_document,
    TransitionAction.SIGN: sign_document,
    TransitionAction.ISSUE: issue_document,
    TransitionAction.RECALL: recall_document,
}


def apply_transition(
    document: Document, action: str, *, actor: Any, comment: str = ""
) -> Document:
    """Run the transition named ``action`` (for the API and the CLI)."""
    service = TRANSITIONS.get(action)
    if service is None:
        raise ActionRefused(
            _("Thao tác không hợp lệ: {action}. / Unknown action.").format(
                action=action
            ),
            status=422,
            code="unknown_action",
        )
    return service(document, actor=actor, comment=comment)


# --- amending and replacing an issued document -------------------------------


@transaction.atomic
def create_follow_up(document: Document, *, actor: Any, kind: str) -> Document:
    """Start a new draft that amends (``kind="amends"``) or replaces
    (``"replaces"``) an issued document; the issued one stays locked."""
    viewer = viewer_for(actor)
    if kind not in {"amends", "replaces"}:
        raise ActionRefused(_("Chỉ tạo được văn bản sửa đổi hoặc thay thế."))
    if not document.is_locked or document.agency_id != viewer.agency_id:
        raise ActionRefused(_("Chỉ văn bản đã phát hành của cơ quan mới cần sửa đổi."))
    if not (viewer.roles & perms.DRAFTING_ROLES or viewer.is_superuser):
        raise PermissionRefused(_("Bạn không có quyền soạn văn bản."))
    # The new title is document text (Vietnamese), not UI text.
    title = f"Sửa đổi, bổ sung {document.title}" if kind == "amends" else document.title
    links = {
        "amends": document if kind == "amends" else None,
        "replaces": document if kind == "replaces" else None,
    }
    plan = getattr(document, "plan", None)
    if plan is not None:
        from kehoach.plans.editor.services import copy_plan_as_draft  # noqa: PLC0415 -- plans depend on documents

        draft = copy_plan_as_draft(
            plan, actor=actor, year=plan.year, title=title
        ).document
        for name, value in links.items():
            setattr(draft, name, value)
        draft.save()
        return draft
    draft = Document.objects.create(
        agency=document.agency,
        direction=Direction.OUTGOING,
        doc_type=document.doc_type,
        symbol=document.symbol,
        issuer_parent=document.issuer_parent,
        issuer_name=document.issuer_name,
        place=document.place,
        title=title,
        body=document.body,
        archive=document.archive,
        status=DocumentStatus.DRAFT,
        created_by=actor,
        planned_signer=document.planned_signer,
        **links,
    )
    for line in document.recipients.prefetch_related("units"):
        units = list(line.units.all())
        copy = line.__class__.objects.create(
            document=draft,
            order=line.order,
            name=line.name,
            purpose=line.purpose,
            person=line.person,
            email=line.email,
        )
        copy.units.set(units)
    record_transition(
        draft,
        TransitionAction.CREATE,
        actor=actor,
        comment=(
            _("Sửa đổi văn bản {label}")
            if kind == "amends"
            else _("Thay thế văn bản {label}")
        ).format(label=document.reference_label),
    )
    return draft
