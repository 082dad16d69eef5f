"""Every write of the plan editor: starting a draft (from nothing, a
template, an uploaded file or last year's plan) and changing its header,
bases, sections, activities, duties, archive and signer.

Each service checks ``documents.permissions.can_edit_document`` (drafts
and drafts under the Office's review only) and runs in a transaction.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kehoach.documents.authority import planned_signer_block
from kehoach.documents.enums import (
    DatePrecision,
    Direction,
    DocumentStatus,
    TransitionAction,
)
from kehoach.documents.models import Document, Reference, citation_key
from kehoach.documents.numbering import today
from kehoach.documents.permissions import can_edit_document, can_import_documents
from kehoach.documents.services import link_references, stage_import
from kehoach.documents.workflow import record_transition
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.lib.text import fold
from kehoach.notify import events as notify_events
from kehoach.orgs.enums import UnitKind
from kehoach.orgs.models import Agency, Person, Unit
from kehoach.orgs.viewer import viewer_for
from kehoach.plans.enums import ActivityKind, DueKind, PlanStatus, TaskRole
from kehoach.plans.models import Activity, Plan, Task
from kehoach.plans.rollover import rollover_plan
from kehoach.plans.services import (
    add_activity,
    attach_plan_parents,
    confirm_import,
    create_plan_from_document,
)
from kehoach.plans.services.plans import due_text_for, unit_label

logger = logging.getLogger(__name__)

Section = dict[str, Any]


# --- starting a draft ------------------------------------------------------------


def _check_can_draft(agency: Agency, actor: Any) -> None:
    if not can_import_documents(viewer_for(actor), agency):
        raise PermissionRefused(_("Bạn không có quyền soạn kế hoạch cho cơ quan này."))


def plan_symbol(agency: Agency) -> str:
    """``KH-STTTT``: the type code and the agency's abbreviation."""
    return f"KH-{agency.abbreviation}" if agency.abbreviation else "KH"


def template_sections() -> list[Section]:
    """The usual outline of a Kế hoạch (I. Mục đích, yêu cầu; II. Nội
    dung; III. Tổ chức thực hiện). Document text, so not translated."""
    return [
        {
            "label": "I",
            "heading": "MỤC ĐÍCH, YÊU CẦU",
            "paragraphs": [],
            "children": [
                {"label": "1", "heading": "Mục đích", "paragraphs": [], "children": []},
                {"label": "2", "heading": "Yêu cầu", "paragraphs": [], "children": []},
            ],
        },
        {"label": "II", "heading": "NỘI DUNG", "paragraphs": [], "children": []},
        {
            "label": "III",
            "heading": "TỔ CHỨC THỰC HIỆN",
            "paragraphs": [],
            "children": [],
        },
    ]


def _office_abbreviation(agency: Agency) -> str:
    office = Unit.objects.filter(agency=agency, kind=UnitKind.OFFICE).first()
    return office.abbreviation if office and office.abbreviation else ""


@transaction.atomic
def create_draft_plan(
    agency: Agency, *, actor: Any, title: str, from_template: bool = False
) -> Plan:
    """A new draft Kế hoạch of ``agency``: its symbol, place and issuer
    filled in; with ``from_template`` the usual outline of sections."""
    _check_can_draft(agency, actor)
    if not title.strip():
        raise ActionRefused(_("Cần nhập trích yếu của kế hoạch."), status=422)
    day = today()
    archive = ["VT"] + (
        [_office_abbreviation(agency)] if _office_abbreviation(agency) else []
    )
    document = Document.objects.create(
        agency=agency,
        direction=Direction.OUTGOING,
        doc_type="KH",
        symbol=plan_symbol(agency),
        issuer_parent=agency.parent.name.upper() if agency.parent else "",
        issuer_name=agency.name.upper(),
        issuer_agency=agency,
        place=agency.place,
        issued_on=day.replace(day=1),
        issued_precision=DatePrecision.MONTH,
        title=title.strip(),
        body=template_sections() if from_template else [],
        archive=archive,
        status=DocumentStatus.DRAFT,
        created_by=actor,
    )
    record_transition(document, TransitionAction.CREATE, actor=actor)
    return create_plan_from_document(
        document, actor=actor, units={}, status=PlanStatus.DRAFT
    )


@transaction.atomic
def create_plan_from_upload(
    data: bytes, *, filename: str, agency: Agency, actor: Any
) -> Plan:
    """Read an uploaded plan (the import flow) and keep it as a draft plan
    to edit: units the directory resolves get their tasks; the rest stay as
    written and can be chosen in the editor."""
    _check_can_draft(agency, actor)
    staged = stage_import(data, filename=filename, agency=agency, actor=actor)
    if staged.existing is not None:
        plan = Plan.objects.filter(document=staged.existing).first()
        if plan is None:
            raise ActionRefused(
                _("Văn bản này đã có trong hệ thống nhưng không phải kế hoạch."),
                status=409,
            )
        return plan
    assert staged.job is not None  # noqa: S101 -- stage_import returns one or the other
    document = confirm_import(
        staged.job,
        actor=actor,
        direction=Direction.OUTGOING,
        plan_status=PlanStatus.DRAFT,
        create_plan=True,
    )
    if document.status != DocumentStatus.DRAFT:
        raise ActionRefused(
            _("Tệp đã có số, tức là văn bản đã ban hành; đã nhập như văn bản đi."),
            status=409,
        )
    document.symbol = document.symbol or plan_symbol(agency)
    document.issuer_agency = agency
    signer = _person_named(agency, document.signer_name)
    if signer is not None:
        document.planned_signer = signer
    document.save()
    record_transition(
        document,
        TransitionAction.CREATE,
        actor=actor,
        comment=_("Từ tệp {name}").format(name=filename),
    )
    return Plan.objects.get(document=document)


def _person_named(agency: Agency, name: str) -> Person | None:
    if not name:
        return None
    key = fold(name)
    for person in Person.objects.filter(agency=agency, can_sign=True):
        if fold(person.full_name) == key:
            return person
    return None


def _shift_year(value: dt.date | None, years: int) -> dt.date | None:
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


@transaction.atomic
def copy_plan(plan: Plan, *, actor: Any, year: int) -> Plan:
    """Start next year's plan from ``plan`` through the annual rollover
    (dates shifted, years and anniversary counts updated, tasks reset)."""
    return rollover_plan(plan, actor=actor, year=year)


def copy_plan_as_draft(plan: Plan, *, actor: Any, year: int, title: str) -> Plan:
    """A draft copy of ``plan`` for ``year`` (text, recipients, signer,
    activities and duties with their units, dates moved by the years in
    between). Used for next year's plan and for amending an issued one."""
    _check_can_draft(plan.agency, actor)
    source = plan.document
    years = year - plan.year
    document = Document.objects.create(
        agency=plan.agency,
        direction=Direction.OUTGOING,
        doc_type=source.doc_type or "KH",
        symbol=source.symbol or plan_symbol(plan.agency),
        issuer_parent=source.issuer_parent,
        issuer_name=source.issuer_name,
        issuer_agency=plan.agency,
        place=source.place,
        issued_on=dt.date(year, (source.issued_on or today()).month, 1),
        issued_precision=DatePrecision.MONTH,
        title=title,
        body=copy.deepcopy(source.body),
        archive=list(source.archive or []),
        planned_signer=source.planned_signer,
        status=DocumentStatus.DRAFT,
        created_by=actor,
    )
    for line in source.recipients.prefetch_related("units"):
        units = list(line.units.all())
        new_line = line.__class__.objects.create(
            document=document,
            order=line.order,
            name=line.name,
            purpose=line.purpose,
            person=line.person,
            email=line.email,
        )
        new_line.units.set(units)
    new_plan = Plan.objects.create(
        document=document,
        agency=plan.agency,
        year=year,
        status=PlanStatus.DRAFT,
        created_by=actor,
    )
    for activity in plan.activities.prefetch_related("tasks"):
        tasks = list(activity.tasks.all())
        activity.pk = None
        activity.id = None
        activity.plan = new_plan
        activity.due_date = _shift_year(activity.due_date, years)
        activity.due_start = _shift_year(activity.due_start, years)
        activity.save()
        Task.objects.bulk_create(
            [Task(activity=activity, unit_id=t.unit_id, role=t.role) for t in tasks]
        )
    record_transition(
        document,
        TransitionAction.CREATE,
        actor=actor,
        comment=_("Sao từ kế hoạch năm {year}").format(year=plan.year),
    )
    return new_plan


# --- editing -----------------------------------------------------------------------


def _check_editable(plan: Plan, actor: Any) -> Document:
    document = plan.document
    if not can_edit_document(viewer_for(actor), document):
        if document.is_locked:
            raise ActionRefused(
                _("Văn bản đã phát hành; chỉ sửa được bằng văn bản sửa đổi, thay thế."),
                status=409,
                code="locked",
            )
        raise PermissionRefused(
            _("Bạn không sửa được dự thảo này (đã trình lãnh đạo hoặc không có quyền).")
        )
    return document


@transaction.atomic
def update_header(
    plan: Plan,
    *,
    actor: Any,
    title: str,
    place: str,
    issuer_parent: str,
    issuer_name: str,
    month: int | None = None,
) -> Document:
    document = _check_editable(plan, actor)
    if not title.strip():
        raise ActionRefused(_("Cần nhập trích yếu của kế hoạch."), status=422)
    document.title = title.strip()
    document.place = place.strip()[:100]
    document.issuer_parent = issuer_parent.strip()[:255]
    document.issuer_name = issuer_name.strip()[:255]
    document.doc_type = "KH"
    document.symbol = plan_symbol(plan.agency)
    if month:
        document.issued_on = dt.date(plan.year, month, 1)
        document.issued_precision = DatePrecision.MONTH
    document.save()
    return document


@transaction.atomic
def set_signer(plan: Plan, *, actor: Any, person_id: int | None) -> Document:
    """Choose who will sign; the draft shows the signer block it will have
    (``KT. GIÁM ĐỐC`` / ``PHÓ GIÁM ĐỐC`` for a deputy)."""
    document = _check_editable(plan, actor)
    person = None
    if person_id:
        person = Person.objects.filter(
            pk=person_id, agency_id=plan.agency_id, can_sign=True
        ).first()
        if person is None:
            raise ActionRefused(
                _("Người ký phải là người có thẩm quyền ký của cơ quan.")
            )
    document.planned_signer = person
    if person is not None:
        document.signer_authority, document.signer_title = planned_signer_block(person)
        document.signer_name = person.full_name
    else:
        document.signer_authority = document.signer_title = document.signer_name = ""
    document.save()
    return document


@transaction.atomic
def set_archive(plan: Plan, *, actor: Any, text: str) -> Document:
    """``"VT, VP"`` → the Lưu line."""
    document = _check_editable(plan, actor)
    document.archive = [p.strip() for p in re.split(r"[,;]", text) if p.strip()][:10]
    document.save(update_fields=["archive", "updated_at"])
    return document


# --- bases (căn cứ) ---------------------------------------------------------------

_CITATION = re.compile(
    r"(?P<kind>[A-ZĐÂ][^\d]*?)\s+số\s+(?P<number>\d+)\s*/\s*(?P<symbol>[\w\-ĐđƯưƠơ]+)"
    r"(?:\s+ngày\s+(?P<day>\d{1,2})\s*[/-]\s*(?P<month>\d{1,2})\s*[/-]\s*(?P<year>\d{4}))?"
    r"(?:\s+của\s+(?P<issuer>[^;.]+))?",
    re.UNICODE,
)
_TYPE_NAMES = {
    "kế hoạch": "KH",
    "công văn": "CV",
    "quyết định": "QĐ",
    "chỉ thị": "CT",
    "thông báo": "TB",
    "hướng dẫn": "HD",
    "nghị quyết": "NQ",
    "chương trình": "CTr",
    "báo cáo": "BC",
    "thông tư": "TT",
    "nghị định": "NĐ",
    "tờ trình": "TTr",
    "kết luận": "KL",
}


def parse_citation(text: str) -> dict[str, Any] | None:
    """A typed citation (``Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023 của
    Bộ TTTT``) as a reference of the parser's schema. Uses the parser's
    own citation extraction when it is installed; otherwise a pattern."""
    from kehoach.documents.parsing import ParseError, parse_text  # noqa: PLC0415 -- optional at run time

    try:
        parsed = parse_text(text).to_dict()
    except (ParseError, NotImplementedError):
        parsed = None
    if parsed and parsed.get("references"):
        found: dict[str, Any] = parsed["references"][0]
        return found
    match = _CITATION.search(text.strip())
    if match is None:
        return None
    kind = match["kind"].strip()
    issued = None
    if match["year"]:
        try:
            issued = dt.date(
                int(match["year"]), int(match["month"]), int(match["day"])
            ).isoformat()
        except ValueError:
            issued = None
    return {
        "doc_type": _TYPE_NAMES.get(kind.lower()),
        "number": match["number"],
        "symbol": match["symbol"],
        "issued": issued,
        "issuer": (match["issuer"] or "").strip() or None,
        "text": match.group(0).strip(),
    }


def _add_reference(
    document: Document, ref: dict[str, Any], target: Document | None
) -> Reference:
    order = document.references.count()
    key = citation_key(ref.get("number"), ref.get("symbol"))
    if key and document.references.filter(cite_key=key).exists():
        raise ActionRefused(_("Căn cứ này đã có trong kế hoạch."), status=409)
    reference = Reference.objects.create(
        document=document,
        order=order,
        doc_type=(ref.get("doc_type") or "")[:5],
        number=(ref.get("number") or "")[:20],
        symbol=(ref.get("symbol") or "")[:60],
        issued=(ref.get("issued") or "")[:10],
        issuer=(ref.get("issuer") or "")[:255],
        text=ref.get("text") or "",
        target=target,
    )
    link_references(document)
    plan = Plan.objects.filter(document=document).first()
    if plan is not None:
        attach_plan_parents(plan)
    return reference


@transaction.atomic
def add_base_document(plan: Plan, *, actor: Any, document_id: int) -> Reference:
    """Cite a registered incoming document of the agency as a basis."""
    document = _check_editable(plan, actor)
    target = Document.objects.filter(
        pk=document_id,
        agency_id=plan.agency_id,
        direction=Direction.INCOMING,
        register_number__isnull=False,
    ).first()
    if target is None:
        raise ActionRefused(_("Chỉ chọn được văn bản đến đã vào sổ của cơ quan."))
    # The citation is the document's own (Vietnamese) text, not UI text.
    with translation.override("vi"):
        kind = target.get_doc_type_display() if target.doc_type else "Văn bản"
    parts = [f"{kind} số {target.reference_label}"]
    if target.issued_on:
        day = target.issued_on
        parts.append(f"ngày {day.day}/{day.month}/{day.year}")
    if target.issuer_name:
        parts.append(f"của {target.issuer_name}")
    text = " ".join(parts)
    return _add_reference(
        document,
        {
            "doc_type": target.doc_type,
            "number": target.number,
            "symbol": target.symbol,
            "issued": target.issued_iso,
            "issuer": target.issuer_name,
            "text": text,
        },
        target,
    )


@transaction.atomic
def add_base_citation(plan: Plan, *, actor: Any, text: str) -> Reference:
    """Cite a document by typing its citation; it links to the document as
    soon as that is registered (now or later)."""
    document = _check_editable(plan, actor)
    ref = parse_citation(text)
    if ref is None:
        raise ActionRefused(
            _(
                "Không đọc được trích dẫn. Ví dụ: Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023 của Bộ TTTT."
            ),
            status=422,
        )
    return _add_reference(document, ref, None)


@transaction.atomic
def remove_base(plan: Plan, *, actor: Any, reference_id: int) -> None:
    document = _check_editable(plan, actor)
    document.references.filter(pk=reference_id).delete()
    for order, ref in enumerate(document.references.order_by("order", "pk")):
        if ref.order != order:
            ref.order = order
            ref.save(update_fields=["order"])


# --- sections (the body tree) -----------------------------------------------------


def _path(path: str) -> list[int]:
    try:
        return [int(p) for p in path.split(".") if p != ""]
    except ValueError as exc:
        raise ActionRefused(_("Mục không hợp lệ."), status=422) from exc


def _siblings(body: list[Section], path: list[int]) -> tuple[list[Section], int]:
    """The list holding the section at ``path`` and its index there."""
    nodes = body
    for index in path[:-1]:
        if not 0 <= index < len(nodes):
            raise ActionRefused(_("Mục không tồn tại."), status=404)
        nodes = nodes[index].setdefault("children", [])
    if not path or not 0 <= path[-1] < len(nodes):
        raise ActionRefused(_("Mục không tồn tại."), status=404)
    return nodes, path[-1]


def _paragraphs(text: str) -> list[str]:
    return [
        line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()
    ]


@transaction.atomic
def add_section(
    plan: Plan,
    *,
    actor: Any,
    label: str,
    heading: str,
    text: str = "",
    parent: str = "",
) -> Document:
    """Add a section at the end of the body, or of ``parent``'s children."""
    document = _check_editable(plan, actor)
    body = copy.deepcopy(document.body or [])
    node = {
        "label": label.strip()[:20],
        "heading": heading.strip(),
        "paragraphs": _paragraphs(text),
        "children": [],
    }
    if parent:
        siblings, index = _siblings(body, _path(parent))
        siblings[index].setdefault("children", []).append(node)
    else:
        body.append(node)
    document.body = body
    document.save(update_fields=["body", "updated_at"])
    return document


@transaction.atomic
def update_section(
    plan: Plan, *, actor: Any, path: str, label: str, heading: str, text: str
) -> Document:
    document = _check_editable(plan, actor)
    body = copy.deepcopy(document.body or [])
    siblings, index = _siblings(body, _path(path))
    siblings[index].update(
        label=label.strip()[:20], heading=heading.strip(), paragraphs=_paragraphs(text)
    )
    document.body = body
    document.save(update_fields=["body", "updated_at"])
    return document


@transaction.atomic
def move_section(plan: Plan, *, actor: Any, path: str, offset: int) -> Document:
    """Move a section up (-1) or down (+1) among its siblings."""
    document = _check_editable(plan, actor)
    body = copy.deepcopy(document.body or [])
    siblings, index = _siblings(body, _path(path))
    target = index + (1 if offset > 0 else -1)
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
        document.body = body
        document.save(update_fields=["body", "updated_at"])
    return document


@transaction.atomic
def delete_section(plan: Plan, *, actor: Any, path: str) -> Document:
    document = _check_editable(plan, actor)
    body = copy.deepcopy(document.body or [])
    siblings, index = _siblings(body, _path(path))
    del siblings[index]
    document.body = body
    document.save(update_fields=["body", "updated_at"])
    return document


# --- activities and duties -----------------------------------------------------------


def editor_units(agency: Agency) -> list[Unit]:
    """Units an activity may be given to: the agency's own units and the
    agencies it directs (as whole agencies)."""
    from kehoach.plans.importing import mappable_units  # noqa: PLC0415 -- small helper

    return mappable_units(agency)


def _units(plan: Plan, ids: Iterable[int]) -> list[Unit]:
    allowed = {u.pk: u for u in editor_units(plan.agency)}
    out = []
    for unit_id in ids:
        unit = allowed.get(int(unit_id))
        if unit is None:
            raise ActionRefused(_("Đơn vị được chọn không thuộc danh bạ của cơ quan."))
        if unit not in out:
            out.append(unit)
    return out


def _set_tasks(
    activity: Activity, leads: Sequence[Unit], supports: Sequence[Unit]
) -> None:
    wanted = {u.pk: TaskRole.LEAD for u in leads}
    for unit in supports:
        wanted.setdefault(unit.pk, TaskRole.SUPPORT)
    existing = {t.unit_id: t for t in activity.tasks.all()}
    for unit_id, task in existing.items():
        if unit_id not in wanted:
            task.delete()
        elif task.role != wanted[unit_id]:
            task.role = wanted[unit_id]
            task.save(update_fields=["role", "updated_at"])
    added = Task.objects.bulk_create(
        [
            Task(activity=activity, unit_id=unit_id, role=role)
            for unit_id, role in wanted.items()
            if unit_id not in existing
        ]
    )
    notify_events.emit_many("task.created", added)


@transaction.atomic
def save_activity(
    plan: Plan,
    *,
    actor: Any,
    activity: Activity | None = None,
    kind: str = ActivityKind.ACTIVITY,
    label: str = "",
    title: str,
    lead_ids: Sequence[int] = (),
    support_ids: Sequence[int] = (),
    due_kind: str = "",
    due_date: dt.date | None = None,
    funding: str = "",
) -> Activity:
    """Add (``activity=None``, through ``plans.services.add_activity``) or
    change an activity or a duty with its lead and supporting units,
    deadline and funding."""
    from kehoach.plans.money import parse_vnd  # noqa: PLC0415 -- small helper

    _check_editable(plan, actor)
    if not title.strip():
        raise ActionRefused(_("Cần nhập nội dung hoạt động."), status=422)
    if kind not in ActivityKind.values or (due_kind and due_kind not in DueKind.values):
        raise ActionRefused(_("Loại hoạt động hoặc thời hạn không hợp lệ."), status=422)
    leads, supports = _units(plan, lead_ids), _units(plan, support_ids)
    if activity is None:
        return add_activity(
            plan,
            actor=actor,
            kind=kind,
            label=label,
            title=title,
            lead_units=leads,
            support_units=supports,
            due_kind=due_kind,
            due_date=due_date,
            funding=funding,
        )
    if activity.plan_id != plan.pk:
        raise ActionRefused(_("Hoạt động không thuộc kế hoạch này."), status=404)
    activity.label = label.strip()[:20]
    activity.title = title.strip()
    activity.lead_text = [unit_label(u) for u in leads]
    activity.support_text = [unit_label(u) for u in supports]
    activity.due_kind = (
        due_kind if due_date or due_kind in {DueKind.RECURRING, DueKind.OTHER} else ""
    )
    activity.due_date = due_date
    activity.due_text = due_text_for(due_kind, due_date)
    activity.funding = funding.strip()[:255]
    activity.budget_vnd = parse_vnd(funding) if funding else None
    activity.save()
    _set_tasks(activity, leads, supports)
    return activity


@transaction.atomic
def delete_activity(plan: Plan, *, actor: Any, activity: Activity) -> None:
    _check_editable(plan, actor)
    if activity.plan_id != plan.pk:
        raise ActionRefused(_("Hoạt động không thuộc kế hoạch này."), status=404)
    activity.delete()
