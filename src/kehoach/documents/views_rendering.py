"""Downloads of a document in the Decree 30 layout (DOCX, PDF) and the
page that checks the digital signatures of an uploaded PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from kehoach.documents.permissions import get_document_for
from kehoach.documents.rendering import FORMATS, render_document, to_docx, to_pdf
from kehoach.documents.signatures.forms import SignatureCheckForm
from kehoach.documents.signatures.queries import trust_roots_for
from kehoach.documents.signatures.verification import verify_pdf_signatures
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.viewer import viewer_for


def rendered_file(document: object, fmt: str) -> HttpResponse:
    """The document as a download; shared by the page and the API."""
    tree = render_document(document)  # type: ignore[arg-type]
    data = to_docx(tree) if fmt == "docx" else to_pdf(tree)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{tree.file_stem}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def document_render(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    document = get_document_for(viewer_for(request.user), pk)
    return rendered_file(document, fmt)


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
