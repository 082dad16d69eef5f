"""API of tasks: the list (the inbox's filters), the detail with history,
progress updates (409 on a version conflict), evidence upload and download,
reopening, reassigning, bulk actions. The same services and permissions as
the pages."""

# No ``from __future__ import annotations``: ninja resolves the query
# schema of a paginated endpoint at import time.
import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kehoach.api.pagination import CachedLimitOffsetPagination
from kehoach.api.plans import TaskOut
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.models import Unit
from kehoach.orgs.viewer import viewer_for
from kehoach.plans import task_queries
from kehoach.plans.deadlines import local_today
from kehoach.plans.downloads import evidence_response
from kehoach.plans.enums import EvidenceKind
from kehoach.plans.models import Evidence, ProgressUpdate, Task
from kehoach.plans.permissions import get_evidence_for, get_task_for
from kehoach.plans.services import (
    BulkItem,
    BulkRefused,
    TaskConflict,
    add_contribution,
    bulk_update_tasks,
    reassign_task,
    record_progress,
    reopen_task,
)
from kehoach.plans.task_queries import Scope, StatusFilter, TaskFilters

router = Router(tags=["tasks"])


class ErrorOut(Schema):
    code: str
    detail: str


class EvidenceOut(Schema):
    id: int
    task_id: int
    update_id: int | None
    kind: str
    name: str
    size: int
    content_type: str
    sha256: str
    url: str
    download_url: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_download_url(obj: Evidence) -> str | None:
        if obj.kind != EvidenceKind.FILE:
            return None
        return reverse("api:task_evidence_download", args=[obj.task_id, obj.pk])


class UpdateOut(Schema):
    id: int
    task_id: int
    unit_id: int
    kind: str
    actor: str
    actor_unit_id: int | None
    created_at: dt.datetime
    old_status: str
    new_status: str
    old_percent: int | None
    new_percent: int | None
    old_unit_id: int | None
    new_unit_id: int | None
    note: str
    version: int | None
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_unit_id(obj: ProgressUpdate) -> int:
        return obj.task.unit_id

    @staticmethod
    def resolve_actor(obj: ProgressUpdate) -> str:
        actor = obj.actor
        if actor is None:
            return ""
        person = getattr(actor, "person", None)
        return person.full_name if person is not None else actor.get_username()

    @staticmethod
    def resolve_evidence(obj: ProgressUpdate) -> list[Evidence]:
        return list(obj.evidence.all())


class AllowedOut(Schema):
    update: bool
    complete: bool
    contribute: bool
    reopen: bool
    reassign: bool
    see_records: bool


class TaskDetailOut(TaskOut):
    activity_title: str
    plan_title: str
    due_text: str
    allowed: AllowedOut
    units: list[TaskOut]
    history: list[UpdateOut]

    @staticmethod
    def resolve_activity_title(obj: Task) -> str:
        return obj.activity.title

    @staticmethod
    def resolve_plan_title(obj: Task) -> str:
        return obj.activity.plan.document.title

    @staticmethod
    def resolve_due_text(obj: Task) -> str:
        return obj.activity.due_text

    @staticmethod
    def resolve_allowed(obj: Task) -> dict[str, bool]:
        page = obj.api_page  # type: ignore[attr-defined]
        return {
            "update": page.can_update,
            "complete": page.can_complete,
            "contribute": page.can_contribute,
            "reopen": page.can_reopen,
            "reassign": page.can_reassign,
            "see_records": page.can_see_records,
        }

    @staticmethod
    def resolve_units(obj: Task) -> list[Task]:
        return obj.api_page.siblings  # type: ignore[attr-defined, no-any-return]

    @staticmethod
    def resolve_history(obj: Task) -> list[ProgressUpdate]:
        return obj.api_page.timeline  # type: ignore[attr-defined, no-any-return]


class ProgressIn(Schema):
    status: str | None = None
    percent: int | None = Field(None, ge=0, le=100)
    note: str = Field("", max_length=5000)
    version: int | None = Field(
        None, description="Phiên bản đã đọc (bắt buộc khi đổi trạng thái/tiến độ)"
    )
    links: list[str] = Field(default_factory=list, max_length=20)


class ConflictOut(Schema):
    code: str
    detail: str
    task: TaskOut
    changes: list[UpdateOut]
    kept_evidence: list[EvidenceOut]


class ReopenIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000)
    version: int | None = None


class ReassignIn(Schema):
    unit: int
    note: str = Field("", max_length=5000)
    version: int | None = None


class BulkItemIn(Schema):
    id: int
    version: int | None = None


class BulkIn(Schema):
    action: str = Field(..., description="status | reassign")
    tasks: list[BulkItemIn] = Field(..., min_length=1, max_length=500)
    status: str | None = None
    unit: int | None = None


class BulkOut(Schema):
    updated: list[int]


class BulkErrorItem(Schema):
    task_id: int
    label: str
    detail: str


class BulkErrorOut(Schema):
    code: str
    detail: str
    errors: list[BulkErrorItem]


def _detail(request: HttpRequest, task: Task) -> Task:
    """The task with what its page shows (units, history, permissions)."""
    task.api_page = task_queries.task_page(task, viewer=viewer_for(request.user))  # type: ignore[attr-defined]
    return task


def _fresh(request: HttpRequest, pk: int) -> Task:
    return get_task_for(viewer_for(request.user), pk)


class TaskQuery(Schema):
    scope: str = Field(Scope.VISIBLE, description="visible | mine | agency")
    unit: int | None = None
    plan: int | None = None
    status: str = Field(StatusFilter.ALL, description="all | open | a status")
    role: str | None = Field(None, description="lead | support | info")
    due: str = Field("", description="overdue | due_soon | waiting | no_update")
    q: str = Field("", max_length=200)
    sort: str = Field("due", description="due | -due | updated | plan | percent")


@router.get("/tasks", response=list[TaskOut], summary="Nhiệm vụ / tasks")
@paginate(CachedLimitOffsetPagination, cache_scope="api-tasks")
def list_tasks(request: HttpRequest, query: Query[TaskQuery]) -> Any:
    """Tasks the caller may see. ``scope=mine`` keeps to the caller's units
    (the inbox), ``scope=agency`` to the agency's plans (Office,
    leadership)."""
    filters = TaskFilters(
        scope=query.scope
        if query.scope in {Scope.MINE, Scope.AGENCY}
        else Scope.VISIBLE,
        unit_id=query.unit,
        plan_id=query.plan,
        role=query.role,
        status=query.status,
        due=query.due,
        q=query.q,
        sort=query.sort,
    )
    return task_queries.filtered_tasks(viewer_for(request.user), filters, local_today())


# Before ``/tasks/{task_id}``: Django resolves URL patterns in order.
@router.post(
    "/tasks/bulk",
    response={200: BulkOut, 400: BulkErrorOut},
    summary="Thao tác hàng loạt / bulk actions",
)
def bulk(request: HttpRequest, payload: BulkIn) -> Status[Any]:
    """Set the status of, or reassign, many tasks — all or nothing: on any
    refusal nothing is saved and ``errors`` lists each task and why."""
    try:
        done = bulk_update_tasks(
            [BulkItem(task_id=i.id, version=i.version) for i in payload.tasks],
            actor=request.user,
            action=payload.action,
            status=payload.status,
            unit=(
                _unit(viewer_for(request.user).agency_id, payload.unit)
                if payload.action == "reassign"
                else None
            ),
        )
    except BulkRefused as exc:
        return Status(
            400,
            {
                "code": exc.code,
                "detail": str(exc.message),
                "errors": [
                    {"task_id": e.task_id, "label": e.label, "detail": e.message}
                    for e in exc.errors
                ],
            },
        )
    return Status(200, {"updated": sorted({u.task_id for u in done})})


@router.get("/tasks/{task_id}", response=TaskDetailOut)
def get_task(request: HttpRequest, task_id: int) -> Task:
    """A task with the other units of its activity and the history (with
    evidence) the caller may read."""
    return _detail(request, _fresh(request, task_id))


@router.post(
    "/tasks/{task_id}/progress",
    response={200: TaskDetailOut, 409: ConflictOut},
    summary="Cập nhật tiến độ / update progress",
)
def update_progress(
    request: HttpRequest, task_id: int, payload: ProgressIn
) -> Status[Any]:
    """Change status and/or percent (needs ``version``, the one last read;
    409 with the other person's changes if it moved on) and/or add a note
    and links. Setting 100 % or ``done`` completes the task (its own unit
    only)."""
    task = _fresh(request, task_id)
    try:
        record_progress(
            task,
            actor=request.user,
            expected_version=payload.version,
            status=payload.status,
            percent=payload.percent,
            note=payload.note,
            links=payload.links,
        )
    except TaskConflict as conflict:
        return Status(
            409,
            {
                "code": conflict.code,
                "detail": str(conflict.message),
                "task": conflict.task,
                "changes": conflict.changes,
                "kept_evidence": conflict.kept_evidence,
            },
        )
    return Status(200, _detail(request, _fresh(request, task_id)))


@router.post(
    "/tasks/{task_id}/evidence",
    response={201: UpdateOut},
    summary="Thêm minh chứng / add evidence",
)
def add_evidence(
    request: HttpRequest,
    task_id: int,
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
    url: Form[str] = "",
    note: Form[str] = "",
) -> Status[ProgressUpdate]:
    """Multipart: one or more ``files`` (PDF, DOCX, XLSX, JPEG, PNG; type
    read from the content; 20 MB each) and/or a ``url`` (http/https), with
    an optional ``note``. Supporting units add to the lead's task."""
    task = _fresh(request, task_id)
    update = add_contribution(
        task,
        actor=request.user,
        note=note,
        files=files or [],
        links=[url] if url else [],
    )
    return Status(201, update)


@router.get(
    "/tasks/{task_id}/evidence/{evidence_id}",
    url_name="task_evidence_download",
    summary="Tải minh chứng / download evidence",
)
def download_evidence(
    request: HttpRequest, task_id: int, evidence_id: int
) -> HttpResponseBase:
    viewer = viewer_for(request.user)
    task = get_task_for(viewer, task_id)
    return evidence_response(get_evidence_for(viewer, task, evidence_id), inline=False)


@router.post("/tasks/{task_id}/reopen", response=TaskDetailOut)
def reopen(request: HttpRequest, task_id: int, payload: ReopenIn) -> Task:
    """The Office or leadership reopen a done task, with a reason."""
    task = _fresh(request, task_id)
    reopen_task(
        task,
        actor=request.user,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _detail(request, _fresh(request, task_id))


def _unit(agency_id: int | None, unit_id: int | None) -> Unit:
    """The receiving unit, among the units of the plan's agency (as on the
    task page); the service then decides whether the caller may reassign."""
    units = task_queries.units_for_reassign(agency_id) if agency_id else []
    unit = next((u for u in units if u.pk == unit_id), None)
    if unit is None:
        raise ActionRefused(
            _("Hãy chọn một đơn vị của cơ quan. / Choose a unit of the agency."),
            code="invalid_unit",
        )
    return unit


@router.post("/tasks/{task_id}/reassign", response=TaskDetailOut)
def reassign(request: HttpRequest, task_id: int, payload: ReassignIn) -> Task:
    """Give the task to another unit of the plan's agency."""
    task = _fresh(request, task_id)
    reassign_task(
        task,
        actor=request.user,
        unit=_unit(task.activity.plan.agency_id, payload.unit),
        note=payload.note,
        expected_version=payload.version,
    )
    return _detail(request, _fresh(request, task_id))
