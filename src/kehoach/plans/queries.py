"""Reads of plans, activities and tasks, already filtered by what the viewer
may see. Views, the API and reports use these; they never query models
directly."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse

from kehoach.documents.models import Recipient, Reference
from kehoach.documents.permissions import can_edit_document, can_view_distribution
from kehoach.documents.workflow import available_actions
from kehoach.lib.text import fold
from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import Viewer
from kehoach.plans.enums import ActivityKind, PlanStatus, TaskRole, TaskStatus
from kehoach.plans.models import Activity, Plan, Task
from kehoach.plans.permissions import plans_visible_q, tasks_visible_q
from kehoach.plans.rollover import can_rollover_plan
from kehoach.plans.subplans import (
    SubPlanRollup,
    effective_percent,
    rollups_for_activities,
)


def visible_plans(viewer: Viewer) -> QuerySet[Plan]:
    ids = Plan.objects.filter(plans_visible_q(viewer)).values("pk")
    return Plan.objects.filter(pk__in=ids)


@dataclass(frozen=True)
class PlanFilters:
    year: int | None = None
    status: str | None = None
    unit_id: int | None = None
    q: str = ""


def plans_for(viewer: Viewer, filters: PlanFilters | None = None) -> QuerySet[Plan]:
    """Plans the viewer may see, filtered, with what the list shows: the
    document, counts of activities and of open/done tasks."""
    filters = filters or PlanFilters()
    qs = visible_plans(viewer)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit_id:
        qs = qs.filter(activities__tasks__unit_id=filters.unit_id)
    if filters.q:
        for word in fold(filters.q).split():
            qs = qs.filter(
                Q(document__search_text__contains=word)
                | Q(activities__search_text__contains=word)
            )
    return (
        qs.distinct()
        .select_related("document", "agency")
        .annotate(
            activity_count=Count("activities", distinct=True),
            task_count=Count("activities__tasks", distinct=True),
            done_count=Count(
                "activities__tasks",
                filter=Q(activities__tasks__status=TaskStatus.DONE),
                distinct=True,
            ),
        )
        .order_by("-year", "-created_at", "-id")
    )


def plan_years(viewer: Viewer) -> list[int]:
    return sorted(
        set(visible_plans(viewer).values_list("year", flat=True)), reverse=True
    )


@dataclass
class ActivityRow:
    activity: Activity
    leads: list[Task] = field(default_factory=list)
    supports: list[Task] = field(default_factory=list)
    infos: list[Task] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    # The sub-plans written for this activity that the viewer may open, and
    # the percent of each lead task they cover (``subplans`` roll-up rule).
    sub_plans: list[SubPlanRollup] = field(default_factory=list)
    effective: dict[int, int] = field(default_factory=dict)

    def percent_of(self, task: Task) -> int:
        return self.effective.get(task.pk, task.percent)

    @property
    def percent(self) -> int:
        tasks = self.leads or self.supports
        if not tasks:
            return 0
        return round(sum(self.percent_of(t) for t in tasks) / len(tasks))

    @property
    def status(self) -> str:
        tasks = self.leads
        if tasks and all(t.status == TaskStatus.DONE for t in tasks):
            return TaskStatus.DONE
        if any(
            t.status == TaskStatus.IN_PROGRESS or self.percent_of(t)
            for t in self.leads + self.supports
        ):
            return TaskStatus.IN_PROGRESS
        return TaskStatus.TODO


@dataclass(frozen=True)
class PlanActions:
    """What the plan page's action bar offers the viewer."""

    workflow_actions: list[str]  # transitions of its document the viewer may take
    can_edit: bool  # the plan editor (a draft)
    can_distribute: bool  # the distribution page
    can_rollover: bool  # next year's plan


def plan_actions(plan: Plan, *, viewer: Viewer) -> PlanActions:
    """The links of the plan page, by what the viewer may do (a fixed,
    small number of queries: the signing authority for leadership)."""
    document = plan.document
    return PlanActions(
        workflow_actions=available_actions(viewer, document),
        can_edit=can_edit_document(viewer, document),
        can_distribute=can_view_distribution(viewer, document),
        can_rollover=can_rollover_plan(viewer, plan),
    )


def _roll_up(rows: list[ActivityRow], plan: Plan, viewer: Viewer) -> None:
    """Give each row its sub-plans and the effective percent of its lead
    tasks (a sub-plan's progress counts for the duty it answers). At most
    four queries; one when the plan has no sub-plans."""
    rollups = rollups_for_activities(row.activity.pk for row in rows)
    if not rollups:
        return
    visible = set(
        Plan.objects.filter(
            plans_visible_q(viewer), parent_activity__plan=plan
        ).values_list("pk", flat=True)
    )
    for row in rows:
        subs = rollups.get(row.activity.pk, [])
        row.sub_plans = [r for r in subs if r.plan_id in visible]
        for task in row.leads:
            row.effective[task.pk] = effective_percent(
                role=task.role,
                unit_id=task.unit_id,
                unit_agency_id=task.unit.agency_id,
                percent=task.percent,
                rollups=subs,
            )[0]


@dataclass
class PlanPage:
    plan: Plan
    activities: list[ActivityRow]
    duties: list[ActivityRow]
    references: list[Reference]
    recipients: list[Recipient]
    children: list[Plan]
    actions: PlanActions | None = None

    @property
    def citation_links(self) -> list[tuple[str, str]]:
        """(citation text, URL) for every citation the agency holds."""
        links = []
        for ref in self.references:
            if ref.target is None:
                continue
            target_plan = getattr(ref.target, "plan", None)
            url = (
                reverse("plans:plan-detail", args=[target_plan.pk])
                if target_plan
                else reverse("documents:document-detail", args=[ref.target.pk])
            )
            links.append((ref.text, url))
        return links


def plan_page(plan: Plan, *, viewer: Viewer) -> PlanPage:
    """Everything the plan page shows, in a fixed number of queries: the
    document, its activities and duties with the tasks the viewer may see
    (and the progress of the sub-plans written for them), citations,
    recipients, the plans implementing it, and the viewer's actions."""
    tasks = (
        Task.objects.filter(tasks_visible_q(viewer), activity__plan=plan)
        .select_related("unit", "unit__agency")
        .order_by("role", "unit__order", "unit__name")
    )
    activities = list(
        Activity.objects.filter(plan=plan)
        .prefetch_related(Prefetch("tasks", queryset=tasks, to_attr="visible_tasks"))
        .order_by("kind", "order")
    )
    rows: dict[str, list[ActivityRow]] = defaultdict(list)
    for activity in activities:
        row = ActivityRow(activity=activity)
        named_units: set[str] = set()
        by_role: dict[str, list[Task]] = {
            TaskRole.LEAD: row.leads,
            TaskRole.SUPPORT: row.supports,
        }
        for task in activity.visible_tasks:
            by_role.get(task.role, row.infos).append(task)
            named_units.add(task.unit.name)
        if not activity.visible_tasks:
            row.unresolved = [*activity.lead_text, *activity.support_text]
        rows[activity.kind].append(row)
    _roll_up([*rows[ActivityKind.ACTIVITY], *rows[ActivityKind.DUTY]], plan, viewer)
    document = plan.document
    references = list(
        Reference.objects.filter(document=document)
        .select_related("target", "target__plan")
        .order_by("order")
    )
    recipients = list(
        Recipient.objects.filter(document=document)
        .prefetch_related("units")
        .order_by("order")
    )
    children = list(
        visible_plans(viewer).filter(parent=plan).select_related("document", "agency")
    )
    return PlanPage(
        plan=plan,
        activities=rows[ActivityKind.ACTIVITY],
        duties=rows[ActivityKind.DUTY],
        references=references,
        recipients=recipients,
        children=children,
        actions=plan_actions(plan, viewer=viewer),
    )


def tasks_for_unit(unit: Unit, *, viewer: Viewer) -> QuerySet[Task]:
    """The tasks of one unit that the viewer may see, soonest due first."""
    return (
        Task.objects.filter(tasks_visible_q(viewer), unit=unit)
        .exclude(activity__plan__status=PlanStatus.CANCELLED)
        .select_related(
            "activity", "activity__plan", "activity__plan__document", "unit"
        )
        .order_by(
            "activity__due_date",
            "activity__plan_id",
            "activity__kind",
            "activity__order",
        )
    )


def tasks_for_viewer_units(viewer: Viewer) -> QuerySet[Task]:
    """The tasks of the viewer's own units (for "Việc của đơn vị")."""
    return (
        Task.objects.filter(unit_id__in=viewer.unit_ids)
        .filter(activity__plan__status=PlanStatus.ACTIVE)
        .select_related(
            "activity", "activity__plan", "activity__plan__document", "unit"
        )
        .order_by(
            "activity__due_date",
            "activity__plan_id",
            "activity__kind",
            "activity__order",
        )
    )


def plan_counts(viewer: Viewer) -> dict[str, Any]:
    """Figures for the home page."""
    qs = visible_plans(viewer)
    by_status = dict(
        qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {"total": sum(by_status.values()), "by_status": by_status}


def units_for_filter(viewer: Viewer) -> list[Unit]:
    """Units offered in the plan list's unit filter: the viewer's agency's."""
    if viewer.agency_id is None:
        return []
    return list(
        Unit.objects.filter(agency_id=viewer.agency_id).order_by("order", "name")
    )
