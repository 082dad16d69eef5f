"""The task page and its actions: progress with evidence, contributions,
reopening, reassigning, the board's status moves, evidence downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kehoach.lib.exceptions import ActionRefused
from kehoach.lib.http import HtmxHttpRequest
from kehoach.orgs.viewer import Viewer, viewer_for
from kehoach.plans import task_queries
from kehoach.plans.deadlines import local_today
from kehoach.plans.downloads import evidence_response
from kehoach.plans.enums import TaskStatus
from kehoach.plans.models import Task
from kehoach.plans.permissions import get_evidence_for, get_task_for
from kehoach.plans.services import (
    TaskConflict,
    acknowledge_task,
    add_contribution,
    reassign_task,
    record_progress,
    reopen_task,
)
from kehoach.plans.task_forms import (
    ContributionForm,
    ProgressForm,
    ReassignForm,
    ReopenForm,
    StatusMoveForm,
)
from kehoach.plans.views.inbox import board_partial, safe_next

_FILE_ERRORS = {"too_large", "unsupported_type", "empty_file"}


def _forms(task: Task, page: task_queries.TaskPage, given: dict[str, Any]) -> None:
    """Fill in blank forms for what the viewer may do (``given`` keeps the
    bound ones of a failed POST)."""
    version = {"version": task.version}
    if page.can_update and task.status != TaskStatus.DONE:
        given.setdefault(
            "progress_form",
            ProgressForm(
                initial={**version, "status": task.status, "percent": task.percent},
                status_choices=page.status_choices,
            ),
        )
    if page.can_contribute:
        given.setdefault("contribution_form", ContributionForm(prefix="contrib"))
    if page.can_reopen:
        given.setdefault("reopen_form", ReopenForm(initial=version, prefix="reopen"))
    if page.can_reassign:
        given.setdefault(
            "reassign_form",
            ReassignForm(initial=version, units=page.reassign_units, prefix="reassign"),
        )


def _render_task(
    request: HttpRequest, task: Task, *, status: int = 200, **given: Any
) -> HttpResponse:
    viewer = viewer_for(request.user)
    page = task_queries.task_page(task, viewer=viewer)
    _forms(task, page, given)
    context = {"page": page, "task": task, "today": local_today(), **given}
    return render(request, "plans/task_detail.html", context, status=status)


def _refused(form: Any, exc: ActionRefused) -> None:
    field = (
        "attachments"
        if exc.code in _FILE_ERRORS
        else "links"
        if exc.code == "invalid_url"
        else None
    )
    form.add_error(field if field in form.fields else None, str(exc.message))


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for(viewer_for(request.user), pk)
    return _render_task(request, task)


def _progress_form(request: HttpRequest, viewer: Viewer, task: Task) -> ProgressForm:
    return ProgressForm(
        request.POST,
        request.FILES,
        status_choices=task_queries.status_choices_for(viewer, task),
    )


@login_required
@require_POST
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    task = get_task_for(viewer, pk)
    form = _progress_form(request, viewer, task)
    if not form.is_valid():
        return _render_task(request, task, progress_form=form, status=400)
    data = form.cleaned_data
    try:
        record_progress(
            task,
            actor=request.user,
            expected_version=data["version"],
            status=data["status"],
            percent=data["percent"],
            note=data["note"],
            files=data["attachments"],
            links=form.link_list(),
        )
    except TaskConflict as conflict:
        return _conflict_page(request, viewer, conflict)
    except ActionRefused as exc:
        _refused(form, exc)
        return _render_task(request, task, progress_form=form, status=exc.status)
    messages.success(request, _("Đã cập nhật tiến độ nhiệm vụ."))
    return redirect("plans:task-detail", pk=task.pk)


def _conflict_page(
    request: HttpRequest, viewer: Viewer, conflict: TaskConflict
) -> HttpResponse:
    """The task as it is now, the other person's changes, and the form
    with everything this user typed (and the current version)."""
    data = request.POST.copy()
    data["version"] = str(conflict.task.version)
    form = ProgressForm(
        data, status_choices=task_queries.status_choices_for(viewer, conflict.task)
    )
    form.is_valid()
    return _render_task(
        request, conflict.task, progress_form=form, conflict=conflict, status=409
    )


@login_required
@require_POST
def task_contribute(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for(viewer_for(request.user), pk)
    form = ContributionForm(request.POST, request.FILES, prefix="contrib")
    if not form.is_valid():
        return _render_task(request, task, contribution_form=form, status=400)
    try:
        add_contribution(
            task,
            actor=request.user,
            note=form.cleaned_data["note"],
            files=form.cleaned_data["attachments"],
            links=form.link_list(),
        )
    except ActionRefused as exc:
        _refused(form, exc)
        return _render_task(request, task, contribution_form=form, status=exc.status)
    messages.success(request, _("Đã lưu ghi chú và minh chứng."))
    return redirect("plans:task-detail", pk=task.pk)


@login_required
@require_POST
def task_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for(viewer_for(request.user), pk)
    form = ReopenForm(request.POST, prefix="reopen")
    if not form.is_valid():
        return _render_task(request, task, reopen_form=form, status=400)
    try:
        reopen_task(
            task,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except ActionRefused as exc:
        _refused(form, exc)
        return _render_task(request, task, reopen_form=form, status=exc.status)
    messages.success(request, _("Đã mở lại nhiệm vụ."))
    return redirect("plans:task-detail", pk=task.pk)


@login_required
@require_POST
def task_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for(viewer_for(request.user), pk)
    units = task_queries.units_for_reassign(task.activity.plan.agency_id)
    form = ReassignForm(request.POST, units=units, prefix="reassign")
    if not form.is_valid():
        return _render_task(request, task, reassign_form=form, status=400)
    try:
        reassign_task(
            task,
            actor=request.user,
            unit=form.chosen_unit(),
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except ActionRefused as exc:
        _refused(form, exc)
        return _render_task(request, task, reassign_form=form, status=exc.status)
    messages.success(request, _("Đã giao lại nhiệm vụ."))
    return redirect("plans:task-detail", pk=task.pk)


@login_required
@require_POST
def task_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A card moved on the board: the same service as the task page."""
    task = get_task_for(viewer_for(request.user), pk)
    form = StatusMoveForm(request.POST)
    next_url = safe_next(request, "plans:task-board")
    if not form.is_valid():
        messages.error(request, _("Trạng thái không hợp lệ."))
        return redirect(next_url)
    try:
        record_progress(
            task,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
            status=form.cleaned_data["status"],
        )
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Đã chuyển “{title}” sang {status}.").format(
                title=task.activity.title[:60],
                status=TaskStatus(form.cleaned_data["status"]).label,
            ),
        )
    if request.htmx:
        return board_partial(request, next_url)
    return redirect(next_url)


@login_required
@require_POST
def task_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for(viewer_for(request.user), pk)
    try:
        acknowledge_task(task, actor=request.user)
    except ActionRefused as exc:
        messages.error(request, str(exc.message))
    return redirect(safe_next(request, task_url(task)))


def task_url(task: Task) -> str:
    return reverse("plans:task-detail", args=[task.pk])


@login_required
def evidence_download(request: HttpRequest, pk: int, eid: int) -> HttpResponseBase:
    viewer = viewer_for(request.user)
    task = get_task_for(viewer, pk)
    evidence = get_evidence_for(viewer, task, eid)
    return evidence_response(evidence, inline=request.GET.get("inline") == "1")
