"""Bulk actions on selected tasks: each task goes through the same service
as on its own page, and the whole batch is all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import viewer_for
from kehoach.plans.enums import TaskStatus
from kehoach.plans.models import ProgressUpdate, Task
from kehoach.plans.permissions import tasks_visible_q
from kehoach.plans.services.tasks import record_progress
from kehoach.plans.services.workflow import reassign_task

MAX_BULK = 500


class BulkAction:
    STATUS = "status"
    REASSIGN = "reassign"
    CHOICES = (
        (STATUS, gettext_lazy("Đặt trạng thái")),
        (REASSIGN, gettext_lazy("Giao lại cho đơn vị")),
    )


@dataclass(frozen=True)
class BulkItem:
    task_id: int
    version: int | None = None


@dataclass(frozen=True)
class BulkError:
    task_id: int
    label: str
    message: str


class BulkRefused(ActionRefused):
    """Some tasks could not be changed; nothing was saved. ``errors`` says
    which and why."""

    def __init__(self, errors: Sequence[BulkError]) -> None:
        self.errors = list(errors)
        super().__init__(
            _(
                "Không thực hiện được với {n} nhiệm vụ nên chưa có thay đổi nào "
                "được lưu. Bỏ chọn các nhiệm vụ này hoặc sửa lại rồi thử lại."
            ).format(n=len(self.errors)),
            code="bulk_refused",
        )


def _label(task: Task) -> str:
    activity = task.activity
    title = f"{activity.label} {activity.title}".strip()
    if len(title) > 80:
        title = title[:79] + "…"
    return f"{title} — {task.unit.name}"


@transaction.atomic
def bulk_update_tasks(
    items: Sequence[BulkItem],
    *,
    actor: Any,
    action: str,
    status: str | None = None,
    unit: Unit | None = None,
) -> list[ProgressUpdate]:
    """Set the status of, or reassign, each selected task through
    :func:`record_progress` / :func:`reassign_task` (same permissions and
    version checks as one by one). Every task is tried; if any is refused
    the whole batch is rolled back and :class:`BulkRefused` lists them.
    A task already in the requested status is left as it is."""
    if action not in {BulkAction.STATUS, BulkAction.REASSIGN}:
        raise ActionRefused(_("Thao tác không hợp lệ."), code="invalid_action")
    if action == BulkAction.STATUS and status not in TaskStatus.values:
        raise ActionRefused(_("Hãy chọn trạng thái."), code="invalid_status")
    if action == BulkAction.REASSIGN and unit is None:
        raise ActionRefused(_("Hãy chọn đơn vị nhận."), code="invalid_unit")
    if not items:
        raise ActionRefused(_("Chưa chọn nhiệm vụ nào."), code="empty")
    if len(items) > MAX_BULK:
        raise ActionRefused(
            _("Chọn tối đa {n} nhiệm vụ mỗi lần.").format(n=MAX_BULK), code="too_many"
        )
    viewer = viewer_for(actor)
    tasks = Task.objects.filter(
        tasks_visible_q(viewer), pk__in=[i.task_id for i in items]
    ).select_related("activity__plan", "unit")
    found = {t.pk: t for t in tasks}
    errors: list[BulkError] = []
    done: list[ProgressUpdate] = []
    for item in items:
        task = found.get(item.task_id)
        if task is None:
            errors.append(
                BulkError(
                    item.task_id, f"#{item.task_id}", _("Không tìm thấy nhiệm vụ.")
                )
            )
            continue
        if action == BulkAction.STATUS and task.status == status:
            continue
        try:
            with transaction.atomic():
                if action == BulkAction.STATUS:
                    update = record_progress(
                        task,
                        actor=actor,
                        expected_version=item.version or task.version,
                        status=status,
                    )
                else:
                    assert unit is not None  # noqa: S101 -- checked above
                    update = reassign_task(
                        task, actor=actor, unit=unit, expected_version=item.version
                    )
        except ActionRefused as exc:
            errors.append(BulkError(task.pk, _label(task), str(exc.message)))
        else:
            done.append(update)
    if errors:
        raise BulkRefused(errors)
    return done
