"""Pages of plans: the list, the plan page, and the import flow
(upload → review → confirm). The unit's tasks are in ``inbox``/``tasks``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kehoach.documents.models import ImportJob
from kehoach.documents.permissions import can_import_documents, get_import_job_for
from kehoach.documents.services import stage_import
from kehoach.lib.exceptions import ActionRefused
from kehoach.lib.http import HtmxHttpRequest
from kehoach.orgs.models import Agency
from kehoach.orgs.resolution import resolve_unit_phrases
from kehoach.orgs.viewer import viewer_for
from kehoach.plans import queries
from kehoach.plans.enums import PlanStatus
from kehoach.plans.forms import ReviewForm, UploadForm
from kehoach.plans.importing import assignment_phrases_of, mappable_units, phrases_of
from kehoach.plans.permissions import get_plan_for
from kehoach.plans.services import cancel_import, confirm_import, is_plan_document

PAGE_SIZE = 25


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def plan_list(request: HtmxHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    filters = queries.PlanFilters(
        year=_int(request.GET.get("year")),
        status=request.GET.get("status")
        if request.GET.get("status") in PlanStatus.values
        else None,
        unit_id=_int(request.GET.get("unit")),
        q=(request.GET.get("q") or "").strip()[:200],
    )
    page = Paginator(queries.plans_for(viewer, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "years": queries.plan_years(viewer),
        "statuses": PlanStatus.choices,
        "units": queries.units_for_filter(viewer),
    }
    template = "plans/plan_list.html"
    if request.htmx and request.htmx.target == "plan-rows":
        template += "#plan-rows"
    response = render(request, template, context)
    if request.htmx:
        response["HX-Push-Url"] = request.get_full_path()
    return response


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    plan = get_plan_for(viewer, pk)
    return render(
        request,
        "plans/plan_detail.html",
        {"page": queries.plan_page(plan, viewer=viewer)},
    )


def _import_agency(request: HttpRequest) -> Agency:
    viewer = viewer_for(request.user)
    agency = viewer.person.agency if viewer.person else None
    if agency is None or not can_import_documents(viewer, agency):
        raise Http404(_("Bạn không có quyền nhập văn bản."))
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    agency = _import_agency(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                staged = stage_import(
                    upload.read(),
                    filename=upload.name,
                    agency=agency,
                    actor=request.user,
                )
            except ActionRefused as exc:
                form.add_error("file", str(exc.message))
                status = exc.status
            else:
                if staged.existing is not None:
                    messages.info(
                        request,
                        _("Văn bản này đã có trong hệ thống; không nhập lại."),
                    )
                    plan = getattr(staged.existing, "plan", None)
                    if plan is not None:
                        return redirect("plans:plan-detail", pk=plan.pk)
                    return redirect("documents:document-detail", pk=staged.existing.pk)
                if staged.job is not None:
                    return redirect("plans:import-review", pk=staged.job.pk)
        else:
            status = 400
    recent = ImportJob.objects.filter(agency=agency).select_related("document")[:10]
    return render(
        request,
        "plans/import_upload.html",
        {"form": form, "recent": recent},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    job = get_import_job_for(viewer, pk)
    if job.status == ImportJob.Status.CONFIRMED and job.document_id:
        return redirect("documents:document-detail", pk=job.document_id)
    parsed = job.parsed
    phrases = phrases_of(parsed)
    resolutions = resolve_unit_phrases(job.agency, phrases)
    units = mappable_units(job.agency)
    form = ReviewForm(
        request.POST or None,
        phrases=phrases,
        units=units,
        initial_units={p: [u.pk for u in r.units] for p, r in resolutions.items()},
        initial={"direction": job.direction},
    )
    if (
        request.method == "POST"
        and job.status == ImportJob.Status.PENDING
        and form.is_valid()
    ):
        mapping = {
            phrase: ids
            for phrase, ids in form.mapping().items()
            if sorted(ids) != sorted(u.pk for u in resolutions[phrase].units)
        }
        try:
            document = confirm_import(
                job,
                actor=request.user,
                mapping=mapping,
                remember=form.cleaned_data["remember"],
                direction=form.cleaned_data["direction"],
                plan_status=form.cleaned_data["plan_status"],
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã nhập văn bản vào hệ thống."))
            plan = getattr(document, "plan", None)
            if plan is not None:
                return redirect("plans:plan-detail", pk=plan.pk)
            return redirect("documents:document-detail", pk=document.pk)
    assigned = assignment_phrases_of(parsed)
    rows: list[dict[str, Any]] = [
        {
            "phrase": phrase,
            "field": field,
            "resolution": resolutions[phrase],
            "assigns": phrase in assigned,
        }
        for phrase, field in form.phrase_fields()
    ]
    unresolved = [
        r for r in rows if r["resolution"].status == "unresolved" and r["assigns"]
    ]
    return render(
        request,
        "plans/import_review.html",
        {
            "job": job,
            "parsed": parsed,
            "form": form,
            "rows": rows,
            "unresolved": unresolved,
            "is_plan": is_plan_document(parsed),
        },
    )


@login_required
@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_import_job_for(viewer_for(request.user), pk)
    cancel_import(job, actor=request.user)
    messages.info(request, _("Đã hủy lượt nhập."))
    return redirect("plans:import-upload")
