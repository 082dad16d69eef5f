"""The English catalogue in use: pages in English when the language cookie
says so, dates still dd/mm/yyyy, and e-mail in the recipient's language."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import formats, translation

from kehoach.notify.jobs import run_cycle
from kehoach.plans.models import Task
from tests.notify.helpers import at, gratitude_plan
from tests.plans.helpers import make_plan

pytestmark = pytest.mark.django_db

UNION_HEAD = "congdoan@stttt.daknong.gov.vn"
DATETIME = re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b")


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_login_page_in_english() -> None:
    html = _html(_english(Client()), "/dang-nhap/")

    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Username" in html
    assert "Password" in html
    assert "Đăng nhập" not in html


def test_login_page_stays_vietnamese_by_default() -> None:
    html = _html(Client(), "/dang-nhap/")

    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Sign in" not in html


def test_home_and_plan_list_in_english(demo: Any, login: Any) -> None:
    make_plan(demo.department, demo.people["vanthu"].user)
    client = _english(login("office"))

    home = _html(client, "/")
    plans = _html(client, "/ke-hoach/")

    assert "Hello, Lê Minh Tuấn" in home
    assert "Plans in progress" in home
    assert "<h1>Plans</h1>" in plans
    assert "Number and symbol" in plans
    assert "Trang chủ" not in home + plans  # the navigation is English too


def test_plan_page_in_english_keeps_the_documents_own_text(
    demo: Any, login: Any
) -> None:
    plan = make_plan(demo.department, demo.people["vanthu"].user)

    html = _html(_english(login("union_head")), f"/ke-hoach/{plan.pk}/")

    assert ">Activities<" in html
    assert ">Implementation<" in html
    assert "Recipients:" in html
    assert "before 25/08/2023" in html  # dd/mm/yyyy in English as well
    assert "planned 25/08/2023" in html
    assert "Đắk Nông, …/8/2023" in html
    # The document itself is not translated.
    assert "Tri ân, thăm hỏi" in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html


def test_task_page_in_english(demo: Any, login: Any) -> None:
    plan = make_plan(demo.department, demo.people["vanthu"].user)
    task = Task.objects.get(
        activity__plan=plan, activity__label="3.1", unit=demo.units["cdcs"]
    )

    html = _html(_english(login("union_head")), f"/nhiem-vu/{task.pk}/")

    assert "Task details" in html
    assert "Update progress" in html
    assert "Not started" in html
    assert "Cập nhật tiến độ" not in html
    assert DATETIME.search(html)  # the history's times: dd/mm/yyyy hh:mm


def test_directory_in_english(demo: Any, login: Any) -> None:
    html = _html(_english(login("center_member")), "/danh-ba/")

    assert "<h1>Directory</h1>" in html or ">Directory<" in html
    assert "Organisational structure" in html
    assert "Cơ cấu tổ chức" not in html


def test_english_date_formats_are_day_month_year() -> None:
    day = dt.date(2023, 8, 5)
    moment = dt.datetime(2023, 8, 5, 14, 30)  # noqa: DTZ001 -- formatting only

    with translation.override("en"):
        short = formats.date_format(day, "SHORT_DATE_FORMAT")
        long = formats.date_format(day, "DATE_FORMAT")
        stamp = formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        parsed = formats.get_format("DATE_INPUT_FORMATS")[0]

    assert (short, long, stamp) == ("05/08/2023", "05/08/2023", "05/08/2023 14:30")
    assert dt.datetime.strptime("05/08/2023", parsed).date() == day  # noqa: DTZ007


def test_email_goes_out_in_english_to_an_english_recipient(
    demo: Any, settings: Any, time_machine: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    head = demo.people["congdoan"].user
    head.language = "en"
    head.save()
    time_machine.move_to(at(1), tick=False)
    gratitude_plan(demo)

    time_machine.move_to(at(22), tick=False)
    run_cycle("w1")

    english = [m for m in mail.outbox if UNION_HEAD in m.to]
    others = [m for m in mail.outbox if UNION_HEAD not in m.to]
    assert english
    assert others
    for message in english:
        assert message.extra_headers["Content-Language"] == "en"
        assert message.body.startswith("Dear ")
        assert "An automatic message from kehoach." in message.body
        assert "Kính gửi" not in message.body
    assert any(m.subject.startswith("Due soon (25/08/2023)") for m in english)
    for message in others:
        assert message.body.startswith("Kính gửi đồng chí")


def test_stored_search_text_is_vietnamese_whatever_the_ui_language(demo: Any) -> None:
    with translation.override("en"):
        plan = make_plan(demo.department, demo.people["vanthu"].user)

    plan.document.refresh_from_db()
    assert plan.document.search_text.startswith("ke hoach ")
