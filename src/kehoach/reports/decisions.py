"""Items waiting for a decision of the leadership, for the agency dashboard.

**Extension point.** ``DECISION_PROVIDERS`` is a list of functions
``provider(viewer, *, limit) -> list[DecisionItem]``; the dashboard shows
the items of every provider, in the order of the list. An app adds its own
with :func:`register_decision_provider` from its ``AppConfig.ready()``: the
issuance workflow does (``documents.decisions``: documents in review, with
the leadership or approved and not signed, consultations past their
deadline); the difficulty reports will::

    from kehoach.reports.decisions import DecisionItem, register_decision_provider

    def difficulties_waiting(viewer, *, limit):
        return [DecisionItem(kind="difficulty", ...) for d in ...[:limit]]

    register_decision_provider(difficulties_waiting)

Each provider must run a fixed number of queries and return only what the
viewer may see (agency-wide viewers of their own agency).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import Viewer
from kehoach.plans.enums import PlanStatus, TaskStatus
from kehoach.plans.models import Task

DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class DecisionItem:
    """One thing waiting for the leadership."""

    kind: str  # a stable code: "task_paused", "document_leadership"…
    kind_label: str  # shown as a badge ("Tạm dừng", "Dự thảo chờ duyệt")
    title: str
    detail: str
    url: str
    since: dt.datetime | None = None
    badge: str = ""  # the badge's colour class; "paused" by default


Provider = Callable[..., list[DecisionItem]]


def _task_items(tasks: list[Task], kind: str, label: str) -> list[DecisionItem]:
    return [
        DecisionItem(
            kind=kind,
            kind_label=label,
            title=f"{t.activity.label} {t.activity.title}".strip(),
            detail=_("{unit} · kế hoạch {plan}").format(
                unit=t.unit.name,
                plan=t.activity.plan.document.reference_label
                or t.activity.plan.document.title[:60],
            ),
            url=reverse("plans:plan-detail", args=[t.activity.plan_id])
            + f"#activity-{t.activity_id}",
            since=t.updated_at,
        )
        for t in tasks
    ]


def _agency_tasks(viewer: Viewer) -> QuerySet[Task]:
    """Tasks of the agency's plans. The units filter (the agency's own and
    the organisations it directs, who hold those tasks) lets the database
    use the (unit, status) index instead of reading every task."""
    agency_id = viewer.agency_id or 0
    units = Unit.objects.filter(Q(agency_id=agency_id) | Q(agency__parent_id=agency_id))
    return (
        Task.objects.filter(
            activity__plan__agency_id=agency_id, unit_id__in=units.values("pk")
        )
        .exclude(activity__plan__status=PlanStatus.CANCELLED)
        .select_related(
            "unit", "activity", "activity__plan", "activity__plan__document"
        )
        .order_by("-updated_at", "-pk")
    )


def paused_tasks(viewer: Viewer, *, limit: int = DEFAULT_LIMIT) -> list[DecisionItem]:
    """Tasks a unit put on hold: the leadership decides to resume or drop."""
    tasks = list(_agency_tasks(viewer).filter(status=TaskStatus.PAUSED)[:limit])
    return _task_items(tasks, "task_paused", _("Tạm dừng"))


def reopened_tasks(viewer: Viewer, *, limit: int = DEFAULT_LIMIT) -> list[DecisionItem]:
    """Tasks once marked done and open again (their history says so)."""
    was_done = Task.history.filter(status=TaskStatus.DONE).values("id")
    tasks = list(
        _agency_tasks(viewer)
        .filter(status__in=[TaskStatus.TODO, TaskStatus.IN_PROGRESS])
        .filter(pk__in=was_done)[:limit]
    )
    return _task_items(tasks, "task_reopened", _("Mở lại"))


DECISION_PROVIDERS: list[Provider] = [paused_tasks, reopened_tasks]


def register_decision_provider(provider: Provider) -> None:
    """Add a provider (idempotent), e.g. from an app's ``ready()``."""
    if provider not in DECISION_PROVIDERS:
        DECISION_PROVIDERS.append(provider)


def decision_items(viewer: Viewer, *, limit: int = DEFAULT_LIMIT) -> list[DecisionItem]:
    """Every provider's items for an agency-wide viewer; nothing for others."""
    if viewer.agency_id is None or not viewer.is_agency_wide:
        return []
    items: list[DecisionItem] = []
    for provider in DECISION_PROVIDERS:
        items.extend(provider(viewer, limit=limit))
    return items
