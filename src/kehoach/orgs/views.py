"""Directory pages: the agency's directory, a unit, an agency, the import
and API tokens. Thin views: access helper → form → service/query → render."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs import permissions, queries, services
from kehoach.orgs.directory_import import import_directory
from kehoach.orgs.directory_io import build_template
from kehoach.orgs.forms import DirectoryUploadForm, TokenCreateForm
from kehoach.orgs.models import Agency
from kehoach.orgs.viewer import Viewer, viewer_for
from kehoach.plans.queries import tasks_for_unit

IMPORT_SESSION_KEY = "orgs_directory_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _agency_context(agency: Agency, viewer: Viewer, q: str) -> dict[str, Any]:
    units = list(queries.units_for_agency(agency, viewer=viewer, q=q))
    return {
        "agency": agency,
        "q": q,
        "tree": [] if q else queries.unit_tree(units),
        "units": units if q else [],
        "people": list(queries.people_for_agency(agency, viewer=viewer, q=q)),
        "related": queries.related_agencies(agency, viewer=viewer),
        "can_manage": permissions.can_manage_directory(viewer, agency),
    }


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or only the results when HTMX asks for them."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    if htmx and htmx.target == "directory-results":
        template += "#directory-results"
    return render(request, template, context)


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    q = request.GET.get("q", "").strip()[:100]
    if viewer.person is None:
        context = {"agencies": list(queries.visible_agencies(viewer, q=q)), "q": q}
        return render(request, "orgs/agency_list.html", context)
    context = _agency_context(viewer.person.agency, viewer, q)
    return _page(request, "orgs/directory.html", context)


@login_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    agency = permissions.get_agency_for(viewer, pk)
    q = request.GET.get("q", "").strip()[:100]
    return _page(request, "orgs/agency_detail.html", _agency_context(agency, viewer, q))


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    unit = permissions.get_unit_for(viewer, pk)
    can_see_tasks = permissions.can_see_unit_tasks(viewer, unit)
    context = {
        "unit": unit,
        "members": list(queries.members_of_unit(unit, viewer=viewer)),
        "can_see_members": permissions.can_see_members(viewer, unit),
        "children": list(queries.child_units(unit, viewer=viewer)),
        "tasks": list(tasks_for_unit(unit, viewer=viewer)) if can_see_tasks else [],
        "can_see_tasks": can_see_tasks,
    }
    return render(request, "orgs/unit_detail.html", context)


def _import_guard(request: HttpRequest) -> Viewer:
    viewer = viewer_for(request.user)
    if not permissions.can_import_directory(viewer):
        raise PermissionDenied
    return viewer


@login_required
def directory_import(request: HttpRequest) -> HttpResponse:
    """Upload → dry run → preview with errors; the file waits for confirm."""
    _import_guard(request)
    form = DirectoryUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "orgs/directory_import.html", {"form": form})
    upload = form.cleaned_data["file"]
    data = upload.read()
    result = import_directory(
        data, filename=upload.name, actor=request.user, dry_run=True
    )
    if result.ok:
        _discard_pending(request)
        suffix = PurePath(upload.name).suffix.lower()
        path = default_storage.save(
            f"imports/directory/{uuid.uuid4().hex}{suffix}", ContentFile(data)
        )
        request.session[IMPORT_SESSION_KEY] = {"path": path, "filename": upload.name}
    context = {"form": form, "result": result, "filename": upload.name}
    return render(request, "orgs/directory_import.html", context)


@login_required
@require_POST
def directory_import_confirm(request: HttpRequest) -> HttpResponse:
    _import_guard(request)
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending or not default_storage.exists(pending["path"]):
        messages.error(request, _("Không còn tệp chờ nhập; hãy tải lên lại."))
        return redirect("orgs:directory-import")
    with default_storage.open(pending["path"], "rb") as handle:
        data = handle.read()
    result = import_directory(data, filename=pending["filename"], actor=request.user)
    _discard_pending(request)
    if not result.ok:
        context = {"form": DirectoryUploadForm(), "result": result}
        return render(request, "orgs/directory_import.html", context)
    messages.success(
        request,
        _("Đã nhập danh bạ: {created} mới, {updated} cập nhật.").format(
            created=result.count("create"), updated=result.count("update")
        ),
    )
    return redirect("orgs:directory")


def _discard_pending(request: HttpRequest) -> None:
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if pending and default_storage.exists(pending["path"]):
        default_storage.delete(pending["path"])


@login_required
def directory_import_template(request: HttpRequest) -> HttpResponse:
    _import_guard(request)
    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-ba.xlsx"'
    return response


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens; a new key is shown once, never again."""
    form = TokenCreateForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.create_api_token(
                request.user, name=form.cleaned_data["name"]
            )
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        form = TokenCreateForm()
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": list(queries.api_tokens_of(request.user)),
    }
    return render(request, "orgs/token_list.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = permissions.get_api_token_for(request.user, pk)
    services.revoke_api_token(token, actor=request.user)
    messages.success(
        request, _("Đã thu hồi mã truy cập “{name}”.").format(name=token.name)
    )
    return redirect("orgs:token-list")
