"""``kehoach poll_mailbox``: fetch incoming documents from the IMAP mailbox
(settings ``KEHOACH_IMAP_*`` or options) and stage them for review."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kehoach.documents.mailbox import MailboxConfig, poll_mailbox
from kehoach.documents.management.commands._common import user_named
from kehoach.orgs.models import Agency


class Command(BaseCommand):
    help = "Nhận văn bản đến từ hộp thư IMAP. / Poll the IMAP mailbox for documents."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=settings.KEHOACH_IMAP_HOST)
        parser.add_argument("--port", type=int, default=settings.KEHOACH_IMAP_PORT)
        parser.add_argument("--mail-user", default=settings.KEHOACH_IMAP_USER)
        parser.add_argument("--password", default=settings.KEHOACH_IMAP_PASSWORD)
        parser.add_argument("--folder", default=settings.KEHOACH_IMAP_FOLDER)
        parser.add_argument(
            "--no-ssl", action="store_true", default=not settings.KEHOACH_IMAP_SSL
        )
        parser.add_argument(
            "--agency", default=settings.KEHOACH_IMAP_AGENCY, help="ký hiệu cơ quan"
        )
        parser.add_argument(
            "--user", default=settings.KEHOACH_IMAP_ACTOR, help="tên đăng nhập"
        )
        parser.add_argument("--auto-confirm", action="store_true", help="vào sổ ngay")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["host"] or not options["user"]:
            raise CommandError(
                "Chưa cấu hình hộp thư (KEHOACH_IMAP_HOST, KEHOACH_IMAP_ACTOR). "
                "/ Mailbox not configured."
            )
        actor = user_named(options["user"])
        agency = (
            Agency.objects.filter(abbreviation=options["agency"]).first()
            if options["agency"]
            else getattr(getattr(actor, "person", None), "agency", None)
        )
        if agency is None:
            raise CommandError("Không tìm thấy cơ quan. / Agency not found.")
        config = MailboxConfig(
            host=options["host"],
            port=options["port"],
            user=options["mail_user"],
            password=options["password"],
            folder=options["folder"],
            ssl=not options["no_ssl"],
        )
        result = poll_mailbox(
            config, agency=agency, actor=actor, auto_confirm=options["auto_confirm"]
        )
        self.stdout.write(
            f"messages={result.messages} staged={len(result.staged)} "
            f"duplicates={result.duplicates} failures={len(result.failures)}"
        )
        for name, reason in result.failures:
            self.stderr.write(f"{name}: {reason}")
