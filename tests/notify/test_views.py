"""Pages: the notification centre, preferences, agency settings, webhooks;
and the API of the centre."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kehoach.notify.models import (
    Notification,
    NotificationSettings,
    UserPreference,
    WebhookSubscription,
)

pytestmark = pytest.mark.django_db


def _notify(user: Any, n: int = 1, **kw: Any) -> list[Notification]:
    return [
        Notification.objects.create(
            recipient=user,
            kind=kw.get("kind", "task_due"),
            title=f"Sắp đến hạn: việc số {i}",
            body="Nội dung",
            url=kw.get("url", "/ke-hoach/"),
        )
        for i in range(n)
    ]


def test_centre_lists_only_my_notifications_with_unread_count(
    demo: Any, login: Any
) -> None:
    mine = _notify(demo.people["congdoan"].user, 2)
    _notify(demo.people["trungtam"].user, 1)
    page = login("union_head").get("/thong-bao/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="notify-item notify-unread"') == 2
    assert f'href="/thong-bao/{mine[0].pk}/mo/"' in html
    assert '<span class="nav-count">2<span class="visually-hidden"> chưa đọc' in html


def test_centre_query_count_does_not_grow_with_rows(demo: Any, login: Any) -> None:
    client = login("union_head")
    user = demo.people["congdoan"].user
    _notify(user, 1)
    client.get("/thong-bao/")
    with CaptureQueriesContext(connection) as one:
        client.get("/thong-bao/")
    _notify(user, 2)
    with CaptureQueriesContext(connection) as three:
        client.get("/thong-bao/")
    assert len(three.captured_queries) == len(one.captured_queries)


def test_mark_read_with_htmx_returns_the_row_and_refreshes_the_bell(
    demo: Any, login: Any
) -> None:
    (note,) = _notify(demo.people["congdoan"].user)
    response = login("union_head").post(
        f"/thong-bao/{note.pk}/da-doc/",
        headers={"HX-Request": "true", "HX-Target": f"notification-{note.pk}"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notify-read"
    assert html.strip().startswith(
        f'<li id="notification-{note.pk}" class="notify-item"'
    )
    assert "Đã đọc</button>" not in html
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_all_read(demo: Any, login: Any) -> None:
    user = demo.people["congdoan"].user
    _notify(user, 3)
    other = _notify(demo.people["trungtam"].user)[0]
    response = login("union_head").post(
        "/thong-bao/da-doc-het/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert (
        Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 0
    )
    other.refresh_from_db()
    assert other.read_at is None


def test_open_marks_read_and_goes_to_the_object(demo: Any, login: Any) -> None:
    (note,) = _notify(demo.people["congdoan"].user, url="/ke-hoach/7/#activity-3")
    response = login("union_head").get(f"/thong-bao/{note.pk}/mo/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/ke-hoach/7/#activity-3",
    )
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_not_found(demo: Any, login: Any) -> None:
    (note,) = _notify(demo.people["trungtam"].user)
    client = login("union_head")
    assert client.get(f"/thong-bao/{note.pk}/mo/").status_code == 404
    assert client.post(f"/thong-bao/{note.pk}/da-doc/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_preferences_save_channels_and_quiet_hours(demo: Any, login: Any) -> None:
    response = login("union_head").post(
        "/thong-bao/tuy-chon/",
        {
            "task_overdue__email": "on",
            "task_overdue__sms": "on",
            "digest__email": "on",
            "quiet_start": "21:00",
            "quiet_end": "07:00",
            "chat_id": "  zalo-123 ",
        },
    )
    assert response.status_code == 302
    pref = UserPreference.objects.get(user=demo.people["congdoan"].user)
    assert pref.channels["task_overdue"] == ["email", "sms"]
    assert pref.channels["task_due"] == []
    assert (pref.quiet_start, pref.quiet_end, pref.chat_id) == (
        dt.time(21, 0),
        dt.time(7, 0),
        "zalo-123",
    )


def test_preferences_refuse_half_quiet_hours(demo: Any, login: Any) -> None:
    response = login("union_head").post(
        "/thong-bao/tuy-chon/", {"quiet_start": "21:00"}
    )
    assert response.status_code == 400
    assert "cần cả giờ bắt đầu và giờ kết thúc" in response.content.decode()
    assert not UserPreference.objects.exists()


def test_agency_settings_for_office_and_admin_only(demo: Any, login: Any) -> None:
    assert login("center_member").get("/thong-bao/cau-hinh/").status_code == 404
    assert login("union_head").get("/thong-bao/cau-hinh/").status_code == 404
    client = login("office")
    assert client.get("/thong-bao/cau-hinh/").status_code == 200
    form = {
        "section": "rules",
        "reminders_enabled": "on",
        "remind_days_before": "5",
        "remind_on_due_day": "on",
        "escalate_office_after_days": "1",
        "overdue_lookback_days": "14",
        "confirm_planned_days_before": "7",
        "distribution_ack_days": "2",
        "difficulty_decision_days": "3",
        "send_time": "08:00",
        "digest_enabled": "on",
        "digest_time": "07:30",
        "weekly_weekday": "0",
        "weekly_time": "07:30",
    }
    assert client.post("/thong-bao/cau-hinh/", form).status_code == 302
    saved = NotificationSettings.objects.get(agency=demo.department)
    assert (saved.remind_days_before, saved.escalate_office_after_days) == (5, 1)
    assert saved.weekly_enabled is False


def test_webhook_secret_is_shown_once_and_can_be_paused(demo: Any, login: Any) -> None:
    client = login("admin")
    response = client.post(
        "/thong-bao/webhook/",
        {
            "name": "Cổng tỉnh",
            "url": "https://hooks.daknong.gov.vn/kh",
            "events": ["task.done", "task.overdue"],
        },
    )
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret in response.content.decode()
    assert subscription.events == ["task.done", "task.overdue"]
    assert subscription.secret not in client.get("/thong-bao/webhook/").content.decode()
    client.post(f"/thong-bao/webhook/{subscription.pk}/bat-tat/")
    subscription.refresh_from_db()
    assert subscription.is_active is False
    assert (
        login("center_member")
        .post(f"/thong-bao/webhook/{subscription.pk}/bat-tat/")
        .status_code
        == 404
    )


def test_api_lists_counts_and_marks_my_notifications(demo: Any, login: Any) -> None:
    user = demo.people["congdoan"].user
    first, second = _notify(user, 2)
    other = _notify(demo.people["trungtam"].user)[0]
    client = login("union_head")
    listed = client.get("/api/notifications").json()
    assert [n["id"] for n in listed["items"]] == [second.pk, first.pk]
    assert client.get("/api/notifications/unread-count").json() == {"unread": 2}
    marked = client.post(f"/api/notifications/{first.pk}/read").json()
    assert marked["read_at"] is not None
    assert client.get("/api/notifications?unread=true").json()["count"] == 1
    assert client.post(f"/api/notifications/{other.pk}/read").status_code == 404
    assert client.post("/api/notifications/read-all").json() == {"marked": 1}
