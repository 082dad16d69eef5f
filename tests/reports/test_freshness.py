"""The data version and the pages cached under it: a committed change
anywhere makes cached pages stale; nothing else does."""

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kehoach.orgs.models import User
from kehoach.plans.enums import TaskStatus
from kehoach.plans.models import Activity, Task
from kehoach.plans.services import record_progress
from kehoach.reports.freshness import VersionMiddleware, data_version, written_table
from tests.reports.helpers import count_queries, worked_plan

LOCMEM = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "freshness-tests",
    }
}


@pytest.fixture
def page_cache(settings):
    settings.CACHES = LOCMEM
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "plans_task" ("activity_id") VALUES (%s)', "plans_task"),
        ('UPDATE "plans_task" SET "percent" = %s WHERE id = 1', "plans_task"),
        ('  delete from "documents_document" WHERE id = 1', "documents_document"),
        ('UPDATE "orgs_unit" SET "name" = %s', "orgs_unit"),
        ('SELECT * FROM "plans_task"', None),
        ('UPDATE "orgs_user" SET "last_login" = %s', None),
        ('UPDATE "django_session" SET "session_data" = %s', None),
        ('INSERT INTO "notify_message" ("id") VALUES (1)', None),
        ("UPDATE reports_dataversion SET version = version + 1 WHERE id = 1", None),
    ],
)
def test_written_table(sql, table):
    assert written_table(sql) == table


@pytest.mark.django_db(transaction=True)
def test_committed_writes_move_the_version_once_per_transaction(demo):
    plan = worked_plan(demo)
    start = data_version()
    with transaction.atomic():
        Task.objects.filter(activity__plan=plan).update(percent=10)
        Activity.objects.filter(plan=plan).update(title="Đổi tên")
        assert data_version() == start  # not before the commit
    assert data_version() == start + 1

    Task.objects.filter(activity__plan=plan).update(percent=20)  # autocommit
    assert data_version() == start + 2

    def fail_midway():
        with transaction.atomic():
            Task.objects.filter(activity__plan=plan).update(percent=30)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_midway()
    assert data_version() == start + 2  # rolled back: nothing changed

    User.objects.filter(pk=demo.people["vanphong"].user.pk).update(
        first_name="Lan"
    )  # a login or a profile: no page depends on it
    assert data_version() == start + 2


@pytest.mark.django_db(transaction=True)
def test_a_write_after_a_rolled_back_savepoint_still_moves_the_version(demo):
    plan = worked_plan(demo)
    start = data_version()

    def inner_fails():
        with transaction.atomic():
            Task.objects.filter(activity__plan=plan).update(percent=1)
            raise RuntimeError

    with transaction.atomic():
        with pytest.raises(RuntimeError):
            inner_fails()  # its bump is dropped with the savepoint
        Activity.objects.filter(plan=plan).update(title="Đổi tên")
    assert data_version() == start + 1


@pytest.mark.django_db(transaction=True)
def test_plan_dashboard_is_served_from_the_cache_until_a_task_changes(
    demo, login, page_cache
):
    plan = worked_plan(demo)
    gratitude = Activity.objects.get(plan=plan, label="3.1")
    client = login("office")
    url = f"/ke-hoach/{plan.pk}/tong-quan/"

    responses = []
    cold = count_queries(lambda: responses.append(client.get(url)))
    warm = count_queries(lambda: responses.append(client.get(url)))
    first, again = responses
    assert first.status_code == again.status_code == 200
    assert _main(again) == _main(first)
    assert warm < cold  # the figures were not computed again
    marker = f'<g id="timeline-activity-{gratitude.pk}"'
    assert 'data-status="done"' not in _tag(first.content.decode(), marker)

    lead = Task.objects.get(activity=gratitude, role="lead")
    record_progress(
        lead,
        actor=demo.people["congdoan"].user,
        expected_version=lead.version,
        status=TaskStatus.DONE,
        percent=100,
        note="Đã thăm hỏi.",
    )
    after = client.get(url).content.decode()
    assert 'data-status="done"' in _tag(after, marker)


@pytest.mark.django_db(transaction=True)
def test_cached_pages_are_per_viewer(demo, login, page_cache):
    """The Office's cached plan dashboard is never what an enterprise gets:
    the enterprise sees only its own tasks."""
    plan = worked_plan(demo)
    url = f"/ke-hoach/{plan.pk}/tong-quan/"
    office = _main(login("office").get(url))
    enterprise = _main(login("enterprise").get(url))
    union = demo.units["cdcs"]
    assert f'id="unit-bar-{union.pk}"' in office or union.name in office
    assert union.name not in enterprise
    assert enterprise != office


@pytest.mark.django_db(transaction=True)
def test_inbox_rows_show_a_new_percent_at_once(demo, login, page_cache):
    task = _union_visits_task(demo)
    client = login("congdoan")
    assert 'value="0"' in _row(client.get("/viec-cua-don-vi/"), task)
    _report(demo, task, 40)
    assert 'value="40"' in _row(client.get("/viec-cua-don-vi/"), task)


def _union_visits_task(demo) -> Task:
    plan = worked_plan(demo)
    return Task.objects.get(
        activity__plan=plan, activity__label="3.1", unit=demo.units["cdcs"]
    )


def _report(demo, task: Task, percent: int) -> None:
    record_progress(
        task,
        actor=demo.people["congdoan"].user,
        expected_version=task.version,
        percent=percent,
        note="Đang làm.",
    )


def _row(response, task: Task) -> str:
    html = response.content.decode()
    row = html[html.index(f'id="task-{task.pk}"') :]
    return row[: row.index("</tr>")]


def _main(response) -> str:
    """The page's content (the head holds per-request tokens)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _tag(html: str, start: str) -> str:
    at = html.index(start)
    return html[at : html.index(">", at) + 1]


@pytest.mark.django_db(transaction=True)
def test_api_task_list_pages_are_cached_per_user_and_fresh(demo, login, page_cache):
    task = _union_visits_task(demo)
    office = login("office")
    everything = office.get("/api/tasks?limit=100").json()
    assert task.pk in [t["id"] for t in everything["items"]]
    # Another user asking the same URL gets their own list, not the Office's.
    mine = login("enterprise").get("/api/tasks?limit=100").json()
    assert {t["unit_id"] for t in mine["items"]} == {demo.units["vnpt"].pk}
    assert mine["count"] < everything["count"]

    _report(demo, task, 60)
    again = office.get("/api/tasks?limit=100").json()
    (row,) = [t for t in again["items"] if t["id"] == task.pk]
    assert row["percent"] == 60


@pytest.mark.django_db(transaction=True)
def test_the_version_is_read_once_per_request_and_again_after_a_write(demo, login):
    plan = worked_plan(demo)
    with CaptureQueriesContext(connection) as ctx:
        assert login("union_head").get("/viec-cua-don-vi/").status_code == 200
    reads = [q for q in ctx.captured_queries if "FROM reports_dataversion" in q["sql"]]
    assert len(reads) == 1

    seen = []

    def view(request):
        seen.append(data_version())
        seen.append(data_version())
        Task.objects.filter(activity__plan=plan).update(percent=5)
        seen.append(data_version())
        return HttpResponse()

    VersionMiddleware(view)(RequestFactory().get("/"))
    assert seen[0] == seen[1]
    assert seen[2] == seen[0] + 1
