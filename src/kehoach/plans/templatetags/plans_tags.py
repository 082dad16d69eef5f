from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kehoach.plans.deadlines import (
    DeadlineState,
    deadline_state,
    is_due_soon,
    is_overdue,
)
from kehoach.plans.enums import DueKind, TaskStatus
from kehoach.plans.models import Activity, Task

register = template.Library()


@register.filter
def due_label(activity: Activity) -> str:
    """The deadline as a clerk reads it: ``trước 25/08/2023``,
    ``dự kiến 25/08/2023``, ``hằng năm``."""
    date = activity.due_date
    if activity.due_kind in {DueKind.RECURRING, DueKind.OTHER} or date is None:
        return activity.due_text or ""
    day = date.strftime("%d/%m/%Y")
    if activity.due_kind == DueKind.BEFORE:
        return _("trước {date}").format(date=day)
    if activity.due_kind == DueKind.PLANNED:
        return _("dự kiến {date}").format(date=day)
    if activity.due_kind == DueKind.PERIOD:
        return _("đến {date}").format(date=day)
    return day


@register.simple_tag
def task_badge(task: Task, today: dt.date | None = None) -> str:
    activity = task.activity
    if is_overdue(
        activity.due_date, activity.due_kind, status=task.status, today=today
    ):
        return format_html('<span class="badge badge-overdue">{}</span>', _("Quá hạn"))
    return format_html(
        '<span class="badge badge-{}">{}</span>', task.status, task.get_status_display()
    )


@register.simple_tag
def status_badge(status: str, label: str) -> str:
    return format_html('<span class="badge badge-{}">{}</span>', status, label)


@register.simple_tag
def activity_badge(row: object) -> str:
    activity: Activity = row.activity  # type: ignore[attr-defined]
    status: str = row.status  # type: ignore[attr-defined]
    if is_overdue(activity.due_date, activity.due_kind, status=status):
        return format_html('<span class="badge badge-overdue">{}</span>', _("Quá hạn"))
    if activity.due_kind == DueKind.PLANNED and is_due_soon(
        activity.due_date, activity.due_kind, status=status
    ):
        return format_html(
            '<span class="badge badge-planned">{}</span>', _("Sắp đến ngày dự kiến")
        )
    return format_html(
        '<span class="badge badge-{}">{}</span>', status, TaskStatus(status).label
    )


@register.simple_tag
def deadline_badge(task: Task, today: dt.date | None = None) -> str:
    """The status badge of a task, or what its deadline says today: late,
    due soon, or a planned date coming up (a warning, not a lateness)."""
    activity = task.activity
    state = deadline_state(
        activity.due_date, activity.due_kind, status=task.status, today=today
    )
    if state == DeadlineState.OVERDUE:
        return format_html('<span class="badge badge-overdue">{}</span>', _("Quá hạn"))
    status = format_html(
        '<span class="badge badge-{}">{}</span>', task.status, task.get_status_display()
    )
    if state == DeadlineState.DUE_SOON:
        return format_html(
            '{} <span class="badge badge-planned">{}</span>', status, _("Sắp đến hạn")
        )
    if state == DeadlineState.PLANNED_SOON:
        return format_html(
            '{} <span class="badge badge-planned">{}</span>',
            status,
            _("Sắp đến ngày dự kiến"),
        )
    return status


@register.filter
def person_name(user: object) -> str:
    """The full name of a user's person, else the username."""
    if user is None:
        return str(_("(không rõ)"))
    person = getattr(user, "person", None)
    if person is not None:
        return str(person.full_name)
    return str(user.get_username())  # type: ignore[attr-defined]
