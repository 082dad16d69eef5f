"""Consultation on a draft (lấy ý kiến): the drafter asks chosen people or
units for their opinion by a deadline; each answers Đồng ý / Không đồng ý /
Ý kiến khác with comments — in the app, or through a personal link for
people outside; the drafter sees the tally and the comments in one
summary, exportable to XLSX."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kehoach.documents.enums import ConsultationAnswer
from kehoach.documents.models import Consultation, ConsultationResponse, Document
from kehoach.documents.numbering import today
from kehoach.documents.permissions import can_consult_on, documents_visible_q
from kehoach.documents.tokens import CONSULT_SALT, consult_url, read_token
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.orgs.models import Person, Unit
from kehoach.orgs.viewer import Viewer, viewer_for

logger = logging.getLogger(__name__)

_OUTSIDE = re.compile(r"^\s*(?P<name>.*?)\s*<(?P<email>[^>]+)>\s*$")


def parse_outside(text: str) -> list[tuple[str, str]]:
    """``"VNPT <a@vnpt.vn>"`` lines (or bare addresses) → (name, email)."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _OUTSIDE.match(line)
        name, email = (match["name"], match["email"]) if match else (line, line)
        try:
            validate_email(email.strip())
        except ValidationError as exc:
            raise ActionRefused(
                _("Địa chỉ thư không hợp lệ: {line}").format(line=line), status=422
            ) from exc
        out.append(((name or email).strip(), email.strip()))
    return out


@transaction.atomic
def start_consultation(
    document: Document,
    *,
    actor: Any,
    deadline: dt.date,
    unit_ids: Sequence[int] = (),
    person_ids: Sequence[int] = (),
    outside: Iterable[tuple[str, str]] = (),
    message: str = "",
) -> Consultation:
    """Send the draft to the chosen units, people of the agency and people
    outside (by e-mail with a personal link) for opinions by ``deadline``."""
    if not can_consult_on(viewer_for(actor), document):
        raise PermissionRefused(_("Bạn không có quyền lấy ý kiến về văn bản này."))
    if deadline < today():
        raise ActionRefused(_("Hạn góp ý đã qua."), status=422)
    units = list(Unit.objects.filter(agency_id=document.agency_id, pk__in=unit_ids))
    people = list(
        Person.objects.filter(agency_id=document.agency_id, pk__in=person_ids)
    )
    outside = list(outside)
    if len(units) != len(set(unit_ids)) or len(people) != len(set(person_ids)):
        raise ActionRefused(_("Người hoặc đơn vị được chọn không thuộc cơ quan."))
    if not (units or people or outside):
        raise ActionRefused(_("Cần chọn ít nhất một người hoặc đơn vị được hỏi."))
    consultation = Consultation.objects.create(
        document=document, deadline=deadline, message=message.strip(), created_by=actor
    )
    responses = (
        [
            ConsultationResponse(
                consultation=consultation, unit=u, name=u.name, email=u.email
            )
            for u in units
        ]
        + [
            ConsultationResponse(
                consultation=consultation, person=p, name=p.full_name, email=p.email
            )
            for p in people
        ]
        + [
            ConsultationResponse(consultation=consultation, name=n[:255], email=e)
            for n, e in outside
        ]
    )
    ConsultationResponse.objects.bulk_create(responses)
    transaction.on_commit(partial(send_invitations, consultation.pk))
    return consultation


def send_invitations(consultation_id: int) -> int:
    """E-mail every invitee with an address (with their personal link)."""
    consultation = Consultation.objects.select_related("document__agency").get(
        pk=consultation_id
    )
    sent = 0
    for response in consultation.responses.exclude(email=""):
        with translation.override("vi"):
            subject = _("Đề nghị góp ý dự thảo: {title}").format(
                title=consultation.document.title
            )
            body = render_to_string(
                "documents/email/consultation.txt",
                {
                    "consultation": consultation,
                    "document": consultation.document,
                    "response": response,
                    "answer_url": consult_url(response.pk),
                },
            )
        try:
            EmailMessage(
                subject=" ".join(subject.split())[:250],
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[response.email],
            ).send()
        except OSError as exc:
            logger.warning("consultation mail to %s failed: %s", response.email, exc)
            continue
        sent += 1
    return sent


def can_answer(viewer: Viewer, response: ConsultationResponse) -> bool:
    """The person asked, or a member of the unit asked."""
    if response.person_id is not None:
        return viewer.person is not None and viewer.person.pk == response.person_id
    return response.unit_id is not None and response.unit_id in viewer.unit_ids


@transaction.atomic
def answer_consultation(
    response: ConsultationResponse,
    *,
    answer: str,
    comment: str = "",
    actor: Any = None,
    name: str = "",
    via_link: bool = False,
) -> ConsultationResponse:
    """Record (or change, until the consultation closes) an answer."""
    if answer not in ConsultationAnswer.values:
        raise ActionRefused(_("Ý kiến không hợp lệ."), status=422)
    if not via_link and not can_answer(viewer_for(actor), response):
        raise PermissionRefused(_("Bạn không được hỏi ý kiến lần này."))
    consultation = response.consultation
    if consultation.closed_at is not None:
        raise ActionRefused(_("Đợt lấy ý kiến đã kết thúc."), status=409)
    viewer = viewer_for(actor)
    response.answer = answer
    response.comment = comment.strip()
    response.answered_at = timezone.now()
    response.answered_by = actor if getattr(actor, "pk", None) else None
    response.answered_name = (
        name.strip()
        or (viewer.person.full_name if viewer.person else "")
        or response.name
    )[:200]
    response.save()
    return response


@transaction.atomic
def close_consultation(consultation: Consultation, *, actor: Any) -> Consultation:
    if not can_consult_on(viewer_for(actor), consultation.document):
        raise PermissionRefused(_("Bạn không có quyền kết thúc đợt lấy ý kiến."))
    if consultation.closed_at is None:
        consultation.closed_at = timezone.now()
        consultation.save(update_fields=["closed_at"])
    return consultation


def response_for_token(token: str) -> ConsultationResponse | None:
    pk = read_token(token, salt=CONSULT_SALT)
    if pk is None:
        return None
    return (
        ConsultationResponse.objects.select_related("consultation__document__agency")
        .filter(pk=pk)
        .first()
    )


# --- reads ------------------------------------------------------------------


@dataclass
class Summary:
    consultation: Consultation
    responses: list[ConsultationResponse]
    tally: dict[str, int]

    @property
    def waiting(self) -> int:
        return self.tally.get("", 0)


def consultation_summary(consultation: Consultation) -> Summary:
    responses = list(
        consultation.responses.select_related("unit", "person").order_by("pk")
    )
    tally = dict.fromkeys([*ConsultationAnswer.values, ""], 0)
    for response in responses:
        tally[response.answer] = tally.get(response.answer, 0) + 1
    return Summary(consultation, responses, tally)


def consultations_visible_to(viewer: Viewer) -> QuerySet[Consultation]:
    ids = Document.objects.filter(documents_visible_q(viewer)).values("pk")
    return Consultation.objects.filter(document_id__in=ids)


def get_consultation_for(viewer: Viewer, pk: int) -> Consultation:
    """The drafting side (who may edit the document) sees the summary."""
    from django.http import Http404  # noqa: PLC0415 -- small local use

    consultation = (
        consultations_visible_to(viewer)
        .select_related("document__agency")
        .filter(pk=pk)
        .first()
    )
    if consultation is None or not (
        viewer.is_superuser
        or (
            viewer.agency_id == consultation.document.agency_id
            and viewer.is_agency_wide
        )
        or consultation.created_by_id == viewer.user_id
    ):
        raise Http404(_("Không tìm thấy đợt lấy ý kiến."))
    return consultation


def pending_answers_for(viewer: Viewer) -> QuerySet[ConsultationResponse]:
    """Consultations waiting for the viewer's (or their unit's) answer."""
    person_id = viewer.person.pk if viewer.person else None
    return (
        ConsultationResponse.objects.filter(
            Q(person_id=person_id) | Q(unit_id__in=viewer.unit_ids),
            consultation__closed_at__isnull=True,
        )
        .select_related("consultation__document")
        .order_by("consultation__deadline", "pk")
    )


def export_summary_xlsx(summary: Summary) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 -- only exports need it
    from openpyxl.styles import Font  # noqa: PLC0415 -- idem

    consultation = summary.consultation
    workbook = Workbook()
    sheet: Any = workbook.active
    sheet.title = _("Tổng hợp ý kiến")[:31]
    sheet.append([_("TỔNG HỢP Ý KIẾN GÓP Ý DỰ THẢO")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([consultation.document.title])
    sheet.append([_("Hạn góp ý"), consultation.deadline])
    sheet["B3"].number_format = "DD/MM/YYYY"
    sheet.append([])
    for value, label in ConsultationAnswer.choices:
        sheet.append([str(label), summary.tally.get(value, 0)])
    sheet.append([_("Chưa trả lời"), summary.waiting])
    sheet.append([])
    sheet.append(
        [
            _("STT"),
            _("Người, đơn vị được hỏi"),
            _("Ý kiến"),
            _("Góp ý"),
            _("Người trả lời"),
            _("Ngày trả lời"),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, response in enumerate(summary.responses, start=1):
        answered = (
            timezone.localtime(response.answered_at).date()
            if response.answered_at
            else None
        )
        sheet.append(
            [
                index,
                response.name,
                str(response.get_answer_display())
                if response.answer
                else _("Chưa trả lời"),
                response.comment,
                response.answered_name,
                answered,
            ]
        )
        sheet.cell(row=sheet.max_row, column=6).number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEF", [6, 36, 16, 60, 24, 14], strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
