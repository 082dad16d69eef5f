"""The clerk imports the worked example in a real browser (Debian's Chromium)."""

from pathlib import Path

import pytest

from tests.conftest import WORKED_EXAMPLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base_url, username):
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("kehoach-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")


def test_clerk_uploads_confirms_and_sees_the_plan(live_server, page, demo):
    _login(page, live_server.url, "vanthu")
    page.locator("#main-nav summary", has_text="Văn bản").click()
    page.locator("#main-nav").get_by_role("link", name="Nhập văn bản").click()
    page.get_by_label("Tệp văn bản").set_input_files(str(WORKED_EXAMPLE))
    page.get_by_role("button", name="Đọc văn bản").click()

    # The review page: everything assigned resolves in the demo directory.
    assert page.get_by_text(
        "Mọi đơn vị được giao việc đều đã xác định được"
    ).is_visible()
    page.get_by_role("button", name="Xác nhận và lưu").click()

    # The plan page, with its activities, lead units and deadlines.
    page.wait_for_url(f"{live_server.url}/ke-hoach/*/")
    activities = page.locator("#activities-h + .table-wrap tbody tr")
    assert activities.count() == 2
    first, second = activities.nth(0), activities.nth(1)
    assert "Tri ân, thăm hỏi" in first.inner_text()
    assert "Công đoàn cơ sở" in first.inner_text()
    assert "trước 25/08/2023" in first.inner_text()
    assert "Hội thao và Liên hoan văn nghệ" in second.inner_text()
    assert "dự kiến 25/08/2023" in second.inner_text()
    duties = page.locator("#duties-h + .table-wrap tbody tr")
    assert duties.count() == 6
    assert "Trung tâm CNTT&TT" in duties.nth(3).inner_text()
    assert "Văn phòng" in duties.nth(4).inner_text()
    Path("test-artifacts").mkdir(exist_ok=True)
    page.screenshot(path="test-artifacts/import-plan.png", full_page=True)
