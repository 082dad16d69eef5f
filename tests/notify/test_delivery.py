"""Channels against real servers: retries with back-off then failure, a
crash mid-batch, the SMS/chat gateway, signed webhooks, quiet hours."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kehoach.notify import services
from kehoach.notify.channels.gateway import build_request
from kehoach.notify.delivery import claim_deliveries, send_due_deliveries
from kehoach.notify.enums import DeliveryStatus
from kehoach.notify.jobs import run_cycle
from kehoach.notify.models import (
    Delivery,
    DeliveryAttempt,
    Gateway,
    Notification,
    Reminder,
)
from kehoach.notify.reminders import (
    claim_reminders,
    dispatch_reminders,
    generate_reminders,
)
from kehoach.plans.enums import TaskStatus
from tests.notify.helpers import at, gratitude_plan, gratitude_task

pytestmark = pytest.mark.django_db

UNION_HEAD = "congdoan@stttt.daknong.gov.vn"


def _sms_gateway(demo: Any, url: str) -> None:
    office = demo.people["vanphong"].user
    services.save_gateway(
        demo.department,
        "sms",
        actor=office,
        values={
            "name": "Cổng SMS",
            "url": f"{url}/sms",
            "body_template": '{"to": "{to}", "text": "{text}", "ref": "{id}"}',
            "auth_header_name": "Authorization",
            "auth_header_value": "Bearer sms-key",
        },
    )
    person = demo.people["congdoan"]
    person.phone = "0912345678"
    person.save()
    services.update_preferences(
        person.user,
        actor=person.user,
        channels={"task_due": ["sms"], "task_overdue": ["sms"]},
    )


def test_gateway_failures_retried_with_backoff_then_failed_and_listed(
    demo: Any, http_sink: Any, integrations: Any, time_machine: Any, login: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    plan = gratitude_plan(demo)
    title = gratitude_task(plan).activity.title
    _sms_gateway(demo, http_sink.url)
    http_sink.statuses = [503] * 6  # two reminders (gratitude, festival)

    time_machine.move_to(at(22), tick=False)
    run_cycle("w1")
    sms = Delivery.objects.get(channel="sms", reminder__payload__activity_title=title)
    assert (sms.status, sms.attempts) == (DeliveryStatus.PENDING, 1)
    assert sms.next_attempt_at == at(22, minute=1)

    time_machine.move_to(at(22, minute=0) + dt.timedelta(seconds=59), tick=False)
    send_due_deliveries("w1")
    sms.refresh_from_db()
    assert sms.attempts == 1

    time_machine.move_to(at(22, minute=1), tick=False)
    send_due_deliveries("w1")
    sms.refresh_from_db()
    assert (sms.attempts, sms.next_attempt_at) == (2, at(22, minute=3))

    time_machine.move_to(at(22, minute=3), tick=False)
    send_due_deliveries("w1")
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (DeliveryStatus.FAILED, 3)
    assert "HTTP 503" in sms.last_error
    log = list(DeliveryAttempt.objects.filter(delivery=sms).order_by("number"))
    assert [(a.number, a.ok, a.status_code) for a in log] == [
        (1, False, 503),
        (2, False, 503),
        (3, False, 503),
    ]

    page = login("office").get("/thong-bao/gui-loi/")
    assert page.status_code == 200
    assert "HTTP 503" in page.content.decode()
    assert login("union_head").get("/thong-bao/gui-loi/").status_code == 404

    response = login("office").post(f"/thong-bao/gui-loi/{sms.pk}/gui-lai/")
    assert response.status_code == 302
    send_due_deliveries("w1")
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (DeliveryStatus.SENT, 1)


def test_gateway_request_carries_template_auth_and_escaped_text(
    demo: Any, http_sink: Any, integrations: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    gratitude_plan(demo)
    _sms_gateway(demo, http_sink.url)

    time_machine.move_to(at(22), tick=False)
    run_cycle("w1")

    received = [r for r in http_sink.requests if r.path == "/sms"]
    assert len(received) == Delivery.objects.filter(channel="sms").count() >= 1
    body = received[0].json()
    assert body["to"] == "0912345678"
    assert body["text"].startswith("Sắp đến hạn (25/08/2023)")
    assert "http://127.0.0.1:8000/ke-hoach/" in body["text"]
    assert received[0].headers["Authorization"] == "Bearer sms-key"


def test_gateway_form_and_get_bodies_are_encoded(demo: Any) -> None:
    gateway = Gateway(
        agency=demo.department,
        channel="chat",
        url="https://chat.example/send?to={to}&msg={text}",
        method="GET",
        body_format="application/x-www-form-urlencoded",
    )
    request = build_request(gateway, {"to": "a b", "text": 'Quá hạn "x" & y'})
    assert request["url"] == (
        "https://chat.example/send?to=a%20b&msg=Qu%C3%A1%20h%E1%BA%A1n%20%22x%22%20%26%20y"
    )
    assert request["body"] is None
    gateway.method, gateway.body_template = "POST", "to={to}&text={text}"
    assert (
        build_request(gateway, {"to": "a b", "text": "x&y"})["body"]
        == b"to=a+b&text=x%26y"
    )


def test_claimed_reminders_and_deliveries_of_a_dead_worker_resume_once_stale(
    demo: Any, smtp: Any, time_machine: Any, settings: Any
) -> None:
    settings.KEHOACH_NOTIFY_CLAIM_SECONDS = 300
    time_machine.move_to(at(1), tick=False)
    gratitude_plan(demo)
    time_machine.move_to(at(22), tick=False)
    generate_reminders()
    _token, dead = claim_reminders(at(22), "dead-worker")
    assert dead
    assert dispatch_reminders("w2") == 0

    time_machine.move_to(at(22, minute=4), tick=False)
    assert dispatch_reminders("w2") == 0
    time_machine.move_to(at(22, minute=6), tick=False)
    assert dispatch_reminders("w2") == len(dead)

    _token, claimed = claim_deliveries("dead-worker")
    assert claimed
    assert send_due_deliveries("w2") == 0
    assert smtp.messages == []
    time_machine.move_to(at(22, minute=12), tick=False)
    assert send_due_deliveries("w2") == len(claimed)
    assert send_due_deliveries("w3") == 0
    assert len(smtp.messages) == len(claimed)
    assert Notification.objects.count() == Reminder.objects.count() == len(dead)


def test_refused_recipient_fails_at_once_and_others_still_go(
    demo: Any, smtp: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    gratitude_plan(demo)
    smtp.refuse.add(UNION_HEAD)
    time_machine.move_to(at(22), tick=False)
    run_cycle("w1")
    refused = Delivery.objects.filter(address=UNION_HEAD)
    assert set(refused.values_list("status", "attempts")) == {
        (DeliveryStatus.FAILED, 1)
    }
    assert smtp.to(UNION_HEAD) == []


def test_dispatch_drops_a_reminder_whose_task_was_done_meanwhile(
    demo: Any, smtp: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    task = gratitude_task(gratitude_plan(demo))
    time_machine.move_to(at(22), tick=False)
    generate_reminders()
    task.status = TaskStatus.DONE
    task.save()
    dispatch_reminders("w1")
    reminder = Reminder.objects.get(rule="task.due_soon", object_id=task.pk)
    assert reminder.status == "dropped"
    assert not Notification.objects.filter(reminder=reminder).exists()


def test_quiet_hours_hold_email_but_not_the_in_app_notification(
    demo: Any, smtp: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    gratitude_plan(demo)
    office = demo.people["vanphong"].user
    services.update_agency_settings(
        demo.department, actor=office, values={"send_time": dt.time(6, 0)}
    )
    head = demo.people["congdoan"].user
    services.update_preferences(
        head,
        actor=head,
        channels={},
        quiet_start=dt.time(21, 0),
        quiet_end=dt.time(7, 0),
    )

    time_machine.move_to(at(22, hour=6, minute=30), tick=False)
    run_cycle("w1")
    assert Notification.objects.filter(recipient=head).exists()
    assert smtp.to(UNION_HEAD) == []
    held = Delivery.objects.filter(recipient=head, channel="email")
    assert set(held.values_list("next_attempt_at", flat=True)) == {at(22, hour=7)}

    time_machine.move_to(at(22, hour=7, minute=1), tick=False)
    run_cycle("w1")
    assert len(smtp.to(UNION_HEAD)) == held.count()


def _verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    signed = headers["X-Kehoach-Timestamp"].encode() + b"." + body
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["X-Kehoach-Signature"])


def test_webhook_task_created_is_signed_and_sent_after_commit(
    demo: Any,
    http_sink: Any,
    integrations: Any,
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    time_machine.move_to(at(1), tick=False)
    subscription = services.create_subscription(
        demo.department,
        actor=demo.people["quantri"].user,
        name="Cổng dịch vụ công",
        url=f"{http_sink.url}/hooks",
        events=["task.created", "task.overdue"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        plan = gratitude_plan(demo)

    created = [
        r for r in http_sink.requests if r.headers["X-Kehoach-Event"] == "task.created"
    ]
    tasks = plan.activities.values_list("tasks", flat=True)
    assert len(created) == len([t for t in tasks if t]) > 0
    first = created[0]
    assert _verify(subscription.secret, first.headers, first.body)
    envelope = json.loads(first.body)
    assert envelope["id"] == first.headers["X-Kehoach-Event-Id"]
    assert envelope["event"] == "task.created"
    assert envelope["agency_id"] == demo.department.pk
    assert envelope["data"]["task"]["plan_id"] == plan.pk
    assert not _verify("whsec_other", first.headers, first.body)

    time_machine.move_to(at(26), tick=False)
    run_cycle("w1")
    run_cycle("w1")
    overdue = [
        r for r in http_sink.requests if r.headers["X-Kehoach-Event"] == "task.overdue"
    ]
    gratitude = gratitude_task(plan)
    assert [json.loads(r.body)["data"]["task"]["id"] for r in overdue].count(
        gratitude.pk
    ) == 1


def test_webhooks_off_by_default_record_nothing(demo: Any, time_machine: Any) -> None:
    services.create_subscription(
        demo.department,
        actor=demo.people["quantri"].user,
        name="x",
        url="http://127.0.0.1:9/",
        events=["task.created"],
    )
    gratitude_plan(demo)
    assert not Delivery.objects.filter(channel="webhook").exists()


def test_generate_and_dispatch_cost_a_constant_number_of_queries(
    demo: Any, time_machine: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.move_to(at(22), tick=False)
    generate_reminders()  # today's digest slots are taken: both runs alike

    def queries_for(plans: int) -> tuple[int, int]:
        Reminder.objects.all().delete()
        for _ in range(plans):
            gratitude_plan(demo)
        with CaptureQueriesContext(connection) as captured:
            generate_reminders()
            dispatch_reminders("w1")
        return len(captured.captured_queries), Reminder.objects.count()

    one, rows_one = queries_for(1)
    many, rows_many = queries_for(3)
    assert rows_many == 4 * rows_one
    assert many == one


def test_email_goes_out_in_the_recipients_language(
    demo: Any, smtp: Any, time_machine: Any
) -> None:
    head = demo.people["congdoan"].user
    head.language = "en"
    head.save()
    time_machine.move_to(at(1), tick=False)
    gratitude_plan(demo)
    time_machine.move_to(at(22), tick=False)
    run_cycle("w1")
    english = smtp.to(UNION_HEAD)
    assert english
    assert {m["Content-Language"] for m in english} == {"en"}
    html = english[0].get_body(preferencelist=("html",)).get_content()
    assert '<html lang="en">' in html
    others = [m for m in smtp.messages if m not in english]
    assert others
    assert {m["Content-Language"] for m in others} == {"vi"}
