"""Annual rollover ("Tạo kế hoạch năm sau"): next year's draft cloned from a
plan, with its dates and years moved and its anniversary counts recomputed.

What changes, in one pass over each text (see :func:`roll_text`):

- dates ``dd/mm/yyyy`` of the plan's year move by the years added
  (29/02 becomes 28/02 in a year that has none); so do dates written
  ``ngày d tháng m năm yyyy``;
- the plan's year standing alone ("năm 2023", "2023") becomes the new year;
- "N năm" where N is the plan's year minus the founding year of a known
  anniversary (:data:`KNOWN_FOUNDINGS`, e.g. 28/8/1945 for the sector:
  "78 năm" in 2023) is recomputed for the new year ("79 năm" in 2024).

What stays: cited documents (numbers such as ``2863/KH-BTTTT ngày
18/7/2023`` or ``30/2020/NĐ-CP``, and a date followed by "của"), periods
such as "giai đoạn 2021-2025", other years, and the citations of the plan.
Tasks are recreated for the same units and roles, to do and at 0 %.

:func:`rollover_preview` computes everything without writing, for review;
:func:`rollover_plan` writes the same result in one transaction.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.documents.enums import Direction, DocumentStatus
from kehoach.documents.models import Document, Recipient, Reference
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.orgs.enums import Role
from kehoach.orgs.viewer import Viewer, viewer_for
from kehoach.plans.enums import PlanStatus, TaskStatus
from kehoach.plans.models import Activity, Plan, Task

ROLLOVER_ROLES = frozenset({Role.OFFICE, Role.CLERK, Role.LEADERSHIP})
MAX_YEARS_AHEAD = 5


@dataclass(frozen=True)
class Founding:
    date: dt.date
    name: Any  # lazily translated


KNOWN_FOUNDINGS: list[Founding] = [
    Founding(
        dt.date(1945, 8, 28),
        gettext_lazy("Ngày truyền thống ngành Thông tin và Truyền thông (28/8/1945)"),
    ),
    Founding(dt.date(1945, 9, 2), gettext_lazy("Quốc khánh (2/9/1945)")),
    Founding(
        dt.date(1930, 2, 3),
        gettext_lazy("Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930)"),
    ),
    Founding(
        dt.date(1944, 12, 22),
        gettext_lazy("Ngày thành lập Quân đội nhân dân Việt Nam (22/12/1944)"),
    ),
    Founding(
        dt.date(1925, 6, 21),
        gettext_lazy("Ngày Báo chí cách mạng Việt Nam (21/6/1925)"),
    ),
    Founding(
        dt.date(1929, 7, 28),
        gettext_lazy("Ngày thành lập Công đoàn Việt Nam (28/7/1929)"),
    ),
    Founding(
        dt.date(1931, 3, 26),
        gettext_lazy("Ngày thành lập Đoàn TNCS Hồ Chí Minh (26/3/1931)"),
    ),
]


def can_rollover_plan(viewer: Viewer, plan: Plan) -> bool:
    """Those who draft the agency's plans: the Office, the clerk and the
    leadership of the plan's agency."""
    if viewer.is_superuser:
        return True
    return viewer.agency_id == plan.agency_id and bool(viewer.roles & ROLLOVER_ROLES)


def shift_date(day: dt.date, years: int) -> dt.date:
    """``day`` moved by ``years``; 29/02 becomes 28/02 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- text ---------------------------------------------------------------------

_PATTERN = re.compile(
    r"""
    (?P<citation>\b\d+[a-zA-Z]?/(?:\d{4}/)?[A-ZĐ][\w.Đđ-]*
        (?:\s+ngày\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{4})?)
    |(?P<cited_date>\b\d{1,2}/\d{1,2}/\d{4}(?=\s+của\b))
    |(?P<range>\b\d{4}\s*[-–—]\s*\d{4}\b)
    |(?P<date>\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b)
    |(?P<words>\bngày\s+(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})\s+năm\s+(?P<wy>\d{4})\b)
    |(?P<count>\b(?P<n>\d{1,3})(?P<sp>\s+)năm\b)
    |(?P<year>(?<![\d/.])\d{4}(?![\d/]))
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Edit:
    old: str
    new: str
    reason: str


def _day_string(old: str, value: int) -> str:
    return f"{value:0{len(old)}d}"


def roll_text(text: str, *, from_year: int, to_year: int) -> tuple[str, list[Edit]]:
    """The text for ``to_year`` and the edits made (see the module doc)."""
    years = to_year - from_year
    edits: list[Edit] = []
    counts: dict[int, Founding] = {}
    for founding in KNOWN_FOUNDINGS:  # the first listed wins a tie
        counts.setdefault(from_year - founding.date.year, founding)

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        kind = match.lastgroup
        new = found
        reason = ""
        if kind == "date" and int(match["y"]) == from_year:
            new, reason = (
                _roll_dmy(match, years, ("d", "m", "y")),
                _("ngày dời một năm"),
            )
        elif kind == "words" and int(match["wy"]) == from_year:
            new, reason = (
                _roll_dmy(match, years, ("wd", "wm", "wy")),
                _("ngày dời một năm"),
            )
        elif kind == "year" and int(found) == from_year:
            new, reason = str(to_year), _("năm của kế hoạch")
        elif kind == "count" and int(match["n"]) in counts:
            founding = counts[int(match["n"])]
            new = f"{to_year - founding.date.year}{match['sp']}năm"
            reason = _("số năm kỷ niệm: {name}").format(name=founding.name)
        if new != found:
            edits.append(Edit(old=found, new=new, reason=reason))
        return new

    return _PATTERN.sub(replace, text), edits


def _roll_dmy(match: re.Match[str], years: int, names: tuple[str, str, str]) -> str:
    """The matched date with its day (29/02 only) and year moved, keeping
    the way it was written."""
    d, m, y = names
    try:
        day = dt.date(int(match[y]), int(match[m]), int(match[d]))
    except ValueError:
        return match.group(0)
    moved = shift_date(day, years)
    whole, base = match.group(0), match.start()
    return (
        whole[: match.start(d) - base]
        + _day_string(match[d], moved.day)
        + whole[match.end(d) - base : match.start(y) - base]
        + str(moved.year)
        + whole[match.end(y) - base :]
    )


# --- preview --------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    where: str
    old: str
    new: str
    reasons: list[str]


@dataclass
class ActivityDraft:
    source: Activity
    title: str
    description: str
    due_text: str
    due_date: dt.date | None
    due_start: dt.date | None


@dataclass
class RolloverDraft:
    plan: Plan
    year: int
    title: str
    body: list[dict[str, Any]]
    issued_on: dt.date | None
    activities: list[ActivityDraft]
    changes: list[Change] = field(default_factory=list)
    task_count: int = 0
    reference_count: int = 0


def _roll(draft: RolloverDraft, where: str, text: str, *, from_year: int) -> str:
    new, edits = roll_text(text, from_year=from_year, to_year=draft.year)
    if edits:
        draft.changes.append(
            Change(
                where=where,
                old=text,
                new=new,
                reasons=sorted({e.reason for e in edits}),
            )
        )
    return new


def _sections(
    sections: list[dict[str, Any]], path: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    for index, section in enumerate(sections, start=1):
        label = section.get("label") or str(index)
        here = f"{path}{label}" if not path else f"{path} › {label}"
        yield here, section
        yield from _sections(section.get("children") or [], here)


def _date_change(
    draft: RolloverDraft, where: str, old: dt.date | None, years: int
) -> dt.date | None:
    if old is None:
        return None
    new = shift_date(old, years)
    draft.changes.append(
        Change(
            where=where,
            old=old.strftime("%d/%m/%Y"),
            new=new.strftime("%d/%m/%Y"),
            reasons=[_("ngày dời một năm")],
        )
    )
    return new


def rollover_preview(plan: Plan, *, year: int | None = None) -> RolloverDraft:
    """Next year's draft of ``plan`` and every change made, without writing.
    Raises ``ActionRefused`` for a year that is not after the plan's."""
    year = year or plan.year + 1
    if not plan.year < year <= plan.year + MAX_YEARS_AHEAD:
        raise ActionRefused(
            _("Năm mới phải sau năm {year} và không quá {n} năm.").format(
                year=plan.year, n=MAX_YEARS_AHEAD
            )
        )
    years = year - plan.year
    document = plan.document
    draft = RolloverDraft(
        plan=plan, year=year, title="", body=[], issued_on=None, activities=[]
    )
    draft.title = _roll(draft, _("Trích yếu"), document.title, from_year=plan.year)
    draft.issued_on = _date_change(
        draft, _("Ngày ban hành (dự kiến)"), document.issued_on, years
    )
    body = copy.deepcopy(document.body or [])
    for where, section in _sections(body, ""):
        if section.get("heading"):
            section["heading"] = _roll(
                draft,
                _("Mục {label} – tiêu đề").format(label=where),
                section["heading"],
                from_year=plan.year,
            )
        section["paragraphs"] = [
            _roll(
                draft,
                _("Mục {label} – đoạn {n}").format(label=where, n=n),
                paragraph,
                from_year=plan.year,
            )
            for n, paragraph in enumerate(section.get("paragraphs") or [], start=1)
        ]
    draft.body = body
    activities = list(
        Activity.objects.filter(plan=plan).order_by("kind", "order", "pk")
    )
    for activity in activities:
        name = _("Hoạt động {label}").format(label=activity.label or activity.order + 1)
        draft.activities.append(
            ActivityDraft(
                source=activity,
                title=_roll(
                    draft,
                    _("{name} – nội dung").format(name=name),
                    activity.title,
                    from_year=plan.year,
                ),
                description=_roll(
                    draft,
                    _("{name} – mô tả").format(name=name),
                    activity.description,
                    from_year=plan.year,
                ),
                due_text=_roll(
                    draft,
                    _("{name} – thời hạn (nguyên văn)").format(name=name),
                    activity.due_text,
                    from_year=plan.year,
                ),
                due_start=_date_change(
                    draft,
                    _("{name} – bắt đầu").format(name=name),
                    activity.due_start,
                    years,
                ),
                due_date=_date_change(
                    draft,
                    _("{name} – thời hạn").format(name=name),
                    activity.due_date,
                    years,
                ),
            )
        )
    draft.task_count = Task.objects.filter(activity__plan=plan).count()
    draft.reference_count = Reference.objects.filter(document=document).count()
    return draft


def existing_rollover(draft: RolloverDraft) -> Plan | None:
    """The plan an earlier rollover made (same agency, year and title)."""
    return (
        Plan.objects.filter(
            agency_id=draft.plan.agency_id,
            year=draft.year,
            document__title=draft.title,
        )
        .exclude(status=PlanStatus.CANCELLED)
        .exclude(pk=draft.plan.pk)
        .first()
    )


# --- the service ------------------------------------------------------------------


@transaction.atomic
def rollover_plan(plan: Plan, *, actor: Any, year: int | None = None) -> Plan:
    """Create next year's draft of ``plan``: a draft outgoing Document (no
    number; citations, recipients and archive kept; title, body and dates
    rolled), a draft Plan and its Activities, and a Task for each unit and
    role, to do at 0 %. Only the Office and the leadership of the plan's
    agency may. Running it twice returns the plan made the first time."""
    viewer = viewer_for(actor)
    if not can_rollover_plan(viewer, plan):
        raise PermissionRefused(
            _("Chỉ Văn phòng và lãnh đạo cơ quan mới tạo được kế hoạch năm sau.")
        )
    draft = rollover_preview(plan, year=year)
    existing = existing_rollover(draft)
    if existing is not None:
        return existing
    old = plan.document
    document = Document.objects.create(
        agency_id=old.agency_id,
        direction=Direction.OUTGOING,
        doc_type=old.doc_type,
        number=None,
        symbol=old.symbol,
        issuer_parent=old.issuer_parent,
        issuer_name=old.issuer_name,
        issuer_agency_id=old.issuer_agency_id,
        place=old.place,
        issued_on=draft.issued_on,
        issued_precision=old.issued_precision,
        title=draft.title,
        body=draft.body,
        parsed=None,
        signer_authority=old.signer_authority,
        signer_title=old.signer_title,
        signer_name=old.signer_name,
        archive=list(old.archive or []),
        status=DocumentStatus.DRAFT,
        created_by=actor,
    )
    _copy_citations(old, document)
    new_plan = Plan.objects.create(
        document=document,
        agency_id=plan.agency_id,
        year=draft.year,
        status=PlanStatus.DRAFT,
        created_by=actor,
    )
    made: dict[int, Activity] = {}
    for item in draft.activities:
        source = item.source
        made[source.pk] = Activity.objects.create(
            plan=new_plan,
            kind=source.kind,
            order=source.order,
            label=source.label,
            title=item.title,
            description=item.description,
            lead_text=list(source.lead_text),
            support_text=list(source.support_text),
            due_date=item.due_date,
            due_start=item.due_start,
            due_kind=source.due_kind,
            due_text=item.due_text,
            funding=source.funding,
            budget_vnd=source.budget_vnd,
        )
    Task.objects.bulk_create(
        [
            Task(
                activity=made[task.activity_id],
                unit_id=task.unit_id,
                role=task.role,
                status=TaskStatus.TODO,
                percent=0,
            )
            for task in Task.objects.filter(activity__plan=plan).order_by("pk")
        ]
    )
    return new_plan


def _copy_citations(old: Document, new: Document) -> None:
    Reference.objects.bulk_create(
        [
            Reference(
                document=new,
                order=ref.order,
                doc_type=ref.doc_type,
                number=ref.number,
                symbol=ref.symbol,
                cite_key=ref.cite_key,
                issued=ref.issued,
                issuer=ref.issuer,
                text=ref.text,
                target_id=ref.target_id,
            )
            for ref in Reference.objects.filter(document=old).order_by("order")
        ]
    )
    for recipient in Recipient.objects.filter(document=old).prefetch_related("units"):
        copy_ = Recipient.objects.create(
            document=new,
            order=recipient.order,
            name=recipient.name,
            purpose=recipient.purpose,
        )
        units = list(recipient.units.all())
        if units:
            copy_.units.set(units)
