from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kehoach.notify.enums import DeliveryStatus
from kehoach.notify.models import (
    Delivery,
    DeliveryAttempt,
    Gateway,
    Notification,
    NotificationSettings,
    PeriodicJob,
    Reminder,
    UserPreference,
    WebhookSubscription,
)
from kehoach.notify.services import retry_delivery


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["agency", "reminders_enabled", "remind_days_before", "digest_time"]
    raw_id_fields = ["agency", "updated_by"]


@admin.register(Gateway)
class GatewayAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "channel", "url", "is_active"]
    list_filter = ["channel", "is_active"]
    raw_id_fields = ["agency"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "url", "is_active", "created_at"]
    list_filter = ["is_active"]
    readonly_fields = ["secret"]
    raw_id_fields = ["agency", "created_by"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = [
        "rule",
        "object_type",
        "object_id",
        "recipient",
        "occurrence",
        "status",
        "processed_at",
    ]
    list_filter = ["rule", "status"]
    raw_id_fields = ["agency", "recipient"]
    date_hierarchy = "occurrence"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "reminder"]


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = [
        "number",
        "started_at",
        "duration_ms",
        "ok",
        "status_code",
        "error",
        "worker",
    ]


@admin.action(description=_("Gửi lại các lượt đã chọn"))
def retry_selected(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Delivery],
) -> None:
    for delivery in queryset.filter(status=DeliveryStatus.FAILED).select_related(
        "agency"
    ):
        retry_delivery(delivery, actor=request.user)
    messages.success(request, _("Đã đưa vào hàng đợi gửi lại."))


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Failed deliveries with their error: filter on status “Thất bại”."""

    list_display = [
        "id",
        "channel",
        "status",
        "address",
        "event",
        "attempts",
        "last_error",
        "next_attempt_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["address", "last_error", "event"]
    raw_id_fields = ["reminder", "recipient", "subscription", "agency"]
    inlines = [AttemptInline]
    actions = [retry_selected]


@admin.register(UserPreference)
class UserPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "quiet_start", "quiet_end"]
    raw_id_fields = ["user"]


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "next_run_at",
        "last_started_at",
        "last_finished_at",
        "last_error",
    ]
