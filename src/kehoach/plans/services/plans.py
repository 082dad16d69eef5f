"""Every write to plans: creating a plan from a document, importing a file
end to end, adding an activity with its tasks. Each runs in a transaction
and checks permission first."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.documents.enums import Direction
from kehoach.documents.models import Document, ImportJob, Reference
from kehoach.documents.permissions import can_import_documents
from kehoach.documents.services import register_document
from kehoach.lib.dates import parse_partial_date
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.notify import events as notify_events
from kehoach.orgs.models import Unit
from kehoach.orgs.resolution import resolve_unit_phrases
from kehoach.orgs.services import remember_unit_alias
from kehoach.orgs.viewer import viewer_for
from kehoach.plans.enums import ActivityKind, DueKind, PlanStatus, TaskRole
from kehoach.plans.importing import mappable_units, phrases_of
from kehoach.plans.models import Activity, Plan, Task
from kehoach.plans.money import parse_vnd
from kehoach.plans.permissions import can_add_activity

logger = logging.getLogger(__name__)

UnitMap = Mapping[str, Sequence[Unit]]


def _plan_year(document: Document, parsed: Mapping[str, Any]) -> int:
    if document.issued_on:
        return document.issued_on.year
    for activity in parsed.get("activities") or []:
        date, _precision = parse_partial_date((activity.get("due") or {}).get("date"))
        if date:
            return date.year
    return timezone.localdate().year


def _due_fields(due: Mapping[str, Any] | None) -> dict[str, Any]:
    if not due:
        return {}
    end, _precision = parse_partial_date(due.get("date"), end=True)
    start, _precision = parse_partial_date(due.get("start"))
    kind = due.get("kind") or DueKind.OTHER
    return {
        "due_date": end,
        "due_start": start,
        "due_kind": kind if kind in DueKind.values else DueKind.OTHER,
        "due_text": (due.get("text") or "")[:255],
    }


def _add_tasks(
    activity: Activity, units_by_role: Iterable[tuple[str, Iterable[Unit]]]
) -> list[Task]:
    """One task per unit; a unit named as lead and support is lead."""
    chosen: dict[int, Task] = {}
    for role, units in units_by_role:
        for unit in units:
            if unit.pk not in chosen:
                chosen[unit.pk] = Task(activity=activity, unit=unit, role=role)
    return list(chosen.values())


@transaction.atomic
def create_plan_from_document(
    document: Document,
    *,
    actor: Any,
    units: UnitMap,
    status: str = PlanStatus.ACTIVE,
    authorized: bool = False,
    year: int | None = None,
) -> Plan:
    """Create the Plan of a document, with an Activity for each activity and
    duty it lists and a Task for each unit named (``units`` maps the
    document's words for units to directory units; words not in the map get
    no task but stay on the activity as written).

    The plan becomes a child of the plan it implements when the cited plan
    is held, and adopts plans that cite this one. ``authorized``: the caller
    checked a narrower permission (``kehoach.plans.subplans``, the
    direction of an incoming document). ``year`` defaults to the year the
    document was issued (or of its first deadline).
    """
    viewer = viewer_for(actor)
    if not authorized and not can_import_documents(viewer, document.agency):
        raise PermissionRefused(_("Bạn không có quyền tạo kế hoạch cho cơ quan này."))
    if hasattr(document, "plan"):
        return document.plan
    parsed = document.parsed or {}
    plan = Plan.objects.create(
        document=document,
        agency=document.agency,
        year=year or _plan_year(document, parsed),
        status=status,
        created_by=actor,
    )
    tasks: list[Task] = []
    for order, item in enumerate(parsed.get("activities") or []):
        lead = list(item.get("lead") or [])
        support = list(item.get("support") or [])
        activity = Activity.objects.create(
            plan=plan,
            kind=ActivityKind.ACTIVITY,
            order=order,
            label=(item.get("ref") or "")[:20],
            title=item.get("title") or "",
            lead_text=lead,
            support_text=support,
            funding=(item.get("funding") or "")[:255],
            budget_vnd=parse_vnd(item.get("funding")),
            **_due_fields(item.get("due")),
        )
        tasks += _add_tasks(
            activity,
            [
                (TaskRole.LEAD, [u for p in lead for u in units.get(p, ())]),
                (TaskRole.SUPPORT, [u for p in support for u in units.get(p, ())]),
            ],
        )
    for order, item in enumerate(parsed.get("duties") or []):
        named = list(item.get("units") or [])
        activity = Activity.objects.create(
            plan=plan,
            kind=ActivityKind.DUTY,
            order=order,
            label=(item.get("ref") or "")[:20],
            title=item.get("text") or "",
            lead_text=named,
        )
        tasks += _add_tasks(
            activity, [(TaskRole.LEAD, [u for p in named for u in units.get(p, ())])]
        )
    Task.objects.bulk_create(tasks)
    notify_events.emit_many("task.created", tasks)
    attach_plan_parents(plan)
    return plan


# Deadline wording as plans write it (document text, not UI text).
_DUE_WORDS: dict[str, str] = {
    DueKind.BEFORE: "trước ngày {date}",
    DueKind.ON: "ngày {date}",
    DueKind.PLANNED: "dự kiến ngày {date}",
    DueKind.PERIOD: "đến ngày {date}",
}


def due_text_for(kind: str, date: dt.date | None) -> str:
    """``trước ngày 25/08/2023``: a deadline in a plan's own words."""
    if date is None:
        return ""
    return _DUE_WORDS.get(kind, "{date}").format(date=date.strftime("%d/%m/%Y"))


def unit_label(unit: Unit) -> str:
    """How an activity names a unit: a whole agency by its name."""
    return unit.agency.name if unit.is_root else unit.name


def _check_activity_units(plan: Plan, units: Sequence[Unit]) -> None:
    """The plan's agency's own units, or the agencies it deals with as
    whole agencies (``importing.mappable_units``)."""
    others = {u.pk for u in units if u.agency_id != plan.agency_id}
    if not others:
        return
    if others - {u.pk for u in mappable_units(plan.agency)}:
        raise ActionRefused(_("Đơn vị được chọn không thuộc danh bạ của cơ quan."))


@transaction.atomic
def add_activity(
    plan: Plan,
    *,
    actor: Any,
    title: str,
    kind: str = ActivityKind.ACTIVITY,
    label: str = "",
    description: str = "",
    lead_units: Sequence[Unit] = (),
    support_units: Sequence[Unit] = (),
    due_date: dt.date | None = None,
    due_kind: str = "",
    due_text: str | None = None,
    funding: str = "",
) -> Activity:
    """Add an activity (or a duty) at the end of ``plan`` with a task for
    each lead and supporting unit (a unit named as both is lead).

    Who: :func:`~kehoach.plans.permissions.can_add_activity` (the editor of
    a draft; the leadership directing an incoming document). ``due_text``
    defaults to the plan's usual wording of ``due_kind`` and ``due_date``.
    Emits ``task.created`` for each task (webhooks, in this transaction);
    the search index picks the activity and its tasks up after commit.
    """
    if not can_add_activity(viewer_for(actor), plan):
        raise PermissionRefused(_("Bạn không thêm được hoạt động vào kế hoạch này."))
    title = title.strip()
    if not title:
        raise ActionRefused(_("Cần nhập nội dung hoạt động."), status=422)
    if kind not in ActivityKind.values or (due_kind and due_kind not in DueKind.values):
        raise ActionRefused(_("Loại hoạt động hoặc thời hạn không hợp lệ."), status=422)
    _check_activity_units(plan, [*lead_units, *support_units])
    if not (due_date or due_kind in {DueKind.RECURRING, DueKind.OTHER}):
        due_kind = ""
    activity = Activity.objects.create(
        plan=plan,
        kind=kind,
        order=plan.activities.filter(kind=kind).count(),
        label=label.strip()[:20],
        title=title,
        description=description.strip(),
        lead_text=[unit_label(u) for u in lead_units],
        support_text=[unit_label(u) for u in support_units],
        due_date=due_date,
        due_kind=due_kind,
        due_text=(due_text_for(due_kind, due_date) if due_text is None else due_text)[
            :255
        ],
        funding=funding.strip()[:255],
        budget_vnd=parse_vnd(funding) if funding.strip() else None,
    )
    tasks = _add_tasks(
        activity, [(TaskRole.LEAD, lead_units), (TaskRole.SUPPORT, support_units)]
    )
    Task.objects.bulk_create(tasks)
    notify_events.emit_many("task.created", tasks)
    logger.info(
        "activity %s added to plan %s with %s tasks by %s",
        activity.pk,
        plan.pk,
        len(tasks),
        actor,
    )
    return activity


def attach_plan_parents(plan: Plan) -> None:
    """Link a plan to the plan it implements (a cited Kế hoạch the agency
    holds) and adopt the plans that cite this one and have no parent."""
    if plan.parent_id is None:
        cited = (
            Reference.objects.filter(document=plan.document, target__plan__isnull=False)
            .order_by("order")
            .values_list("target__plan", flat=True)
            .first()
        )
        if cited and cited != plan.pk:
            plan.parent_id = cited
            plan.save(update_fields=["parent"])
    children = Plan.objects.filter(
        parent__isnull=True, document__references__target=plan.document
    ).exclude(pk=plan.pk)
    for child in children:
        child.parent = plan
        child.save(update_fields=["parent"])


def _chosen_units(
    job: ImportJob, mapping: Mapping[str, Sequence[int]]
) -> tuple[dict[str, list[Unit]], list[str]]:
    """Resolve every phrase of the job, with the Office's choices winning.
    Returns the map phrase → units and the phrases the Office mapped."""
    allowed = {u.pk: u for u in mappable_units(job.agency)}
    phrases = phrases_of(job.parsed)
    resolved = resolve_unit_phrases(job.agency, phrases)
    chosen: dict[str, list[Unit]] = {p: list(r.units) for p, r in resolved.items()}
    mapped: list[str] = []
    for phrase, unit_ids in mapping.items():
        if phrase not in chosen:
            raise ActionRefused(
                _("Không có cách viết “{phrase}” trong văn bản này.").format(
                    phrase=phrase
                )
            )
        units = []
        for unit_id in unit_ids:
            unit = allowed.get(int(unit_id))
            if unit is None:
                raise ActionRefused(
                    _("Đơn vị được chọn không thuộc danh bạ của cơ quan.")
                )
            units.append(unit)
        if units:
            chosen[phrase] = units
            mapped.append(phrase)
    return chosen, mapped


@transaction.atomic
def confirm_import(
    job: ImportJob,
    *,
    actor: Any,
    mapping: Mapping[str, Sequence[int]] | None = None,
    remember: bool = True,
    direction: str | None = None,
    plan_status: str = PlanStatus.ACTIVE,
    create_plan: bool | None = None,
) -> Document:
    """Turn a reviewed upload into a Document (and, for a plan, a Plan with
    activities and tasks) in one transaction.

    ``mapping`` holds the Office's choice of units for phrases the directory
    did not resolve; with ``remember`` each becomes an alias so the next
    import resolves it alone. Confirming twice returns the same document.
    """
    viewer = viewer_for(actor)
    if not can_import_documents(viewer, job.agency):
        raise PermissionRefused(_("Bạn không có quyền nhập văn bản cho cơ quan này."))
    if plan_status not in PlanStatus.values:
        raise ActionRefused(_("Trạng thái kế hoạch không hợp lệ."))
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.status == ImportJob.Status.CONFIRMED and locked.document_id:
        return Document.objects.get(pk=locked.document_id)
    if locked.status != ImportJob.Status.PENDING:
        raise ActionRefused(_("Lượt nhập này đã bị hủy."), status=409, code="cancelled")
    existing = Document.objects.filter(
        agency=job.agency, content_hash=job.content_hash
    ).first()
    if existing is not None:
        _finish(locked, existing)
        return existing
    chosen, mapped = _chosen_units(locked, mapping or {})
    if remember:
        for phrase in mapped:
            remember_unit_alias(job.agency, phrase, chosen[phrase], actor=actor)
    parsed = locked.parsed
    document = register_document(
        parsed,
        agency=locked.agency,
        direction=direction or locked.direction or Direction.INCOMING,
        actor=actor,
        recipient_units=chosen,
        source_file_name=locked.file.name,
        source_name=locked.original_name,
        digest=locked.content_hash,
    )
    wants_plan = create_plan if create_plan is not None else is_plan_document(parsed)
    if wants_plan:
        create_plan_from_document(
            document, actor=actor, units=chosen, status=plan_status
        )
    _finish(locked, document)
    logger.info(
        "import %s confirmed as document %s by %s", locked.pk, document.pk, actor
    )
    return document


def is_plan_document(parsed: Mapping[str, Any]) -> bool:
    """A Kế hoạch, or any document that assigns activities or duties."""
    return (
        parsed.get("doc_type") == "KH"
        or bool(parsed.get("activities"))
        or bool(parsed.get("duties"))
    )


def _finish(job: ImportJob, document: Document) -> None:
    job.status = ImportJob.Status.CONFIRMED
    job.document = document
    job.save(update_fields=["status", "document"])


@transaction.atomic
def cancel_import(job: ImportJob, *, actor: Any) -> None:
    """Drop a pending upload and its file."""
    viewer = viewer_for(actor)
    if not can_import_documents(viewer, job.agency):
        raise PermissionRefused(_("Bạn không có quyền hủy lượt nhập này."))
    if job.status != ImportJob.Status.PENDING:
        return
    job.status = ImportJob.Status.CANCELLED
    job.save(update_fields=["status"])
    storage, name = job.file.storage, job.file.name
    transaction.on_commit(lambda: storage.delete(name))
