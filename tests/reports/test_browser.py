import pytest

from kehoach.orgs.demo import DEMO_PASSWORD, build_demo_directory
from kehoach.plans.enums import TaskStatus
from kehoach.plans.models import Activity, Task
from tests.reports.helpers import worked_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_sees_the_done_activity_on_the_timeline(live_server, page):
    demo = build_demo_directory(with_logins=True)
    plan = worked_plan(demo)
    gratitude = Activity.objects.get(plan=plan, label="3.1")
    Task.objects.filter(activity=gratitude, role="lead").update(
        status=TaskStatus.DONE, percent=100
    )
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", "vanphong")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    page.click("#plan-dashboard-link")
    bar = page.locator(f"#timeline-activity-{gratitude.pk}")
    assert bar.get_attribute("data-status") == "done"
    assert bar.locator(".tl-check").count() == 1
    assert page.locator("#chart-activities").get_attribute("role") == "img"
    # The search box in the top bar finds the plan without diacritics.
    page.fill("#topbar-q", "ngay truyen thong")
    page.press("#topbar-q", "Enter")
    page.wait_for_url("**/tim-kiem/**")
    assert page.locator(".search-hit").count() >= 1
