"""Who may see and change plans, activities and tasks. One function per
decision; queries use the ``*_visible_q`` filters.

The rules for tasks:

- everyone of an agency sees the tasks of its plans (as on the plan page),
  and the tasks its units were given by other agencies' plans; an outside
  organisation thus sees only its own tasks;
- members of a task's unit update it; only they complete it (the lead unit
  completes the lead's task);
- supporting units contribute notes and evidence to the lead's task (and
  update their own support task), and cannot complete the lead's task;
- the Office and leadership of the plan's agency update, cancel, reopen and
  reassign any task of its plans, but do not complete a unit's task for it;
- the head of the lead unit reassigns the tasks of that activity;
- notes and evidence (the task's records) are seen by the units working on
  the activity and by the agency-wide roles, not by unrelated units.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from kehoach.documents.enums import Direction
from kehoach.documents.permissions import (
    can_direct_incoming,
    can_edit_document,
    documents_visible_q,
)
from kehoach.orgs.enums import Role
from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import Viewer
from kehoach.plans.enums import TaskRole
from kehoach.plans.models import Activity, Evidence, Plan, Task

TASK_MANAGER_ROLES = frozenset({Role.LEADERSHIP, Role.OFFICE})


def plans_visible_q(viewer: Viewer) -> Q:
    """A plan is visible when its document is: the viewer's own agency's
    plans, and other agencies' plans that were sent to or assign work to the
    viewer's agency."""
    return documents_visible_q(viewer, prefix="document__")


def tasks_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """Tasks of the viewer's own agency's plans, and tasks given to the
    viewer's agency's units by other agencies' plans. An outside
    organisation thus sees only its own tasks in the plans it was given.

    Written as two indexed subqueries on the task's own columns, so the
    database filters tasks before joining them (a joined OR made it join
    every task of every agency first)."""
    if viewer.is_superuser:
        return Q()
    if viewer.agency_id is None:
        return Q(pk__in=[])
    agency_id = viewer.agency_id
    return Q(
        **{
            f"{prefix}activity_id__in": Activity.objects.filter(
                plan__agency_id=agency_id
            ).values("pk")
        }
    ) | Q(
        **{
            f"{prefix}unit_id__in": Unit.objects.filter(agency_id=agency_id).values(
                "pk"
            )
        }
    )


def task_records_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """The rule of :func:`can_see_task_records` as a filter on tasks (or on
    what points to a task, with ``prefix`` such as ``"task__"``): visible
    tasks whose activity has a task of one of the viewer's units; for
    agency-wide viewers, every visible task."""
    visible = tasks_visible_q(viewer, prefix)
    if viewer.is_superuser or viewer.agency_id is None or viewer.is_agency_wide:
        return visible
    working = Exists(
        Task.objects.filter(
            activity_id=OuterRef(f"{prefix}activity_id"),
            unit_id__in=viewer.unit_ids,
        )
    )
    return visible & Q(working)


HEAVY_DOCUMENT_FIELDS = ("body", "parsed", "search_text")


def get_plan_for(viewer: Viewer, pk: int, *, with_content: bool = True) -> Plan:
    """The plan, if the viewer may see it (404 else). ``with_content=False``
    leaves the documents' text (body, parse result) unloaded, for pages that
    show only their number and title."""
    qs = Plan.objects.filter(pk=pk).select_related(
        "document", "agency", "parent", "parent__document"
    )
    if not with_content:
        qs = qs.defer(
            *(f"document__{f}" for f in HEAVY_DOCUMENT_FIELDS),
            *(f"parent__document__{f}" for f in HEAVY_DOCUMENT_FIELDS),
        )
    plan = qs.first()
    # Most plans opened are the viewer's own agency's, visible by the rule's
    # first clause; only other agencies' plans pay for the whole rule (whose
    # query plan alone costs ~4 ms on PostgreSQL).
    own = plan is not None and plan.document.agency_id == viewer.agency_id
    if plan is None or not (
        viewer.is_superuser
        or (own and viewer.agency_id is not None)
        or Plan.objects.filter(plans_visible_q(viewer), pk=pk).exists()
    ):
        raise Http404(_("Không tìm thấy kế hoạch."))
    return plan


def get_task_for(viewer: Viewer, pk: int) -> Task:
    task = (
        Task.objects.filter(tasks_visible_q(viewer), pk=pk)
        .select_related(
            "activity", "activity__plan", "activity__plan__document", "unit"
        )
        .first()
    )
    if task is None:
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    return task


def get_evidence_for(viewer: Viewer, task: Task, pk: int) -> Evidence:
    """Evidence of a task the viewer may see the records of (404 else)."""
    units = activity_units_of(task)
    evidence = (
        Evidence.objects.filter(task=task, pk=pk).first()
        if can_see_task_records(viewer, task, units)
        else None
    )
    if evidence is None:
        raise Http404(_("Không tìm thấy minh chứng."))
    return evidence


@dataclass(frozen=True)
class ActivityUnits:
    """The units with a task on one activity, by role."""

    lead_ids: frozenset[int]
    support_ids: frozenset[int]
    all_ids: frozenset[int]


def activity_units(tasks: Collection[Task]) -> ActivityUnits:
    """From the tasks of one activity already loaded (no query)."""
    return ActivityUnits(
        lead_ids=frozenset(t.unit_id for t in tasks if t.role == TaskRole.LEAD),
        support_ids=frozenset(t.unit_id for t in tasks if t.role == TaskRole.SUPPORT),
        all_ids=frozenset(t.unit_id for t in tasks),
    )


def activity_units_of(task: Task) -> ActivityUnits:
    """The units of a task's activity (one query)."""
    rows = Task.objects.filter(activity_id=task.activity_id).only(
        "unit_id", "role", "activity_id"
    )
    return activity_units(list(rows))


def _plan_agency_id(task: Task) -> int:
    return task.activity.plan.agency_id


def is_task_manager(viewer: Viewer, task: Task) -> bool:
    """The Office and leadership of the agency whose plan gave the task."""
    if viewer.is_superuser:
        return True
    return viewer.agency_id == _plan_agency_id(task) and bool(
        viewer.roles & TASK_MANAGER_ROLES
    )


def is_task_unit_member(viewer: Viewer, task: Task) -> bool:
    return task.unit_id in viewer.unit_ids


def can_view_task(viewer: Viewer, task: Task) -> bool:
    """The rule of :func:`tasks_visible_q` for one loaded task."""
    if viewer.is_superuser:
        return True
    if viewer.agency_id is None:
        return False
    return viewer.agency_id in {_plan_agency_id(task), task.unit.agency_id}


def can_update_task(viewer: Viewer, task: Task) -> bool:
    """Change status and percent: the task's unit, the Office, leadership."""
    return is_task_unit_member(viewer, task) or is_task_manager(viewer, task)


def can_complete_task(viewer: Viewer, task: Task) -> bool:
    """Only the task's own unit declares it done (the lead unit for the
    lead's task); the Office reopens, it does not complete."""
    return is_task_unit_member(viewer, task) or viewer.is_superuser


def can_cancel_task(viewer: Viewer, task: Task) -> bool:
    return is_task_manager(viewer, task)


def can_contribute_to_task(viewer: Viewer, task: Task, units: ActivityUnits) -> bool:
    """Add notes and evidence: whoever updates the task, and the supporting
    units of the activity on the lead's task."""
    if can_update_task(viewer, task):
        return True
    return task.role == TaskRole.LEAD and bool(viewer.unit_ids & units.support_ids)


def can_see_task_records(viewer: Viewer, task: Task, units: ActivityUnits) -> bool:
    """Read the history's notes and download evidence: the units working on
    the activity, and the agency-wide roles of the plan's agency or of the
    task's unit's agency."""
    if not can_view_task(viewer, task):
        return False
    if viewer.is_superuser or viewer.unit_ids & units.all_ids:
        return True
    return viewer.is_agency_wide and viewer.agency_id in {
        _plan_agency_id(task),
        task.unit.agency_id,
    }


def can_reopen_task(viewer: Viewer, task: Task) -> bool:
    return is_task_manager(viewer, task)


def can_reassign_task(viewer: Viewer, task: Task, units: ActivityUnits) -> bool:
    """The Office and leadership, and the head of the activity's lead unit
    when that unit belongs to the plan's agency."""
    if is_task_manager(viewer, task):
        return True
    return viewer.agency_id == _plan_agency_id(task) and bool(
        viewer.head_unit_ids & units.lead_ids
    )


def can_acknowledge_task(viewer: Viewer, task: Task) -> bool:
    """Mark "seen" what waits for the unit."""
    return is_task_unit_member(viewer, task)


def can_add_activity(viewer: Viewer, plan: Plan) -> bool:
    """Add an activity (and its tasks) to a plan: whoever may edit its draft
    document (the plan editor), or, for the handling plan of a registered
    incoming document, the leadership directing it. An issued plan changes
    only through a document that amends it."""
    document = plan.document
    if can_edit_document(viewer, document):
        return True
    return document.direction == Direction.INCOMING and can_direct_incoming(
        viewer, document
    )
