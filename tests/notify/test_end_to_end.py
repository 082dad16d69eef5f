"""The worked example: the union's gratitude visits, due before 25/8/2023."""

from __future__ import annotations

from typing import Any

import pytest

from kehoach.notify.jobs import run_cycle
from kehoach.notify.models import Notification
from tests.notify.helpers import at, gratitude_plan, gratitude_task

pytestmark = pytest.mark.django_db

UNION_HEAD = "congdoan@stttt.daknong.gov.vn"
OFFICE = "vanphong@stttt.daknong.gov.vn"


def _about(subjects: list[str], words: str) -> list[str]:
    return [s for s in subjects if words in s]


def test_gratitude_visit_reminded_before_then_escalated(
    demo: Any, smtp: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    plan = gratitude_plan(demo)
    task = gratitude_task(plan)
    title = task.activity.title[:40]
    union_head = demo.people["congdoan"].user
    office = demo.people["vanphong"].user

    time_machine.move_to(at(21), tick=False)
    run_cycle("w1")
    assert _about(smtp.subjects(UNION_HEAD), title) == []

    time_machine.move_to(at(22), tick=False)
    run_cycle("w1")
    assert _about(smtp.subjects(UNION_HEAD), title) == [
        f"Sắp đến hạn (25/08/2023): {task.activity.title}"
    ]
    mail = next(m for m in smtp.to(UNION_HEAD) if title in str(m["Subject"]))
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "Kính gửi đồng chí Hoàng Văn Nam" in text
    assert f"/ke-hoach/{plan.pk}/#activity-{task.activity_id}" in html
    in_app = Notification.objects.filter(recipient=union_head, title__contains=title)
    assert [n.url for n in in_app] == [
        f"/ke-hoach/{plan.pk}/#activity-{task.activity_id}"
    ]

    run_cycle("w1")
    run_cycle("w2")
    assert len(_about(smtp.subjects(UNION_HEAD), title)) == 1
    assert in_app.count() == 1

    time_machine.move_to(at(26), tick=False)
    run_cycle("w1")
    overdue = _about(smtp.subjects(UNION_HEAD), f"Quá hạn: {title}")
    assert len(overdue) == 1
    assert _about(smtp.subjects(OFFICE), title) == []
    assert (
        Notification.objects.filter(
            recipient=union_head, title__startswith="Quá hạn", title__contains=title
        ).count()
        == 1
    )

    time_machine.move_to(at(27), tick=False)
    run_cycle("w1")
    assert _about(smtp.subjects(OFFICE), title) == []

    time_machine.move_to(at(28), tick=False)
    run_cycle("w1")
    assert len(_about(smtp.subjects(OFFICE), title)) == 1
    assert (
        Notification.objects.filter(recipient=office, title__contains=title).count()
        == 1
    )

    sent = len(smtp.messages)
    time_machine.move_to(at(28, hour=10), tick=False)
    run_cycle("w1")
    run_cycle("w2")
    assert len(smtp.messages) == sent
    assert len(_about(smtp.subjects(UNION_HEAD), f"Quá hạn: {title}")) == 1
