"""Who may see and change plans, activities and tasks. One function per
decision; queries use the ``*_visible_q`` filters."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from kehoach.documents.permissions import documents_visible_q
from kehoach.orgs.viewer import Viewer
from kehoach.plans.models import Plan, Task


def plans_visible_q(viewer: Viewer) -> Q:
    """A plan is visible when its document is: the viewer's own agency's
    plans, and other agencies' plans that were sent to or assign work to the
    viewer's agency."""
    return documents_visible_q(viewer, prefix="document__")


def tasks_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """Tasks of the viewer's own agency's plans, and tasks given to the
    viewer's agency's units by other agencies' plans. An outside
    organisation thus sees only its own tasks in the plans it was given."""
    if viewer.is_superuser:
        return Q()
    if viewer.agency_id is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}activity__plan__agency_id": viewer.agency_id}) | Q(
        **{f"{prefix}unit__agency_id": viewer.agency_id}
    )


def get_plan_for(viewer: Viewer, pk: int) -> Plan:
    # A correlated EXISTS checks only this plan; "pk IN (every visible
    # plan)" made SQLite evaluate the visibility joins for all plans.
    visible = Plan.objects.filter(plans_visible_q(viewer), pk=OuterRef("pk"))
    plan = (
        Plan.objects.filter(Exists(visible), pk=pk)
        .select_related("document", "agency", "parent", "parent__document")
        .first()
    )
    if plan is None:
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
