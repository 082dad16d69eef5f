import pytest
import time_machine

from kehoach.plans.enums import TaskStatus
from kehoach.plans.models import Activity, Task
from tests.reports.helpers import count_queries, worked_plan

pytestmark = pytest.mark.django_db


@time_machine.travel("2023-08-26 09:00 +07:00", tick=False)
def test_plan_figures_api(demo, login):
    plan = worked_plan(demo)
    gratitude = Activity.objects.get(plan=plan, label="3.1")
    Task.objects.filter(activity=gratitude, role="lead").update(
        status=TaskStatus.DONE, percent=100
    )
    data = login("office").get(f"/api/reports/plans/{plan.pk}").json()
    row = next(a for a in data["activities"] if a["id"] == gratitude.pk)
    assert (row["status"], row["percent"], row["overdue"]) == ("done", 100, False)
    # 3.1's support task (Văn phòng) and 3.2's three tasks are late.
    assert data["overdue_count"] == 4
    assert data["today"] == "2023-08-26"


def test_agency_figures_api_refuses_unit_members(demo, login):
    worked_plan(demo)
    assert login("union_head").get("/api/reports/agency").status_code == 404
    data = login("director").get("/api/reports/agency?year=2023").json()
    assert data["year"] == 2023
    assert len(data["plans"]) == 1


def test_unit_figures_api_and_query_count(demo, login):
    worked_plan(demo)
    client = login("union_head")
    url = f"/api/reports/units/{demo.units['cdcs'].pk}"
    client.get(url)
    one = count_queries(lambda: client.get(url))
    worked_plan(demo, title="Kế hoạch hai", extra_activities=4)
    assert count_queries(lambda: client.get(url)) == one
    data = client.get(url).json()
    assert data["unit_id"] == demo.units["cdcs"].pk
    assert len(data["plans"]) == 2
    assert login("center_member").get(url).status_code == 404
