"""API of the dashboards' figures: a plan's, the agency's and a unit's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from kehoach.orgs.permissions import get_unit_for
from kehoach.orgs.viewer import viewer_for
from kehoach.plans.permissions import get_plan_for
from kehoach.reports import queries

router = Router(tags=["reports"])


class SubPlanOut(Schema):
    plan_id: int
    title: str
    agency_id: int
    agency_name: str
    status: str
    percent: int


class ActivityFigures(Schema):
    id: int
    kind: str
    label: str
    title: str
    due_date: dt.date | None
    due_start: dt.date | None
    due_kind: str
    percent: int
    status: str
    overdue: bool
    lead_units: list[str]
    sub_plans: list[SubPlanOut]


class UnitFigures(Schema):
    unit_id: int
    name: str
    task_count: int
    done_count: int
    overdue_count: int
    percent: int


class OverdueTaskOut(Schema):
    task_id: int
    activity_id: int
    unit_name: str
    role: str
    status: str
    percent: int


class PlanFigures(Schema):
    plan_id: int
    title: str
    year: int
    status: str
    today: dt.date
    percent: int
    task_count: int
    done_count: int
    overdue_count: int
    activities: list[ActivityFigures]
    units: list[UnitFigures]
    overdue_tasks: list[OverdueTaskOut]


class PlanRowOut(Schema):
    plan_id: int
    title: str
    reference: str
    status: str
    percent: int
    task_count: int
    done_count: int
    overdue_count: int
    activity_count: int


class DecisionOut(Schema):
    kind: str
    kind_label: str
    title: str
    detail: str
    url: str
    since: dt.datetime | None


class AgencyFigures(Schema):
    year: int
    years: list[int]
    percent: int
    task_count: int
    done_count: int
    overdue_count: int
    plans: list[PlanRowOut]
    decisions: list[DecisionOut]


class UnitPlanOut(Schema):
    plan_id: int
    title: str
    reference: str
    task_count: int
    done_count: int
    overdue_count: int
    percent: int


class UnitDashboardOut(Schema):
    unit_id: int
    name: str
    today: dt.date
    task_count: int
    by_status: dict[str, int]
    overdue_task_ids: list[int]
    due_soon_task_ids: list[int]
    plans: list[UnitPlanOut]


@router.get(
    "/reports/plans/{plan_id}",
    response=PlanFigures,
    summary="Số liệu tổng quan kế hoạch / plan dashboard figures",
)
def plan_figures(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    viewer = viewer_for(request.user)
    d = queries.plan_dashboard(get_plan_for(viewer, plan_id), viewer=viewer)
    return {
        "plan_id": d.plan.pk,
        "title": d.plan.document.title,
        "year": d.plan.year,
        "status": d.plan.status,
        "today": d.today,
        "percent": d.percent,
        "task_count": d.task_count,
        "done_count": d.done_count,
        "overdue_count": len(d.overdue_tasks),
        "activities": [
            {
                "id": s.activity.pk,
                "kind": s.activity.kind,
                "label": s.activity.label,
                "title": s.activity.title,
                "due_date": s.activity.due_date,
                "due_start": s.activity.due_start,
                "due_kind": s.activity.due_kind,
                "percent": s.percent,
                "status": s.status,
                "overdue": s.overdue,
                "lead_units": s.lead_names,
                "sub_plans": [
                    {
                        "plan_id": r.plan_id,
                        "title": r.title,
                        "agency_id": r.agency_id,
                        "agency_name": r.agency_name,
                        "status": r.status,
                        "percent": r.percent,
                    }
                    for r in s.sub_plans
                ],
            }
            for s in d.activities
        ],
        "units": [
            {
                "unit_id": u.unit_id,
                "name": u.name,
                "task_count": u.task_count,
                "done_count": u.done_count,
                "overdue_count": u.overdue_count,
                "percent": u.percent,
            }
            for u in d.units
        ],
        "overdue_tasks": [
            {
                "task_id": t.task_id,
                "activity_id": t.activity.pk,
                "unit_name": t.unit_name,
                "role": t.role,
                "status": t.status,
                "percent": t.percent,
            }
            for t in d.overdue_tasks
        ],
    }


@router.get(
    "/reports/agency",
    response=AgencyFigures,
    summary="Số liệu tổng quan cơ quan / agency dashboard figures",
)
def agency_figures(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    viewer = viewer_for(request.user)
    if not queries.can_see_agency_dashboard(viewer):
        raise Http404(_("Không có trang tổng quan cho tài khoản này."))
    d = queries.agency_dashboard(viewer, year=year)
    return {
        "year": d.year,
        "years": d.years,
        "percent": d.percent,
        "task_count": d.task_total,
        "done_count": d.done_total,
        "overdue_count": d.overdue_total,
        "plans": [
            {
                "plan_id": r.plan.pk,
                "title": r.plan.document.title,
                "reference": r.plan.document.reference_label,
                "status": r.plan.status,
                "percent": r.percent,
                "task_count": r.task_count,
                "done_count": r.done_count,
                "overdue_count": r.overdue_count,
                "activity_count": r.activity_count,
            }
            for r in d.plans
        ],
        "decisions": [
            {
                "kind": i.kind,
                "kind_label": str(i.kind_label),
                "title": i.title,
                "detail": i.detail,
                "url": i.url,
                "since": i.since,
            }
            for i in d.decisions
        ],
    }


@router.get(
    "/reports/units/{unit_id}",
    response=UnitDashboardOut,
    summary="Số liệu tổng quan đơn vị / unit dashboard figures",
)
def unit_figures(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    viewer = viewer_for(request.user)
    unit = get_unit_for(viewer, unit_id)
    if not queries.can_see_unit_dashboard(viewer, unit):
        raise Http404(_("Không tìm thấy đơn vị."))
    d = queries.unit_dashboard(unit, viewer=viewer)
    return {
        "unit_id": unit.pk,
        "name": unit.name,
        "today": d.today,
        "task_count": d.task_count,
        "by_status": d.by_status,
        "overdue_task_ids": [t.pk for t in d.overdue],
        "due_soon_task_ids": [t.pk for t in d.due_soon],
        "plans": [
            {
                "plan_id": r.plan_id,
                "title": r.title,
                "reference": r.reference,
                "task_count": r.task_count,
                "done_count": r.done_count,
                "overdue_count": r.overdue_count,
                "percent": r.percent,
            }
            for r in d.plans
        ],
    }
