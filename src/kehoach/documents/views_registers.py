"""Pages of the registers, delegations and consultations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kehoach.documents import consultation as consult
from kehoach.documents import registers
from kehoach.documents.delegation import (
    create_delegation,
    delegations_for,
    revoke_delegation,
)
from kehoach.documents.enums import RegisterKind
from kehoach.documents.forms import (
    AnswerForm,
    ConsultationForm,
    DelegationForm,
    RegisterFilterForm,
)
from kehoach.documents.permissions import (
    can_manage_delegation,
    can_view_registers,
    get_document_for,
)
from kehoach.lib.exceptions import ActionRefused
from kehoach.lib.http import HtmxHttpRequest
from kehoach.orgs.models import Person, Unit
from kehoach.orgs.viewer import Viewer, viewer_for


def _register_agency(viewer: Viewer) -> int:
    if viewer.agency_id is None or not can_view_registers(viewer, viewer.agency_id):
        raise Http404(_("Bạn không xem được sổ văn bản."))
    return viewer.agency_id


def _register_query(
    request: HttpRequest, kind: str
) -> tuple[int, RegisterFilterForm, registers.RegisterFilters]:
    agency_id = _register_agency(viewer_for(request.user))
    years = registers.register_years(agency_id, kind)
    form = RegisterFilterForm(request.GET or None, years=years)
    data = form.cleaned_data if form.is_valid() else {}
    filters = registers.RegisterFilters(
        year=data.get("year") or (None if request.GET.get("year") == "" else years[0]),
        doc_type=data.get("doc_type") or None,
        q=data.get("q") or "",
    )
    return agency_id, form, filters


@login_required
def register_list(request: HtmxHttpRequest, kind: str) -> HttpResponse:
    if kind not in RegisterKind.values:
        raise Http404
    agency_id, form, filters = _register_query(request, kind)
    rows = registers.register_rows(
        registers.register_documents(agency_id, kind, filters), kind
    )
    context = {
        "kind": kind,
        "kind_label": RegisterKind(kind).label,
        "form": form,
        "filters": filters,
        "rows": rows,
        "columns": registers.columns_for(kind),
    }
    template = "documents/register_list.html"
    if request.htmx and request.htmx.target == "register-rows":
        template += "#register-rows"
    return render(request, template, context)


@login_required
def register_export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in RegisterKind.values:
        raise Http404
    agency_id, _form, filters = _register_query(request, kind)
    viewer = viewer_for(request.user)
    rows = registers.register_rows(
        registers.register_documents(agency_id, kind, filters), kind
    )
    data = registers.export_register_xlsx(
        rows,
        kind=kind,
        agency_name=viewer.person.agency.name if viewer.person else "",
        year=filters.year,
    )
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"so-van-ban-{'di' if kind == RegisterKind.OUTGOING else 'den'}-{filters.year or 'tat-ca'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- delegations --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def delegation_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if viewer.agency_id is None or not viewer.is_agency_wide:
        raise Http404
    people = Person.objects.filter(agency_id=viewer.agency_id, is_active=True)
    form = DelegationForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            create_delegation(
                actor=request.user,
                delegate=form.cleaned_data["delegate"],
                kind=form.cleaned_data["kind"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                note=form.cleaned_data["note"],
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã ghi ủy quyền."))
            return redirect("documents:delegation-list")
    return render(
        request,
        "documents/delegation_list.html",
        {
            "form": form,
            "delegations": list(delegations_for(viewer)),
            "can_manage": can_manage_delegation(viewer, viewer.agency_id),
        },
    )


@login_required
@require_POST
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    delegation = delegations_for(viewer).filter(pk=pk).first()
    if delegation is None:
        raise Http404
    try:
        revoke_delegation(delegation, actor=request.user)
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    return redirect("documents:delegation-list")


# --- consultations --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    document = get_document_for(viewer, pk)
    units = list(
        Unit.objects.filter(
            agency_id=document.agency_id, is_active=True
        ).select_related("agency")
    )
    people = list(Person.objects.filter(agency_id=document.agency_id, is_active=True))
    form = ConsultationForm(request.POST or None, units=units, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consult.start_consultation(
                document,
                actor=request.user,
                deadline=form.cleaned_data["deadline"],
                unit_ids=[int(i) for i in form.cleaned_data["units"]],
                person_ids=[int(i) for i in form.cleaned_data["people"]],
                outside=consult.parse_outside(form.cleaned_data["outside"]),
                message=form.cleaned_data["message"],
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã gửi đề nghị góp ý."))
            return redirect("documents:consultation-detail", pk=consultation.pk)
    return render(
        request,
        "documents/consultation_create.html",
        {"document": document, "form": form},
    )


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consult.get_consultation_for(viewer_for(request.user), pk)
    return render(
        request,
        "documents/consultation_detail.html",
        {"summary": consult.consultation_summary(consultation)},
    )


@login_required
def consultation_export(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consult.get_consultation_for(viewer_for(request.user), pk)
    data = consult.export_summary_xlsx(consult.consultation_summary(consultation))
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="tong-hop-y-kien-{consultation.pk}.xlsx"'
    )
    return response


@login_required
@require_POST
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consult.get_consultation_for(viewer_for(request.user), pk)
    try:
        consult.close_consultation(consultation, actor=request.user)
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    return redirect("documents:consultation-detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """An invitee of the agency answers in the app."""
    viewer = viewer_for(request.user)
    response = consult.pending_answers_for(viewer).filter(pk=pk).first()
    if response is None:
        raise Http404
    return _answer_page(request, response, via_link=False)


@require_http_methods(["GET", "POST"])
def consultation_answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """An invitee outside answers through the personal link (no login)."""
    response = consult.response_for_token(token)
    if response is None:
        return render(
            request, "documents/consultation_answer.html", {"invalid": True}, status=404
        )
    return _answer_page(request, response, via_link=True)


def _answer_page(
    request: HttpRequest, response: object, *, via_link: bool
) -> HttpResponse:
    form = AnswerForm(
        request.POST or None,
        initial={
            "answer": getattr(response, "answer", "") or None,
            "comment": getattr(response, "comment", ""),
        },
    )
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            consult.answer_consultation(
                response,  # type: ignore[arg-type]
                answer=form.cleaned_data["answer"],
                comment=form.cleaned_data["comment"],
                actor=request.user if not via_link else None,
                name=form.cleaned_data["name"],
                via_link=via_link,
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            saved = True
    return render(
        request,
        "documents/consultation_answer.html",
        {
            "response": response,
            "document": response.consultation.document,  # type: ignore[attr-defined]
            "form": form,
            "saved": saved,
            "via_link": via_link,
        },
    )
