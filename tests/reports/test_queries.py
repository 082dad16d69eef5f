import datetime as dt
import itertools

import pytest

from kehoach.orgs.viewer import viewer_for
from kehoach.plans.deadlines import is_overdue
from kehoach.plans.enums import DueKind, TaskStatus
from kehoach.plans.models import Activity, Task
from kehoach.reports import queries
from tests.reports.helpers import worked_plan

pytestmark = pytest.mark.django_db

AUG_20 = dt.date(2023, 8, 20)
AUG_26 = dt.date(2023, 8, 26)


def _viewer(demo, who="vanphong"):
    return viewer_for(demo.people[who].user)


def test_overdue_q_agrees_with_is_overdue(demo):
    plan = worked_plan(demo)
    activity = Activity.objects.filter(plan=plan).first()
    task = Task.objects.filter(activity=activity).first()
    due = dt.date(2023, 8, 25)
    cases = itertools.product(
        [*DueKind.values, ""],
        TaskStatus.values,
        [None, due],
        [due - dt.timedelta(days=1), due, due + dt.timedelta(days=1)],
    )
    for kind, status, due_date, today in cases:
        Activity.objects.filter(pk=activity.pk).update(due_kind=kind, due_date=due_date)
        Task.objects.filter(pk=task.pk).update(status=status)
        in_sql = Task.objects.filter(queries.overdue_task_q(today), pk=task.pk).exists()
        assert in_sql == is_overdue(due_date, kind, status=status, today=today), (
            kind,
            status,
            due_date,
            today,
        )


def test_plan_dashboard_figures_before_and_after_the_deadline(demo):
    plan = worked_plan(demo)
    gratitude = Activity.objects.get(plan=plan, label="3.1")
    lead = Task.objects.get(activity=gratitude, unit=demo.units["cdcs"])
    Task.objects.filter(pk=lead.pk).update(percent=50, status=TaskStatus.IN_PROGRESS)

    before = queries.plan_dashboard(plan, viewer=_viewer(demo), today=AUG_20)
    after = queries.plan_dashboard(plan, viewer=_viewer(demo), today=AUG_26)

    stat = next(s for s in before.activities if s.activity.pk == gratitude.pk)
    assert (stat.percent, stat.status, stat.overdue) == (50, "in_progress", False)
    assert before.overdue_tasks == []
    late = next(s for s in after.activities if s.activity.pk == gratitude.pk)
    assert late.overdue is True
    # 3.1's two tasks and 3.2's three (planned 25/8) are late on 26/8.
    assert sorted(t.activity.label for t in after.overdue_tasks) == [
        "3.1",
        "3.1",
        "3.2",
        "3.2",
        "3.2",
    ]
    cdcs = next(u for u in after.units if u.unit_id == demo.units["cdcs"].pk)
    own = Task.objects.filter(activity__plan=plan, unit=demo.units["cdcs"]).count()
    assert (cdcs.task_count, cdcs.overdue_count) == (own, 2)


def test_plan_dashboard_done_activity_is_not_overdue(demo):
    plan = worked_plan(demo)
    gratitude = Activity.objects.get(plan=plan, label="3.1")
    Task.objects.filter(activity=gratitude, role="lead").update(
        status=TaskStatus.DONE, percent=100
    )
    d = queries.plan_dashboard(plan, viewer=_viewer(demo), today=AUG_26)
    stat = next(s for s in d.activities if s.activity.pk == gratitude.pk)
    assert (stat.status, stat.percent, stat.overdue) == ("done", 100, False)


def test_plan_dashboard_counts_only_the_enterprises_own_tasks(demo):
    plan = worked_plan(demo)
    d = queries.plan_dashboard(plan, viewer=_viewer(demo, "vnpt"), today=AUG_20)
    assert [u.unit_id for u in d.units] == [demo.units["vnpt"].pk]


def test_agency_dashboard_lists_the_years_plans_with_overdue_counts(demo):
    plan = worked_plan(demo)
    other_year = worked_plan(demo, issued="2022-08", title="Kế hoạch năm 2022")
    other_year.year = 2022
    other_year.save(update_fields=["year"])
    d = queries.agency_dashboard(_viewer(demo, "giamdoc"), year=2023, today=AUG_26)
    assert [r.plan.pk for r in d.plans] == [plan.pk]
    assert d.plans[0].overdue_count == 5
    assert d.years == [2023, 2022]


def test_agency_dashboard_decisions_list_paused_and_reopened_tasks(demo):
    plan = worked_plan(demo)
    tasks = list(Task.objects.filter(activity__plan=plan).order_by("pk"))
    paused, reopened = tasks[0], tasks[1]
    paused.status = TaskStatus.PAUSED
    paused.save()
    reopened.status = TaskStatus.DONE
    reopened.save()
    reopened.status = TaskStatus.IN_PROGRESS
    reopened.save()
    d = queries.agency_dashboard(_viewer(demo, "giamdoc"), year=2023, today=AUG_20)
    kinds = sorted(i.kind for i in d.decisions)
    # The plan's own document is a draft nobody submitted yet: not waiting
    # for the leadership (``tests/reports/test_decisions.py``).
    assert kinds == ["task_paused", "task_reopened"]
    assert (
        queries.agency_dashboard(_viewer(demo, "congdoan"), year=2023).decisions == []
    )


def test_unit_dashboard_groups_by_status_and_plan(demo):
    plan = worked_plan(demo)
    Task.objects.filter(
        activity__plan=plan, unit=demo.units["cdcs"], activity__label="1"
    ).update(status=TaskStatus.DONE)
    own = Task.objects.filter(activity__plan=plan, unit=demo.units["cdcs"]).count()
    d = queries.unit_dashboard(
        demo.units["cdcs"], viewer=_viewer(demo, "congdoan"), today=AUG_26
    )
    assert d.task_count == own
    assert d.by_status["overdue"] == 2
    assert [(r.plan_id, r.task_count, r.overdue_count) for r in d.plans] == [
        (plan.pk, own, 2)
    ]
