"""Dashboards: a plan's, the agency's (leadership) and a unit's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kehoach.orgs.models import Unit
from kehoach.orgs.permissions import get_unit_for
from kehoach.orgs.viewer import Viewer, viewer_for
from kehoach.plans.models import Plan
from kehoach.plans.permissions import get_plan_for
from kehoach.plans.templatetags.plans_tags import due_label
from kehoach.reports import figures, queries, svg
from kehoach.reports.freshness import cached_html

OVERDUE_SHOWN = 50


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _cached_body(
    request: HttpRequest,
    kind: str,
    parts: list[Any],
    context: Callable[[], dict[str, Any]],
) -> SafeString:
    """The body of the ``kind`` dashboard (``reports/_<kind>_dashboard_body.html``),
    computed only when the data changed since it was last rendered."""
    return cached_html(
        f"{kind}-dashboard",
        parts,
        lambda: render_to_string(
            f"reports/_{kind}_dashboard_body.html", context(), request
        ),
    )


@login_required
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    # The permission check is never cached.
    plan = get_plan_for(viewer, pk, with_content=False)
    body = _cached_body(
        request, "plan", [viewer.user_id, plan.pk], lambda: _plan_context(plan, viewer)
    )
    return render(request, "reports/plan_dashboard.html", {"plan": plan, "body": body})


def _plan_context(plan: Plan, viewer: Viewer) -> dict[str, Any]:
    dashboard = queries.plan_dashboard(plan, viewer=viewer)
    timeline = figures.timeline_for(dashboard)
    return {
        "d": dashboard,
        "activity_svg": svg.bar_chart(
            figures.activity_bars(dashboard),
            chart_id="chart-activities",
            title=_("Tiến độ từng hoạt động"),
            desc=_(
                "Phần trăm hoàn thành của mỗi hoạt động, tính theo các đơn vị "
                "chủ trì (và kế hoạch chi tiết của họ)."
            ),
        ),
        "unit_svg": svg.bar_chart(
            figures.unit_bars(dashboard.units),
            chart_id="chart-units",
            title=_("Tiến độ theo đơn vị"),
            desc=_("Phần trăm hoàn thành trung bình các nhiệm vụ của mỗi đơn vị."),
        ),
        "timeline": timeline,
        "timeline_svg": svg.timeline(timeline) if timeline else "",
        "undated": [s for s in dashboard.activities if not s.activity.due_date],
        "overdue_tasks": [
            (t, due_label(t.activity)) for t in dashboard.overdue_tasks[:OVERDUE_SHOWN]
        ],
        "overdue_more": max(0, len(dashboard.overdue_tasks) - OVERDUE_SHOWN),
        "plan_url": reverse("plans:plan-detail", args=[dashboard.plan.pk]),
    }


@login_required
def agency_dashboard(request: HttpRequest) -> HttpResponse:
    """Leadership and the Office see the agency; a unit member is sent to
    the dashboard of their first unit."""
    viewer = viewer_for(request.user)
    if not queries.can_see_agency_dashboard(viewer):
        if viewer.unit_ids:
            return redirect("reports:unit-dashboard", pk=min(viewer.unit_ids))
        raise Http404(_("Không có trang tổng quan cho tài khoản này."))
    year = _int(request.GET.get("year"))
    body = _cached_body(
        request, "agency", [viewer.user_id, year], lambda: _agency_context(viewer, year)
    )
    return render(request, "reports/agency_dashboard.html", {"body": body})


def _agency_context(viewer: Viewer, year: int | None) -> dict[str, Any]:
    dashboard = queries.agency_dashboard(viewer, year=year)
    return {
        "d": dashboard,
        "plan_svg": svg.bar_chart(
            figures.plan_bars(dashboard.plans),
            chart_id="chart-plans",
            title=_("Tiến độ các kế hoạch"),
            desc=_(
                "Phần trăm hoàn thành của mỗi kế hoạch trong năm; màu đỏ là kế "
                "hoạch có nhiệm vụ quá hạn."
            ),
        ),
        "units": queries.agency_units(viewer),
    }


@login_required
def unit_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    unit = get_unit_for(viewer, pk)
    if not queries.can_see_unit_dashboard(viewer, unit):
        raise Http404(_("Không tìm thấy đơn vị."))
    body = _cached_body(
        request, "unit", [viewer.user_id, unit.pk], lambda: _unit_context(unit, viewer)
    )
    return render(request, "reports/unit_dashboard.html", {"unit": unit, "body": body})


def _unit_context(unit: Unit, viewer: Viewer) -> dict[str, Any]:
    dashboard = queries.unit_dashboard(unit, viewer=viewer)
    return {
        "d": dashboard,
        "plan_svg": svg.bar_chart(
            figures.unit_plan_bars(dashboard),
            chart_id="chart-unit-plans",
            title=_("Tiến độ của đơn vị theo kế hoạch"),
            desc=_(
                "Phần trăm hoàn thành trung bình các nhiệm vụ của đơn vị trong "
                "mỗi kế hoạch."
            ),
        ),
        "status_svg": svg.stacked_bar(
            figures.status_stack(dashboard),
            chart_id="chart-status",
            title=_("Nhiệm vụ theo trạng thái"),
        ),
        "has_tasks": bool(dashboard.task_count),
        "overdue": dashboard.overdue[:OVERDUE_SHOWN],
        "overdue_more": max(0, len(dashboard.overdue) - OVERDUE_SHOWN),
        "due_soon": dashboard.due_soon[:OVERDUE_SHOWN],
    }
