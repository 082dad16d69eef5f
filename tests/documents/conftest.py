from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.documents.smtp import Mailbox, start_smtp


@pytest.fixture
def smtp(settings: Any) -> Iterator[Mailbox]:
    """Django's SMTP backend pointed at a local aiosmtpd server."""
    controller, mailbox = start_smtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "vanthu@stttt.daknong.gov.vn"
    settings.SITE_URL = "http://kehoach.test"
    try:
        yield mailbox
    finally:
        controller.stop()
