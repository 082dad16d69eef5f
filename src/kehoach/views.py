"""Site-wide pages: the home page of each role, the health check."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kehoach.documents.models import ImportJob
from kehoach.orgs.viewer import Viewer, viewer_for
from kehoach.plans import queries as plan_queries
from kehoach.plans import task_queries
from kehoach.plans.deadlines import local_today
from kehoach.plans.enums import PlanStatus

HOME_LIST = 8


def _unit_blocks(viewer: Viewer) -> dict[str, Any]:
    """The unit blocks of the home page: overdue, due soon, waiting — the
    same filters as the inbox, a few rows each."""
    if not viewer.unit_ids:
        return {}
    today = local_today()

    def rows(due: str) -> list[Any]:
        filters = task_queries.TaskFilters(due=due)
        return list(task_queries.filtered_tasks(viewer, filters, today)[:HOME_LIST])

    return {
        "today": today,
        "task_totals": task_queries.task_counts(viewer, today),
        "overdue": rows(task_queries.DueFilter.OVERDUE),
        "due_soon": rows(task_queries.DueFilter.DUE_SOON),
        "waiting": rows(task_queries.DueFilter.WAITING),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page per role: leadership and Office see the agency's plans;
    units and outside organisations see what they owe."""
    viewer = viewer_for(request.user)
    context = {
        "counts": plan_queries.plan_counts(viewer),
        "recent_plans": list(
            plan_queries.plans_for(
                viewer, plan_queries.PlanFilters(status=PlanStatus.ACTIVE)
            )[:8]
        ),
        "pending_imports": (
            list(
                ImportJob.objects.filter(
                    agency_id=viewer.agency_id, status=ImportJob.Status.PENDING
                )[:5]
            )
            if viewer.is_agency_wide and viewer.agency_id is not None
            else []
        ),
        **_unit_blocks(viewer),
    }
    return render(request, "home.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
def placeholder(
    request: HttpRequest,
) -> HttpResponse:  # replaced by the directory pages
    return render(request, "placeholder.html")
