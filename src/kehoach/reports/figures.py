"""From dashboard figures to chart inputs (what each bar and row shows)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.plans.enums import DueKind, TaskStatus
from kehoach.reports.charts import (
    BarChart,
    BarInput,
    StackedBar,
    Timeline,
    TimelineInput,
    bar_chart,
    stacked_bar,
    timeline,
)
from kehoach.reports.queries import (
    ActivityStat,
    PlanDashboard,
    PlanRow,
    UnitDashboard,
    UnitStat,
)


def activity_title(stat: ActivityStat) -> str:
    activity = stat.activity
    return f"{activity.label}. {activity.title}" if activity.label else activity.title


def activity_bars(dashboard: PlanDashboard) -> BarChart:
    plan_url = reverse("plans:plan-detail", args=[dashboard.plan.pk])
    return bar_chart(
        [
            BarInput(
                key=f"activity-{s.activity.pk}",
                label=activity_title(s),
                percent=s.percent,
                status=s.display_status,
                note=", ".join(s.lead_names),
                href=f"{plan_url}#activity-{s.activity.pk}",
            )
            for s in dashboard.activities
        ]
    )


def unit_bars(units: list[UnitStat]) -> BarChart:
    return bar_chart(
        [
            BarInput(
                key=f"unit-{u.unit_id}",
                label=u.name,
                percent=u.percent,
                status="overdue" if u.overdue_count else "",
                note=_("{done}/{total} hoàn thành, {late} quá hạn").format(
                    done=u.done_count, total=u.task_count, late=u.overdue_count
                ),
                href=reverse("reports:unit-dashboard", args=[u.unit_id]),
            )
            for u in units
        ]
    )


def unit_plan_bars(dashboard: UnitDashboard) -> BarChart:
    return bar_chart(
        [
            BarInput(
                key=f"plan-{row.plan_id}",
                label=row.reference or row.title,
                percent=row.percent,
                status="overdue" if row.overdue_count else "",
                note=_("{done}/{total} hoàn thành, {late} quá hạn").format(
                    done=row.done_count, total=row.task_count, late=row.overdue_count
                ),
                href=reverse("reports:plan-dashboard", args=[row.plan_id]),
            )
            for row in dashboard.plans
        ]
    )


_MARKER_KINDS = {DueKind.ON, DueKind.RECURRING, DueKind.OTHER}


def timeline_for(dashboard: PlanDashboard) -> Timeline | None:
    """Activities with a due date, in due order: a bar from their start (or
    the plan's) to the deadline, a diamond for a single day; tentative
    dates are drawn dashed."""
    items = []
    dated = [s for s in dashboard.activities if s.activity.due_date is not None]
    dated.sort(key=lambda s: (s.activity.due_date, s.activity.kind, s.activity.order))
    for stat in dated:
        activity = stat.activity
        if activity.due_date is None:  # pragma: no cover - filtered above
            continue
        planned = activity.due_kind == DueKind.PLANNED
        single = activity.due_kind in _MARKER_KINDS or (
            planned and activity.due_start is None
        )
        start = activity.due_start or dashboard.start
        items.append(
            TimelineInput(
                pk=activity.pk,
                label=activity_title(stat),
                start=None if single else min(start, activity.due_date),
                end=activity.due_date,
                shape="marker" if single else "bar",
                planned=planned,
                status=stat.display_status,
                due_text=activity.due_text,
                status_label=str(STATUS_LABELS.get(stat.display_status, "")),
            )
        )
    return timeline(items, plan_start=dashboard.start, today=dashboard.today)


STATUS_LABELS = {
    "overdue": gettext_lazy("Quá hạn"),
    TaskStatus.DONE: TaskStatus.DONE.label,
    TaskStatus.IN_PROGRESS: TaskStatus.IN_PROGRESS.label,
    TaskStatus.TODO: TaskStatus.TODO.label,
    TaskStatus.PAUSED: TaskStatus.PAUSED.label,
    TaskStatus.CANCELLED: TaskStatus.CANCELLED.label,
}


def plan_bars(rows: list[PlanRow]) -> BarChart:
    return bar_chart(
        [
            BarInput(
                key=f"plan-{row.plan.pk}",
                label=(
                    row.plan.document.reference_label
                    and f"{row.plan.document.reference_label} {row.plan.document.title}"
                )
                or row.plan.document.title,
                percent=row.percent,
                status="overdue" if row.overdue_count else "",
                note=_("{done}/{total} hoàn thành, {late} quá hạn").format(
                    done=row.done_count, total=row.task_count, late=row.overdue_count
                ),
                href=reverse("reports:plan-dashboard", args=[row.plan.pk]),
            )
            for row in rows
        ],
    )


def status_stack(dashboard: UnitDashboard) -> StackedBar:
    order = ["overdue", "todo", "in_progress", "paused", "done"]
    return stacked_bar(
        [
            (key, str(STATUS_LABELS[key]), dashboard.by_status.get(key, 0))
            for key in order
        ]
    )
