"""API of the notification centre: the caller's own notifications."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from kehoach.notify import queries, services
from kehoach.notify.permissions import get_notification_for

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    urgent: bool
    created_at: dt.datetime
    read_at: dt.datetime | None


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


@router.get(
    "/notifications",
    response=list[NotificationOut],
    summary="Thông báo của tôi / my notifications",
)
@paginate
def list_notifications(request: HttpRequest, unread: bool = False) -> object:
    return queries.notifications_for(request.user, unread_only=unread)


@router.get("/notifications/unread-count", response=UnreadOut)
def unread_count(request: HttpRequest) -> dict[str, int]:
    return {"unread": queries.unread_count(request.user)}


@router.post("/notifications/{notification_id}/read", response=NotificationOut)
def mark_read(request: HttpRequest, notification_id: int) -> object:
    notification = get_notification_for(request.user, notification_id)
    return services.mark_read(notification, actor=request.user)


@router.post("/notifications/read-all", response=MarkedOut)
def mark_all_read(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.mark_all_read(actor=request.user)}
