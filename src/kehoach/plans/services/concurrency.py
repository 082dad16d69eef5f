"""Optimistic concurrency for tasks: claiming the next version with a
conditional ``UPDATE … WHERE version = seen`` (correct on SQLite and
PostgreSQL alike), and the conflict that tells the second editor what the
first one changed."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.lib.exceptions import Conflict
from kehoach.plans.enums import TaskStatus, UpdateKind
from kehoach.plans.models import Evidence, ProgressUpdate, Task


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


def conflict_for(task_pk: int, expected_version: int) -> TaskConflict:
    task = Task.objects.select_related("activity__plan", "unit").get(pk=task_pk)
    changes = (
        ProgressUpdate.objects.filter(task_id=task_pk, version__gt=expected_version)
        .select_related("actor__person", "old_unit", "new_unit")
        .order_by("created_at", "id")
    )
    return TaskConflict(task, list(changes))


def claim_next_version(task_pk: int, expected_version: int | None) -> Task:
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
        raise conflict_for(task_pk, expected_version)
    return Task.objects.select_related("activity__plan__document", "unit").get(
        pk=task_pk
    )
