"""Writes to tasks: progress with evidence, notes and contributions. Every
service checks permission (:mod:`kehoach.plans.permissions`) and runs in a
transaction.

Optimistic concurrency: a change of status or percent carries the task
version the user saw; :func:`~.concurrency.claim_next_version` takes the
next one or raises :class:`~.concurrency.TaskConflict` (409). Notes and
evidence are additive and need no version.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.notify import events as notify_events
from kehoach.orgs.viewer import Viewer, viewer_for
from kehoach.plans.enums import Attention, TaskRole, TaskStatus, UpdateKind
from kehoach.plans.evidence import CheckedFile, CheckedLink, check_links, check_uploads
from kehoach.plans.models import Evidence, ProgressUpdate, Task
from kehoach.plans.permissions import (
    ActivityUnits,
    activity_units_of,
    can_cancel_task,
    can_complete_task,
    can_contribute_to_task,
    can_update_task,
    is_task_unit_member,
)
from kehoach.plans.services.concurrency import TaskConflict, claim_next_version
from kehoach.plans.services.evidence_store import (
    flag_leads,
    removing_on_error,
    store_evidence,
)

logger = logging.getLogger(__name__)

_OPEN_ACTIVE = frozenset({TaskStatus.TODO, TaskStatus.IN_PROGRESS})


def _normalise(task: Task, status: str | None, percent: int | None) -> tuple[str, int]:
    """Keep status and percent consistent: done is 100 %; reaching 100 %
    completes an open task; progress above 0 % means the work has started,
    and moving back to "not started" resets it to 0 %."""
    new_status = status if status is not None else task.status
    new_percent = percent if percent is not None else task.percent
    if new_status == TaskStatus.DONE:
        new_percent = 100
    elif (
        new_percent == 100
        and new_percent != task.percent
        and new_status in _OPEN_ACTIVE
    ):
        new_status = TaskStatus.DONE
    elif new_status == TaskStatus.TODO and new_percent > 0:
        if percent is not None and percent != task.percent:
            new_status = TaskStatus.IN_PROGRESS
        else:
            new_percent = 0
    return new_status, new_percent


def _check_transition(viewer: Viewer, task: Task, status: str, percent: int) -> None:
    if task.status == TaskStatus.DONE and (status, percent) != (TaskStatus.DONE, 100):
        raise ActionRefused(
            _(
                "Nhiệm vụ đã hoàn thành. Chỉ Văn phòng hoặc lãnh đạo mở lại được; "
                "bạn vẫn có thể bổ sung ghi chú và minh chứng."
            ),
            status=409,
            code="task_done",
        )
    if (
        status == TaskStatus.DONE
        and task.status != TaskStatus.DONE
        and not can_complete_task(viewer, task)
    ):
        raise PermissionRefused(
            _("Chỉ đơn vị chủ trì mới xác nhận hoàn thành nhiệm vụ này.")
            if task.role == TaskRole.LEAD
            else _("Chỉ đơn vị được giao mới xác nhận hoàn thành nhiệm vụ này.")
        )
    cancelling = TaskStatus.CANCELLED in {status, task.status} and status != task.status
    if cancelling and not can_cancel_task(viewer, task):
        raise PermissionRefused(_("Chỉ Văn phòng hoặc lãnh đạo hủy nhiệm vụ được."))


def _validate_values(status: str | None, percent: int | None) -> None:
    if status is not None and status not in TaskStatus.values:
        raise ActionRefused(_("Trạng thái không hợp lệ."), code="invalid_status")
    if percent is not None and not 0 <= percent <= 100:
        raise ActionRefused(_("Tiến độ phải từ 0 đến 100%."), code="invalid_percent")


def record_progress(
    task: Task,
    *,
    actor: Any,
    expected_version: int | None,
    status: str | None = None,
    percent: int | None = None,
    note: str = "",
    files: Iterable[Any] = (),
    links: Iterable[str] = (),
) -> ProgressUpdate:
    """Record a progress report on a task: new status and/or percent, a note,
    evidence files (Django uploads; checked by content) and links.

    Who: the task's unit, the Office, leadership (:func:`can_update_task`);
    completing needs :func:`can_complete_task`. A status or percent needs
    ``expected_version``; when the task moved on since, raises
    :class:`TaskConflict` — any evidence sent is still kept, as a separate
    history entry listed in ``kept_evidence``. Clears the unit's "waiting"
    flag when the unit reports; a supporting unit's report flags the lead.
    A change of status or percent emits ``task.updated`` (and ``task.done``
    when it completes the task) to webhooks, in the same transaction.
    """
    viewer = viewer_for(actor)
    if not can_update_task(viewer, task):
        raise PermissionRefused(_("Bạn chỉ cập nhật được nhiệm vụ của đơn vị mình."))
    _validate_values(status, percent)
    checked_files = check_uploads(files)
    checked_links = check_links(links)
    note = (note or "").strip()
    stored: list[str] = []
    try:
        with removing_on_error(stored), transaction.atomic():
            return _record_progress(
                task,
                viewer=viewer,
                actor=actor,
                expected_version=expected_version,
                status=status,
                percent=percent,
                note=note,
                files=checked_files,
                links=checked_links,
                stored=stored,
            )
    except TaskConflict as conflict:
        if checked_files or checked_links:
            conflict.kept_evidence = _keep_evidence(
                task, viewer, actor, checked_files, checked_links
            )
        raise


def _record_progress(
    task: Task,
    *,
    viewer: Viewer,
    actor: Any,
    expected_version: int | None,
    status: str | None,
    percent: int | None,
    note: str,
    files: Sequence[CheckedFile],
    links: Sequence[CheckedLink],
    stored: list[str],
) -> ProgressUpdate:
    changing = status is not None or percent is not None
    if changing:
        if expected_version is None:
            raise ActionRefused(
                _("Thiếu phiên bản của nhiệm vụ (version)."), code="version_required"
            )
        current = claim_next_version(task.pk, expected_version)
    else:
        current = Task.objects.select_related("activity__plan", "unit").get(pk=task.pk)
    new_status, new_percent = _normalise(current, status, percent)
    _check_transition(viewer, current, new_status, new_percent)
    old_status, old_percent = current.status, current.percent
    if (new_status, new_percent) == (old_status, old_percent) and not (
        note or files or links
    ):
        raise ActionRefused(_("Không có thay đổi nào để lưu."), code="no_change")
    now = timezone.now()
    member = is_task_unit_member(viewer, current)
    fields: list[str] = []
    if changing:
        current.status, current.percent = new_status, new_percent
        current.completed_at = (
            (current.completed_at or now) if new_status == TaskStatus.DONE else None
        )
        fields += ["status", "percent", "completed_at", "version", "updated_at"]
    if member:
        current.last_update_at = now
        current.attention, current.attention_at = Attention.NONE, None
        fields += ["last_update_at", "attention", "attention_at"]
    if fields:
        current._history_user = actor  # type: ignore[attr-defined]
        current.save(update_fields=fields)
    update = ProgressUpdate.objects.create(
        task=current,
        kind=UpdateKind.PROGRESS if changing else UpdateKind.NOTE,
        actor=actor,
        actor_unit=current.unit if member else None,
        created_at=now,
        old_status=old_status,
        new_status=current.status,
        old_percent=old_percent,
        new_percent=current.percent,
        note=note,
        version=current.version if changing else None,
    )
    store_evidence(
        current, update, actor=actor, files=files, links=links, stored=stored
    )
    if member and current.role == TaskRole.SUPPORT:
        flag_leads(current, now)
    if (current.status, current.percent) != (old_status, old_percent):
        notify_events.emit("task.updated", current)
        if current.status == TaskStatus.DONE:
            notify_events.emit("task.done", current)
    logger.info(
        "task %s: %s/%s%% → %s/%s%% by %s",
        current.pk,
        old_status,
        old_percent,
        current.status,
        current.percent,
        actor,
    )
    return update


def _keep_evidence(
    task: Task,
    viewer: Viewer,
    actor: Any,
    files: Sequence[CheckedFile],
    links: Sequence[CheckedLink],
) -> list[Evidence]:
    """Evidence is additive: a conflict on status does not lose uploads."""
    stored: list[str] = []
    with removing_on_error(stored), transaction.atomic():
        update = _add_note(
            task,
            viewer=viewer,
            actor=actor,
            units=activity_units_of(task),
            note="",
            files=files,
            links=links,
            stored=stored,
        )
        return list(update.evidence.all())


def add_contribution(
    task: Task,
    *,
    actor: Any,
    note: str = "",
    files: Iterable[Any] = (),
    links: Iterable[str] = (),
) -> ProgressUpdate:
    """Add a note and/or evidence without changing status or percent.

    Who: :func:`can_contribute_to_task` — the task's unit, the Office,
    leadership, and supporting units on the lead's task. A supporting unit's
    entry is a *contribution*: it flags the lead's task as waiting for the
    lead. No version is needed: entries only add.
    """
    viewer = viewer_for(actor)
    units = activity_units_of(task)
    if not can_contribute_to_task(viewer, task, units):
        raise PermissionRefused(
            _("Bạn không có quyền bổ sung ghi chú hoặc minh chứng cho nhiệm vụ này.")
        )
    checked_files = check_uploads(files)
    checked_links = check_links(links)
    note = (note or "").strip()
    if not (note or checked_files or checked_links):
        raise ActionRefused(
            _("Hãy nhập ghi chú hoặc đính kèm minh chứng."), code="empty"
        )
    stored: list[str] = []
    with removing_on_error(stored), transaction.atomic():
        return _add_note(
            task,
            viewer=viewer,
            actor=actor,
            units=units,
            note=note,
            files=checked_files,
            links=checked_links,
            stored=stored,
        )


def _add_note(
    task: Task,
    *,
    viewer: Viewer,
    actor: Any,
    units: ActivityUnits,
    note: str,
    files: Sequence[CheckedFile],
    links: Sequence[CheckedLink],
    stored: list[str],
) -> ProgressUpdate:
    now = timezone.now()
    member = is_task_unit_member(viewer, task)
    helping = sorted(viewer.unit_ids & units.support_ids)
    contribution = not member and task.role == TaskRole.LEAD and bool(helping)
    if member:
        actor_unit_id: int | None = task.unit_id
    else:
        actor_unit_id = helping[0] if contribution else None
    update = ProgressUpdate.objects.create(
        task=task,
        kind=UpdateKind.CONTRIBUTION if contribution else UpdateKind.NOTE,
        actor=actor,
        actor_unit_id=actor_unit_id,
        created_at=now,
        note=note,
    )
    store_evidence(task, update, actor=actor, files=files, links=links, stored=stored)
    if contribution:
        Task.objects.filter(pk=task.pk).update(
            attention=Attention.CONTRIBUTION, attention_at=now
        )
    elif member:
        Task.objects.filter(pk=task.pk).update(
            last_update_at=now, attention=Attention.NONE, attention_at=None
        )
        if task.role == TaskRole.SUPPORT:
            flag_leads(task, now)
    return update
