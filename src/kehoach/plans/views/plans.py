"""Pages of plans: the list and the plan page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kehoach.orgs.viewer import viewer_for
from kehoach.plans import queries
from kehoach.plans.enums import PlanStatus
from kehoach.plans.permissions import get_plan_for

PAGE_SIZE = 25


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
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
