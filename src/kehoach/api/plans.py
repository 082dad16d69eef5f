"""API of plans, activities and tasks (read), and of imports (write)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kehoach.documents.models import ImportJob
from kehoach.documents.permissions import get_import_job_for
from kehoach.documents.services import stage_import
from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.resolution import resolve_unit_phrases
from kehoach.orgs.viewer import viewer_for
from kehoach.plans import queries
from kehoach.plans.deadlines import is_overdue
from kehoach.plans.importing import assignment_phrases_of, phrases_of
from kehoach.plans.models import Activity, Plan, Task
from kehoach.plans.permissions import get_plan_for, tasks_visible_q
from kehoach.plans.services import confirm_import

router = Router(tags=["plans"])


class TaskOut(Schema):
    id: int
    activity_id: int
    plan_id: int
    unit_id: int
    unit_name: str
    role: str
    status: str
    percent: int
    overdue: bool
    due_date: dt.date | None
    due_kind: str
    updated_at: dt.datetime
    version: int
    label: str
    title: str
    attention: str
    last_update_at: dt.datetime | None

    @staticmethod
    def resolve_label(obj: Task) -> str:
        return obj.activity.label

    @staticmethod
    def resolve_title(obj: Task) -> str:
        return obj.activity.title

    @staticmethod
    def resolve_plan_id(obj: Task) -> int:
        return obj.activity.plan_id

    @staticmethod
    def resolve_unit_name(obj: Task) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_overdue(obj: Task) -> bool:
        return is_overdue(
            obj.activity.due_date, obj.activity.due_kind, status=obj.status
        )

    @staticmethod
    def resolve_due_date(obj: Task) -> dt.date | None:
        return obj.activity.due_date

    @staticmethod
    def resolve_due_kind(obj: Task) -> str:
        return obj.activity.due_kind


class ActivityOut(Schema):
    id: int
    plan_id: int
    kind: str
    label: str
    title: str
    description: str
    lead_text: list[str]
    support_text: list[str]
    due_date: dt.date | None
    due_start: dt.date | None
    due_kind: str
    due_text: str
    funding: str
    budget_vnd: int | None


class ActivityDetailOut(ActivityOut):
    tasks: list[TaskOut]

    @staticmethod
    def resolve_tasks(obj: Activity) -> list[Task]:
        return obj.api_tasks  # type: ignore[attr-defined, no-any-return]


class PlanOut(Schema):
    id: int
    document_id: int
    agency_id: int
    year: int
    status: str
    parent_id: int | None
    number: str | None
    symbol: str
    title: str
    created_at: dt.datetime

    @staticmethod
    def resolve_number(obj: Plan) -> str | None:
        return obj.document.number

    @staticmethod
    def resolve_symbol(obj: Plan) -> str:
        return obj.document.symbol

    @staticmethod
    def resolve_title(obj: Plan) -> str:
        return obj.document.title


class PlanDetailOut(PlanOut):
    activities: list[ActivityDetailOut]

    @staticmethod
    def resolve_activities(obj: Plan) -> list[Activity]:
        return obj.api_activities  # type: ignore[attr-defined, no-any-return]


def _tasks_qs(request: HttpRequest) -> QuerySet[Task]:
    viewer = viewer_for(request.user)
    return Task.objects.filter(tasks_visible_q(viewer)).select_related(
        "activity", "unit"
    )


@router.get("/plans", response=list[PlanOut], summary="Kế hoạch / plans")
@paginate
def list_plans(
    request: HttpRequest,
    year: int | None = None,
    status: str | None = None,
    unit: int | None = None,
    q: str = "",
) -> Any:
    viewer = viewer_for(request.user)
    return queries.plans_for(
        viewer, queries.PlanFilters(year=year, status=status, unit_id=unit, q=q)
    )


@router.get("/plans/{plan_id}", response=PlanDetailOut)
def get_plan(request: HttpRequest, plan_id: int) -> Plan:
    viewer = viewer_for(request.user)
    plan = get_plan_for(viewer, plan_id)
    page = queries.plan_page(plan, viewer=viewer)
    activities = []
    for row in [*page.activities, *page.duties]:
        row.activity.api_tasks = row.leads + row.supports + row.infos  # type: ignore[attr-defined]
        activities.append(row.activity)
    plan.api_activities = activities  # type: ignore[attr-defined]
    return plan


@router.get("/activities", response=list[ActivityOut])
@paginate
def list_activities(request: HttpRequest, plan: int) -> QuerySet[Activity]:
    viewer = viewer_for(request.user)
    found = get_plan_for(viewer, plan)
    return Activity.objects.filter(plan=found).order_by("kind", "order")


@router.get("/activities/{activity_id}", response=ActivityDetailOut)
def get_activity(request: HttpRequest, activity_id: int) -> Activity:
    viewer = viewer_for(request.user)
    activity = Activity.objects.filter(pk=activity_id).select_related("plan").first()
    if activity is None:
        raise ActionRefused(
            _("Không tìm thấy hoạt động."), status=404, code="not_found"
        )
    get_plan_for(viewer, activity.plan_id)
    activity.api_tasks = list(_tasks_qs(request).filter(activity=activity))  # type: ignore[attr-defined]
    return activity


# --- imports ----------------------------------------------------------------


class PhraseOut(Schema):
    phrase: str
    status: str
    unit_ids: list[int]
    assigns: bool


class ImportOut(Schema):
    id: int
    status: str
    original_name: str
    direction: str
    document_id: int | None
    plan_id: int | None = None
    existing: bool = False
    parsed: dict[str, Any]
    phrases: list[PhraseOut]


class ConfirmIn(Schema):
    mapping: dict[str, list[int]] = Field(default_factory=dict)
    remember: bool = True
    direction: str | None = None
    plan_status: str = "active"


def _import_out(job: ImportJob, *, existing: bool = False) -> dict[str, Any]:
    phrases = phrases_of(job.parsed)
    resolutions = resolve_unit_phrases(job.agency, phrases)
    assigns = assignment_phrases_of(job.parsed)
    plan = getattr(job.document, "plan", None) if job.document_id else None
    return {
        "id": job.pk,
        "status": job.status,
        "original_name": job.original_name,
        "direction": job.direction,
        "document_id": job.document_id,
        "plan_id": plan.pk if plan else None,
        "existing": existing,
        "parsed": job.parsed,
        "phrases": [
            {
                "phrase": p,
                "status": resolutions[p].status,
                "unit_ids": [u.pk for u in resolutions[p].units],
                "assigns": p in assigns,
            }
            for p in phrases
        ],
    }


@router.post(
    "/imports",
    response={201: ImportOut, 200: ImportOut},
    summary="Tải lên văn bản để nhập / upload a document to import",
)
def create_import(
    request: HttpRequest, file: File[UploadedFile], confirm: Form[bool] = False
) -> Status[dict[str, Any]]:
    """Parse an upload and keep it for review. With ``confirm=true`` and every
    assigned unit resolved, it is saved at once; otherwise confirm it with
    ``POST /api/imports/{id}/confirm``."""
    viewer = viewer_for(request.user)
    if viewer.person is None:
        raise ActionRefused(
            _("Tài khoản chưa gắn với cơ quan nào."), status=403, code="forbidden"
        )
    staged = stage_import(
        file.read(),
        filename=file.name or "document",
        agency=viewer.person.agency,
        actor=request.user,
    )
    if staged.existing is not None:
        job = (
            ImportJob.objects.filter(document=staged.existing)
            .order_by("-created_at")
            .first()
        )
        if job is None:
            raise ActionRefused(
                _("Văn bản này đã có trong hệ thống."), status=409, code="duplicate"
            )
        return Status(200, _import_out(job, existing=True))
    job = staged.job
    if job is None:  # pragma: no cover - stage_import returns one of the two
        raise ActionRefused(_("Không tạo được lượt nhập."), status=500, code="error")
    if confirm:
        out = _import_out(job)
        if any(p["status"] == "unresolved" and p["assigns"] for p in out["phrases"]):
            return Status(201, out)
        confirm_import(job, actor=request.user)
        job.refresh_from_db()
    return Status(201, _import_out(job))


@router.get("/imports/{import_id}", response=ImportOut)
def get_import(request: HttpRequest, import_id: int) -> dict[str, Any]:
    return _import_out(get_import_job_for(viewer_for(request.user), import_id))


@router.post("/imports/{import_id}/confirm", response=ImportOut)
def confirm_import_api(
    request: HttpRequest, import_id: int, payload: ConfirmIn
) -> dict[str, Any]:
    job = get_import_job_for(viewer_for(request.user), import_id)
    confirm_import(
        job,
        actor=request.user,
        mapping=payload.mapping,
        remember=payload.remember,
        direction=payload.direction,
        plan_status=payload.plan_status,
    )
    job.refresh_from_db()
    return _import_out(job)
