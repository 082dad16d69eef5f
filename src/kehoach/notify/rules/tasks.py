"""Reminders about tasks: before the deadline, on the day, overdue (the unit
head, then the Office), and asking the lead to confirm a tentative date.

Every decision "is it late / due soon" is ``kehoach.plans.deadlines``; the
SQL here only narrows the dates to a window around today. Only tasks of
active plans, open, and in the lead role are reminded. The occurrence of a
task reminder is the due date it is about, so a moved deadline is reminded
again and an unchanged one never twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kehoach.notify.enums import NotificationKind
from kehoach.notify.recipients import UnitPeople, office_of
from kehoach.notify.rules.base import (
    Candidate,
    Message,
    Rule,
    RuleContext,
    at_or_after,
    register,
    show_date,
)
from kehoach.plans.deadlines import is_due_soon, is_overdue
from kehoach.plans.enums import CLOSED_TASK_STATUSES, DueKind, PlanStatus, TaskRole
from kehoach.plans.models import Task

TASK_FIELDS = (
    "id",
    "unit_id",
    "unit__name",
    "role",
    "status",
    "percent",
    "activity_id",
    "activity__label",
    "activity__title",
    "activity__due_date",
    "activity__due_kind",
    "activity__due_text",
    "activity__plan_id",
    "activity__plan__document__title",
    "activity__plan__agency_id",
)


@dataclass(frozen=True)
class TaskRow:
    id: int
    unit_id: int
    unit_name: str
    role: str
    status: str
    percent: int
    activity_id: int
    activity_label: str
    activity_title: str
    due_date: dt.date
    due_kind: str
    due_text: str
    plan_id: int
    plan_title: str
    agency_id: int

    def url(self) -> str:
        path = reverse("plans:plan-detail", args=[self.plan_id])
        return f"{path}#activity-{self.activity_id}"

    def payload(self, **extra: Any) -> dict[str, Any]:
        data = asdict(self)
        data["due_date"] = self.due_date.isoformat()
        data["url"] = self.url()
        data.update(extra)
        return data


def open_lead_tasks(agency_id: int, start: dt.date, end: dt.date) -> list[TaskRow]:
    """Open lead tasks of the agency's active plans due between two dates."""
    rows = (
        Task.objects.filter(
            activity__plan__agency_id=agency_id,
            activity__plan__status=PlanStatus.ACTIVE,
            role=TaskRole.LEAD,
            activity__due_date__range=(start, end),
        )
        .exclude(status__in=CLOSED_TASK_STATUSES)
        .order_by("activity__due_date", "id")
        .values_list(*TASK_FIELDS)
    )
    return [TaskRow(*row) for row in rows]


@dataclass
class TaskWindow:
    rows: list[TaskRow]
    people: UnitPeople


def task_window(ctx: RuleContext) -> TaskWindow:
    """The open lead tasks near today and the people of their units, read
    once per agency and run (two queries)."""
    cached = ctx.cache.get("task_window")
    if cached is None:
        s = ctx.settings
        start = ctx.today - dt.timedelta(
            days=s.overdue_lookback_days + s.escalate_office_after_days
        )
        end = ctx.today + dt.timedelta(
            days=max(s.remind_days_before, s.confirm_planned_days_before)
        )
        rows = open_lead_tasks(ctx.agency.pk, start, end)
        cached = TaskWindow(rows, UnitPeople(r.unit_id for r in rows))
        ctx.cache["task_window"] = cached
    return cached


class TaskRule(Rule):
    object_type = "task"

    def applies(self, row: TaskRow, ctx: RuleContext) -> bool:
        raise NotImplementedError

    def recipients(
        self, row: TaskRow, ctx: RuleContext, window: TaskWindow
    ) -> list[int]:
        return window.people.assignees_of(row.unit_id)

    def candidates(self, ctx: RuleContext) -> Iterable[Candidate]:
        if not (
            ctx.settings.reminders_enabled and at_or_after(ctx, ctx.settings.send_time)
        ):
            return
        window = task_window(ctx)
        for row in window.rows:
            if not self.applies(row, ctx):
                continue
            payload = row.payload(days_left=(row.due_date - ctx.today).days)
            for user_id in self.recipients(row, ctx, window):
                yield Candidate(
                    self.object_type,
                    row.id,
                    user_id,
                    row.due_date,
                    payload,
                    self.urgent,
                )

    def relevant(self, reminders: Sequence[Any], now: dt.datetime) -> set[int]:
        """Still open, in an active plan, with the same due date."""
        current = {
            pk: (status, due_date, plan_status)
            for pk, status, due_date, plan_status in Task.objects.filter(
                pk__in={r.object_id for r in reminders}
            ).values_list(
                "pk", "status", "activity__due_date", "activity__plan__status"
            )
        }
        keep = set()
        for reminder in reminders:
            state = current.get(reminder.object_id)
            if (
                state is not None
                and state[0] not in CLOSED_TASK_STATUSES
                and state[1] == reminder.occurrence
                and state[2] == PlanStatus.ACTIVE
            ):
                keep.add(reminder.pk)
        return keep


def _heads(row: TaskRow, ctx: RuleContext, window: TaskWindow) -> list[int]:
    return window.people.heads_of(row.unit_id)


def _due_after_today_within(row: TaskRow, ctx: RuleContext, days: int) -> bool:
    """An open task due after today and at most ``days`` days from now."""
    return row.due_date > ctx.today and is_due_soon(
        row.due_date, row.due_kind, status=row.status, today=ctx.today, days=days
    )


@register
class TaskDueSoon(TaskRule):
    """N days before the deadline (default 3), to the lead unit's people."""

    name = "task.due_soon"
    kind = NotificationKind.TASK_DUE

    def applies(self, row: TaskRow, ctx: RuleContext) -> bool:
        return _due_after_today_within(row, ctx, ctx.settings.remind_days_before)

    def render(self, p: dict[str, Any]) -> Message:
        title = _("Sắp đến hạn ({due}): {activity}").format(
            due=show_date(p["due_date"]), activity=p["activity_title"][:200]
        )
        body = _(
            "Nhiệm vụ “{activity}” do {unit} chủ trì ({plan}) đến hạn ngày "
            "{due}, còn {days} ngày."
        ).format(
            activity=p["activity_title"],
            unit=p["unit_name"],
            plan=p["plan_title"],
            due=show_date(p["due_date"]),
            days=p["days_left"],
        )
        return Message(title=title, body=body, url=p["url"])


@register
class TaskDueToday(TaskRule):
    """On the day of the deadline, to the lead unit's people."""

    name = "task.due_today"
    kind = NotificationKind.TASK_DUE

    def applies(self, row: TaskRow, ctx: RuleContext) -> bool:
        return (
            ctx.settings.remind_on_due_day
            and row.due_date == ctx.today
            and is_due_soon(
                row.due_date, row.due_kind, status=row.status, today=ctx.today, days=0
            )
        )

    def render(self, p: dict[str, Any]) -> Message:
        title = _("Hôm nay đến hạn: {activity}").format(
            activity=p["activity_title"][:200]
        )
        body = _(
            "Nhiệm vụ “{activity}” do {unit} chủ trì ({plan}) đến hạn hôm nay "
            "({due}). Đề nghị hoàn thành và cập nhật tiến độ."
        ).format(
            activity=p["activity_title"],
            unit=p["unit_name"],
            plan=p["plan_title"],
            due=show_date(p["due_date"]),
        )
        return Message(title=title, body=body, url=p["url"])


@register
class TaskOverdueHead(TaskRule):
    """From the first late day, to the head of the lead unit (fallback
    deputy). Deadlines older than ``overdue_lookback_days`` are left to the
    digest, so turning the system on does not flood people."""

    name = "task.overdue_head"
    kind = NotificationKind.TASK_OVERDUE
    urgent = True
    recipients = staticmethod(_heads)

    def applies(self, row: TaskRow, ctx: RuleContext) -> bool:
        oldest = ctx.today - dt.timedelta(days=ctx.settings.overdue_lookback_days)
        return row.due_date >= oldest and is_overdue(
            row.due_date, row.due_kind, status=row.status, today=ctx.today
        )

    def render(self, p: dict[str, Any]) -> Message:
        title = _("Quá hạn: {activity}").format(activity=p["activity_title"][:200])
        body = _(
            "Nhiệm vụ “{activity}” do {unit} chủ trì ({plan}) đã quá thời hạn "
            "{due}. Đề nghị đồng chí đôn đốc hoàn thành và cập nhật tiến độ."
        ).format(
            activity=p["activity_title"],
            unit=p["unit_name"],
            plan=p["plan_title"],
            due=show_date(p["due_date"]),
        )
        return Message(title=title, body=body, url=p["url"])


@register
class TaskOverdueOffice(TaskRule):
    """When the task is still late N days (default 2) after the head was
    told, to the Office of the plan's agency."""

    name = "task.overdue_office"
    kind = NotificationKind.TASK_OVERDUE
    urgent = True

    def applies(self, row: TaskRow, ctx: RuleContext) -> bool:
        s = ctx.settings
        oldest = ctx.today - dt.timedelta(
            days=s.overdue_lookback_days + s.escalate_office_after_days
        )
        # Late already ``escalate_office_after_days`` days ago, by the one rule.
        told_head_on = ctx.today - dt.timedelta(days=s.escalate_office_after_days)
        return row.due_date >= oldest and is_overdue(
            row.due_date, row.due_kind, status=row.status, today=told_head_on
        )

    def recipients(
        self, row: TaskRow, ctx: RuleContext, window: TaskWindow
    ) -> list[int]:
        office = ctx.cache.get("office")
        if office is None:
            office = ctx.cache["office"] = office_of(ctx.agency.pk)
        return office

    def render(self, p: dict[str, Any]) -> Message:
        title = _("Quá hạn, cần Văn phòng đôn đốc: {activity} ({unit})").format(
            activity=p["activity_title"][:160], unit=p["unit_name"][:100]
        )
        body = _(
            "Nhiệm vụ “{activity}” do {unit} chủ trì ({plan}) vẫn chưa hoàn thành "
            "dù đã quá thời hạn {due}; trưởng đơn vị đã được báo. Đề nghị Văn "
            "phòng đôn đốc."
        ).format(
            activity=p["activity_title"],
            unit=p["unit_name"],
            plan=p["plan_title"],
            due=show_date(p["due_date"]),
        )
        return Message(title=title, body=body, url=p["url"])


@register
class PlannedDateConfirm(TaskRule):
    """A tentative ("dự kiến") date: a week before (by default), ask the
    lead unit's head to confirm or move it."""

    name = "task.confirm_planned"
    kind = NotificationKind.DATE_CONFIRM
    recipients = staticmethod(_heads)

    def applies(self, row: TaskRow, ctx: RuleContext) -> bool:
        return row.due_kind == DueKind.PLANNED and _due_after_today_within(
            row, ctx, ctx.settings.confirm_planned_days_before
        )

    def render(self, p: dict[str, Any]) -> Message:
        title = _("Xác nhận ngày dự kiến {due}: {activity}").format(
            due=show_date(p["due_date"]), activity=p["activity_title"][:200]
        )
        body = _(
            "Hoạt động “{activity}” ({plan}) dự kiến tổ chức ngày {due}. Đề nghị "
            "{unit} (chủ trì) xác nhận ngày tổ chức hoặc cập nhật ngày mới."
        ).format(
            activity=p["activity_title"],
            unit=p["unit_name"],
            plan=p["plan_title"],
            due=show_date(p["due_date"]),
        )
        return Message(title=title, body=body, url=p["url"])


def newly_overdue(ctx: RuleContext) -> list[TaskRow]:
    """Lead tasks late today within the look-back (for the ``task.overdue``
    webhook event, which is deduplicated per task and due date)."""
    rule = TaskOverdueHead()
    if not at_or_after(ctx, ctx.settings.send_time):
        return []
    return [row for row in task_window(ctx).rows if rule.applies(row, ctx)]
