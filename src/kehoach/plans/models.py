"""Plans, their activities and duties, and the tasks of each unit."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kehoach.documents.models import Document
from kehoach.lib.text import fold
from kehoach.orgs.models import Agency, Unit
from kehoach.plans.deadlines import is_overdue
from kehoach.plans.enums import ActivityKind, DueKind, PlanStatus, TaskRole, TaskStatus


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
    def is_overdue(self) -> bool:
        activity = self.activity
        return is_overdue(activity.due_date, activity.due_kind, status=self.status)
