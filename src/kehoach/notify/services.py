"""Every write of the notification module made by people (the engine's
writes are in ``reminders`` and ``delivery``). Each checks permission and
runs in a transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.notify.enums import (
    GATEWAY_CHANNELS,
    PERSONAL_CHANNELS,
    DeliveryStatus,
    NotificationKind,
    WebhookEvent,
)
from kehoach.notify.models import (
    Delivery,
    Gateway,
    Notification,
    NotificationSettings,
    UserPreference,
    WebhookSubscription,
)
from kehoach.notify.permissions import can_manage_notifications
from kehoach.orgs.models import Agency
from kehoach.orgs.viewer import viewer_for


@transaction.atomic
def mark_read(notification: Notification, *, actor: Any) -> Notification:
    """Mark one of the actor's notifications read (idempotent)."""
    if notification.recipient_id != actor.pk:
        raise PermissionRefused(_("Đây không phải thông báo của bạn."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def update_preferences(
    user: Any,
    *,
    actor: Any,
    channels: Mapping[str, Iterable[str]],
    quiet_start: dt.time | None = None,
    quiet_end: dt.time | None = None,
    chat_id: str = "",
) -> UserPreference:
    """Save a person's channels per kind and quiet hours. Only the person
    may change them. Kinds not given keep the defaults."""
    if actor.pk != user.pk:
        raise PermissionRefused(_("Bạn chỉ có thể đổi tùy chọn của chính mình."))
    if (quiet_start is None) != (quiet_end is None):
        raise ActionRefused(_("Giờ yên lặng cần cả giờ bắt đầu và giờ kết thúc."))
    cleaned: dict[str, list[str]] = {}
    for kind, chosen in channels.items():
        if kind not in NotificationKind.values:
            raise ActionRefused(
                _("Loại thông báo không hợp lệ: {kind}.").format(kind=kind)
            )
        values = list(dict.fromkeys(chosen))
        unknown = [c for c in values if c not in PERSONAL_CHANNELS]
        if unknown:
            raise ActionRefused(
                _("Kênh không hợp lệ: {channel}.").format(channel=", ".join(unknown))
            )
        cleaned[kind] = values
    preference, _created = UserPreference.objects.get_or_create(user=user)
    preference.channels = {**preference.channels, **cleaned}
    preference.quiet_start, preference.quiet_end = quiet_start, quiet_end
    preference.chat_id = chat_id.strip()[:100]
    preference.full_clean()
    preference.save()
    return preference


def _require_manager(actor: Any, agency: Agency) -> None:
    if not can_manage_notifications(viewer_for(actor), agency):
        raise PermissionRefused(
            _(
                "Chỉ quản trị viên hoặc Văn phòng của cơ quan được đổi cấu hình thông báo."
            )
        )


@transaction.atomic
def update_agency_settings(
    agency: Agency, *, actor: Any, values: Mapping[str, Any]
) -> NotificationSettings:
    """Save the agency's reminder rules (fields of NotificationSettings)."""
    _require_manager(actor, agency)
    current, _created = NotificationSettings.objects.get_or_create(agency=agency)
    editable = {
        f.name
        for f in NotificationSettings._meta.concrete_fields
        if f.editable and f.name not in {"id", "agency", "updated_by", "updated_at"}
    }
    unknown = set(values) - editable
    if unknown:
        raise ActionRefused(
            _("Trường không hợp lệ: {fields}.").format(
                fields=", ".join(sorted(unknown))
            )
        )
    for name, value in values.items():
        setattr(current, name, value)
    current.updated_by = actor
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def save_gateway(
    agency: Agency, channel: str, *, actor: Any, values: Mapping[str, Any]
) -> Gateway:
    """Create or change the agency's SMS or chat gateway."""
    _require_manager(actor, agency)
    if channel not in GATEWAY_CHANNELS:
        raise ActionRefused(_("Kênh không hợp lệ: {channel}.").format(channel=channel))
    gateway = Gateway.objects.filter(agency=agency, channel=channel).first() or Gateway(
        agency=agency, channel=channel
    )
    for name, value in values.items():
        setattr(gateway, name, value)
    gateway.full_clean()
    gateway.save()
    return gateway


@transaction.atomic
def create_subscription(
    agency: Agency, *, actor: Any, name: str, url: str, events: Iterable[str]
) -> WebhookSubscription:
    """Subscribe another system to the agency's events. The secret is
    generated here and shown to the admin once."""
    _require_manager(actor, agency)
    chosen = list(dict.fromkeys(events))
    if not chosen or any(e not in WebhookEvent.values for e in chosen):
        raise ActionRefused(_("Chọn ít nhất một sự kiện hợp lệ."))
    subscription = WebhookSubscription(
        agency=agency,
        name=name.strip(),
        url=url.strip(),
        events=chosen,
        created_by=actor,
    )
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def set_subscription_active(
    subscription: WebhookSubscription, *, actor: Any, active: bool
) -> WebhookSubscription:
    _require_manager(actor, subscription.agency)
    if subscription.is_active != active:
        subscription.is_active = active
        subscription.save(update_fields=["is_active"])
    return subscription


@transaction.atomic
def retry_delivery(delivery: Delivery, *, actor: Any) -> Delivery:
    """Put a failed delivery back in the queue (its log is kept)."""
    if delivery.agency is None:
        raise PermissionRefused(_("Không thể gửi lại lượt gửi này."))
    _require_manager(actor, delivery.agency)
    if delivery.status != DeliveryStatus.FAILED:
        return delivery
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.claimed_at = None
    delivery.claimed_by = ""
    delivery.save(
        update_fields=[
            "status",
            "attempts",
            "next_attempt_at",
            "claimed_at",
            "claimed_by",
        ]
    )
    return delivery
