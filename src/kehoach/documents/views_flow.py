"""Pages of the issuance workflow: transitions, distribution, the received
list, acknowledgement links, incoming handling, follow-ups. (Downloads are
``views_rendering.document_render``.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kehoach.documents import distribution as dist
from kehoach.documents import incoming, workflow
from kehoach.documents.consultation import pending_answers_for
from kehoach.documents.forms import (
    DirectionForm,
    ReasonForm,
    RecipientLineForm,
    SenderForm,
    TransitionForm,
)
from kehoach.documents.models import DistributionRecipient, Recipient
from kehoach.documents.permissions import (
    can_manage_distribution,
    can_view_distribution,
    get_document_for,
)
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import viewer_for


@login_required
@require_POST
def document_transition(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for(viewer_for(request.user), pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            workflow.apply_transition(
                document,
                form.cleaned_data["action"],
                actor=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã cập nhật trạng thái văn bản."))
    return redirect("documents:document-detail", pk=pk)


@login_required
@require_POST
def document_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for(viewer_for(request.user), pk)
    try:
        draft = workflow.create_follow_up(
            document, actor=request.user, kind=request.POST.get("kind", "")
        )
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
        return redirect("documents:document-detail", pk=pk)
    plan = getattr(draft, "plan", None)
    if plan is not None:
        return redirect("plans:editor", pk=plan.pk)
    return redirect("documents:document-detail", pk=draft.pk)


# --- distribution -------------------------------------------------------------


def _back(request: HttpRequest, pk: int) -> HttpResponse:
    """Back to the page the form was on (the editor or the distribution
    page), never off the site."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect("documents:distribution", pk=pk)


def _distribution_context(request: HttpRequest, pk: int) -> dict[str, object]:
    viewer = viewer_for(request.user)
    document = get_document_for(viewer, pk)
    distribution = getattr(document, "distribution", None)
    rows = (
        list(
            distribution.recipients.select_related("unit", "person", "acknowledged_by")
        )
        if distribution is not None
        else []
    )
    units = list(dist.allowed_recipient_units(document))
    lines = list(
        document.recipients.select_related("person").prefetch_related("units__agency")
    )
    suggestions = dist.suggested_units(document) if distribution is None else {}
    for line in lines:
        line.suggested = suggestions.get(line.pk, [])  # type: ignore[attr-defined]
    return {
        "document": document,
        "distribution": distribution,
        "rows": rows,
        "lines": lines,
        "can_manage": can_manage_distribution(viewer, document),
        "form": RecipientLineForm(units=units, people=dist.recipient_people(document)),
        "units": units,
    }


@login_required
def distribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _distribution_context(request, pk)
    document = context["document"]
    if not can_view_distribution(viewer_for(request.user), document):  # type: ignore[arg-type]
        raise Http404
    return render(request, "documents/distribution.html", context)


@login_required
@require_POST
def recipient_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for(viewer_for(request.user), pk)
    units = list(dist.allowed_recipient_units(document))
    form = RecipientLineForm(
        request.POST, units=units, people=dist.recipient_people(document)
    )
    if form.is_valid():
        try:
            dist.add_recipient_line(
                document,
                actor=request.user,
                name=form.cleaned_data["name"],
                purpose=form.cleaned_data["purpose"],
                unit_ids=[int(i) for i in form.cleaned_data["units"]],
                person_id=form.cleaned_data["person"],
                email=form.cleaned_data["email"],
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.values()))
    return _back(request, pk)


def _line_for(request: HttpRequest, pk: int, line_pk: int) -> Recipient:
    document = get_document_for(viewer_for(request.user), pk)
    line = document.recipients.filter(pk=line_pk).select_related("document").first()
    if line is None:
        raise Http404
    return line


@login_required
@require_POST
def recipient_update(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    line = _line_for(request, pk, line_pk)
    try:
        if request.POST.get("delete"):
            dist.remove_recipient_line(line, actor=request.user)
        else:
            dist.update_recipient_line(
                line,
                actor=request.user,
                unit_ids=[int(i) for i in request.POST.getlist("units") if i.isdigit()],
                email=request.POST.get("email", ""),
                purpose=request.POST.get("purpose"),
            )
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    return _back(request, pk)


@login_required
@require_POST
def distribution_resend(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for(viewer_for(request.user), pk)
    distribution = getattr(document, "distribution", None)
    if distribution is None:
        raise Http404
    try:
        dist.resend_failed(distribution, actor=request.user)
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    return redirect("documents:distribution", pk=pk)


# --- received documents (in the app) and acknowledgement links ---------------


@login_required
def received_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    rows = list(dist.received_for(viewer)[:200])
    asks = list(pending_answers_for(viewer)[:50])
    return render(request, "documents/received_list.html", {"rows": rows, "asks": asks})


@login_required
@require_POST
def received_acknowledge(request: HttpRequest, row_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    row = dist.received_for(viewer).filter(pk=row_pk).first()
    if row is None:
        raise Http404
    dist.acknowledge_delivery(row, via="app", actor=request.user)
    messages.success(request, _("Đã xác nhận nhận văn bản."))
    return redirect("documents:received")


@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link of an outside recipient: no login. GET shows the
    document and a button; POST acknowledges (once)."""
    row: DistributionRecipient | None = dist.recipient_for_token(token)
    if row is None:
        return render(
            request, "documents/acknowledge.html", {"invalid": True}, status=404
        )
    if request.method == "POST":
        name = (request.POST.get("name") or "").strip()[:200]
        dist.acknowledge_delivery(row, via="link", name=name)
        row.refresh_from_db()
    return render(
        request,
        "documents/acknowledge.html",
        {"row": row, "document": row.distribution.document},
    )


# --- incoming: sender, direction, return --------------------------------------


@login_required
@require_POST
def incoming_direct(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for(viewer_for(request.user), pk)
    units = list(Unit.objects.filter(agency_id=document.agency_id, is_active=True))
    form = DirectionForm(request.POST, units=units)
    if form.is_valid():
        try:
            incoming.direct_incoming(
                document,
                actor=request.user,
                note=form.cleaned_data["note"],
                lead_unit_ids=[int(i) for i in form.cleaned_data["lead_units"]],
                support_unit_ids=[int(i) for i in form.cleaned_data["support_units"]],
                deadline=form.cleaned_data["deadline"],
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã ghi ý kiến chỉ đạo và giao đơn vị xử lý."))
    else:
        messages.error(request, _("Cần ghi ý kiến chỉ đạo và chọn đơn vị chủ trì."))
    return redirect("documents:document-detail", pk=pk)


@login_required
@require_POST
def incoming_return(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for(viewer_for(request.user), pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            incoming.return_incoming(
                document, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã trả lại văn bản cho nơi gửi."))
    else:
        messages.error(request, _("Cần ghi lý do trả lại."))
    return redirect("documents:document-detail", pk=pk)


@login_required
@require_POST
def incoming_sender(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for(viewer_for(request.user), pk)
    form = SenderForm(request.POST)
    if form.is_valid():
        try:
            incoming.set_sender_email(
                document, form.cleaned_data["email"], actor=request.user
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã gửi thư báo đã nhận cho nơi gửi."))
    else:
        messages.error(request, _("Địa chỉ thư không hợp lệ."))
    return redirect("documents:document-detail", pk=pk)
