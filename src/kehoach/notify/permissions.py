"""Who may see and change notifications. One function per decision."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from kehoach.notify.models import Delivery, Notification, WebhookSubscription
from kehoach.orgs.enums import Role
from kehoach.orgs.models import Agency
from kehoach.orgs.viewer import Viewer


def can_manage_notifications(viewer: Viewer, agency: Agency | None) -> bool:
    """The agency's admin and Office set its rules, gateways and webhooks
    and see its failed deliveries."""
    if agency is None:
        return False
    if viewer.is_superuser:
        return True
    return viewer.agency_id == agency.pk and bool(
        viewer.roles & {Role.ADMIN, Role.OFFICE}
    )


def get_notification_for(user: Any, pk: int) -> Notification:
    """A notification of the user's own; 404 for anyone else's."""
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is None:
        raise Http404(_("Không tìm thấy thông báo."))
    return notification


def get_subscription_for(viewer: Viewer, pk: int) -> WebhookSubscription:
    subscription = (
        WebhookSubscription.objects.filter(pk=pk).select_related("agency").first()
    )
    if subscription is None or not can_manage_notifications(
        viewer, subscription.agency
    ):
        raise Http404(_("Không tìm thấy đăng ký webhook."))
    return subscription


def get_delivery_for(viewer: Viewer, pk: int) -> Delivery:
    delivery = Delivery.objects.filter(pk=pk).select_related("agency").first()
    if delivery is None or not can_manage_notifications(viewer, delivery.agency):
        raise Http404(_("Không tìm thấy lượt gửi."))
    return delivery
