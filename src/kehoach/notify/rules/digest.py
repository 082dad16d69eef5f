"""The daily digest: one message per person at 07:30 local time (per-agency
setting) with what is due soon, what is overdue and what waits for them;
nothing is sent to a person with nothing to report.

"Their" tasks are the open tasks (lead or support) of the units they are
assignees of; the Office also sees the agency's overdue lead tasks. What
waits for them comes from providers (:data:`WAITING_PROVIDERS`): tentative
dates their unit must confirm, documents sent to their unit (or to them)
not acknowledged yet, and — once the feedback module exists — difficulty
reports to decide.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kehoach.documents.enums import DocumentStatus
from kehoach.documents.models import DistributionRecipient
from kehoach.notify.enums import NotificationKind
from kehoach.notify.periodic import claim_slot
from kehoach.notify.recipients import ASSIGNEE_ROLES
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
from kehoach.orgs.enums import MembershipRole, Role
from kehoach.orgs.models import Membership, RoleAssignment
from kehoach.plans.deadlines import is_due_soon, is_overdue
from kehoach.plans.enums import CLOSED_TASK_STATUSES, DueKind, PlanStatus, TaskRole
from kehoach.plans.models import Task

DUE_SOON_DAYS = 7
LIST_LIMIT = 10

# A provider returns, for some of the given users, the items waiting for
# them: {"title": str, "detail": str, "url": str}.
WaitingProvider = Callable[
    [RuleContext, dict[int, "Person"]], dict[int, list[dict[str, str]]]
]
WAITING_PROVIDERS: list[WaitingProvider] = []
# TODO(feedback): register one more provider when its query exists — for
# the leadership, difficulty reports waiting for a decision
# (feedback.queries.reports_awaiting_decision).


class Person:
    """A digest reader: their units, the units they head, their roles."""

    def __init__(self) -> None:
        self.units: set[int] = set()
        self.head_units: set[int] = set()
        self.roles: set[str] = set()


def waiting_provider(func: WaitingProvider) -> WaitingProvider:
    WAITING_PROVIDERS.append(func)
    return func


def _item(row: TaskRow) -> dict[str, Any]:
    return {
        "task_id": row.id,
        "activity_title": row.activity_title,
        "unit_name": row.unit_name,
        "plan_title": row.plan_title,
        "due_date": row.due_date.isoformat(),
        "due_kind": row.due_kind,
        "role": row.role,
        "url": row.url(),
    }


def _readers(agency_id: int) -> dict[int, Person]:
    readers: dict[int, Person] = defaultdict(Person)
    for user_id, unit_id, role in Membership.objects.filter(
        person__agency_id=agency_id,
        person__is_active=True,
        person__user__isnull=False,
        person__user__is_active=True,
        role__in=ASSIGNEE_ROLES,
    ).values_list("person__user_id", "unit_id", "role"):
        readers[user_id].units.add(unit_id)
        if role in {MembershipRole.HEAD, MembershipRole.DEPUTY}:
            readers[user_id].head_units.add(unit_id)
    for user_id, role in RoleAssignment.objects.filter(
        person__agency_id=agency_id,
        person__is_active=True,
        person__user__isnull=False,
        person__user__is_active=True,
    ).values_list("person__user_id", "role"):
        readers[user_id].roles.add(role)
    return readers


def _open_tasks(agency_id: int, until: dt.date) -> list[TaskRow]:
    """Open tasks of active plans due by ``until`` that concern the agency:
    given to its units, or lead tasks of its own plans."""
    rows = (
        Task.objects.filter(
            activity__plan__status=PlanStatus.ACTIVE,
            activity__due_date__lte=until,
            role__in=[TaskRole.LEAD, TaskRole.SUPPORT],
        )
        .filter(unit__agency_id=agency_id)
        .exclude(status__in=CLOSED_TASK_STATUSES)
        .order_by("activity__due_date", "id")
        .values_list(*TASK_FIELDS)
    )
    own_lead = (
        Task.objects.filter(
            activity__plan__status=PlanStatus.ACTIVE,
            activity__plan__agency_id=agency_id,
            activity__due_date__lt=until,
            role=TaskRole.LEAD,
        )
        .exclude(unit__agency_id=agency_id)
        .exclude(status__in=CLOSED_TASK_STATUSES)
        .order_by("activity__due_date", "id")
        .values_list(*TASK_FIELDS)
    )
    return [TaskRow(*row) for row in [*rows, *own_lead]]


@waiting_provider
def planned_dates_to_confirm(
    ctx: RuleContext, readers: dict[int, Person]
) -> dict[int, list[dict[str, str]]]:
    """Heads of lead units: tentative dates within the confirmation window."""
    rows = ctx.cache.get("digest_rows") or []
    days = ctx.settings.confirm_planned_days_before
    by_unit: dict[int, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if (
            row.role == TaskRole.LEAD
            and row.due_kind == DueKind.PLANNED
            and row.due_date > ctx.today
            and is_due_soon(row.due_date, row.due_kind, today=ctx.today, days=days)
        ):
            by_unit[row.unit_id].append(
                {
                    "title": _("Xác nhận ngày dự kiến: {activity}").format(
                        activity=row.activity_title
                    ),
                    "detail": _("Dự kiến ngày {due}").format(
                        due=show_date(row.due_date)
                    ),
                    "url": row.url(),
                }
            )
    result: dict[int, list[dict[str, str]]] = {}
    for user_id, person in readers.items():
        items = [i for unit in sorted(person.head_units) for i in by_unit.get(unit, [])]
        if items:
            result[user_id] = items
    return result


@waiting_provider
def documents_to_acknowledge(
    ctx: RuleContext, readers: dict[int, Person]
) -> dict[int, list[dict[str, str]]]:
    """Heads (and deputies) of units, and people named in person: issued
    documents sent to them recently and not acknowledged yet (one query)."""
    head_units = {u for person in readers.values() for u in person.head_units}
    since = ctx.now - dt.timedelta(
        days=ctx.settings.distribution_ack_days + ctx.settings.overdue_lookback_days
    )
    rows = (
        DistributionRecipient.objects.filter(
            Q(unit_id__in=head_units) | Q(person__user_id__in=list(readers)),
            acknowledged_at__isnull=True,
            sent_at__gte=since,
            distribution__document__status=DocumentStatus.ISSUED,
        )
        .order_by("sent_at", "pk")
        .values_list(
            "pk",
            "unit_id",
            "person__user_id",
            "sent_at",
            "distribution__document__number",
            "distribution__document__symbol",
            "distribution__document__title",
            "distribution__document__agency__name",
        )
    )
    received = reverse("documents:received")
    by_unit: dict[int, list[dict[str, str]]] = defaultdict(list)
    by_user: dict[int, list[dict[str, str]]] = defaultdict(list)
    for pk, unit_id, user_id, sent_at, number, symbol, title, agency in rows:
        item = {
            "title": _("Xác nhận đã nhận văn bản {label}: {title}").format(
                label=f"{number or '…'}/{symbol}", title=title[:160]
            ),
            "detail": _("{agency} gửi ngày {date}").format(
                agency=agency, date=show_date(timezone.localdate(sent_at))
            ),
            "url": f"{received}#received-{pk}",
        }
        (by_user[user_id] if user_id else by_unit[unit_id]).append(item)
    result: dict[int, list[dict[str, str]]] = {}
    for user_id, person in readers.items():
        items = by_user.get(user_id, []) + [
            i for unit in sorted(person.head_units) for i in by_unit.get(unit, [])
        ]
        if items:
            result[user_id] = items
    return result


@register
class DailyDigest(Rule):
    name = "digest.daily"
    kind = NotificationKind.DIGEST
    object_type = "user"

    def candidates(self, ctx: RuleContext) -> Iterable[Candidate]:
        s = ctx.settings
        if not (s.digest_enabled and at_or_after(ctx, s.digest_time)):
            return
        tomorrow = ctx.local(ctx.today + dt.timedelta(days=1), s.digest_time)
        if not claim_slot(f"digest:{ctx.agency.pk}", ctx.now, next_run_at=tomorrow):
            return
        readers = _readers(ctx.agency.pk)
        if not readers:
            return
        rows = _open_tasks(ctx.agency.pk, ctx.today + dt.timedelta(days=DUE_SOON_DAYS))
        ctx.cache["digest_rows"] = rows
        waiting: dict[int, list[dict[str, str]]] = defaultdict(list)
        for provider in WAITING_PROVIDERS:
            for user_id, items in provider(ctx, readers).items():
                waiting[user_id].extend(items)
        soon_by_unit: dict[int, list[TaskRow]] = defaultdict(list)
        late_by_unit: dict[int, list[TaskRow]] = defaultdict(list)
        agency_late: list[TaskRow] = []
        for row in rows:
            if is_overdue(
                row.due_date, row.due_kind, status=row.status, today=ctx.today
            ):
                late_by_unit[row.unit_id].append(row)
                if row.role == TaskRole.LEAD and row.agency_id == ctx.agency.pk:
                    agency_late.append(row)
            elif is_due_soon(
                row.due_date,
                row.due_kind,
                status=row.status,
                today=ctx.today,
                days=DUE_SOON_DAYS,
            ):
                soon_by_unit[row.unit_id].append(row)
        for user_id, person in sorted(readers.items()):
            soon = [r for u in sorted(person.units) for r in soon_by_unit.get(u, [])]
            late = [r for u in sorted(person.units) for r in late_by_unit.get(u, [])]
            if Role.OFFICE in person.roles:
                seen = {r.id for r in late}
                late += [r for r in agency_late if r.id not in seen]
            items = waiting.get(user_id, [])
            if not (soon or late or items):
                continue
            soon.sort(key=lambda r: (r.due_date, r.id))
            late.sort(key=lambda r: (r.due_date, r.id))
            yield Candidate(
                self.object_type,
                user_id,
                user_id,
                ctx.today,
                {
                    "date": ctx.today.isoformat(),
                    "due_soon": [_item(r) for r in soon[:LIST_LIMIT]],
                    "due_soon_count": len(soon),
                    "overdue": [_item(r) for r in late[:LIST_LIMIT]],
                    "overdue_count": len(late),
                    "waiting": items[:LIST_LIMIT],
                    "waiting_count": len(items),
                    "url": reverse("plans:my-tasks"),
                },
            )

    def render(self, p: dict[str, Any]) -> Message:
        title = _("Bản tin công việc ngày {date}").format(date=show_date(p["date"]))
        parts = []
        if p["overdue_count"]:
            parts.append(
                ngettext(
                    "{n} việc quá hạn", "{n} việc quá hạn", p["overdue_count"]
                ).format(n=p["overdue_count"])
            )
        if p["due_soon_count"]:
            parts.append(
                ngettext(
                    "{n} việc sắp đến hạn", "{n} việc sắp đến hạn", p["due_soon_count"]
                ).format(n=p["due_soon_count"])
            )
        if p["waiting_count"]:
            parts.append(
                ngettext(
                    "{n} việc chờ đồng chí xử lý",
                    "{n} việc chờ đồng chí xử lý",
                    p["waiting_count"],
                ).format(n=p["waiting_count"])
            )
        lines = tuple(
            _("{activity} — {unit}, hạn {due}").format(
                activity=i["activity_title"][:120],
                unit=i["unit_name"],
                due=show_date(i["due_date"]),
            )
            for i in [*p["overdue"], *p["due_soon"]]
        )
        return Message(
            title=title,
            body="; ".join(parts) + ".",
            url=p["url"],
            lines=lines,
            email_template="notify/email/digest",
            context={
                "overdue": _dated(p["overdue"]),
                "due_soon": _dated(p["due_soon"]),
                "waiting": p["waiting"],
                "overdue_more": p["overdue_count"] - len(p["overdue"]),
                "due_soon_more": p["due_soon_count"] - len(p["due_soon"]),
                "waiting_more": p["waiting_count"] - len(p["waiting"]),
            },
        )


def _dated(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**i, "due": show_date(i["due_date"])} for i in items]
