"""Site-wide pages: the home page of each role, the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kehoach.documents.models import ImportJob
from kehoach.orgs.viewer import viewer_for
from kehoach.plans import queries as plan_queries
from kehoach.plans.deadlines import is_due_soon, is_overdue, local_today
from kehoach.plans.enums import PlanStatus


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page per role: leadership and Office see the agency's plans;
    units and outside organisations see what they owe."""
    viewer = viewer_for(request.user)
    today = local_today()
    tasks = (
        list(plan_queries.tasks_for_viewer_units(viewer)[:200])
        if viewer.unit_ids
        else []
    )
    overdue = [
        t
        for t in tasks
        if is_overdue(
            t.activity.due_date, t.activity.due_kind, status=t.status, today=today
        )
    ]
    due_soon = [
        t
        for t in tasks
        if is_due_soon(
            t.activity.due_date,
            t.activity.due_kind,
            status=t.status,
            today=today,
            days=14,
        )
    ]
    context = {
        "counts": plan_queries.plan_counts(viewer),
        "recent_plans": list(
            plan_queries.plans_for(
                viewer, plan_queries.PlanFilters(status=PlanStatus.ACTIVE)
            )[:8]
        ),
        "tasks": tasks[:10],
        "task_total": len(tasks),
        "overdue": overdue[:10],
        "due_soon": due_soon[:10],
        "pending_imports": (
            list(
                ImportJob.objects.filter(
                    agency_id=viewer.agency_id, status=ImportJob.Status.PENDING
                )[:5]
            )
            if viewer.is_agency_wide
            else []
        ),
    }
    return render(request, "home.html", context)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
def placeholder(
    request: HttpRequest,
) -> HttpResponse:  # replaced by the directory pages
    return render(request, "placeholder.html")
