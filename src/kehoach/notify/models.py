"""Notifications: per-agency rules, reminders (one row per reminder, claimed
once), in-app notifications, deliveries per channel with their attempt log,
per-person preferences, gateways and webhook subscriptions."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kehoach.notify.enums import (
    BodyFormat,
    Channel,
    DeliveryStatus,
    HttpMethod,
    NotificationKind,
    ReminderStatus,
    Weekday,
)
from kehoach.orgs.models import Agency

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _days(
    verbose_name: StrOrPromise, default: int, *, maximum: int = 60
) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=[MaxValueValidator(maximum)]
    )


# Default hours are callables, not constants: Django's system check warns
# about a fixed time default during the ten seconds around that time of day
# (fields.W161), which made ``check --deploy`` fail at 07:30 UTC.


def half_past_seven() -> dt.time:
    """When digests and weekly summaries go out by default."""
    return dt.time(7, 30)


def eight_oclock() -> dt.time:
    """When reminders go out by default."""
    return dt.time(8, 0)


class NotificationSettings(models.Model):
    """The reminder rules of one agency. An agency without a row uses the
    defaults below (``queries.settings_for``)."""

    agency = models.OneToOneField(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    reminders_enabled = models.BooleanField(_("bật nhắc việc"), default=True)
    remind_days_before = _days(_("nhắc trước hạn (ngày)"), 3)
    remind_on_due_day = models.BooleanField(_("nhắc vào ngày đến hạn"), default=True)
    escalate_office_after_days = _days(
        _("báo Văn phòng sau khi báo trưởng đơn vị (ngày)"), 2
    )
    overdue_lookback_days = _days(
        _("chỉ báo quá hạn cho thời hạn trong vòng (ngày)"), 14, maximum=365
    )
    confirm_planned_days_before = _days(_("hỏi xác nhận ngày dự kiến trước (ngày)"), 7)
    distribution_ack_days = _days(_("nhắc xác nhận đã nhận văn bản sau (ngày)"), 2)
    difficulty_decision_days = _days(
        _("nhắc lãnh đạo quyết định khó khăn sau (ngày)"), 3
    )
    send_time = models.TimeField(_("giờ gửi nhắc việc"), default=eight_oclock)
    digest_enabled = models.BooleanField(_("gửi bản tin hằng ngày"), default=True)
    digest_time = models.TimeField(_("giờ gửi bản tin"), default=half_past_seven)
    weekly_enabled = models.BooleanField(_("gửi tổng hợp hằng tuần"), default=True)
    weekly_weekday = models.PositiveSmallIntegerField(
        _("ngày gửi tổng hợp tuần"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    weekly_time = models.TimeField(_("giờ gửi tổng hợp tuần"), default=half_past_seven)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cấu hình thông báo")
        verbose_name_plural = _("cấu hình thông báo")

    def __str__(self) -> str:
        return str(self.agency)


class Gateway(models.Model):
    """A generic HTTP gateway for SMS or a chat app, configured per agency.

    ``url`` and ``body_template`` may use the placeholders ``{to}``,
    ``{text}``, ``{subject}``, ``{link}`` and ``{id}``; values are escaped
    for the body format (JSON string content, form or URL encoding).
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="notification_gateways",
    )
    channel = models.CharField(
        _("kênh"),
        max_length=10,
        choices=[(Channel.SMS, Channel.SMS.label), (Channel.CHAT, Channel.CHAT.label)],
    )
    name = models.CharField(_("tên"), max_length=100)
    url = models.URLField(_("địa chỉ URL"), max_length=500)
    method = models.CharField(
        _("phương thức HTTP"),
        max_length=6,
        choices=HttpMethod.choices,
        default=HttpMethod.POST,
    )
    body_format = models.CharField(
        _("định dạng nội dung"),
        max_length=40,
        choices=BodyFormat.choices,
        default=BodyFormat.JSON,
    )
    body_template = models.TextField(
        _("mẫu nội dung"),
        blank=True,
        default='{"to": "{to}", "text": "{text}"}',
    )
    auth_header_name = models.CharField(
        _("tên tiêu đề xác thực"), max_length=100, blank=True, default="Authorization"
    )
    auth_header_value = models.CharField(
        _("giá trị tiêu đề xác thực"), max_length=500, blank=True
    )
    timeout_seconds = models.PositiveSmallIntegerField(
        _("thời gian chờ (giây)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("cổng gửi tin")
        verbose_name_plural = _("cổng gửi tin")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agency", "channel"], name="notify_gateway_one_per_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_channel_display()})"


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """Another system that receives signed JSON events of an agency."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
    )
    name = models.CharField(_("tên"), max_length=100)
    url = models.URLField(_("địa chỉ URL"), max_length=500)
    secret = models.CharField(
        _("khóa ký"), max_length=100, default=new_webhook_secret, editable=False
    )
    events = models.JSONField(_("sự kiện"), default=list)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký webhook")
        verbose_name_plural = _("đăng ký webhook")
        ordering: ClassVar = ["agency_id", "name"]

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """One reminder to one person, created by a rule for one object and one
    occurrence. The unique key makes creating it idempotent; the worker
    claims it with a conditional UPDATE, so it is dispatched once.

    A reminder to someone without a login (an outside organisation that
    must acknowledge a document) has no ``recipient`` but an e-mail
    ``address``: it goes out by e-mail only, once per address."""

    rule = models.CharField(_("quy tắc"), max_length=40)
    kind = models.CharField(_("loại"), max_length=20, choices=NotificationKind.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+"
    )
    object_type = models.CharField(_("loại đối tượng"), max_length=20)
    object_id = models.BigIntegerField(_("mã đối tượng"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    address = models.CharField(_("địa chỉ thư"), max_length=254, blank=True)
    occurrence = models.DateField(_("lần"))
    due_at = models.DateTimeField(_("gửi từ"))
    urgent = models.BooleanField(_("khẩn"), default=False)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt nhắc")
        verbose_name_plural = _("lượt nhắc")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["rule", "object_type", "object_id", "recipient", "occurrence"],
                name="notify_reminder_once",
            ),
            models.UniqueConstraint(
                fields=["rule", "object_type", "object_id", "address", "occurrence"],
                condition=models.Q(recipient__isnull=True),
                name="notify_reminder_once_by_address",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(address=""),
                name="notify_reminder_has_recipient",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["status", "due_at"], name="notify_rem_due_idx"),
            models.Index(fields=["claimed_by"], name="notify_rem_claim_idx"),
        ]

    def __str__(self) -> str:
        to = self.recipient_id or self.address
        return f"{self.rule} {self.object_type}#{self.object_id} → {to} ({self.occurrence})"


class Notification(models.Model):
    """What a person sees in the notification centre."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    reminder = models.OneToOneField(
        Reminder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
    )
    kind = models.CharField(_("loại"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=500, blank=True)
    urgent = models.BooleanField(_("khẩn"), default=False)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(
                fields=["recipient", "read_at"], name="notify_notif_unread_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """One message on one outside channel (e-mail, SMS, chat, webhook), with
    its own state so that a crash mid-send resumes without duplicates."""

    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    reminder = models.ForeignKey(
        Reminder,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    subscription = models.ForeignKey(
        WebhookSubscription,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    event = models.CharField(_("sự kiện"), max_length=40, blank=True)
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    dedupe_key = models.CharField(max_length=200, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt gửi")
        verbose_name_plural = _("lượt gửi")
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["reminder", "channel"],
                condition=models.Q(reminder__isnull=False),
                name="notify_delivery_once_per_channel",
            ),
            models.UniqueConstraint(
                fields=["subscription", "dedupe_key"],
                condition=models.Q(subscription__isnull=False),
                name="notify_delivery_event_once",
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["status", "next_attempt_at"], name="notify_dlv_due_idx"
            ),
            models.Index(fields=["claimed_by"], name="notify_dlv_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address} ({self.get_status_display()})"


class DeliveryAttempt(models.Model):
    """The delivery log: one row per attempt, kept for the admin."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField(_("lần"))
    started_at = models.DateTimeField(_("bắt đầu"))
    duration_ms = models.PositiveIntegerField(_("thời gian (ms)"), default=0)
    ok = models.BooleanField(_("thành công"), default=False)
    status_code = models.PositiveSmallIntegerField(_("mã HTTP"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    worker = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("nhật ký gửi")
        verbose_name_plural = _("nhật ký gửi")
        ordering: ClassVar = ["delivery_id", "number"]

    def __str__(self) -> str:
        return f"#{self.delivery_id} {self.number}"


class UserPreference(models.Model):
    """A person's choice of channels per kind, and quiet hours.

    ``channels`` maps a kind to the outside channels it goes to; a kind
    not in the map uses ``DEFAULT_CHANNELS``. During quiet hours e-mail, SMS
    and chat wait until the window ends; in-app notifications appear at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    channels = models.JSONField(default=dict, blank=True)
    quiet_start = models.TimeField(_("bắt đầu giờ yên lặng"), null=True, blank=True)
    quiet_end = models.TimeField(_("kết thúc giờ yên lặng"), null=True, blank=True)
    chat_id = models.CharField(
        _("mã người nhận trên ứng dụng chat"), max_length=100, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")

    def __str__(self) -> str:
        return str(self.user)


class PeriodicJob(models.Model):
    """When a periodic job runs next. Workers claim a due job with a
    conditional UPDATE so that one of them runs it each interval."""

    name = models.CharField(max_length=60, primary_key=True)
    next_run_at = models.DateTimeField()
    claimed_by = models.CharField(max_length=80, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("công việc định kỳ")
        verbose_name_plural = _("công việc định kỳ")

    def __str__(self) -> str:
        return self.name
