"""The issuance of a plan in a real browser: the clerk drafts, the Office
sends it up, the director approves and signs, the clerk issues it as
number 01 of the year; an enterprise acknowledges through the link in its
e-mail (caught by a local SMTP server) and the distribution page shows it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kehoach.documents.models import DistributionRecipient, Document
from kehoach.documents.numbering import today
from kehoach.orgs.demo import DEMO_PASSWORD
from tests.conftest import WORKED_EXAMPLE
from tests.documents.smtp import Mailbox, body_text, start_smtp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACK = re.compile(r"https?://[^/\s]+(/xac-nhan/[^/\s]+/)")


@pytest.fixture
def smtp(settings: Any, live_server: Any) -> Iterator[Mailbox]:
    controller, mailbox = start_smtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.SITE_URL = live_server.url
    try:
        yield mailbox
    finally:
        controller.stop()


class Session:
    """One user's browser context."""

    def __init__(self, browser: Any, base: str, username: str | None = None) -> None:
        self.context = browser.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base
        if username:
            self.page.goto(f"{base}/dang-nhap/")
            self.page.fill("#id_username", username)
            self.page.fill("#id_password", DEMO_PASSWORD)
            self.page.click("form button[type=submit]")
            self.page.wait_for_url(f"{base}/")

    def go(self, path: str) -> Any:
        self.page.goto(f"{self.base}{path}")
        return self.page

    def close(self) -> None:
        self.context.close()


def _transition(
    browser: Any, base: str, username: str, document: Document, action: str
) -> Any:
    session = Session(browser, base, username)
    page = session.go(f"/van-ban/{document.pk}/")
    page.click(f"button[data-action={action}]")
    page.wait_for_selector(".message-success")
    return session


def _draft_from_template(session: Session, demo: Any) -> Document:
    page = session.go("/ke-hoach/soan/")
    page.fill("#id_title", "Tổ chức các hoạt động kỷ niệm Ngày truyền thống ngành TTTT")
    page.check("input[name=start][value=template]")
    page.click("text=Tạo dự thảo")
    page.wait_for_selector("#editor-sections")
    page.select_option(
        "#editor-recipients select[name=units]", str(demo.units["vnpt"].pk)
    )
    page.select_option("#editor-recipients select[name=purpose]", "để thực hiện")
    page.click("#editor-recipients button[type=submit]:has-text('Thêm nơi nhận')")
    page.wait_for_selector("#editor-recipients .chip:has-text('VNPT')")
    return Document.objects.get(title__startswith="Tổ chức các hoạt động kỷ niệm")


def _draft_from_worked_example(session: Session, demo: Any) -> Document:
    page = session.go("/ke-hoach/soan/")
    page.set_input_files("input[name=file]", str(WORKED_EXAMPLE))
    page.click("text=Tải lên và soạn tiếp")
    page.wait_for_selector("#editor-sections")
    document = Document.objects.get(symbol="KH-STTTT")
    # The Office points "Các doanh nghiệp TTTT" at the enterprises.
    page = session.go(f"/van-ban/{document.pk}/phat-hanh/")
    row = page.locator("tr", has_text="Các doanh nghiệp TTTT")
    row.locator("summary:has-text('Sửa')").click()
    row.locator("select[name=units]").select_option(str(demo.units["vnpt"].pk))
    row.locator("button:has-text('Lưu')").click()
    page.wait_for_selector(
        "tr:has-text('Các doanh nghiệp TTTT') .chip:has-text('Viễn thông Đắk Nông')"
    )
    return document


def _issue_and_acknowledge(
    browser: Any,
    live_server: Any,
    demo: Any,
    smtp: Mailbox,
    draft: Callable[[Session, Any], Document],
) -> None:
    base = live_server.url
    clerk = Session(browser, base, "vanthu")
    document = draft(clerk, demo)
    clerk.close()
    for username, action in [
        ("vanthu", "submit"),
        ("vanphong", "review"),
        ("giamdoc", "approve"),
        ("giamdoc", "sign"),
    ]:
        _transition(browser, base, username, document, action).close()
    issuing = _transition(browser, base, "vanthu", document, "issue")
    page = issuing.page
    assert page.inner_text("#document-number").strip() == "Số: 01/KH-STTTT"
    day = today()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    assert f"ngày {day.day:02d} tháng {month} năm {day.year}" in page.inner_text(
        "#document-date"
    )
    assert page.inner_text("#document-status").strip() == "Đã ban hành"
    issuing.close()

    [mail] = smtp.to("lienhe@vnpt.example.vn")
    assert len(list(mail.iter_attachments())) == 2
    path = ACK.search(body_text(mail)).group(1)
    outsider = Session(browser, base)
    page = outsider.go(path)
    assert "Tổ chức các hoạt động kỷ niệm" in page.inner_text("#ack-title")
    page.fill("#ack-name", "Đầu mối VNPT")
    page.click("button:has-text('Xác nhận đã nhận')")
    page.wait_for_selector("#ack-done")
    outsider.close()

    office = Session(browser, base, "vanphong")
    page = office.go(f"/van-ban/{document.pk}/phat-hanh/")
    row = page.locator("#distribution-table tr", has_text="Viễn thông Đắk Nông")
    assert "Đã xác nhận" in row.inner_text()
    assert "Đầu mối VNPT" in row.inner_text()
    office.close()
    acknowledged = DistributionRecipient.objects.get(unit=demo.units["vnpt"])
    assert acknowledged.acknowledged_via == "link"


def test_clerk_drafts_worked_example_and_enterprise_acknowledges(
    browser: Any, live_server: Any, demo: Any, smtp: Mailbox
) -> None:
    _issue_and_acknowledge(browser, live_server, demo, smtp, _draft_from_worked_example)


def test_plan_drafted_from_template_is_issued_and_acknowledged(
    browser: Any, live_server: Any, demo: Any, smtp: Mailbox
) -> None:
    _issue_and_acknowledge(browser, live_server, demo, smtp, _draft_from_template)
