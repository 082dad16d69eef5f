"""The union's head carries out the gratitude visits in a real browser."""

import re

import pytest

from kehoach.orgs.demo import DEMO_PASSWORD
from kehoach.plans.enums import TaskStatus
from kehoach.plans.models import Evidence
from tests.plans.task_helpers import make_world, media, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["media"]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_union_head_uploads_a_photo_and_completes_the_visits(  # noqa: PLR0917 -- fixtures
    demo, media, live_server, browser, page, tmp_path
):
    world = make_world(demo)
    task = world.tasks["union"]
    photo = tmp_path / "tham-hoi.png"
    photo.write_bytes(png_bytes((320, 200)))

    _login(page, live_server, "congdoan")
    page.click("#nav-my-tasks")
    link = page.locator(f"#task-{task.pk} a.task-link")
    assert "Tri ân, thăm hỏi" in link.inner_text()
    link.click()
    page.wait_for_url(re.compile(rf"/nhiem-vu/{task.pk}/$"))

    page.set_input_files("#id_attachments", str(photo))
    page.fill("#id_percent", "100")
    page.fill("#id_note", "Đã thăm hỏi 35 cán bộ, có ảnh.")
    page.click("#progress-submit")
    page.wait_for_selector("#done-notice")

    assert "Hoàn thành" in page.inner_text("#task-status")
    assert page.locator("#timeline img.thumb").count() == 1
    # The thumbnail comes through the permission-checked download view.
    page.wait_for_function(
        "document.querySelector('#timeline img.thumb').naturalWidth === 320"
    )
    stored = world.fresh("union")
    assert (stored.status, stored.percent) == (TaskStatus.DONE, 100)
    assert Evidence.objects.get().content_type == "image/png"

    # The Office, in its own browser session, sees the activity done on the
    # plan dashboard and the timeline marks it.
    office = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    try:
        office_page = office.new_page()
        office_page.set_default_timeout(15_000)
        _login(office_page, live_server, "vanphong")
        office_page.goto(f"{live_server.url}/ke-hoach/{world.plan.pk}/")
        office_page.click("#plan-dashboard-link")
        bar = office_page.locator(f"#timeline-activity-{task.activity_id}")
        assert bar.get_attribute("data-status") == "done"
        assert bar.locator(".tl-check").count() == 1
        other = office_page.locator(
            f"#timeline-activity-{world.tasks['union_32'].activity_id}"
        )
        assert other.get_attribute("data-status") != "done"
    finally:
        office.close()


def test_board_moves_a_card_with_the_keyboard(demo, live_server, page):
    world = make_world(demo)
    task = world.tasks["union_32"]
    _login(page, live_server, "congdoan")
    page.goto(f"{live_server.url}/viec-cua-don-vi/bang/")
    select = page.locator(f"#move-{task.pk}")
    select.focus()
    select.select_option("in_progress")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#column-in_progress #card-{task.pk}")
    assert page.locator(f"#column-todo #card-{task.pk}").count() == 0
    assert world.fresh("union_32").status == TaskStatus.IN_PROGRESS
    assert page.url.endswith("/viec-cua-don-vi/bang/")
