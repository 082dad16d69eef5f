"""The signature check page and the download buttons in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from kehoach.documents.signatures.services import create_demo_certificate, sign_document
from kehoach.orgs.demo import DEMO_PASSWORD
from tests.plans.helpers import make_plan, parsed_copy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_enterprise_checks_a_signed_plan_and_downloads_it(
    page: Any, live_server: Any, demo: Any, settings: Any, tmp_path: Any
) -> None:
    settings.KEHOACH_SECRETS_DIR = tmp_path / "secrets"
    create_demo_certificate(demo.department)
    plan = make_plan(
        demo.department,
        demo.people["vanthu"].user,
        parsed=parsed_copy(number="1", issued="2023-08-05"),
        units={"Các doanh nghiệp ngành TTTT trên địa bàn tỉnh": [demo.units["vnpt"]]},
    )
    signed = tmp_path / "KH-STTTT-01-2023.pdf"
    signed.write_bytes(sign_document(plan.document, actor=demo.people["giamdoc"].user))

    base = live_server.url
    _login(page, base, "vnpt")
    page.click("#main-nav summary:has-text('Văn bản')")
    page.click("#main-nav >> text=Kiểm tra chữ ký số")
    page.set_input_files("#id_file", str(signed))
    page.click("button:has-text('Kiểm tra')")
    result = page.wait_for_selector(".sig-valid_untrusted")
    text = result.inner_text()
    assert "Chữ ký hợp lệ nhưng chứng thư của người ký" in text
    assert "Trần Văn Thương" in text
    assert "Nguyên vẹn" in text

    page.goto(f"{base}/ke-hoach/{plan.pk}/")
    page.click("#plan-more > summary")  # the downloads are in the "Thêm" menu
    with page.expect_download() as download:
        page.click("text=Tải PDF")
    assert download.value.suggested_filename == "KH-STTTT-01-2023.pdf"
