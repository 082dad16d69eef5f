"""Kinds of notification, channels and the states of reminders and
deliveries."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NotificationKind(models.TextChoices):
    """What a notification is about; a person picks channels per kind."""

    TASK_DUE = "task_due", _("Nhắc hạn nhiệm vụ")
    TASK_OVERDUE = "task_overdue", _("Nhiệm vụ quá hạn")
    DATE_CONFIRM = "date_confirm", _("Xác nhận ngày dự kiến")
    DISTRIBUTION = "distribution", _("Văn bản chưa xác nhận đã nhận")
    DIFFICULTY = "difficulty", _("Khó khăn chờ quyết định")
    DIGEST = "digest", _("Bản tin hằng ngày")
    WEEKLY = "weekly", _("Tổng hợp hằng tuần")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("Trong ứng dụng")
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    CHAT = "chat", _("Ứng dụng chat")
    WEBHOOK = "webhook", _("Webhook")


# Channels a person chooses per kind (webhooks are the agency's, not a
# person's; in-app is always on: it is the record of what was sent).
PERSONAL_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.CHAT)
GATEWAY_CHANNELS = (Channel.SMS, Channel.CHAT)


class ReminderStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("trạng thái nhắc việc", "Chờ gửi")
    DISPATCHED = "dispatched", pgettext_lazy("trạng thái nhắc việc", "Đã gửi")
    DROPPED = "dropped", pgettext_lazy("trạng thái nhắc việc", "Bỏ qua")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("trạng thái gửi", "Chờ gửi")
    SENT = "sent", pgettext_lazy("trạng thái gửi", "Đã gửi")
    FAILED = "failed", pgettext_lazy("trạng thái gửi", "Thất bại")
    SKIPPED = "skipped", pgettext_lazy("trạng thái gửi", "Không gửi")


class HttpMethod(models.TextChoices):
    POST = "POST", "POST"
    PUT = "PUT", "PUT"
    GET = "GET", "GET"


class BodyFormat(models.TextChoices):
    JSON = "application/json", "JSON"
    FORM = "application/x-www-form-urlencoded", _("Biểu mẫu (form)")
    TEXT = "text/plain", _("Văn bản thuần")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ nhật")


# Outbound webhook events. Task events come from plans services through
# ``notify.events.emit``; ``task.overdue`` from the periodic job.
class WebhookEvent(models.TextChoices):
    TASK_CREATED = "task.created", _("Nhiệm vụ được tạo")
    TASK_UPDATED = "task.updated", _("Nhiệm vụ được cập nhật")
    TASK_DONE = "task.done", pgettext_lazy("sự kiện webhook", "Nhiệm vụ hoàn thành")
    TASK_OVERDUE = "task.overdue", pgettext_lazy("sự kiện webhook", "Nhiệm vụ quá hạn")
    DOCUMENT_ISSUED = "document.issued", _("Văn bản được ban hành")
    DOCUMENT_ACKNOWLEDGED = "document.acknowledged", _("Văn bản được xác nhận đã nhận")
