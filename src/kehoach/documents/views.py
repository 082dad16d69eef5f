"""Pages of documents: the list and one document."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kehoach.documents import queries
from kehoach.documents.enums import Direction
from kehoach.documents.permissions import get_document_for
from kehoach.orgs.viewer import viewer_for


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    direction = request.GET.get("direction")
    filters = queries.DocumentFilters(
        direction=direction if direction in Direction.values else None,
        q=(request.GET.get("q") or "").strip()[:200],
    )
    page = Paginator(queries.documents_for(viewer, filters), 25).get_page(
        request.GET.get("page")
    )
    template = "documents/document_list.html"
    if request.htmx and request.htmx.target == "document-rows":
        template += "#document-rows"
    return render(
        request,
        template,
        {"page": page, "filters": filters, "directions": Direction.choices},
    )


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for(viewer_for(request.user), pk)
    return render(
        request, "documents/document_detail.html", queries.document_page(document)
    )


@login_required
def document_source(request: HttpRequest, pk: int) -> FileResponse:
    document = get_document_for(viewer_for(request.user), pk)
    if not document.source_file:
        raise Http404
    return FileResponse(
        document.source_file.open("rb"),
        as_attachment=True,
        filename=document.source_name or document.source_file.name.rsplit("/", 1)[-1],
    )
