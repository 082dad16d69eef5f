"""Figures of the dashboards: a plan's, the agency's and a unit's.

Each function runs a fixed number of queries whatever the amount of data
(tests hold them to it) and counts only what the viewer may see
(``tasks_visible_q``). Overdue is ``kehoach.plans.deadlines.is_overdue``;
where it has to be counted in SQL, :func:`overdue_task_q` says the same
thing (a test checks they agree).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet

from kehoach.orgs.enums import Role
from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import Viewer
from kehoach.plans.deadlines import is_due_soon, is_overdue, local_today, overdue_q
from kehoach.plans.enums import PlanStatus, TaskRole, TaskStatus
from kehoach.plans.models import Activity, Plan, Task
from kehoach.plans.permissions import tasks_visible_q
from kehoach.plans.subplans import (
    SubPlanRollup,
    effective_percent,
    lead_progress_q,
    rollup_adjustments,
    rollups_for_activities,
)
from kehoach.reports.decisions import DecisionItem, decision_items

LEADERSHIP_ROLES = frozenset({Role.LEADERSHIP, Role.OFFICE, Role.CLERK, Role.ADMIN})


def overdue_task_q(
    today: dt.date, prefix: str = "", activity_prefix: str | None = None
) -> Q:
    """Tasks late on ``today``, reached through ``prefix`` from another model
    (``"activities__tasks__"``): :func:`deadlines.overdue_q` with the paths
    set for that model."""
    on = f"{prefix}activity__" if activity_prefix is None else activity_prefix
    return overdue_q(today, prefix=on, status_field=f"{prefix}status")


def can_see_agency_dashboard(viewer: Viewer) -> bool:
    """Leadership, the Office (and clerk, admin) of an agency."""
    return viewer.agency_id is not None and bool(viewer.roles & LEADERSHIP_ROLES)


# --- plan dashboard -------------------------------------------------------------


@dataclass
class ActivityStat:
    activity: Activity
    percent: int
    status: str
    overdue: bool
    due_soon: bool
    lead_names: list[str]
    task_count: int
    sub_plans: list[SubPlanRollup] = field(default_factory=list)

    @property
    def display_status(self) -> str:
        return "overdue" if self.overdue else self.status


@dataclass
class UnitStat:
    unit_id: int
    name: str
    task_count: int = 0
    done_count: int = 0
    overdue_count: int = 0
    percent_sum: int = 0

    @property
    def percent(self) -> int:
        return round(self.percent_sum / self.task_count) if self.task_count else 0


@dataclass
class OverdueTask:
    task_id: int
    activity: Activity
    unit_name: str
    role: str
    status: str
    percent: int


@dataclass
class PlanDashboard:
    plan: Plan
    today: dt.date
    percent: int
    activities: list[ActivityStat]
    units: list[UnitStat]
    overdue_activities: list[ActivityStat]
    overdue_tasks: list[OverdueTask]
    task_count: int
    done_count: int
    start: dt.date

    @property
    def done_activity_count(self) -> int:
        return sum(1 for a in self.activities if a.status == TaskStatus.DONE)


@dataclass
class _TaskRow:
    pk: int
    activity_id: int
    unit_id: int
    unit_name: str
    unit_short_name: str
    unit_agency_id: int
    role: str
    status: str
    percent: int
    effective: int = 0

    @property
    def unit_label(self) -> str:
        return self.unit_short_name or self.unit_name


def _activity_status(rows: list[_TaskRow]) -> str:
    """Done when every lead task is done (or covered by a finished
    sub-plan); in progress once anything moved; else to do. The same rule
    as the plan page's ``ActivityRow.status``."""
    leads = [r for r in rows if r.role == TaskRole.LEAD]
    if leads and all(r.status == TaskStatus.DONE or r.effective == 100 for r in leads):
        return TaskStatus.DONE
    if any(r.status == TaskStatus.IN_PROGRESS or r.effective for r in rows):
        return TaskStatus.IN_PROGRESS
    return TaskStatus.TODO


def plan_start(plan: Plan) -> dt.date:
    """Where the plan's timeline starts: its issue date, else its creation."""
    return plan.document.issued_on or plan.created_at.date()


def plan_dashboard(
    plan: Plan, *, viewer: Viewer, today: dt.date | None = None
) -> PlanDashboard:
    """Progress per activity and per unit, overdue activities and tasks, and
    what the timeline draws. Five queries."""
    today = today or local_today()
    activities = list(Activity.objects.filter(plan=plan).order_by("kind", "order"))
    rollups = rollups_for_activities(a.pk for a in activities)
    rows = [
        _TaskRow(*values)
        for values in Task.objects.filter(tasks_visible_q(viewer), activity__plan=plan)
        .values_list(
            "pk",
            "activity_id",
            "unit_id",
            "unit__name",
            "unit__short_name",
            "unit__agency_id",
            "role",
            "status",
            "percent",
        )
        .order_by("unit__order", "unit__name", "pk")
    ]
    by_activity: dict[int, list[_TaskRow]] = defaultdict(list)
    units: dict[int, UnitStat] = {}
    due = {a.pk: a for a in activities}
    overdue_tasks: list[OverdueTask] = []
    lead_sum = lead_count = done = 0
    for row in rows:
        activity = due[row.activity_id]
        row.effective, _covering = effective_percent(
            role=row.role,
            unit_id=row.unit_id,
            unit_agency_id=row.unit_agency_id,
            percent=row.percent,
            rollups=rollups.get(activity.pk, ()),
        )
        by_activity[activity.pk].append(row)
        late = is_overdue(
            activity.due_date, activity.due_kind, status=row.status, today=today
        )
        stat = units.setdefault(
            row.unit_id, UnitStat(unit_id=row.unit_id, name=row.unit_label)
        )
        if row.status == TaskStatus.CANCELLED:
            continue
        stat.task_count += 1
        stat.percent_sum += row.effective
        stat.done_count += row.status == TaskStatus.DONE
        stat.overdue_count += late
        done += row.status == TaskStatus.DONE
        if row.role == TaskRole.LEAD:
            lead_sum += row.effective
            lead_count += 1
        if late:
            overdue_tasks.append(
                OverdueTask(
                    task_id=row.pk,
                    activity=activity,
                    unit_name=row.unit_name,
                    role=row.role,
                    status=row.status,
                    percent=row.percent,
                )
            )
    stats = [
        _activity_stat(a, by_activity.get(a.pk, []), rollups.get(a.pk, []), today)
        for a in activities
    ]
    return PlanDashboard(
        plan=plan,
        today=today,
        percent=round(lead_sum / lead_count) if lead_count else 0,
        activities=stats,
        units=sorted(units.values(), key=lambda u: (-u.overdue_count, u.name)),
        overdue_activities=[s for s in stats if s.overdue],
        overdue_tasks=overdue_tasks,
        task_count=sum(u.task_count for u in units.values()),
        done_count=done,
        start=plan_start(plan),
    )


def _activity_stat(
    activity: Activity,
    rows: list[_TaskRow],
    rollups: list[SubPlanRollup],
    today: dt.date,
) -> ActivityStat:
    live = [r for r in rows if r.status != TaskStatus.CANCELLED]
    counted = [r for r in live if r.role == TaskRole.LEAD] or [
        r for r in live if r.role == TaskRole.SUPPORT
    ]
    percent = round(sum(r.effective for r in counted) / len(counted)) if counted else 0
    status = _activity_status(live)
    return ActivityStat(
        activity=activity,
        percent=percent,
        status=status,
        overdue=is_overdue(
            activity.due_date, activity.due_kind, status=status, today=today
        ),
        due_soon=is_due_soon(
            activity.due_date, activity.due_kind, status=status, today=today
        ),
        lead_names=[r.unit_label for r in live if r.role == TaskRole.LEAD]
        or list(activity.lead_text),
        task_count=len(live),
        sub_plans=rollups,
    )


# --- agency dashboard -----------------------------------------------------------


@dataclass
class PlanRow:
    plan: Plan
    percent: int
    task_count: int
    done_count: int
    overdue_count: int
    activity_count: int


@dataclass
class AgencyDashboard:
    year: int
    years: list[int]
    plans: list[PlanRow]
    decisions: list[DecisionItem]
    overdue_total: int
    task_total: int
    done_total: int

    @property
    def percent(self) -> int:
        counted = [r for r in self.plans if r.task_count]
        if not counted:
            return 0
        return round(sum(r.percent for r in counted) / len(counted))


def _own_plans(viewer: Viewer) -> QuerySet[Plan]:
    return Plan.objects.filter(agency_id=viewer.agency_id or 0).exclude(
        status=PlanStatus.CANCELLED
    )


def agency_years(viewer: Viewer) -> list[int]:
    return sorted(
        set(_own_plans(viewer).values_list("year", flat=True).distinct()),
        reverse=True,
    )


def plans_with_figures(plans: QuerySet[Plan], *, today: dt.date) -> list[PlanRow]:
    """Plans with their progress (sub-plan roll-up included), task, done,
    overdue and activity counts. Four queries whatever the number of plans
    and tasks."""
    lead = lead_progress_q("activities__tasks__")
    annotated = list(
        plans.select_related("document", "agency")
        .annotate(
            lead_avg=Avg("activities__tasks__percent", filter=lead),
            lead_count=Count("activities__tasks", filter=lead),
            task_count=Count(
                "activities__tasks",
                filter=~Q(activities__tasks__status=TaskStatus.CANCELLED),
            ),
            done_count=Count(
                "activities__tasks",
                filter=Q(activities__tasks__status=TaskStatus.DONE),
            ),
            overdue_count=Count(
                "activities__tasks",
                filter=overdue_task_q(today, "activities__tasks__", "activities__"),
            ),
            activity_count=Count("activities", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    adjust = rollup_adjustments([p.pk for p in annotated])
    out = []
    for plan in annotated:
        count = plan.lead_count
        total = (plan.lead_avg or 0) * count + adjust.get(plan.pk, 0)
        out.append(
            PlanRow(
                plan=plan,
                percent=round(total / count) if count else 0,
                task_count=plan.task_count,
                done_count=plan.done_count,
                overdue_count=plan.overdue_count,
                activity_count=plan.activity_count,
            )
        )
    return out


def agency_dashboard(
    viewer: Viewer, *, year: int | None = None, today: dt.date | None = None
) -> AgencyDashboard:
    """Every plan of the viewer's agency for ``year`` (default: the current
    year, or the latest with plans) with progress and overdue counts, and
    the items waiting for a decision."""

    today = today or local_today()
    years = agency_years(viewer)
    if year is None:
        year = today.year if today.year in years or not years else years[0]
    rows = plans_with_figures(_own_plans(viewer).filter(year=year), today=today)
    return AgencyDashboard(
        year=year,
        years=years,
        plans=rows,
        decisions=decision_items(viewer),
        overdue_total=sum(r.overdue_count for r in rows),
        task_total=sum(r.task_count for r in rows),
        done_total=sum(r.done_count for r in rows),
    )


# --- unit dashboard -------------------------------------------------------------


@dataclass
class UnitPlanRow:
    plan_id: int
    title: str
    reference: str
    task_count: int = 0
    done_count: int = 0
    overdue_count: int = 0
    percent_sum: int = 0

    @property
    def percent(self) -> int:
        return round(self.percent_sum / self.task_count) if self.task_count else 0


@dataclass
class UnitDashboard:
    unit: Unit
    today: dt.date
    by_status: dict[str, int]
    overdue: list[Task]
    due_soon: list[Task]
    plans: list[UnitPlanRow]
    task_count: int

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)


def unit_dashboard(
    unit: Unit, *, viewer: Viewer, today: dt.date | None = None
) -> UnitDashboard:
    """A unit's tasks (those the viewer may see, in plans not cancelled) by
    status, overdue and due soon, and per plan. One query."""

    today = today or local_today()
    tasks = list(
        Task.objects.filter(tasks_visible_q(viewer), unit=unit)
        .exclude(activity__plan__status=PlanStatus.CANCELLED)
        .select_related("activity", "activity__plan", "activity__plan__document")
        .order_by("activity__due_date", "activity__plan_id", "activity__order", "pk")
    )
    by_status = dict.fromkeys([*TaskStatus.values, "overdue"], 0)
    plans: dict[int, UnitPlanRow] = {}
    overdue, due_soon = [], []
    for task in tasks:
        activity = task.activity
        late = is_overdue(
            activity.due_date, activity.due_kind, status=task.status, today=today
        )
        by_status["overdue" if late else task.status] += 1
        if late:
            overdue.append(task)
        elif is_due_soon(
            activity.due_date, activity.due_kind, status=task.status, today=today
        ):
            due_soon.append(task)
        document = activity.plan.document
        row = plans.setdefault(
            activity.plan_id,
            UnitPlanRow(
                plan_id=activity.plan_id,
                title=document.title,
                reference=document.reference_label,
            ),
        )
        if task.status == TaskStatus.CANCELLED:
            continue
        row.task_count += 1
        row.done_count += task.status == TaskStatus.DONE
        row.overdue_count += late
        row.percent_sum += task.percent
    return UnitDashboard(
        unit=unit,
        today=today,
        by_status=by_status,
        overdue=overdue,
        due_soon=due_soon,
        plans=list(plans.values()),
        task_count=len(tasks),
    )


def can_see_unit_dashboard(viewer: Viewer, unit: Unit) -> bool:
    """Members of the unit, and agency-wide viewers of its agency."""
    if viewer.is_superuser or unit.pk in viewer.unit_ids:
        return True
    return viewer.is_agency_wide and unit.agency_id == viewer.agency_id


def agency_units(viewer: Viewer) -> list[Unit]:
    """The agency's units (not the root), for links to their dashboards."""
    if viewer.agency_id is None:
        return []
    return list(
        Unit.objects.filter(agency_id=viewer.agency_id, is_active=True)
        .exclude(kind="agency")
        .order_by("order", "name")
    )
