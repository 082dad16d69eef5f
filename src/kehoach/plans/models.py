"""Plans, their activities and duties, and the tasks of each unit."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kehoach.documents.models import Document
from kehoach.lib.text import fold
from kehoach.orgs.models import Agency, Unit
from kehoach.plans.deadlines import is_overdue
from kehoach.plans.enums import (
    CLOSED_TASK_STATUSES,
    ActivityKind,
    Attention,
    DueKind,
    EvidenceKind,
    PlanStatus,
    TaskRole,
    TaskStatus,
    UpdateKind,
)


class Plan(models.Model):
    """A Kế hoạch: its document, its year and the plan it implements."""

    document = models.OneToOneField(
        Document,
        verbose_name=_("văn bản"),
        on_delete=models.PROTECT,
        related_name="plan",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    year = models.PositiveIntegerField(_("năm"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    parent_activity = models.ForeignKey(
        "Activity",
        verbose_name=_("thực hiện nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sub_plans",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering: ClassVar = ["-year", "-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["agency", "year", "status"])]

    def __str__(self) -> str:
        return self.document.title if self.document_id else f"#{self.pk}"

    @property
    def title(self) -> str:
        return self.document.title


class Activity(models.Model):
    """An item of the plan with units and a deadline.

    Activities come from the content part ("3.1 Tri ân…, Đơn vị chủ trì…");
    duties from "Tổ chức thực hiện". Lead and support units are the
    activity's tasks with that role; ``lead_text``/``support_text`` keep the
    words the document used.
    """

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("kế hoạch"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(
        _("loại"),
        max_length=10,
        choices=ActivityKind.choices,
        default=ActivityKind.ACTIVITY,
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    label = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    title = models.TextField(_("nội dung"))
    description = models.TextField(_("mô tả"), blank=True)
    lead_text = models.JSONField(_("chủ trì (nguyên văn)"), default=list, blank=True)
    support_text = models.JSONField(
        _("phối hợp (nguyên văn)"), default=list, blank=True
    )
    due_date = models.DateField(_("thời hạn"), null=True, blank=True)
    due_start = models.DateField(_("bắt đầu"), null=True, blank=True)
    due_kind = models.CharField(
        _("loại thời hạn"), max_length=10, choices=DueKind.choices, blank=True
    )
    due_text = models.CharField(_("thời hạn (nguyên văn)"), max_length=255, blank=True)
    funding = models.CharField(_("kinh phí"), max_length=255, blank=True)
    budget_vnd = models.BigIntegerField(
        _("dự toán (đồng)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering: ClassVar = ["plan_id", "kind", "order"]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(f"{self.title} {self.description}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_overdue(self) -> bool:
        return is_overdue(self.due_date, self.due_kind)


class Task(models.Model):
    """What one unit owes for one activity, in its role."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("hoạt động"),
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="tasks"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=TaskRole.choices)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=TaskStatus.choices,
        default=TaskStatus.TODO,
    )
    percent = models.PositiveSmallIntegerField(
        _("tiến độ (%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # When the unit itself last reported (None: no update yet).
    last_update_at = models.DateTimeField(_("cập nhật gần nhất"), null=True, blank=True)
    # Why the task waits for its unit; cleared when the unit acts.
    attention = models.CharField(
        _("cần xử lý"),
        max_length=12,
        choices=Attention.choices,
        default=Attention.NONE,
        blank=True,
    )
    attention_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering: ClassVar = ["activity_id", "role", "unit_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["activity", "unit"], name="plans_task_unique_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="plans_task_percent_range",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return f"{self.unit} – {self.activity}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_TASK_STATUSES

    @property
    def is_overdue(self) -> bool:
        activity = self.activity
        return is_overdue(activity.due_date, activity.due_kind, status=self.status)


class ProgressUpdate(models.Model):
    """One entry of a task's history: a progress report, a note or a
    supporting unit's contribution, a reopening or a reassignment.

    ``version`` is the task's version this entry produced (None for
    additive entries — notes, contributions — that do not change the task).
    """

    task = models.ForeignKey(
        Task,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    kind = models.CharField(
        _("loại"),
        max_length=12,
        choices=UpdateKind.choices,
        default=UpdateKind.PROGRESS,
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_unit = models.ForeignKey(
        Unit,
        verbose_name=_("thay mặt đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    old_status = models.CharField(max_length=12, choices=TaskStatus.choices, blank=True)
    new_status = models.CharField(max_length=12, choices=TaskStatus.choices, blank=True)
    old_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    new_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    old_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    new_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["task", "created_at"])]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def status_changed(self) -> bool:
        return bool(self.new_status) and self.old_status != self.new_status

    @property
    def percent_changed(self) -> bool:
        return self.new_percent is not None and self.old_percent != self.new_percent


def evidence_path(instance: Evidence, filename: str) -> str:
    """Stored names never carry the uploader's file name (kept in ``name``):
    ``evidence/2023/08/<uuid>.<ext of the detected type>``."""
    now = timezone.now()
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"evidence/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{ext}"


class Evidence(models.Model):
    """Proof of work on a task: a checked file or an http(s) link."""

    task = models.ForeignKey(
        Task,
        verbose_name=_("nhiệm vụ"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
    )
    kind = models.CharField(
        _("loại"), max_length=4, choices=EvidenceKind.choices, default=EvidenceKind.FILE
    )
    file = models.FileField(
        _("tệp"), upload_to=evidence_path, max_length=255, blank=True
    )
    url = models.URLField(_("đường dẫn"), max_length=2000, blank=True)
    name = models.CharField(_("tên"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type in {"image/jpeg", "image/png"}
