"""``kehoach import_directory FILE [--agency ABBR] [--dry-run] [--reset-links]``

Imports agencies, units and people from CSV or XLSX (format:
:mod:`kehoach.orgs.directory_import`), all or nothing. Run by an operator
with shell access, so no user permission applies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from tqdm import tqdm

from kehoach.orgs.directory_import import import_directory
from kehoach.orgs.directory_io import TableError, read_table
from kehoach.orgs.directory_report import ImportResult
from kehoach.orgs.models import Agency

PROGRESS_FROM_ROWS = 50


class Command(BaseCommand):
    help = "Nhập danh bạ (cơ quan, đơn vị, cán bộ) từ tệp CSV hoặc XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--agency",
            help="Ký hiệu hoặc tên cơ quan mặc định cho dòng đơn vị, cán bộ.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ xem trước, không ghi gì.",
        )
        parser.add_argument(
            "--reset-links",
            action="store_true",
            help="In đường dẫn dùng một lần để tài khoản mới tự đặt mật khẩu.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {path} / File not found.")
        data = path.read_bytes()
        agency = self._agency(options["agency"]) if options["agency"] else None
        try:
            total = len(read_table(data, path.name))
        except TableError:
            total = 0  # the import reports why
        with tqdm(
            total=total,
            disable=total < PROGRESS_FROM_ROWS,
            unit="dòng",
            file=self.stderr._out,
        ) as bar:
            result = import_directory(
                data,
                filename=path.name,
                actor=None,
                agency=agency,
                dry_run=options["dry_run"],
                on_row=lambda: bar.update(1),
            )
        self._report(result)
        if not result.ok:
            raise CommandError(
                f"{len(result.errors)} lỗi, không ghi gì. / "
                f"{len(result.errors)} errors, nothing written."
            )
        if options["reset_links"]:
            self._print_links(result)

    def _agency(self, ref: str) -> Agency:
        matches = list(
            Agency.objects.filter(Q(abbreviation__iexact=ref) | Q(name__iexact=ref))
        )
        if len(matches) != 1:
            raise CommandError(
                f"Không xác định được cơ quan {ref!r} ({len(matches)} kết quả). / "
                "Agency not found or ambiguous."
            )
        return matches[0]

    def _report(self, result: ImportResult) -> None:
        for error in result.errors:
            where = f"{error.sheet} dòng {error.row}: " if error.row else ""
            self.stderr.write(f"{where}{error.message} / {error.message_en}")
        for record, label in (
            ("agency", "Cơ quan"),
            ("unit", "Đơn vị"),
            ("person", "Cán bộ"),
        ):
            self.stdout.write(
                f"{label}: {result.count('create', record)} mới, "
                f"{result.count('update', record)} cập nhật, "
                f"{result.count('unchanged', record)} không đổi"
            )
        if result.dry_run and result.ok:
            self.stdout.write("Chạy thử: chưa ghi gì. / Dry run: nothing written.")

    def _print_links(self, result: ImportResult) -> None:
        for user in result.new_users:
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            path = reverse("orgs:password-set", args=[uid, token])
            self.stdout.write(f"{user.username}: {settings.SITE_URL}{path}")
