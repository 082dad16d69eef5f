"""Reads of tasks for the unit inbox, the board, the task page, the API and
the navigation counts — each in a fixed number of queries, filtered by what
the viewer may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kehoach.lib.text import fold
from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import Viewer
from kehoach.plans.deadlines import due_soon_q, local_today, overdue_q
from kehoach.plans.enums import (
    BOARD_STATUSES,
    CLOSED_TASK_STATUSES,
    Attention,
    PlanStatus,
    TaskRole,
    TaskStatus,
)
from kehoach.plans.models import Evidence, Plan, ProgressUpdate, Task
from kehoach.plans.permissions import (
    HEAVY_DOCUMENT_FIELDS,
    ActivityUnits,
    activity_units,
    can_acknowledge_task,
    can_cancel_task,
    can_complete_task,
    can_contribute_to_task,
    can_reassign_task,
    can_reopen_task,
    can_see_task_records,
    can_update_task,
    can_view_task,
    tasks_visible_q,
)
from kehoach.reports.freshness import cached_value


class Scope:
    """Whose tasks a list shows."""

    MINE = "mine"  # the tasks of the viewer's units
    AGENCY = "agency"  # every task of the agency's plans (agency-wide roles)
    VISIBLE = "visible"  # everything the viewer may see (API default)
    CHOICES = (
        (MINE, _("Đơn vị của tôi")),
        (AGENCY, _("Toàn cơ quan")),
    )


class DueFilter:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    WAITING = "waiting"
    NO_UPDATE = "no_update"
    CHOICES = (
        (OVERDUE, _("Quá hạn")),
        (DUE_SOON, _("Sắp đến hạn (7 ngày)")),
        (WAITING, _("Chờ đơn vị xử lý")),
        (NO_UPDATE, _("Chưa có cập nhật")),
    )


class StatusFilter:
    OPEN = "open"
    ALL = "all"
    CHOICES = (
        (OPEN, _("Đang mở")),
        (ALL, _("Tất cả")),
        *TaskStatus.choices,
    )


SORTS: dict[str, tuple[Any, ...]] = {
    "due": (
        F("activity__due_date").asc(nulls_last=True),
        "activity__plan_id",
        "activity__kind",
        "activity__order",
        "id",
    ),
    "-due": (F("activity__due_date").desc(nulls_last=True), "-id"),
    "updated": (F("last_update_at").desc(nulls_last=True), "-updated_at", "-id"),
    "plan": (
        "-activity__plan__year",
        "-activity__plan_id",
        "activity__kind",
        "activity__order",
        "role",
        "id",
    ),
    "percent": ("percent", F("activity__due_date").asc(nulls_last=True), "id"),
}
SORT_CHOICES = (
    ("due", _("Hạn gần nhất trước")),
    ("-due", _("Hạn xa nhất trước")),
    ("updated", _("Cập nhật gần đây")),
    ("plan", _("Theo kế hoạch")),
    ("percent", _("Tiến độ thấp trước")),
)


@dataclass(frozen=True)
class TaskFilters:
    scope: str = Scope.MINE
    unit_id: int | None = None
    plan_id: int | None = None
    role: str | None = None
    status: str = StatusFilter.OPEN
    due: str = ""
    q: str = ""
    sort: str = "due"


def _open_q() -> Q:
    return ~Q(status__in=list(CLOSED_TASK_STATUSES))


def waiting_q() -> Q:
    """Open tasks that wait for their unit: something happened that the
    unit has not acted on (a contribution, a reopening, a reassignment), or
    the unit has not reported at all yet (except tasks for information)."""
    return _open_q() & (
        ~Q(attention=Attention.NONE)
        | (Q(last_update_at__isnull=True) & ~Q(role=TaskRole.INFO))
    )


def tasks_in_scope(viewer: Viewer, scope: str) -> QuerySet[Task]:
    """Tasks the viewer may see, narrowed to a scope. The inbox scopes keep
    to plans in force (active)."""
    if scope == Scope.MINE:
        # The viewer's units are in the viewer's agency: visible by rule.
        return Task.objects.filter(
            unit_id__in=viewer.unit_ids, activity__plan__status=PlanStatus.ACTIVE
        )
    visible = Task.objects.filter(tasks_visible_q(viewer))
    if scope == Scope.AGENCY:
        if not viewer.is_agency_wide or viewer.agency_id is None:
            return Task.objects.none()
        return visible.filter(
            activity__plan__agency_id=viewer.agency_id,
            activity__plan__status=PlanStatus.ACTIVE,
        )
    return visible


def _filter_due(qs: QuerySet[Task], due: str, today: dt.date) -> QuerySet[Task]:
    if due == DueFilter.OVERDUE:
        return qs.filter(overdue_q(today))
    if due == DueFilter.DUE_SOON:
        return qs.filter(due_soon_q(today))
    if due == DueFilter.WAITING:
        return qs.filter(waiting_q())
    if due == DueFilter.NO_UPDATE:
        return qs.filter(_open_q(), last_update_at__isnull=True)
    return qs


def filtered_tasks(
    viewer: Viewer, filters: TaskFilters, today: dt.date
) -> QuerySet[Task]:
    """The inbox (and the API list): tasks in scope, filtered, sorted, with
    what a row shows (activity, plan, document, unit)."""
    qs = tasks_in_scope(viewer, filters.scope)
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    if filters.plan_id:
        qs = qs.filter(activity__plan_id=filters.plan_id)
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.status == StatusFilter.OPEN:
        qs = qs.filter(_open_q())
    elif filters.status in TaskStatus.values:
        qs = qs.filter(status=filters.status)
    qs = _filter_due(qs, filters.due, today)
    for word in fold(filters.q).split()[:8]:
        qs = qs.filter(activity__search_text__contains=word)
    return (
        qs.select_related(
            "activity", "activity__plan", "activity__plan__document", "unit"
        )
        # A row shows the document's number and title, never its text:
        # decoding the whole parsed document for every row cost more than
        # the rest of the page.
        .defer(
            *(f"activity__plan__document__{f}" for f in HEAVY_DOCUMENT_FIELDS),
            "activity__search_text",
        )
        .order_by(*SORTS.get(filters.sort, SORTS["due"]))
    )


def task_counts(
    viewer: Viewer, today: dt.date, scope: str = Scope.MINE
) -> dict[str, int]:
    """Open, overdue, due-soon and waiting tasks in a scope — one query."""
    if scope == Scope.MINE and not viewer.unit_ids:
        return {"open": 0, "overdue": 0, "due_soon": 0, "waiting": 0}
    counts = tasks_in_scope(viewer, scope).aggregate(
        open=Count("pk", filter=_open_q()),
        overdue=Count("pk", filter=overdue_q(today)),
        due_soon=Count("pk", filter=due_soon_q(today)),
        waiting=Count("pk", filter=waiting_q()),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def cached_task_counts(viewer: Viewer, scope: str = Scope.MINE) -> dict[str, int]:
    """:func:`task_counts` for today, cached under the data version (one
    entry for the navigation and the inbox)."""
    return cached_value(
        "task-counts",
        [viewer.user_id, scope],
        lambda: task_counts(viewer, local_today(), scope),
    )


def plan_label(plan: Plan) -> str:
    document = plan.document
    label = document.reference_label or document.title
    return label if len(label) <= 70 else label[:69] + "…"


def plans_in_scope(viewer: Viewer, scope: str) -> list[tuple[int, str]]:
    """Plans offered in the inbox's plan filter, as (id, label)."""
    ids = tasks_in_scope(viewer, scope).values("activity__plan_id")
    plans = (
        Plan.objects.filter(pk__in=ids)
        .select_related("document")
        .order_by("-year", "-created_at", "-id")[:200]
    )
    return [(p.pk, plan_label(p)) for p in plans]


def units_in_scope(viewer: Viewer, scope: str) -> list[Unit]:
    """Units offered in the inbox's unit filter."""
    if scope == Scope.AGENCY and viewer.is_agency_wide and viewer.agency_id:
        qs = Unit.objects.filter(agency_id=viewer.agency_id)
    else:
        qs = Unit.objects.filter(pk__in=viewer.unit_ids)
    return list(qs.order_by("order", "name"))


def units_for_reassign(agency_id: int | None) -> list[Unit]:
    """Units a task of this agency's plans may be given to (not the root
    unit that stands for the whole agency)."""
    if agency_id is None:
        return []
    return list(
        Unit.objects.filter(agency_id=agency_id, parent__isnull=False).order_by(
            "order", "name"
        )
    )


# --- the board --------------------------------------------------------------


@dataclass
class BoardColumn:
    status: str
    label: str
    tasks: list[Task]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.tasks)


def board_columns(
    viewer: Viewer, filters: TaskFilters, today: dt.date, *, per_column: int = 50
) -> list[BoardColumn]:
    """One column per board status, at most ``per_column`` cards each, in
    ``len(BOARD_STATUSES) + 1`` queries whatever the data."""
    base = filtered_tasks(
        viewer, TaskFilters(**{**filters.__dict__, "status": StatusFilter.ALL}), today
    )
    totals = dict(
        base.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        BoardColumn(
            status=status,
            label=str(TaskStatus(status).label),
            tasks=list(base.filter(status=status)[:per_column]),
            total=totals.get(status, 0),
        )
        for status in BOARD_STATUSES
    ]


# --- the task page ----------------------------------------------------------


@dataclass
class TaskPage:
    task: Task
    units: ActivityUnits
    siblings: list[Task]
    timeline: list[ProgressUpdate]
    evidence: list[Evidence]
    can_see_records: bool
    can_update: bool
    can_complete: bool
    can_contribute: bool
    can_reopen: bool
    can_reassign: bool
    can_acknowledge: bool
    status_choices: list[tuple[str, str]] = field(default_factory=list)
    reassign_units: list[Unit] = field(default_factory=list)


def status_choices_for(viewer: Viewer, task: Task) -> list[tuple[str, str]]:
    allowed = []
    for value, label in TaskStatus.choices:
        if value == TaskStatus.DONE and not (
            can_complete_task(viewer, task) or task.status == TaskStatus.DONE
        ):
            continue
        if value == TaskStatus.CANCELLED and not (
            can_cancel_task(viewer, task) or task.status == TaskStatus.CANCELLED
        ):
            continue
        allowed.append((value, str(label)))
    return allowed


def task_page(task: Task, *, viewer: Viewer, timeline_limit: int = 300) -> TaskPage:
    """Everything the task page shows, in a fixed number of queries: the
    other units on the activity (the lead sees its supporters' work), one
    timeline of their visible entries with evidence, and what the viewer
    may do."""
    activity_tasks = list(
        Task.objects.filter(activity_id=task.activity_id)
        .select_related("unit")
        .order_by("role", "unit__order", "unit__name")
    )
    for other in activity_tasks:
        other.activity = task.activity
    units = activity_units(activity_tasks)
    siblings = [t for t in activity_tasks if can_view_task(viewer, t)]
    records = can_see_task_records(viewer, task, units)
    timeline: list[ProgressUpdate] = []
    if records:
        timeline = list(
            ProgressUpdate.objects.filter(task_id__in=[t.pk for t in siblings])
            .select_related(
                "actor__person", "actor_unit", "old_unit", "new_unit", "task__unit"
            )
            .prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.order_by("id"))
            )
            .order_by("-created_at", "-id")[:timeline_limit]
        )
    evidence = [e for u in timeline for e in u.evidence.all()]
    reassign = can_reassign_task(viewer, task, units)
    page = TaskPage(
        task=task,
        units=units,
        siblings=siblings,
        timeline=timeline,
        evidence=evidence,
        can_see_records=records,
        can_update=can_update_task(viewer, task),
        can_complete=can_complete_task(viewer, task),
        can_contribute=can_contribute_to_task(viewer, task, units),
        can_reopen=can_reopen_task(viewer, task) and task.status == TaskStatus.DONE,
        can_reassign=reassign and not task.is_closed,
        can_acknowledge=can_acknowledge_task(viewer, task)
        and task.attention != Attention.NONE,
        status_choices=status_choices_for(viewer, task),
    )
    if page.can_reassign:
        page.reassign_units = [
            u
            for u in units_for_reassign(task.activity.plan.agency_id)
            if u.pk not in units.all_ids
        ]
    return page
