"""``kehoach render ID --format docx|pdf [--output FILE] [--sign] --user U``:
a document in the Decree 30 layout, as the acting user may see it.

``--sign`` signs the PDF with the agency's certificate; the user must be
allowed to sign (leadership with signing authority, or the clerk).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from kehoach.documents.permissions import get_document_for
from kehoach.documents.rendering import render_document, to_docx, to_pdf
from kehoach.documents.signatures.services import sign_document
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.viewer import viewer_for


class Command(BaseCommand):
    help = (
        "Xuất văn bản theo thể thức Nghị định 30 (DOCX/PDF), có thể ký số. / "
        "Render a document as DOCX or PDF, optionally signed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document_id", type=int, help="mã văn bản / document id")
        parser.add_argument("--format", choices=["docx", "pdf"], default="pdf")
        parser.add_argument(
            "--output", "-o", help="tệp ra; '-' là stdout / output file, '-' for stdout"
        )
        parser.add_argument(
            "--sign", action="store_true", help="ký số PDF / sign the PDF"
        )
        parser.add_argument("--reason", default="", help="lý do ký / signing reason")
        parser.add_argument(
            "--user", required=True, help="tên đăng nhập người thực hiện / acting user"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not user.is_active:
            raise CommandError(
                f"Không có người dùng {options['user']}. / Unknown user."
            )
        fmt = options["format"]
        if options["sign"] and fmt != "pdf":
            raise CommandError("Chỉ ký số được tệp PDF. / Only PDFs are signed.")
        try:
            document = get_document_for(viewer_for(user), options["document_id"])
        except Http404 as exc:
            raise CommandError(
                "Không tìm thấy văn bản (hoặc bạn không được xem). / Document not found."
            ) from exc
        tree = render_document(document)
        try:
            if options["sign"]:
                data = sign_document(document, actor=user, reason=options["reason"])
            else:
                data = to_docx(tree) if fmt == "docx" else to_pdf(tree)
        except ActionRefused as exc:
            raise CommandError(str(exc.message)) from exc
        output = options["output"] or f"{tree.file_stem}.{fmt}"
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        Path(output).write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(f"Đã ghi {output} ({len(data)} byte). / Written.")
        )
