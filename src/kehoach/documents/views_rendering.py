"""Downloads of a document in the Decree 30 layout (DOCX, PDF) and the
page that checks the digital signatures of an uploaded PDF.

One download serves the document page, the plan page, the editor and the
API: ``documents:document-render`` (``/van-ban/<pk>/tai-ve.<fmt>``). The
workflow's ``documents:document-download`` (``/van-ban/<pk>/tai/<fmt>/``)
redirects to it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kehoach.documents.models import Document
from kehoach.documents.outputs import document_docx, document_pdf
from kehoach.documents.permissions import get_document_for
from kehoach.documents.rendering import FORMATS
from kehoach.documents.signatures.forms import SignatureCheckForm
from kehoach.documents.signatures.queries import trust_roots_for
from kehoach.documents.signatures.verification import verify_pdf_signatures
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.viewer import viewer_for


def rendered_file(document: Document, fmt: str) -> HttpResponse:
    """The document as a download, shared by the page and the API: what its
    recipients get (``documents.outputs``) — the Decree 30 rendering, and
    once the document is signed, the PDF with the agency's digital
    signature."""
    output = document_pdf(document) if fmt == "pdf" else document_docx(document)
    response = HttpResponse(output.content, content_type=output.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{output.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def document_render(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """``documents:document-render``, the one download of a document."""
    if fmt not in FORMATS:
        raise Http404
    document = get_document_for(viewer_for(request.user), pk)
    return rendered_file(document, fmt)


@require_GET
def document_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """``documents:document-download``, the workflow's older address of the
    same files: sends to :func:`document_render` (which checks access)."""
    if fmt not in FORMATS:
        raise Http404
    return redirect("documents:document-render", pk=pk, fmt=fmt, permanent=True)


@login_required
@require_http_methods(["GET", "POST"])
def signature_verify(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form = SignatureCheckForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form, "checked": False}
    if request.method == "POST" and form.is_valid():
        agency = viewer.person.agency if viewer.person else None
        try:
            signatures = verify_pdf_signatures(
                form.cleaned_data["file"], trust_roots=trust_roots_for(agency)
            )
        except ActionRefused as exc:
            form.add_error("file", str(exc.message))
        else:
            context.update(
                checked=True,
                signatures=signatures,
                file_name=getattr(request.FILES.get("file"), "name", ""),
            )
    template = "documents/signature_verify.html"
    htmx = getattr(request, "htmx", None)  # django-htmx middleware
    if htmx and htmx.target == "signature-results":
        template += "#signature-results"
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, template, context, status=status)
