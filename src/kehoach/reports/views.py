"""Dashboards: a plan's, the agency's (leadership) and a unit's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kehoach.orgs.permissions import get_unit_for
from kehoach.orgs.viewer import viewer_for
from kehoach.plans.permissions import get_plan_for
from kehoach.reports import figures, queries


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    dashboard = queries.plan_dashboard(get_plan_for(viewer, pk), viewer=viewer)
    return render(
        request,
        "reports/plan_dashboard.html",
        {
            "d": dashboard,
            "activity_chart": figures.activity_bars(dashboard),
            "unit_chart": figures.unit_bars(dashboard.units),
            "timeline": figures.timeline_for(dashboard),
            "undated": [s for s in dashboard.activities if not s.activity.due_date],
            "status_labels": figures.STATUS_LABELS,
        },
    )


@login_required
def agency_dashboard(request: HttpRequest) -> HttpResponse:
    """Leadership and the Office see the agency; a unit member is sent to
    the dashboard of their first unit."""
    viewer = viewer_for(request.user)
    if not queries.can_see_agency_dashboard(viewer):
        if viewer.unit_ids:
            return redirect("reports:unit-dashboard", pk=min(viewer.unit_ids))
        raise Http404(_("Không có trang tổng quan cho tài khoản này."))
    dashboard = queries.agency_dashboard(viewer, year=_int(request.GET.get("year")))
    return render(
        request,
        "reports/agency_dashboard.html",
        {
            "d": dashboard,
            "plan_chart": figures.plan_bars(dashboard.plans),
            "units": queries.agency_units(viewer),
        },
    )


@login_required
def unit_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    unit = get_unit_for(viewer, pk)
    if not queries.can_see_unit_dashboard(viewer, unit):
        raise Http404(_("Không tìm thấy đơn vị."))
    dashboard = queries.unit_dashboard(unit, viewer=viewer)
    return render(
        request,
        "reports/unit_dashboard.html",
        {
            "d": dashboard,
            "plan_chart": figures.unit_plan_bars(dashboard),
            "stack": figures.status_stack(dashboard),
            "status_labels": figures.STATUS_LABELS,
            "status_order": ["overdue", "todo", "in_progress", "paused", "done"],
        },
    )
