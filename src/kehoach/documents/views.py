"""Pages of documents: the list and one document."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kehoach.documents import queries
from kehoach.documents.enums import Direction
from kehoach.documents.models import Document
from kehoach.documents.permissions import get_document_for
from kehoach.lib.http import HtmxHttpRequest
from kehoach.orgs.viewer import Viewer, viewer_for


@login_required
def document_list(request: HtmxHttpRequest) -> HttpResponse:
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
    viewer = viewer_for(request.user)
    document = get_document_for(viewer, pk)
    context = queries.document_page(document)
    context.update(workflow_context(viewer, document))
    return render(request, "documents/document_detail.html", context)


def workflow_context(viewer: Viewer, document: Document) -> dict[str, object]:
    """Buttons and forms of the document page, by what the viewer may do."""
    from kehoach.documents import permissions as perms  # noqa: PLC0415 -- local, many names
    from kehoach.documents.forms import DirectionForm, ReasonForm, SenderForm  # noqa: PLC0415 -- idem
    from kehoach.documents.workflow import available_actions  # noqa: PLC0415 -- idem
    from kehoach.orgs.models import Unit  # noqa: PLC0415 -- idem

    can_direct = perms.can_direct_incoming(viewer, document)
    units = (
        list(Unit.objects.filter(agency_id=document.agency_id, is_active=True))
        if can_direct
        else []
    )
    return {
        "actions": available_actions(viewer, document),
        "can_edit": perms.can_edit_document(viewer, document),
        "can_manage_distribution": perms.can_manage_distribution(viewer, document),
        "can_follow_up": document.is_locked
        and document.agency_id == viewer.agency_id
        and bool(viewer.roles & perms.DRAFTING_ROLES),
        "can_direct": can_direct,
        "direction_form": DirectionForm(units=units) if can_direct else None,
        "can_return_incoming": perms.can_return_incoming(viewer, document),
        "can_set_sender": perms.can_register_incoming(viewer, document.agency_id)
        and document.direction == "incoming",
        "reason_form": ReasonForm(),
        "sender_form": SenderForm(initial={"email": document.sender_email}),
        "is_own": document.agency_id == viewer.agency_id,
        "unaddressed_lines": unaddressed_lines(document)
        if document.direction == "outgoing" and not document.is_locked
        else 0,
    }


def unaddressed_lines(document: Document) -> int:
    """Nơi nhận lines that point nowhere yet (no unit, person or address)."""
    from kehoach.documents.distribution import suggested_units  # noqa: PLC0415 -- distribution imports the workflow

    count = (
        document.recipients.filter(units__isnull=True, person__isnull=True, email="")
        .distinct()
        .count()
    )
    return count - len(suggested_units(document)) if count else 0


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
