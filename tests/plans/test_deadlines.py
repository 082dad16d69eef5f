import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from kehoach.orgs.viewer import viewer_for
from kehoach.plans.deadlines import (
    DeadlineState,
    deadline_state,
    due_soon_q,
    is_due_soon,
    is_overdue,
    local_today,
    overdue_q,
)
from kehoach.plans.enums import DueKind, TaskRole, TaskStatus
from kehoach.plans.models import Activity, Task
from kehoach.plans.task_queries import DueFilter, Scope, TaskFilters, filtered_tasks
from tests.plans.helpers import make_plan, parsed_copy

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = dt.date(2023, 8, 25)
DAY_AFTER = dt.date(2023, 8, 26)

# (due date, kind, status, today, overdue?)
CASES = [
    (DUE, DueKind.BEFORE, TaskStatus.TODO, DUE, False),
    (DUE, DueKind.BEFORE, TaskStatus.TODO, DAY_AFTER, True),
    (DUE, DueKind.ON, TaskStatus.IN_PROGRESS, DUE, False),
    (DUE, DueKind.ON, TaskStatus.IN_PROGRESS, DAY_AFTER, True),
    (DUE, DueKind.PLANNED, TaskStatus.TODO, DUE, False),
    (DUE, DueKind.PLANNED, TaskStatus.TODO, DAY_AFTER, True),
    (
        dt.date(2023, 8, 31),
        DueKind.PERIOD,
        TaskStatus.TODO,
        dt.date(2023, 8, 31),
        False,
    ),
    (
        dt.date(2023, 8, 31),
        DueKind.PERIOD,
        TaskStatus.PAUSED,
        dt.date(2023, 9, 1),
        True,
    ),
    (dt.date(2020, 8, 28), DueKind.RECURRING, TaskStatus.TODO, DAY_AFTER, False),
    (dt.date(2020, 1, 1), DueKind.OTHER, TaskStatus.TODO, DAY_AFTER, False),
    (dt.date(2020, 1, 1), "", TaskStatus.TODO, DAY_AFTER, False),
    (None, DueKind.BEFORE, TaskStatus.TODO, DAY_AFTER, False),
    (DUE, DueKind.BEFORE, TaskStatus.DONE, DAY_AFTER, False),
    (DUE, DueKind.BEFORE, TaskStatus.CANCELLED, DAY_AFTER, False),
]


def _tasks_for(demo, cases):
    plan = make_plan(
        demo.department,
        demo.people["vanthu"].user,
        parsed_copy(activities=[], duties=[]),
    )
    tasks = []
    for order, (due, kind, status, _today, _late) in enumerate(cases):
        activity = Activity.objects.create(
            plan=plan,
            order=order,
            title=f"Hoạt động {order}",
            due_date=due,
            due_kind=kind,
        )
        tasks.append(
            Task.objects.create(
                activity=activity,
                unit=demo.units["cdcs"],
                role=TaskRole.LEAD,
                status=status,
            )
        )
    return tasks


@pytest.mark.parametrize("today", sorted({c[3] for c in CASES}))
def test_overdue_q_agrees_with_is_overdue(demo, today):
    tasks = _tasks_for(demo, CASES)
    in_python = {
        t.pk
        for t in tasks
        if is_overdue(
            t.activity.due_date, t.activity.due_kind, status=t.status, today=today
        )
    }
    in_sql = set(Task.objects.filter(overdue_q(today)).values_list("pk", flat=True))
    assert in_sql == in_python


def test_overdue_table_matches_the_rule(demo):
    tasks = _tasks_for(demo, CASES)
    for task, (_due, _kind, _status, today, late) in zip(tasks, CASES, strict=True):
        assert (
            is_overdue(
                task.activity.due_date,
                task.activity.due_kind,
                status=task.status,
                today=today,
            )
            is late
        ), (task.activity.due_kind, task.activity.due_date, task.status, today)
        in_sql = Task.objects.filter(overdue_q(today), pk=task.pk).exists()
        assert in_sql is late


@pytest.mark.parametrize("today", [dt.date(2023, 8, 18), dt.date(2023, 8, 20), DUE])
def test_due_soon_q_agrees_with_is_due_soon(demo, today):
    tasks = _tasks_for(demo, CASES)
    in_python = {
        t.pk
        for t in tasks
        if is_due_soon(
            t.activity.due_date, t.activity.due_kind, status=t.status, today=today
        )
    }
    assert (
        set(Task.objects.filter(due_soon_q(today)).values_list("pk", flat=True))
        == in_python
    )
    assert in_python  # the table has due-soon rows on these days


def test_planned_date_warns_but_is_not_late_until_passed():
    assert (
        deadline_state(
            DUE, DueKind.PLANNED, status=TaskStatus.TODO, today=dt.date(2023, 8, 20)
        )
        == DeadlineState.PLANNED_SOON
    )
    assert (
        deadline_state(
            DUE, DueKind.BEFORE, status=TaskStatus.TODO, today=dt.date(2023, 8, 20)
        )
        == DeadlineState.DUE_SOON
    )
    assert deadline_state(DUE, DueKind.PLANNED, status=TaskStatus.TODO, today=DUE) == (
        DeadlineState.PLANNED_SOON
    )
    assert (
        deadline_state(DUE, DueKind.PLANNED, today=DAY_AFTER) == DeadlineState.OVERDUE
    )
    assert deadline_state(DUE, DueKind.RECURRING, today=DAY_AFTER) == DeadlineState.NONE


@pytest.mark.parametrize(
    ("local_time", "late"),
    [
        (dt.datetime(2023, 8, 25, 23, 59, 59, tzinfo=HCM), False),
        (dt.datetime(2023, 8, 26, 0, 0, 0, tzinfo=HCM), True),
    ],
)
def test_overdue_turns_at_local_midnight_not_utc(demo, local_time, late):
    (task,) = _tasks_for(demo, [(DUE, DueKind.BEFORE, TaskStatus.TODO, None, None)])
    task.activity.plan.status = "active"
    task.activity.plan.save(update_fields=["status"])
    with time_machine.travel(local_time, tick=False):
        # 26/08 00:00 in Hồ Chí Minh is still 25/08 in UTC.
        assert dt.datetime.now(dt.UTC).date() == DUE
        today = local_today()
        assert task.is_overdue is late
        assert Task.objects.filter(overdue_q(today), pk=task.pk).exists() is late
        viewer = viewer_for(demo.people["congdoan"].user)
        listed = filtered_tasks(
            viewer, TaskFilters(scope=Scope.MINE, due=DueFilter.OVERDUE), today
        )
        assert list(listed) == ([task] if late else [])
