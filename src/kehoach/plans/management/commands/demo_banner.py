from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from kehoach.orgs.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "In địa chỉ và tài khoản mẫu. / Print the demo address and logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"kehoach đang chạy tại / is running at: {url}")
        )
        self.stdout.write(
            f"Mật khẩu mọi tài khoản mẫu / password of every demo login: {DEMO_PASSWORD}"
        )
        for username, label in DEMO_LOGINS:
            self.stdout.write(f"  {username:<12} {label}")
        self.stdout.write(f"Quản trị Django / Django admin: {url}quan-tri/  (quantri)")
        self.stdout.write(f"API: {url}api/docs")
        self.stdout.write(
            f"Thư đi được ghi vào / outgoing mail is written to: {settings.EMAIL_FILE_PATH}"
        )
        self.stdout.write("")
