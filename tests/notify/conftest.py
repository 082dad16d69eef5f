"""Fixtures of the notification tests: a real SMTP server (aiosmtpd), a
real HTTP server for gateways and webhooks, and the gratitude-visit plan."""

from __future__ import annotations

import json
import logging
import socket
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings

logging.getLogger("mail.log").setLevel(logging.WARNING)

# The racing-workers tests need several connections writing one database:
# an in-memory SQLite database cannot do that, so when they are collected
# the SQLite test database is a file (pytest-django adds the xdist suffix).
_RACE_MODULES = ("tests/notify/test_race.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3" or db.get("TEST", {}).get("NAME"):
        return
    if any(item.nodeid.startswith(_RACE_MODULES) for item in items):
        directory = Path(tempfile.mkdtemp(prefix="kehoach-test-"))
        db.setdefault("TEST", {})["NAME"] = str(directory / "test.sqlite3")


# --- SMTP ---------------------------------------------------------------


@dataclass
class SmtpInbox:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    def subjects(self, address: str) -> list[str]:
        return [" ".join(str(m["Subject"]).split()) for m in self.to(address)]


class _Handler:
    def __init__(self, inbox: SmtpInbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(  # noqa: N802 -- aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.inbox.refuse:
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 -- aiosmtpd's hook name
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.inbox.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpInbox]:
    """A real SMTP server on a free port; Django's SMTP backend points at it."""
    inbox = SmtpInbox(host="127.0.0.1", port=_free_port())
    controller = Controller(_Handler(inbox), hostname=inbox.host, port=inbox.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = inbox.host
    settings.EMAIL_PORT = inbox.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        controller.stop()


# --- HTTP (gateways and webhooks) ---------------------------------------


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class HttpSink:
    url: str
    requests: list[Received] = field(default_factory=list)
    # Status codes to answer, in order; 200 once they run out.
    statuses: list[int] = field(default_factory=list)


@pytest.fixture
def http_sink() -> Iterator[HttpSink]:
    """A local HTTP server in a thread that records every request."""
    port = _free_port()
    sink = HttpSink(url=f"http://127.0.0.1:{port}")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with lock:
                sink.requests.append(
                    Received(self.command, self.path, dict(self.headers.items()), body)
                )
                status = sink.statuses.pop(0) if sink.statuses else 200
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": %s}' % (b"true" if status < 400 else b"false"))

        do_POST = do_PUT = do_GET = _answer  # noqa: N815 -- http.server's names

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def integrations(settings: Any) -> Any:
    """Gateways and webhooks switched on (they are off by default)."""
    settings.KEHOACH_GATEWAY_ENABLED = True
    settings.KEHOACH_WEBHOOKS_ENABLED = True
    settings.KEHOACH_NOTIFY_RETRY_SECONDS = 60
    settings.KEHOACH_NOTIFY_MAX_ATTEMPTS = 3
    return settings
