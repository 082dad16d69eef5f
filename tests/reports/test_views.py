import re

import pytest
import time_machine

from kehoach.plans.enums import TaskStatus
from kehoach.plans.models import Activity, Task
from tests.reports.helpers import count_queries, worked_plan

pytestmark = pytest.mark.django_db

AUG_20 = "2023-08-20 09:00 +07:00"


def _bar(html, pk):
    match = re.search(rf'<g id="timeline-activity-{pk}"[^>]*>', html)
    assert match, pk
    return match.group(0)


@time_machine.travel(AUG_20, tick=False)
def test_plan_dashboard_draws_timeline_with_today_and_done_marks(demo, login):
    plan = worked_plan(demo)
    gratitude = Activity.objects.get(plan=plan, label="3.1")
    festival = Activity.objects.get(plan=plan, label="3.2")
    Task.objects.filter(activity=gratitude, role="lead").update(
        status=TaskStatus.DONE, percent=100
    )
    response = login("office").get(f"/ke-hoach/{plan.pk}/tong-quan/")
    html = response.content.decode()
    assert response.status_code == 200
    done = _bar(html, gratitude.pk)
    assert 'data-status="done"' in done
    assert 'data-shape="bar"' in done
    planned = _bar(html, festival.pk)
    assert 'data-planned="true"' in planned
    assert 'data-shape="marker"' in planned
    assert 'data-status="todo"' in planned
    assert 'id="timeline-today" class="tl-today" data-date="2023-08-20"' in html
    assert 'role="img"' in html
    assert "<title" in html
    # The dashboard's pictures use no script and no outside reference.
    svg = html[html.index("<svg") : html.rindex("</svg>")]
    assert "<script" not in svg
    assert "http" not in svg.replace("http://www.w3.org", "")
    # Numbers in the SVG are never localised with a decimal comma.
    assert not re.search(r'(?:x|width)="\d+,\d', svg)


@time_machine.travel("2023-08-26 09:00 +07:00", tick=False)
def test_plan_dashboard_lists_overdue_tasks(demo, login):
    plan = worked_plan(demo)
    html = login("director").get(f"/ke-hoach/{plan.pk}/tong-quan/").content.decode()
    gratitude = Activity.objects.get(plan=plan, label="3.1")
    assert 'data-status="overdue"' in _bar(html, gratitude.pk)
    overdue = Task.objects.filter(activity=gratitude)
    for task in overdue:
        assert f'id="overdue-task-{task.pk}"' in html


def test_plan_dashboard_is_404_for_another_agency(demo, login):
    from tests.plans.helpers import make_other_agency, make_plan, parsed_copy

    other = make_other_agency()
    plan = make_plan(
        other["agency"], other["clerk"].user, parsed=parsed_copy(symbol="KH-STTTTLD")
    )
    assert login("director").get(f"/ke-hoach/{plan.pk}/tong-quan/").status_code == 404


def test_plan_dashboard_query_count_does_not_grow(demo, login):
    small = worked_plan(demo)
    big = worked_plan(demo, extra_activities=12, title="Kế hoạch lớn")
    client = login("office")
    client.get(f"/ke-hoach/{small.pk}/tong-quan/")  # warm the session
    few = count_queries(lambda: client.get(f"/ke-hoach/{small.pk}/tong-quan/"))
    many = count_queries(lambda: client.get(f"/ke-hoach/{big.pk}/tong-quan/"))
    assert few == many


def test_agency_dashboard_query_count_does_not_grow(demo, login):
    worked_plan(demo)
    client = login("director")
    client.get("/tong-quan/")
    one = count_queries(lambda: client.get("/tong-quan/?year=2023"))
    worked_plan(demo, title="Kế hoạch thứ hai", extra_activities=3)
    worked_plan(demo, title="Kế hoạch thứ ba", extra_activities=5)
    Task.objects.filter(activity__plan__agency=demo.department).update(
        status=TaskStatus.PAUSED
    )
    three = count_queries(lambda: client.get("/tong-quan/?year=2023"))
    assert one == three


def test_agency_dashboard_shows_plans_and_decisions(demo, login):
    plan = worked_plan(demo)
    task = Task.objects.filter(activity__plan=plan).first()
    task.status = TaskStatus.PAUSED
    task.save()
    html = login("director").get("/tong-quan/?year=2023").content.decode()
    assert f'id="plan-row-{plan.pk}"' in html
    assert f'id="chart-plans-plan-{plan.pk}"' in html
    assert "decision-task_paused" in html
    assert "Tổ chức các hoạt động kỷ niệm Ngày truyền thống" in html


def test_agency_dashboard_sends_unit_members_to_their_unit(demo, login):
    response = login("center_member").get("/tong-quan/")
    assert response.status_code == 302
    assert response["Location"] == f"/don-vi/{demo.units['ttcntt'].pk}/tong-quan/"
    assert login("enterprise").get("/tong-quan/").status_code == 302


def test_unit_dashboard_query_count_does_not_grow(demo, login):
    worked_plan(demo)
    client = login("union_head")
    url = f"/don-vi/{demo.units['cdcs'].pk}/tong-quan/"
    client.get(url)
    one = count_queries(lambda: client.get(url))
    worked_plan(demo, title="Kế hoạch thứ hai", extra_activities=6)
    many = count_queries(lambda: client.get(url))
    assert one == many


def test_unit_dashboard_refuses_other_units_members(demo, login):
    worked_plan(demo)
    url = f"/don-vi/{demo.units['cdcs'].pk}/tong-quan/"
    assert login("center_member").get(url).status_code == 404
    assert login("office").get(url).status_code == 200
    html = login("union_head").get(url).content.decode()
    assert 'id="chart-status"' in html
    assert 'id="chart-unit-plans"' in html


def test_plan_page_links_to_its_dashboard_and_tree(demo, login):
    plan = worked_plan(demo)
    html = login("office").get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert f'href="/ke-hoach/{plan.pk}/tong-quan/"' in html
    assert f'href="/ke-hoach/{plan.pk}/cay/"' in html
    assert f'href="/ke-hoach/{plan.pk}/nam-sau/"' in html
    unit_html = login("union_head").get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert f'href="/ke-hoach/{plan.pk}/nam-sau/"' not in unit_html


def test_nav_has_the_dashboard_link(demo, login):
    html = login("director").get("/").content.decode()
    assert 'href="/tong-quan/"' in html
    assert 'action="/tim-kiem/"' in html
