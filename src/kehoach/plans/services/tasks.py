"""Writes to tasks: progress with evidence, notes and contributions,
reopening, reassigning. Every service checks permission
(:mod:`kehoach.plans.permissions`) and runs in a transaction.

Optimistic concurrency: a change of status, percent, unit or a reopening
carries the task version the user saw; the service claims the next version
with ``UPDATE … WHERE version = seen`` (correct on SQLite and PostgreSQL)
and raises :class:`TaskConflict` (409) when someone else was first. Notes
and evidence are additive and need no version.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.lib.exceptions import ActionRefused, Conflict, PermissionRefused
from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import Viewer, viewer_for
from kehoach.plans.enums import (
    Attention,
    EvidenceKind,
    TaskRole,
    TaskStatus,
    UpdateKind,
)
from kehoach.plans.evidence import (
    CheckedFile,
    CheckedLink,
    check_links,
    check_uploads,
)
from kehoach.plans.models import Evidence, ProgressUpdate, Task
from kehoach.plans.permissions import (
    ActivityUnits,
    activity_units_of,
    can_acknowledge_task,
    can_cancel_task,
    can_complete_task,
    can_contribute_to_task,
    can_reassign_task,
    can_reopen_task,
    can_update_task,
    is_task_unit_member,
)

logger = logging.getLogger(__name__)

_OPEN_ACTIVE = frozenset({TaskStatus.TODO, TaskStatus.IN_PROGRESS})


def _who(update: ProgressUpdate) -> str:
    actor = update.actor
    if actor is None:
        return _("(không rõ)")
    person = getattr(actor, "person", None)
    return person.full_name if person is not None else actor.get_username()


def describe_update(update: ProgressUpdate) -> str:
    """``Hoàng Văn Nam lúc 25/08/2023 10:15: trạng thái Đang thực hiện →
    Hoàn thành; tiến độ 60% → 100%`` — for conflict messages."""
    parts: list[str] = []
    if update.kind == UpdateKind.REASSIGN and update.new_unit_id:
        parts.append(
            _("giao lại từ {old} sang {new}").format(
                old=update.old_unit.name if update.old_unit else "—",
                new=update.new_unit.name if update.new_unit else "—",
            )
        )
    elif update.kind == UpdateKind.REOPEN:
        parts.append(_("mở lại nhiệm vụ"))
    if update.status_changed:
        parts.append(
            _("trạng thái {old} → {new}").format(
                old=TaskStatus(update.old_status).label,
                new=TaskStatus(update.new_status).label,
            )
        )
    if update.percent_changed:
        parts.append(
            _("tiến độ {old}% → {new}%").format(
                old=update.old_percent, new=update.new_percent
            )
        )
    if not parts:
        parts.append(_("ghi chú mới"))
    when = timezone.localtime(update.created_at).strftime("%d/%m/%Y %H:%M")
    return _("{who} lúc {when}: {changes}").format(
        who=_who(update), when=when, changes="; ".join(parts)
    )


class TaskConflict(Conflict):
    """Someone changed the task after the user loaded it. Carries the task
    as it is now, the changes made since, and the evidence kept anyway."""

    def __init__(self, task: Task, changes: Sequence[ProgressUpdate]) -> None:
        self.task = task
        self.changes = list(changes)
        self.kept_evidence: list[Evidence] = []
        described = "; ".join(describe_update(u) for u in self.changes)
        if described:
            message = _(
                "Nhiệm vụ vừa được người khác cập nhật trước khi bạn lưu ({changes}). "
                "Thay đổi của bạn chưa được lưu và vẫn còn trên biểu mẫu: hãy xem "
                "lại rồi lưu lại."
            ).format(changes=described)
        else:
            message = _(
                "Nhiệm vụ vừa được người khác cập nhật trước khi bạn lưu. Thay đổi "
                "của bạn chưa được lưu và vẫn còn trên biểu mẫu: hãy xem lại rồi "
                "lưu lại."
            )
        super().__init__(message, code="conflict")


def _conflict(task_pk: int, expected_version: int) -> TaskConflict:
    task = Task.objects.select_related("activity__plan", "unit").get(pk=task_pk)
    changes = (
        ProgressUpdate.objects.filter(task_id=task_pk, version__gt=expected_version)
        .select_related("actor__person", "old_unit", "new_unit")
        .order_by("created_at", "id")
    )
    return TaskConflict(task, list(changes))


def _claim(task_pk: int, expected_version: int | None) -> Task:
    """Take the next version of a task, or raise :class:`TaskConflict`.
    Without ``expected_version`` the current one is taken (bulk, API)."""
    if expected_version is None:
        expected_version = Task.objects.values_list("version", flat=True).get(
            pk=task_pk
        )
    claimed = Task.objects.filter(pk=task_pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise _conflict(task_pk, expected_version)
    return Task.objects.select_related("activity__plan", "unit").get(pk=task_pk)


@contextmanager
def _removing_on_error(stored: list[str]) -> Iterator[None]:
    """Stored files of a write that fails are deleted again."""
    try:
        yield
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def _store_evidence(
    task: Task,
    update: ProgressUpdate,
    *,
    actor: Any,
    files: Sequence[CheckedFile],
    links: Sequence[CheckedLink],
    stored: list[str],
) -> list[Evidence]:
    items: list[Evidence] = []
    for checked in files:
        evidence = Evidence(
            task=task,
            update=update,
            kind=EvidenceKind.FILE,
            name=checked.name,
            size=checked.size,
            content_type=checked.content_type,
            sha256=checked.sha256,
            uploaded_by=actor,
            created_at=update.created_at,
        )
        content = (
            checked.stream if isinstance(checked.stream, File) else File(checked.stream)
        )
        evidence.file.save(f"evidence.{checked.extension}", content, save=False)
        stored.append(evidence.file.name)
        items.append(evidence)
    for link in links:
        items.append(
            Evidence(
                task=task,
                update=update,
                kind=EvidenceKind.LINK,
                url=link.url,
                name=link.name,
                uploaded_by=actor,
                created_at=update.created_at,
            )
        )
    return Evidence.objects.bulk_create(items)


def _flag_leads(task: Task, now: Any) -> None:
    """A supporting unit's work waits for the lead's attention."""
    Task.objects.filter(activity_id=task.activity_id, role=TaskRole.LEAD).exclude(
        pk=task.pk
    ).update(attention=Attention.CONTRIBUTION, attention_at=now)


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
        with _removing_on_error(stored), transaction.atomic():
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
        current = _claim(task.pk, expected_version)
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
    _store_evidence(
        current, update, actor=actor, files=files, links=links, stored=stored
    )
    if member and current.role == TaskRole.SUPPORT:
        _flag_leads(current, now)
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
    with _removing_on_error(stored), transaction.atomic():
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
    with _removing_on_error(stored), transaction.atomic():
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
    _store_evidence(task, update, actor=actor, files=files, links=links, stored=stored)
    if contribution:
        Task.objects.filter(pk=task.pk).update(
            attention=Attention.CONTRIBUTION, attention_at=now
        )
    elif member:
        Task.objects.filter(pk=task.pk).update(
            last_update_at=now, attention=Attention.NONE, attention_at=None
        )
        if task.role == TaskRole.SUPPORT:
            _flag_leads(task, now)
    return update


@transaction.atomic
def reopen_task(
    task: Task, *, actor: Any, reason: str, expected_version: int | None = None
) -> ProgressUpdate:
    """The Office or leadership reopen a done task, with a reason; the task
    goes back to "in progress" and waits for its unit."""
    viewer = viewer_for(actor)
    if not can_reopen_task(viewer, task):
        raise PermissionRefused(_("Chỉ Văn phòng hoặc lãnh đạo mở lại nhiệm vụ được."))
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Hãy ghi lý do mở lại."), code="reason_required")
    current = _claim(task.pk, expected_version)
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
    with the task; the new unit sees it as waiting."""
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
    current = _claim(task.pk, expected_version)
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
