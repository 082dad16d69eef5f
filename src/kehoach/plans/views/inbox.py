"""The unit inbox ("Việc của đơn vị"): the list with filters and bulk
actions, and the board by status."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render, resolve_url
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.lib.exceptions import ActionRefused
from kehoach.lib.http import HtmxHttpRequest
from kehoach.orgs.viewer import Viewer, viewer_for
from kehoach.plans import task_queries
from kehoach.plans.deadlines import local_today
from kehoach.plans.enums import BOARD_STATUSES, TaskStatus
from kehoach.plans.models import Task
from kehoach.plans.services import BulkRefused, bulk_update_tasks
from kehoach.plans.task_forms import BulkForm, TaskFilterForm
from kehoach.plans.task_queries import Scope
from kehoach.reports.freshness import cache_key, cached_value

PAGE_SIZE = 50


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` field of a form when it points into this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def _filter_form(params: QueryDict, viewer: Viewer) -> TaskFilterForm:
    scope = params.get("scope") or Scope.MINE
    if scope != Scope.AGENCY or not viewer.is_agency_wide:
        scope = Scope.MINE
    return TaskFilterForm(
        params,
        agency_wide=viewer.is_agency_wide,
        units=cached_value(
            "inbox-units",
            [viewer.user_id, scope],
            lambda: task_queries.units_in_scope(viewer, scope),
        ),
        plans=cached_value(
            "inbox-plans",
            [viewer.user_id, scope],
            lambda: task_queries.plans_in_scope(viewer, scope),
        ),
    )


def _inbox_context(viewer: Viewer, params: QueryDict) -> dict[str, Any]:
    today = local_today()
    form = _filter_form(params, viewer)
    filters = form.filters()
    tasks = task_queries.filtered_tasks(viewer, filters, today)
    # The page is a list of ids; the rows (task, activity, plan, unit) are
    # rendered from the cache under the data version when the same tasks
    # were shown since the last change, and loaded only when they were not.
    page = Paginator(tasks.values_list("pk", flat=True), PAGE_SIZE).get_page(
        params.get("page")
    )
    ids = list(page.object_list)

    def load_rows() -> list[Task]:
        by_id = tasks.filter(pk__in=ids).in_bulk()
        return [by_id[pk] for pk in ids if pk in by_id]

    query = params.copy()
    query.pop("page", None)
    counts = task_queries.cached_task_counts(viewer, filters.scope)
    nav = {"task_counts": counts} if filters.scope == Scope.MINE else {}
    return {
        **nav,  # the navigation shows the same counts: not counted twice
        "form": form,
        "filters": filters,
        "page": page,
        "rows": SimpleLazyObject(load_rows),
        # What the rows show depends on the tasks, the sort (group rows)
        # and the day.
        "rows_key": cache_key("inbox-rows", [filters.sort, *ids]),
        "today": today,
        "query": query.urlencode(),
        "counts": counts,
        "bulk_units": cached_value(
            "reassign-units",
            [viewer.agency_id],
            lambda: task_queries.units_for_reassign(viewer.agency_id),
        ),
        "bulk_statuses": [(s, TaskStatus(s).label) for s in BOARD_STATUSES],
    }


def _rendered(
    request: HtmxHttpRequest,
    template: str,
    target: str,
    context: dict[str, Any],
    **kw: Any,
) -> HttpResponse:
    """The whole page, or only the partial the HTMX request targets (with
    the URL pushed so filters survive a reload)."""
    if request.htmx and request.htmx.target == target:
        template += f"#{target}"
    response = render(request, template, context, **kw)
    if request.htmx:
        response["HX-Push-Url"] = request.get_full_path()
    return response


@login_required
def task_inbox(request: HtmxHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    context = _inbox_context(viewer, request.GET)
    context["next_url"] = request.get_full_path()
    # The filter form shows the query and the choices (per user): cached.
    context["filters_key"] = cache_key(
        "inbox-filters", [viewer.user_id, request.get_full_path()]
    )
    return _rendered(request, "plans/task_inbox.html", "task-rows", context)


def board_context(viewer: Viewer, params: QueryDict, next_url: str) -> dict[str, Any]:
    today = local_today()
    form = _filter_form(params, viewer)
    filters = form.filters()
    return {
        "form": form,
        "filters": filters,
        "today": today,
        "columns": task_queries.board_columns(viewer, filters, today),
        "next_url": next_url,
    }


def board_partial(request: HttpRequest, next_url: str) -> HttpResponse:
    """The board as it is after a move, for the card's HTMX request."""
    params = QueryDict(urlsplit(next_url).query)
    context = board_context(viewer_for(request.user), params, next_url)
    return render(request, "plans/task_board.html#task-board", context)


@login_required
def task_board(request: HtmxHttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    context = board_context(viewer, request.GET, request.get_full_path())
    return _rendered(request, "plans/task_board.html", "task-board", context)


@login_required
@require_POST
def task_bulk(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form = BulkForm(
        request.POST, units=task_queries.units_for_reassign(viewer.agency_id)
    )
    next_url = safe_next(request, "plans:my-tasks")
    errors: list[Any] = []
    if form.is_valid():
        try:
            done = bulk_update_tasks(
                form.items(),
                actor=request.user,
                action=form.cleaned_data["action"],
                status=form.cleaned_data.get("status") or None,
                unit=form.chosen_unit(),
            )
        except BulkRefused as exc:
            errors = exc.errors
            messages.error(request, str(exc.message))
        except ActionRefused as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("Đã cập nhật {n} nhiệm vụ.").format(n=len(done))
            )
            return redirect(next_url)
    else:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, str(error))
    context = _inbox_context(viewer, QueryDict(urlsplit(next_url).query))
    context.update(
        next_url=next_url,
        bulk_errors=errors,
        rows_key="",  # rows show what was selected: not from the cache
        selected={str(i) for i in request.POST.getlist("tasks")},
    )
    return render(request, "plans/task_inbox.html", context, status=400)
