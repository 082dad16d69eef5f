"""The rules: who is reminded of what, when; digests and weekly summaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kehoach.notify import services
from kehoach.notify.jobs import run_cycle
from kehoach.notify.models import Notification, Reminder
from kehoach.notify.preferences import in_quiet_hours, release_time
from kehoach.notify.reminders import generate_reminders
from kehoach.orgs import services as org_services
from kehoach.orgs.enums import MembershipRole, Role
from kehoach.plans.enums import DueKind
from kehoach.plans.models import Activity
from tests.notify.helpers import HCM, at, gratitude_plan, gratitude_task

pytestmark = pytest.mark.django_db


def _rules_for(user: Any) -> list[tuple[str, str]]:
    return sorted(
        Reminder.objects.filter(recipient=user).values_list("rule", "occurrence")
    )


def _usernames(rule: str, task_id: int) -> list[str]:
    return sorted(
        Reminder.objects.filter(rule=rule, object_id=task_id).values_list(
            "recipient__username", flat=True
        )
    )


def test_reminders_start_at_the_agency_send_time(demo: Any, time_machine: Any) -> None:
    time_machine.move_to(at(1), tick=False)
    task = gratitude_task(gratitude_plan(demo))
    time_machine.move_to(at(22, hour=7, minute=59), tick=False)
    generate_reminders()
    assert _usernames("task.due_soon", task.pk) == []
    time_machine.move_to(at(22, hour=8), tick=False)
    generate_reminders()
    assert _usernames("task.due_soon", task.pk) == ["congdoan"]


def test_due_soon_goes_to_every_assignee_but_not_the_clerk(
    demo: Any, time_machine: Any
) -> None:
    union = demo.units["cdcs"]
    org_services.create_person(
        demo.department,
        full_name="Ủy viên Công đoàn",
        username="uyvien",
        password="pw-12345678",
        memberships=[(union, MembershipRole.MEMBER)],
        roles=[Role.UNIT_MEMBER],
    )
    org_services.create_person(
        demo.department,
        full_name="Văn thư Công đoàn",
        username="vanthucd",
        password="pw-12345678",
        memberships=[(union, MembershipRole.CLERK)],
        roles=[Role.UNIT_MEMBER],
    )
    time_machine.move_to(at(1), tick=False)
    task = gratitude_task(gratitude_plan(demo))
    time_machine.move_to(at(22), tick=False)
    generate_reminders()
    assert _usernames("task.due_soon", task.pk) == ["congdoan", "uyvien"]
    time_machine.move_to(at(26), tick=False)
    generate_reminders()
    assert _usernames("task.overdue_head", task.pk) == ["congdoan"]


def test_overdue_goes_to_the_deputy_when_the_unit_has_no_head(
    demo: Any, time_machine: Any
) -> None:
    union = demo.units["cdcs"]
    union.memberships.filter(role=MembershipRole.HEAD).update(
        role=MembershipRole.DEPUTY
    )
    time_machine.move_to(at(1), tick=False)
    task = gratitude_task(gratitude_plan(demo))
    time_machine.move_to(at(26), tick=False)
    generate_reminders()
    assert _usernames("task.overdue_head", task.pk) == ["congdoan"]


def test_office_fallback_is_the_head_of_the_office_unit(
    demo: Any, time_machine: Any
) -> None:
    demo.people["vanphong"].role_assignments.all().delete()
    time_machine.move_to(at(1), tick=False)
    task = gratitude_task(gratitude_plan(demo))
    time_machine.move_to(at(28), tick=False)
    generate_reminders()
    assert _usernames("task.overdue_office", task.pk) == ["vanphong"]


def test_tentative_date_asks_the_lead_head_to_confirm_a_week_before(
    demo: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    plan = gratitude_plan(demo)
    festival = plan.activities.get(label="3.2")
    assert festival.due_kind == DueKind.PLANNED
    time_machine.move_to(at(17), tick=False)
    generate_reminders()
    assert not Reminder.objects.filter(rule="task.confirm_planned").exists()
    time_machine.move_to(at(18), tick=False)
    generate_reminders()
    assert sorted(
        Reminder.objects.filter(rule="task.confirm_planned").values_list(
            "recipient__username", "occurrence"
        )
    ) == [("congdoan", dt.date(2023, 8, 25))]


def test_recurring_and_undated_items_are_never_reminded(
    demo: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    task = gratitude_task(gratitude_plan(demo))
    Activity.objects.filter(pk=task.activity_id).update(due_kind=DueKind.RECURRING)
    for day in (22, 25, 26, 28):
        time_machine.move_to(at(day), tick=False)
        generate_reminders()
    assert not Reminder.objects.filter(object_id=task.pk, object_type="task").exists()


def test_a_moved_deadline_is_reminded_again(demo: Any, time_machine: Any) -> None:
    time_machine.move_to(at(1), tick=False)
    task = gratitude_task(gratitude_plan(demo))
    time_machine.move_to(at(22), tick=False)
    run_cycle("w1")
    Activity.objects.filter(pk=task.activity_id).update(due_date=dt.date(2023, 8, 24))
    time_machine.move_to(at(22, hour=10), tick=False)
    run_cycle("w1")
    assert sorted(
        Reminder.objects.filter(rule="task.due_soon", object_id=task.pk).values_list(
            "occurrence", "status"
        )
    ) == [
        (dt.date(2023, 8, 24), "dispatched"),
        (dt.date(2023, 8, 25), "dispatched"),
    ]


def test_overdue_older_than_the_lookback_is_left_to_the_digest(
    demo: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    task = gratitude_task(gratitude_plan(demo))
    time_machine.move_to(at(10, month=9), tick=False)
    generate_reminders()
    assert _usernames("task.overdue_head", task.pk) == []
    digest = Reminder.objects.get(rule="digest.daily", recipient__username="congdoan")
    assert [i["task_id"] for i in digest.payload["overdue"]].count(task.pk) == 1


def test_agency_settings_change_the_rules(demo: Any, time_machine: Any) -> None:
    services.update_agency_settings(
        demo.department,
        actor=demo.people["quantri"].user,
        values={"remind_days_before": 5, "reminders_enabled": True},
    )
    time_machine.move_to(at(1), tick=False)
    task = gratitude_task(gratitude_plan(demo))
    time_machine.move_to(at(20), tick=False)
    generate_reminders()
    assert _usernames("task.due_soon", task.pk) == ["congdoan"]


def test_daily_digest_at_0730_only_for_people_with_something(
    demo: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    task = gratitude_task(gratitude_plan(demo))
    time_machine.move_to(at(21, hour=7, minute=29), tick=False)
    run_cycle("w1")
    assert not Reminder.objects.filter(rule="digest.daily").exists()

    time_machine.move_to(at(21, hour=7, minute=30), tick=False)
    run_cycle("w1")
    run_cycle("w2")
    readers = sorted(
        Reminder.objects.filter(rule="digest.daily").values_list(
            "recipient__username", flat=True
        )
    )
    assert "congdoan" in readers
    # Ban Giám đốc has no task of this plan: no digest for its deputy.
    assert "phogiamdoc" not in readers
    assert len(readers) == len(set(readers))
    digest = Reminder.objects.get(rule="digest.daily", recipient__username="congdoan")
    assert [i["task_id"] for i in digest.payload["due_soon"]].count(task.pk) == 1
    assert digest.payload["waiting"][0]["title"].startswith("Xác nhận ngày dự kiến")
    note = Notification.objects.get(reminder=digest)
    assert note.title == "Bản tin công việc ngày 21/08/2023"

    time_machine.move_to(at(22, hour=7, minute=30), tick=False)
    run_cycle("w1")
    assert (
        Reminder.objects.filter(
            rule="digest.daily", recipient__username="congdoan"
        ).count()
        == 2
    )


def test_weekly_summary_on_monday_to_the_leadership(
    demo: Any, time_machine: Any, mailoutbox: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    gratitude_plan(demo)
    time_machine.move_to(at(27, hour=8), tick=False)  # Sunday
    run_cycle("w1")
    assert not Reminder.objects.filter(rule="summary.weekly").exists()
    time_machine.move_to(at(28, hour=7, minute=30), tick=False)  # Monday
    run_cycle("w1")
    run_cycle("w2")
    weekly = Reminder.objects.filter(rule="summary.weekly")
    assert sorted(weekly.values_list("recipient__username", flat=True)) == [
        "giamdoc",
        "phogiamdoc",
    ]
    figures = weekly.first().payload  # type: ignore[union-attr]
    assert figures["overdue_count"] >= 1
    assert figures["plans_active"] == 1
    mail = [m for m in mailoutbox if m.to == ["giamdoc@stttt.daknong.gov.vn"]]
    assert [m.subject for m in mail] == [
        "Tổng hợp tuần (28/08/2023): {n} nhiệm vụ quá hạn".format(
            n=figures["overdue_count"]
        )
    ]


def test_quiet_hours_window_spanning_midnight() -> None:
    start, end = dt.time(21, 0), dt.time(7, 0)
    assert in_quiet_hours(start, end, dt.time(23, 0))
    assert in_quiet_hours(start, end, dt.time(6, 59))
    assert not in_quiet_hours(start, end, dt.time(7, 0))
    late = dt.datetime(2023, 8, 22, 22, 0, tzinfo=HCM)
    assert release_time(start, end, late) == dt.datetime(2023, 8, 23, 7, 0, tzinfo=HCM)
    early = dt.datetime(2023, 8, 22, 5, 0, tzinfo=HCM)
    assert release_time(start, end, early) == dt.datetime(2023, 8, 22, 7, 0, tzinfo=HCM)
    assert release_time(None, None, late) == late
