"""Incoming documents after registration (Decree 30, Art. 21–24): receipt
acknowledged to the sender the same day, the leader's direction note with
handling units and a time limit (which become tasks the units see), and a
wrongly addressed document returned to its sender with a reason.

Registration itself (số đến, ngày đến) happens in
``documents.services.register_document`` so every path — upload, mailbox,
API — numbers the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from kehoach.documents.enums import DocumentStatus, TransitionAction
from kehoach.documents.models import Document
from kehoach.documents.numbering import today
from kehoach.documents.permissions import (
    can_direct_incoming,
    can_register_incoming,
    can_return_incoming,
)
from kehoach.documents.workflow import record_transition
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import viewer_for

logger = logging.getLogger(__name__)

# The activity that carries the handling of an incoming document starts
# with these words (document text, not UI text; registers look for it).
HANDLING_PREFIX = "Xử lý văn bản"


def after_registration(document: Document, *, actor: Any) -> None:
    """Record the registration on the timeline and, when the sender's
    address is known, acknowledge receipt to it after commit."""
    record_transition(
        document,
        TransitionAction.REGISTER,
        actor=actor,
        comment=_("Số đến {number}").format(number=document.register_number),
    )
    if document.sender_email:
        transaction.on_commit(partial(send_receipt, document.pk, actor_id=None))


def _mail(to: str, subject: str, template: str, context: dict[str, Any]) -> bool:
    with translation.override("vi"):
        body = render_to_string(template, context)
    message = EmailMessage(
        subject=" ".join(subject.split())[:250],
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    try:
        message.send()
    except OSError as exc:  # smtplib errors are OSErrors
        logger.warning("mail to %s failed: %s", to, exc)
        return False
    return True


def send_receipt(document_id: int, *, actor_id: int | None = None) -> bool:
    """E-mail the sender that the document was received and registered
    (số đến, ngày đến). Returns whether the mail server accepted it."""
    document = Document.objects.select_related("agency").filter(pk=document_id).first()
    if document is None or not document.sender_email:
        return False
    with translation.override("vi"):
        subject = _("Đã nhận văn bản {label}").format(
            label=document.reference_label or document.title[:80]
        )
    ok = _mail(
        document.sender_email,
        subject,
        "documents/email/receipt.txt",
        {"document": document},
    )
    if ok:
        record_transition(
            document,
            TransitionAction.ACK_SENDER,
            actor=None,
            comment=document.sender_email,
        )
    return ok


@transaction.atomic
def set_sender_email(document: Document, email: str, *, actor: Any) -> Document:
    """Give the sender's address of a registered document, and acknowledge
    receipt to it."""
    from django.core.exceptions import ValidationError  # noqa: PLC0415 -- idem
    from django.core.validators import validate_email  # noqa: PLC0415 -- small local use

    if not can_register_incoming(viewer_for(actor), document.agency_id):
        raise PermissionRefused(_("Bạn không có quyền sửa văn bản đến."))
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ActionRefused(_("Địa chỉ thư không hợp lệ."), status=422) from exc
    document.sender_email = email
    document.save(update_fields=["sender_email", "updated_at"])
    transaction.on_commit(partial(send_receipt, document.pk))
    return document


@transaction.atomic
def direct_incoming(
    document: Document,
    *,
    actor: Any,
    note: str,
    lead_unit_ids: Sequence[int],
    support_unit_ids: Sequence[int] = (),
    deadline: dt.date | None = None,
) -> Document:
    """The leader's direction (ý kiến chỉ đạo): a note, the lead and
    supporting units and a time limit. The units get tasks — an activity
    added through ``plans.services.add_activity`` to the document's plan,
    created when the document has none — so they see the work in their
    list with its deadline."""
    from kehoach.plans.enums import DueKind, PlanStatus  # noqa: PLC0415 -- plans depend on documents
    from kehoach.plans.models import Plan  # noqa: PLC0415 -- idem
    from kehoach.plans.services import (  # noqa: PLC0415 -- idem
        add_activity,
        create_plan_from_document,
    )

    viewer = viewer_for(actor)
    current = Document.objects.select_for_update().get(pk=document.pk)
    if not can_direct_incoming(viewer, current):
        raise PermissionRefused(
            _("Chỉ lãnh đạo cho ý kiến chỉ đạo văn bản đến đã vào sổ.")
        )
    if not note.strip():
        raise ActionRefused(_("Cần ghi ý kiến chỉ đạo."), code="comment_required")
    units = {
        u.pk: u
        for u in Unit.objects.filter(agency_id=current.agency_id, is_active=True)
    }
    leads = [units[i] for i in lead_unit_ids if i in units]
    supports = [
        units[i] for i in support_unit_ids if i in units and i not in lead_unit_ids
    ]
    if len(leads) != len(lead_unit_ids) or not leads:
        raise ActionRefused(_("Cần chọn đơn vị chủ trì thuộc cơ quan."))
    current.direction_note = note.strip()
    current.handling_deadline = deadline
    current.save(update_fields=["direction_note", "handling_deadline", "updated_at"])
    plan = Plan.objects.filter(document=current).first()
    if plan is None:
        plan = create_plan_from_document(
            current,
            actor=actor,
            units={},
            status=PlanStatus.ACTIVE,
            authorized=True,
            year=(current.received_on or today()).year,
        )
    plan.document = current
    add_activity(
        plan,
        actor=actor,
        title=f"{HANDLING_PREFIX}: {current.title or current}",
        description=current.direction_note,
        lead_units=leads,
        support_units=supports,
        due_date=deadline,
        due_kind=DueKind.BEFORE if deadline else "",
    )
    record_transition(
        current, TransitionAction.DIRECT, actor=actor, comment=current.direction_note
    )
    return current


@transaction.atomic
def return_incoming(document: Document, *, actor: Any, reason: str) -> Document:
    """Return a wrongly addressed document to its sender with a reason: it
    is marked returned and the sender is told by e-mail (when known)."""
    current = Document.objects.select_for_update().get(pk=document.pk)
    if not can_return_incoming(viewer_for(actor), current):
        raise PermissionRefused(_("Bạn không trả lại được văn bản này."))
    if not reason.strip():
        raise ActionRefused(_("Cần ghi lý do trả lại."), code="comment_required")
    before = current.status
    current.status = DocumentStatus.RETURNED
    current.return_reason = reason.strip()
    current.save(update_fields=["status", "return_reason", "updated_at"])
    record_transition(
        current,
        TransitionAction.RETURN_TO_SENDER,
        actor=actor,
        from_status=before,
        comment=current.return_reason,
    )
    if current.sender_email:
        transaction.on_commit(partial(_mail_return, current.pk))
    return current


def _mail_return(document_id: int) -> bool:
    document = Document.objects.select_related("agency").get(pk=document_id)
    with translation.override("vi"):
        subject = _("Trả lại văn bản {label}").format(
            label=document.reference_label or document.title[:80]
        )
    return _mail(
        document.sender_email,
        subject,
        "documents/email/returned.txt",
        {"document": document},
    )
