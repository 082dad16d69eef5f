from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("trạng thái kế hoạch", "Dự thảo")
    ACTIVE = "active", pgettext_lazy("trạng thái kế hoạch", "Đang triển khai")
    COMPLETED = "completed", pgettext_lazy("trạng thái kế hoạch", "Đã hoàn thành")
    CANCELLED = "cancelled", pgettext_lazy("trạng thái kế hoạch", "Đã hủy")


class ActivityKind(models.TextChoices):
    ACTIVITY = "activity", pgettext_lazy("loại hoạt động", "Hoạt động")
    DUTY = "duty", _("Nhiệm vụ tổ chức thực hiện")


class DueKind(models.TextChoices):
    BEFORE = "before", _("Trước ngày")
    ON = "on", _("Vào ngày")
    PLANNED = "planned", _("Dự kiến")
    PERIOD = "period", _("Trong khoảng")
    RECURRING = "recurring", _("Định kỳ")
    OTHER = "other", _("Khác")


class TaskRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    SUPPORT = "support", _("Phối hợp")
    INFO = "info", _("Để biết")


class TaskStatus(models.TextChoices):
    TODO = "todo", pgettext_lazy("trạng thái nhiệm vụ", "Chưa thực hiện")
    IN_PROGRESS = "in_progress", pgettext_lazy("trạng thái nhiệm vụ", "Đang thực hiện")
    DONE = "done", pgettext_lazy("trạng thái nhiệm vụ", "Hoàn thành")
    PAUSED = "paused", pgettext_lazy("trạng thái nhiệm vụ", "Tạm dừng")
    CANCELLED = "cancelled", pgettext_lazy("trạng thái nhiệm vụ", "Hủy")


CLOSED_TASK_STATUSES = frozenset({TaskStatus.DONE, TaskStatus.CANCELLED})

# Statuses a unit moves a task through on the board, in column order.
BOARD_STATUSES = (
    TaskStatus.TODO,
    TaskStatus.IN_PROGRESS,
    TaskStatus.PAUSED,
    TaskStatus.DONE,
)


class UpdateKind(models.TextChoices):
    """What one entry of a task's history records."""

    PROGRESS = "progress", _("Cập nhật tiến độ")
    NOTE = "note", _("Ghi chú, minh chứng")
    CONTRIBUTION = "contribution", _("Đóng góp của đơn vị phối hợp")
    REOPEN = "reopen", _("Mở lại nhiệm vụ")
    REASSIGN = "reassign", _("Giao lại cho đơn vị khác")


class Attention(models.TextChoices):
    """Why a task waits for its unit (cleared when the unit acts)."""

    NONE = "", _("Không")
    CONTRIBUTION = "contribution", _("Có đóng góp mới của đơn vị phối hợp")
    REOPENED = "reopened", _("Đã được mở lại")
    REASSIGNED = "reassigned", _("Mới được giao lại")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("Tệp")
    LINK = "link", _("Đường dẫn")
