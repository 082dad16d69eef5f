"""Serving evidence files through permission-checked views (page and API)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from kehoach.plans.enums import EvidenceKind
from kehoach.plans.models import Evidence


def evidence_response(evidence: Evidence, *, inline: bool) -> FileResponse:
    """A stored evidence file, with its checked type; images may be shown
    inline, everything else downloads. Never a raw /media/ URL."""
    if evidence.kind != EvidenceKind.FILE or not evidence.file:
        raise Http404(_("Minh chứng này là đường dẫn, không có tệp."))
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Không tìm thấy tệp minh chứng.")) from None
    response = FileResponse(
        handle,
        as_attachment=not (inline and evidence.is_image),
        filename=evidence.name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0"
    return response
