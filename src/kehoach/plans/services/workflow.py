"""Writes that steer a task rather than report on it: the Office reopens a
done task, a task is given to another unit, the unit marks as seen what
waited for it."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.notify import events as notify_events
from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import viewer_for
from kehoach.plans.enums import Attention, TaskStatus, UpdateKind
from kehoach.plans.models import ProgressUpdate, Task
from kehoach.plans.permissions import (
    activity_units_of,
    can_acknowledge_task,
    can_reassign_task,
    can_reopen_task,
)
from kehoach.plans.services.concurrency import claim_next_version

logger = logging.getLogger(__name__)


@transaction.atomic
def reopen_task(
    task: Task, *, actor: Any, reason: str, expected_version: int | None = None
) -> ProgressUpdate:
    """The Office or leadership reopen a done task, with a reason; the task
    goes back to "in progress" and waits for its unit. Emits
    ``task.updated``."""
    viewer = viewer_for(actor)
    if not can_reopen_task(viewer, task):
        raise PermissionRefused(_("Chỉ Văn phòng hoặc lãnh đạo mở lại nhiệm vụ được."))
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Hãy ghi lý do mở lại."), code="reason_required")
    current = claim_next_version(task.pk, expected_version)
    if current.status != TaskStatus.DONE:
        raise ActionRefused(
            _("Chỉ mở lại được nhiệm vụ đã hoàn thành."), status=409, code="not_done"
        )
    now = timezone.now()
    current.status = TaskStatus.IN_PROGRESS
    current.completed_at = None
    current.attention, current.attention_at = Attention.REOPENED, now
    current._history_user = actor  # type: ignore[attr-defined]
    current.save(
        update_fields=[
            "status",
            "completed_at",
            "attention",
            "attention_at",
            "version",
            "updated_at",
        ]
    )
    notify_events.emit("task.updated", current)
    logger.info("task %s reopened by %s", current.pk, actor)
    return ProgressUpdate.objects.create(
        task=current,
        kind=UpdateKind.REOPEN,
        actor=actor,
        created_at=now,
        old_status=TaskStatus.DONE,
        new_status=current.status,
        old_percent=current.percent,
        new_percent=current.percent,
        note=reason,
        version=current.version,
    )


@transaction.atomic
def reassign_task(
    task: Task,
    *,
    actor: Any,
    unit: Unit,
    note: str = "",
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Give a task to another unit of the plan's agency (the Office,
    leadership, or the head of the activity's lead unit). The history stays
    with the task; the new unit sees it as waiting. Emits ``task.updated``
    (its ``unit_id`` is the new unit)."""
    viewer = viewer_for(actor)
    units = activity_units_of(task)
    if not can_reassign_task(viewer, task, units):
        raise PermissionRefused(
            _(
                "Chỉ Văn phòng, lãnh đạo hoặc trưởng đơn vị chủ trì giao lại "
                "nhiệm vụ được."
            )
        )
    if unit.agency_id != task.activity.plan.agency_id:
        raise ActionRefused(
            _("Chỉ giao lại được cho đơn vị trong cơ quan ban hành kế hoạch."),
            code="other_agency",
        )
    current = claim_next_version(task.pk, expected_version)
    if current.is_closed:
        raise ActionRefused(
            _("Không giao lại nhiệm vụ đã hoàn thành hoặc đã hủy."), code="closed"
        )
    if current.unit_id == unit.pk:
        raise ActionRefused(
            _("Nhiệm vụ đã thuộc {unit}.").format(unit=unit.name), code="same_unit"
        )
    if Task.objects.filter(activity_id=current.activity_id, unit=unit).exists():
        raise ActionRefused(
            _("{unit} đã có nhiệm vụ trong hoạt động này.").format(unit=unit.name),
            status=409,
            code="duplicate",
        )
    now = timezone.now()
    old_unit = current.unit
    current.unit = unit
    current.attention, current.attention_at = Attention.REASSIGNED, now
    current.last_update_at = None
    current._history_user = actor  # type: ignore[attr-defined]
    current.save(
        update_fields=[
            "unit",
            "attention",
            "attention_at",
            "last_update_at",
            "version",
            "updated_at",
        ]
    )
    notify_events.emit("task.updated", current)
    logger.info("task %s reassigned %s → %s by %s", current.pk, old_unit, unit, actor)
    return ProgressUpdate.objects.create(
        task=current,
        kind=UpdateKind.REASSIGN,
        actor=actor,
        created_at=now,
        old_status=current.status,
        new_status=current.status,
        old_percent=current.percent,
        new_percent=current.percent,
        old_unit=old_unit,
        new_unit=unit,
        note=(note or "").strip(),
        version=current.version,
    )


def acknowledge_task(task: Task, *, actor: Any) -> None:
    """The unit marks as seen what waited for it (a contribution, a
    reopening, a reassignment). Idempotent."""
    viewer = viewer_for(actor)
    if not can_acknowledge_task(viewer, task):
        raise PermissionRefused(_("Bạn chỉ đánh dấu được nhiệm vụ của đơn vị mình."))
    Task.objects.filter(pk=task.pk).exclude(attention=Attention.NONE).update(
        attention=Attention.NONE, attention_at=None
    )
