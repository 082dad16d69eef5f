"""Shared fixtures: the demo directory as the cast of every test.

The cast (as in healthchecks' alice/bob/charlie): ``director`` (leadership),
``office`` (Chánh Văn phòng), ``clerk`` (văn thư), ``union_head`` (head of
the union, unit A), ``center_member`` (member of the IT centre, unit B),
``enterprise`` (an outside enterprise's contact) and ``admin``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kehoach.orgs.demo import DEMO_PASSWORD, DemoDirectory, build_demo_directory

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORKED_EXAMPLE = ROOT / "src" / "kehoach" / "demo_data" / "000.txt"

CAST = {
    "director": "giamdoc",
    "deputy": "phogiamdoc",
    "office": "vanphong",
    "clerk": "vanthu",
    "union_head": "congdoan",
    "center_head": "trungtam",
    "center_member": "canbo",
    "enterprise": "vnpt",
    "enterprise_b": "viettel",
    "admin": "quantri",
}


@pytest.fixture
def demo(db: Any) -> DemoDirectory:
    return build_demo_directory(with_logins=True)


@pytest.fixture
def login(demo: DemoDirectory) -> Any:
    """``login("clerk")`` → a Django test client logged in as that cast member."""

    def _login(who: str) -> Client:
        client = Client()
        username = CAST.get(who, who)
        assert client.login(username=username, password=DEMO_PASSWORD), username
        return client

    return _login


@pytest.fixture
def worked_example_bytes() -> bytes:
    return WORKED_EXAMPLE.read_bytes()


# --- browser (Debian's Chromium through Playwright) ------------------------

CHROMIUM = os.environ.get("KEHOACH_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # would refuse to run beside it in the test's own code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
