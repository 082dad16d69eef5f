"""The weekly summary to the leadership (Monday 07:30 by default): the
agency's active plans, tasks done last week, overdue and due next week."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from kehoach.notify.enums import NotificationKind
from kehoach.notify.periodic import claim_slot
from kehoach.notify.recipients import leadership_of
from kehoach.notify.rules.base import (
    Candidate,
    Message,
    Rule,
    RuleContext,
    at_or_after,
    register,
    show_date,
)
from kehoach.notify.rules.tasks import TASK_FIELDS, TaskRow
from kehoach.plans.deadlines import is_due_soon, is_overdue
from kehoach.plans.enums import CLOSED_TASK_STATUSES, PlanStatus, TaskRole, TaskStatus
from kehoach.plans.models import Plan, Task

TOP_OVERDUE = 10


def week_figures(agency_id: int, today: dt.date, now: dt.datetime) -> dict[str, Any]:
    """Counts for the summary, in a fixed number of queries: open lead tasks
    are grouped by deadline and the deadline rule applied per group."""
    lead = Task.objects.filter(
        activity__plan__agency_id=agency_id,
        activity__plan__status=PlanStatus.ACTIVE,
        role=TaskRole.LEAD,
    )
    open_lead = lead.exclude(status__in=CLOSED_TASK_STATUSES)
    overdue = due_next = total_open = 0
    for due_date, due_kind, n in (
        open_lead.values_list("activity__due_date", "activity__due_kind")
        .annotate(n=Count("pk"))
        .values_list("activity__due_date", "activity__due_kind", "n")
    ):
        total_open += n
        if is_overdue(due_date, due_kind, today=today):
            overdue += n
        elif is_due_soon(due_date, due_kind, today=today, days=7):
            due_next += n
    done_week = lead.filter(
        status=TaskStatus.DONE, completed_at__gte=now - dt.timedelta(days=7)
    ).count()
    candidates = (
        open_lead.filter(activity__due_date__lt=today)
        .order_by("activity__due_date", "id")
        .values_list(*TASK_FIELDS)[: TOP_OVERDUE * 5]
    )
    top = [
        TaskRow(*row)
        for row in candidates
        if is_overdue(row[9], row[10], status=row[4], today=today)
    ][:TOP_OVERDUE]
    return {
        "date": today.isoformat(),
        "plans_active": Plan.objects.filter(
            agency_id=agency_id, status=PlanStatus.ACTIVE
        ).count(),
        "tasks_open": total_open,
        "tasks_done_week": done_week,
        "overdue_count": overdue,
        "due_next_week": due_next,
        "overdue_top": [
            {
                "activity_title": r.activity_title,
                "unit_name": r.unit_name,
                "due_date": r.due_date.isoformat(),
                "url": r.url(),
            }
            for r in top
        ],
        "url": reverse("plans:plan-list"),
    }


def _next_slot(ctx: RuleContext, weekday: int, moment: dt.time) -> dt.datetime:
    days = (weekday - ctx.today.weekday()) % 7 or 7
    return ctx.local(ctx.today + dt.timedelta(days=days), moment)


@register
class WeeklySummary(Rule):
    name = "summary.weekly"
    kind = NotificationKind.WEEKLY
    object_type = "agency"

    def candidates(self, ctx: RuleContext) -> Iterable[Candidate]:
        s = ctx.settings
        if not (
            s.weekly_enabled
            and ctx.today.weekday() == s.weekly_weekday
            and at_or_after(ctx, s.weekly_time)
        ):
            return
        next_slot = _next_slot(ctx, s.weekly_weekday, s.weekly_time)
        if not claim_slot(f"weekly:{ctx.agency.pk}", ctx.now, next_run_at=next_slot):
            return
        leaders = leadership_of(ctx.agency.pk)
        if not leaders:
            return
        figures = week_figures(ctx.agency.pk, ctx.today, ctx.now)
        for user_id in leaders:
            yield Candidate(
                self.object_type, ctx.agency.pk, user_id, ctx.today, figures
            )

    def render(self, p: dict[str, Any]) -> Message:
        title = _("Tổng hợp tuần ({date}): {overdue} nhiệm vụ quá hạn").format(
            date=show_date(p["date"]), overdue=p["overdue_count"]
        )
        body = _(
            "{plans} kế hoạch đang triển khai; {open} nhiệm vụ chủ trì chưa xong, "
            "trong đó {overdue} quá hạn và {next} đến hạn trong 7 ngày tới; {done} "
            "nhiệm vụ hoàn thành trong tuần qua."
        ).format(
            plans=p["plans_active"],
            open=p["tasks_open"],
            overdue=p["overdue_count"],
            next=p["due_next_week"],
            done=p["tasks_done_week"],
        )
        top = [{**i, "due": show_date(i["due_date"])} for i in p["overdue_top"]]
        return Message(
            title=title,
            body=body,
            url=p["url"],
            lines=tuple(
                _("{activity} — {unit}, hạn {due}").format(
                    activity=i["activity_title"][:120],
                    unit=i["unit_name"],
                    due=i["due"],
                )
                for i in top
            ),
            email_template="notify/email/weekly",
            context={"figures": p, "overdue_top": top},
        )
