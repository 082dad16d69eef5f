"""Reads of plans, activities and tasks, already filtered by what the viewer
may see. Views, the API and reports use these; they never query models
directly."""

from __future__ import annotations

from django.db.models import QuerySet

from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import Viewer
from kehoach.plans.models import Task


def tasks_for_unit(unit: Unit, *, viewer: Viewer) -> QuerySet[Task]:
    """The tasks of one unit, with their activity and plan, for a viewer who
    may see that unit. (Visibility is refined by the plans work.)"""
    return (
        Task.objects.filter(unit=unit)
        .select_related("activity", "activity__plan", "activity__plan__document", "unit")
        .order_by("activity__due_date", "activity__plan_id", "activity__order")
    )
