"""API of the issuance workflow: transitions, distributions (with
acknowledgement state), consultations, delegations and incoming handling.
Each endpoint calls the same service as the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from kehoach.documents import consultation as consult
from kehoach.documents import incoming, workflow
from kehoach.documents.delegation import create_delegation, delegations_for
from kehoach.documents.distribution import resend_failed
from kehoach.documents.models import (
    ConsultationResponse,
    Distribution,
    Document,
    DocumentTransition,
)
from kehoach.documents.permissions import can_manage_distribution, get_document_for
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.models import Person
from kehoach.orgs.viewer import viewer_for

router = Router(tags=["workflow"])


class TransitionIn(Schema):
    action: str = Field(
        description="submit | review | approve | return | sign | issue | recall"
    )
    comment: str = ""


class TransitionOut(Schema):
    action: str
    from_status: str
    to_status: str
    actor_name: str
    on_behalf_name: str
    comment: str
    created_at: dt.datetime


class WorkflowOut(Schema):
    id: int
    status: str
    number: str | None
    symbol: str
    issued_on: dt.date | None
    signer_authority: str
    signer_title: str
    signer_name: str
    distribution_id: int | None
    available_actions: list[str]
    transitions: list[TransitionOut]


def _workflow_out(request: HttpRequest, document: Document) -> WorkflowOut:
    viewer = viewer_for(request.user)
    distribution = Distribution.objects.filter(document=document).first()
    return WorkflowOut(
        id=document.pk,
        status=document.status,
        number=document.number,
        symbol=document.symbol,
        issued_on=document.issued_on,
        signer_authority=document.signer_authority,
        signer_title=document.signer_title,
        signer_name=document.signer_name,
        distribution_id=distribution.pk if distribution else None,
        available_actions=workflow.available_actions(viewer, document),
        transitions=[
            TransitionOut.from_orm(t)
            for t in DocumentTransition.objects.filter(document=document).order_by(
                "created_at", "pk"
            )
        ],
    )


@router.get("/documents/{document_id}/transitions", response=WorkflowOut)
def get_transitions(request: HttpRequest, document_id: int) -> WorkflowOut:
    document = get_document_for(viewer_for(request.user), document_id)
    return _workflow_out(request, document)


@router.post(
    "/documents/{document_id}/transitions",
    response=WorkflowOut,
    summary="Chuyển trạng thái văn bản / run a workflow transition",
)
def post_transition(
    request: HttpRequest, document_id: int, payload: TransitionIn
) -> WorkflowOut:
    document = get_document_for(viewer_for(request.user), document_id)
    document = workflow.apply_transition(
        document, payload.action, actor=request.user, comment=payload.comment
    )
    return _workflow_out(request, document)


# --- distributions --------------------------------------------------------------


class DeliveryOut(Schema):
    id: int
    name: str
    purpose: str
    channel: str
    unit_id: int | None
    person_id: int | None
    email: str
    sent_at: dt.datetime | None
    mail_status: str
    mail_detail: str
    acknowledged_at: dt.datetime | None
    acknowledged_name: str
    acknowledged_via: str


class DistributionOut(Schema):
    id: int
    document_id: int
    document_status: str
    sent_at: dt.datetime | None
    recipients: list[DeliveryOut]


def _distribution_for(request: HttpRequest, distribution_id: int) -> Distribution:
    viewer = viewer_for(request.user)
    distribution = (
        Distribution.objects.select_related("document")
        .filter(pk=distribution_id)
        .first()
    )
    if distribution is None:
        raise Http404(_("Không tìm thấy lượt phát hành."))
    document = get_document_for(viewer, distribution.document_id)
    if document.agency_id != viewer.agency_id and not viewer.is_superuser:
        raise Http404(_("Không tìm thấy lượt phát hành."))
    return distribution


@router.get("/distributions/{distribution_id}", response=DistributionOut)
def get_distribution(request: HttpRequest, distribution_id: int) -> DistributionOut:
    distribution = _distribution_for(request, distribution_id)
    return DistributionOut(
        id=distribution.pk,
        document_id=distribution.document_id,
        document_status=distribution.document.status,
        sent_at=distribution.sent_at,
        recipients=[DeliveryOut.from_orm(r) for r in distribution.recipients.all()],
    )


@router.post("/distributions/{distribution_id}/resend", response=dict[str, int])
def post_resend(request: HttpRequest, distribution_id: int) -> dict[str, int]:
    distribution = _distribution_for(request, distribution_id)
    if not can_manage_distribution(viewer_for(request.user), distribution.document):
        raise ActionRefused(_("Bạn không có quyền gửi lại văn bản."), status=403)
    return resend_failed(distribution, actor=request.user)


# --- consultations ------------------------------------------------------------------


class OutsideIn(Schema):
    name: str
    email: str


class ConsultationIn(Schema):
    document_id: int
    deadline: dt.date
    unit_ids: list[int] = Field(default_factory=list)
    person_ids: list[int] = Field(default_factory=list)
    outside: list[OutsideIn] = Field(default_factory=list)
    message: str = ""


class ResponseOut(Schema):
    id: int
    name: str
    unit_id: int | None
    person_id: int | None
    answer: str
    comment: str
    answered_at: dt.datetime | None
    answered_name: str


class ConsultationOut(Schema):
    id: int
    document_id: int
    deadline: dt.date
    closed_at: dt.datetime | None
    tally: dict[str, int]
    responses: list[ResponseOut]


def _consultation_out(consultation: Any) -> ConsultationOut:
    summary = consult.consultation_summary(consultation)
    return ConsultationOut(
        id=consultation.pk,
        document_id=consultation.document_id,
        deadline=consultation.deadline,
        closed_at=consultation.closed_at,
        tally={k or "waiting": v for k, v in summary.tally.items()},
        responses=[ResponseOut.from_orm(r) for r in summary.responses],
    )


@router.post("/consultations", response={201: ConsultationOut})
def post_consultation(
    request: HttpRequest, payload: ConsultationIn, response: HttpResponse
) -> Any:
    document = get_document_for(viewer_for(request.user), payload.document_id)
    consultation = consult.start_consultation(
        document,
        actor=request.user,
        deadline=payload.deadline,
        unit_ids=payload.unit_ids,
        person_ids=payload.person_ids,
        outside=consult.parse_outside(
            "\n".join(f"{o.name} <{o.email}>" for o in payload.outside)
        ),
        message=payload.message,
    )
    response.status_code = 201
    return _consultation_out(consultation)


@router.get("/consultations/{consultation_id}", response=ConsultationOut)
def get_consultation(request: HttpRequest, consultation_id: int) -> ConsultationOut:
    consultation = consult.get_consultation_for(
        viewer_for(request.user), consultation_id
    )
    return _consultation_out(consultation)


class AnswerIn(Schema):
    answer: str = Field(description="agree | disagree | other")
    comment: str = ""


@router.post("/consultations/responses/{response_id}", response=ResponseOut)
def post_answer(
    request: HttpRequest, response_id: int, payload: AnswerIn
) -> ConsultationResponse:
    viewer = viewer_for(request.user)
    response = consult.pending_answers_for(viewer).filter(pk=response_id).first()
    if response is None:
        raise Http404(_("Không tìm thấy đề nghị góp ý."))
    return consult.answer_consultation(
        response, answer=payload.answer, comment=payload.comment, actor=request.user
    )


# --- delegations ---------------------------------------------------------------------


class DelegationIn(Schema):
    delegate_id: int
    starts_on: dt.date
    ends_on: dt.date
    kind: str = "KT"
    note: str = ""


class DelegationOut(Schema):
    id: int
    delegator_id: int
    delegate_id: int
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    note: str
    revoked_at: dt.datetime | None


@router.get("/delegations", response=list[DelegationOut])
def list_delegations(request: HttpRequest) -> Any:
    return list(delegations_for(viewer_for(request.user)))


@router.post("/delegations", response={201: DelegationOut})
def post_delegation(
    request: HttpRequest, payload: DelegationIn, response: HttpResponse
) -> Any:
    viewer = viewer_for(request.user)
    if viewer.agency_id is None:
        raise Http404(_("Không tìm thấy cán bộ."))
    delegate = Person.objects.filter(
        pk=payload.delegate_id, agency_id=viewer.agency_id
    ).first()
    if delegate is None:
        raise Http404(_("Không tìm thấy cán bộ."))
    response.status_code = 201
    return create_delegation(
        actor=request.user,
        delegate=delegate,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        kind=payload.kind,
        note=payload.note,
    )


# --- incoming handling -----------------------------------------------------------------


class DirectionIn(Schema):
    note: str
    lead_unit_ids: list[int]
    support_unit_ids: list[int] = Field(default_factory=list)
    deadline: dt.date | None = None


class ReasonIn(Schema):
    reason: str


@router.post("/documents/{document_id}/direction", response=WorkflowOut)
def post_direction(
    request: HttpRequest, document_id: int, payload: DirectionIn
) -> WorkflowOut:
    document = get_document_for(viewer_for(request.user), document_id)
    document = incoming.direct_incoming(
        document,
        actor=request.user,
        note=payload.note,
        lead_unit_ids=payload.lead_unit_ids,
        support_unit_ids=payload.support_unit_ids,
        deadline=payload.deadline,
    )
    return _workflow_out(request, document)


@router.post("/documents/{document_id}/return-to-sender", response=WorkflowOut)
def post_return_to_sender(
    request: HttpRequest, document_id: int, payload: ReasonIn
) -> WorkflowOut:
    document = get_document_for(viewer_for(request.user), document_id)
    document = incoming.return_incoming(
        document, actor=request.user, reason=payload.reason
    )
    return _workflow_out(request, document)
