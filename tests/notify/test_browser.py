"""The notification centre in a real browser: HTMX mark-as-read updates
the row and the header's count without reloading the page."""

from __future__ import annotations

from typing import Any

import pytest

from kehoach.notify.models import Notification
from kehoach.orgs.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mark_one_read_in_the_browser(live_server: Any, page: Any, demo: Any) -> None:
    user = demo.people["congdoan"].user
    notes = [
        Notification.objects.create(
            recipient=user, kind="task_due", title=f"Sắp đến hạn: việc {i}", url="/"
        )
        for i in range(3)
    ]
    page.goto(f"{live_server.url}/dang-nhap/?next=/thong-bao/")
    page.fill("input[name=username]", "congdoan")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/thong-bao/")
    assert page.inner_text("#notify-bell .nav-count").startswith("3")

    page.click(f"#notification-{notes[1].pk} button")
    page.wait_for_selector(f"#notification-{notes[1].pk}:not(.notify-unread)")
    page.wait_for_function(
        "document.querySelector('#notify-bell .nav-count').innerText.startsWith('2')"
    )
    assert page.url.endswith("/thong-bao/")
    notes[1].refresh_from_db()
    assert notes[1].read_at is not None

    page.click("text=Đánh dấu tất cả là đã đọc")
    page.wait_for_function("!document.querySelector('#notify-bell .nav-count')")
    assert (
        Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 0
    )
