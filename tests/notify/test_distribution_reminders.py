"""Distributions not acknowledged after two days: the agency's own units
(their head) get an in-app notification and an e-mail; outside
organisations an e-mail with their personal acknowledgement link. Once
per recipient, against a real SMTP server, with time moved."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from kehoach.documents import distribution as dist
from kehoach.documents import workflow
from kehoach.documents.enums import DocumentStatus
from kehoach.documents.models import DistributionRecipient, Document
from kehoach.notify import services
from kehoach.notify.enums import NotificationKind, ReminderStatus
from kehoach.notify.jobs import run_cycle
from kehoach.notify.models import Notification, Reminder
from kehoach.notify.reminders import dispatch_reminders, generate_reminders
from kehoach.orgs import services as org_services
from tests.documents.helpers import advance, draft_plan, user
from tests.notify.helpers import at

pytestmark = pytest.mark.django_db

VNPT = "lienhe@vnpt.example.vn"
UNION_HEAD = "congdoan@stttt.daknong.gov.vn"
REMINDER = "Chưa xác nhận đã nhận văn bản"
RULE = "distribution.unacknowledged"
ACK_PATH = re.compile(r"https?://[^/\s]+(/xac-nhan/[^/\s]+/)")


def _issue(demo: Any, capture: Any) -> Document:
    """The worked example issued on 1/8/2023 at 09:00, with VNPT on its
    Nơi nhận (an outside organisation reached by e-mail)."""
    document = draft_plan(demo)
    line = document.recipients.get(name="Các doanh nghiệp TTTT")
    dist.update_recipient_line(
        line, actor=user(demo, "vanthu"), unit_ids=[demo.units["vnpt"].pk]
    )
    with capture(execute=True):
        return advance(demo, document, DocumentStatus.ISSUED)


def _reminders(smtp: Any, address: str) -> list[Any]:
    return [m for m in smtp.to(address) if REMINDER in str(m["Subject"])]


def _text(message: Any) -> str:
    return str(message.get_body(preferencelist=("plain",)).get_content())


def test_unacknowledged_distribution_is_reminded_once_after_two_days(
    demo: Any, smtp: Any, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    document = _issue(demo, django_capture_on_commit_callbacks)
    assert len(smtp.to(VNPT)) == 1  # the document itself
    union_row = DistributionRecipient.objects.get(unit=demo.units["cdcs"])
    union_head = demo.people["congdoan"].user

    time_machine.move_to(at(2, hour=23), tick=False)
    run_cycle("w1")
    assert _reminders(smtp, VNPT) == []
    assert _reminders(smtp, UNION_HEAD) == []

    time_machine.move_to(at(3), tick=False)
    run_cycle("w1")
    [outside] = _reminders(smtp, VNPT)
    assert " ".join(str(outside["Subject"]).split()) == f"{REMINDER} 01/KH-STTTT"
    text = _text(outside)
    assert text.startswith("Kính gửi: Viễn thông Đắk Nông (VNPT Đắk Nông)")
    assert "đồng chí" not in text
    link = ACK_PATH.search(text)
    assert link is not None
    html = outside.get_body(preferencelist=("html",)).get_content()
    assert link.group(1) in html
    [inside] = _reminders(smtp, UNION_HEAD)
    assert "/van-ban-nhan/" in _text(inside)
    assert list(
        Notification.objects.filter(
            recipient=union_head, kind=NotificationKind.DISTRIBUTION
        ).values_list("title", "url")
    ) == [(f"{REMINDER} 01/KH-STTTT", f"/van-ban-nhan/#received-{union_row.pk}")]
    # Nobody without a login gets a notification centre entry.
    assert Notification.objects.filter(reminder__address=VNPT).count() == 0

    run_cycle("w1")
    run_cycle("w2")
    time_machine.move_to(at(4), tick=False)
    run_cycle("w1")
    assert len(_reminders(smtp, VNPT)) == 1
    assert len(_reminders(smtp, UNION_HEAD)) == 1
    assert Reminder.objects.filter(address=VNPT).count() == 1

    # The link in the reminder is the recipient's own: it acknowledges.
    client = Client()
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert document.title[:40] in page.content.decode()
    client.post(link.group(1), {"name": "Nguyễn Văn Nhận"})
    row = DistributionRecipient.objects.get(unit=demo.units["vnpt"])
    assert (row.acknowledged_via, row.acknowledged_name) == ("link", "Nguyễn Văn Nhận")


def test_acknowledged_recipients_are_not_reminded(
    demo: Any, smtp: Any, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    _issue(demo, django_capture_on_commit_callbacks)
    vnpt_row = DistributionRecipient.objects.get(unit=demo.units["vnpt"])
    dist.acknowledge_delivery(vnpt_row, via="link", name="VNPT")

    time_machine.move_to(at(3), tick=False)
    generate_reminders()
    assert not Reminder.objects.filter(rule=RULE, object_id=vnpt_row.pk).exists()
    union_row = DistributionRecipient.objects.get(unit=demo.units["cdcs"])
    [pending] = Reminder.objects.filter(rule=RULE, object_id=union_row.pk)
    # Acknowledged in the app after the reminder was made, before it went out.
    dist.acknowledge_delivery(union_row, via="app", actor=demo.people["congdoan"].user)
    dispatch_reminders("w1")
    pending.refresh_from_db()
    assert pending.status == ReminderStatus.DROPPED
    assert not Notification.objects.filter(reminder=pending).exists()


def test_the_delay_is_the_agency_setting_and_recalled_documents_are_skipped(
    demo: Any, smtp: Any, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    services.update_agency_settings(
        demo.department,
        actor=demo.people["vanphong"].user,
        values={"distribution_ack_days": 4},
    )
    time_machine.move_to(at(1), tick=False)
    document = _issue(demo, django_capture_on_commit_callbacks)

    time_machine.move_to(at(4), tick=False)
    run_cycle("w1")
    assert _reminders(smtp, VNPT) == []

    time_machine.move_to(at(5), tick=False)
    generate_reminders()
    assert Reminder.objects.filter(address=VNPT).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        advance_recall(demo, document)
    run_cycle("w1")
    assert _reminders(smtp, VNPT) == []
    assert set(Reminder.objects.filter(rule=RULE).values_list("status", flat=True)) == {
        ReminderStatus.DROPPED
    }


def advance_recall(demo: Any, document: Document) -> None:
    workflow.recall_document(
        document, actor=user(demo, "giamdoc"), comment="Ban hành nhầm"
    )


def test_daily_digest_lists_documents_waiting_for_acknowledgement(
    demo: Any, smtp: Any, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    _issue(demo, django_capture_on_commit_callbacks)
    union_row = DistributionRecipient.objects.get(unit=demo.units["cdcs"])
    time_machine.move_to(at(2, hour=7, minute=30), tick=False)
    generate_reminders()
    digest = Reminder.objects.get(
        rule="digest.daily", recipient=demo.people["congdoan"].user
    )
    [waiting] = digest.payload["waiting"]
    assert waiting["title"].startswith("Xác nhận đã nhận văn bản 01/KH-STTTT: Tổ chức")
    assert waiting["url"] == f"/van-ban-nhan/#received-{union_row.pk}"
    # Once acknowledged, it no longer waits in the next day's digest.
    dist.acknowledge_delivery(union_row, via="app", actor=demo.people["congdoan"].user)
    time_machine.move_to(at(3, hour=7, minute=30), tick=False)
    generate_reminders()
    later = Reminder.objects.filter(
        rule="digest.daily",
        recipient=demo.people["congdoan"].user,
        occurrence=at(3).date(),
    ).first()
    assert later is None or later.payload["waiting"] == []


def test_people_named_in_person_are_reminded_and_without_a_login_by_link(
    demo: Any, smtp: Any, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    document = draft_plan(demo)
    clerk = user(demo, "vanthu")
    member = demo.people["canbo"]
    retired = org_services.create_person(
        demo.department, full_name="Nguyễn Văn Hưu", email="huu@example.vn"
    )
    for person in (member, retired):
        dist.add_recipient_line(document, actor=clerk, person_id=person.pk)
    with django_capture_on_commit_callbacks(execute=True):
        advance(demo, document, DocumentStatus.ISSUED)

    time_machine.move_to(at(3), tick=False)
    run_cycle("w1")
    rows = {
        r.person_id: r.pk
        for r in DistributionRecipient.objects.filter(person__isnull=False)
    }
    assert list(
        Notification.objects.filter(
            recipient=member.user, kind=NotificationKind.DISTRIBUTION
        ).values_list("url", flat=True)
    ) == [f"/van-ban-nhan/#received-{rows[member.pk]}"]
    [mail] = _reminders(smtp, "huu@example.vn")
    assert _text(mail).startswith("Kính gửi: Nguyễn Văn Hưu")
    assert ACK_PATH.search(_text(mail))
