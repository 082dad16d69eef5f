"""``kehoach workflow DOC_ID ACTION --user U [--comment …]``: run a
transition of the issuance workflow with that user's permissions (the same
service as the page and the API)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from kehoach.documents.management.commands._common import user_named
from kehoach.documents.models import Document
from kehoach.documents.permissions import get_document_for
from kehoach.documents.workflow import TRANSITIONS, apply_transition
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.viewer import viewer_for


class Command(BaseCommand):
    help = (
        "Chuyển trạng thái văn bản (trình, duyệt, trả lại, ký, phát hành, thu hồi). "
        "/ Run a workflow transition."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document_id", type=int)
        parser.add_argument("action", choices=sorted(TRANSITIONS))
        parser.add_argument("--user", required=True, help="tên đăng nhập / acting user")
        parser.add_argument("--comment", default="", help="ý kiến / comment")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_named(options["user"])
        viewer = viewer_for(user)
        try:
            document: Document = get_document_for(viewer, options["document_id"])
        except Http404 as exc:
            raise CommandError(
                "Không tìm thấy văn bản. / Document not found or not visible."
            ) from exc
        try:
            document = apply_transition(
                document, options["action"], actor=user, comment=options["comment"]
            )
        except ActionRefused as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            f"{document.pk}\t{document.status}\t{document.reference_label}"
        )
