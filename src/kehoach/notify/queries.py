"""Reads for the notification pages and the API, limited to what the viewer
may see: their own notifications; their agency's settings, subscriptions and
failed deliveries for its admin or Office."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kehoach.notify.enums import Channel, DeliveryStatus
from kehoach.notify.models import (
    Delivery,
    Gateway,
    Notification,
    NotificationSettings,
    UserPreference,
    WebhookSubscription,
)
from kehoach.notify.reminders import settings_for
from kehoach.orgs.models import Agency
from kehoach.orgs.viewer import Viewer


def notifications_for(
    user: Any, *, unread_only: bool = False
) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preference_for(user: Any) -> UserPreference:
    """The person's preferences (unsaved defaults when never saved)."""
    return UserPreference.objects.filter(user=user).first() or UserPreference(user=user)


def agency_settings(agency: Agency) -> NotificationSettings:
    return settings_for(agency)


def gateways_for(agency: Agency) -> dict[str, Gateway | None]:
    found = {g.channel: g for g in Gateway.objects.filter(agency=agency)}
    return {Channel.SMS: found.get(Channel.SMS), Channel.CHAT: found.get(Channel.CHAT)}


def subscriptions_for(agency: Agency) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(agency=agency).order_by(
        "-is_active", "name"
    )


def failed_deliveries_for(viewer: Viewer) -> QuerySet[Delivery]:
    """Failed deliveries of the viewer's agency, newest first."""
    if viewer.agency_id is None:
        return Delivery.objects.none()
    return (
        Delivery.objects.filter(
            agency_id=viewer.agency_id, status=DeliveryStatus.FAILED
        )
        .select_related(
            "recipient",
            "recipient__person",
            "subscription",
            "reminder",
            "reminder__notification",
        )
        .order_by("-next_attempt_at", "-id")
    )
