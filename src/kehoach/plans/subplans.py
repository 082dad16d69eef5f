"""Sub-plans: the detailed plan a unit or an enterprise writes for a duty of
another plan ("xây dựng kế hoạch chi tiết"), its progress rolling up into
that duty, and the tree of plans from the ministry's down to enterprises'.

The roll-up rule (one place, used by the dashboards, the API and the duty
section of the plan page):

- the **progress of a plan** is the average percent of its lead tasks that
  are not cancelled (0 when it has none);
- a lead task of a duty is **covered** by a sub-plan written for that duty
  by the task's unit: an outside organisation's sub-plan covers the tasks of
  its own units; a sub-plan of a unit of the same agency covers the tasks of
  the units its author belongs to;
- the **effective percent** of a covered task is the average progress of the
  sub-plans covering it (draft sub-plans count: writing the plan is already
  progress on the duty); other tasks keep their own percent.

One level is rolled up: a sub-plan's own progress is that of its lead tasks,
not of its sub-sub-plans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.documents.enums import Direction, DocType, DocumentStatus
from kehoach.documents.models import Document
from kehoach.documents.parsing import ParseError, parse_bytes
from kehoach.documents.services import (
    content_hash,
    parse_error_reason,
    register_document,
)
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.orgs.models import Agency, Membership
from kehoach.orgs.resolution import resolve_unit_phrases
from kehoach.orgs.viewer import Viewer, viewer_for
from kehoach.plans.enums import ActivityKind, PlanStatus, TaskRole, TaskStatus
from kehoach.plans.importing import phrases_of
from kehoach.plans.models import Activity, Plan, Task
from kehoach.plans.permissions import plans_visible_q
from kehoach.plans.services import create_plan_from_document

# --- progress -----------------------------------------------------------------


def lead_progress_q(prefix: str = "") -> Q:
    """The tasks that count for a plan's progress: lead, not cancelled."""
    return Q(**{f"{prefix}role": TaskRole.LEAD}) & ~Q(
        **{f"{prefix}status": TaskStatus.CANCELLED}
    )


def plan_progress(plan_ids: Iterable[int], *, rollup: bool = True) -> dict[int, int]:
    """Progress (0–100) of each plan: the average effective percent of its
    lead tasks that are not cancelled (see the module docstring); plans
    without such tasks get 0. ``rollup=False`` uses the tasks' own percents.
    A fixed number of queries (one without roll-up)."""
    ids = list(plan_ids)
    rows = (
        Task.objects.filter(lead_progress_q(), activity__plan_id__in=ids)
        .values("activity__plan_id")
        .annotate(total=Sum("percent"), count=Count("pk"))
        .values_list("activity__plan_id", "total", "count")
    )
    found = {plan_id: (total or 0, count) for plan_id, total, count in rows}
    adjust = rollup_adjustments(ids) if rollup else {}
    out = {}
    for pk in ids:
        total, count = found.get(pk, (0, 0))
        out[pk] = round((total + adjust.get(pk, 0)) / count) if count else 0
    return out


def rollup_adjustments(plan_ids: list[int]) -> dict[int, int]:
    """For each plan, what the sub-plan roll-up adds to the sum of its lead
    percents (effective minus own percent of the covered tasks)."""
    if not plan_ids:
        return {}
    activity_ids = (
        Plan.objects.filter(parent_activity__plan_id__in=plan_ids)
        .exclude(status=PlanStatus.CANCELLED)
        .values_list("parent_activity_id", flat=True)
    )
    rollups = rollups_for_activities(set(activity_ids))
    if not rollups:
        return {}
    out: dict[int, int] = defaultdict(int)
    for activity_id, plan_id, unit_id, agency_id, percent in Task.objects.filter(
        lead_progress_q(), activity_id__in=list(rollups)
    ).values_list(
        "activity_id", "activity__plan_id", "unit_id", "unit__agency_id", "percent"
    ):
        effective, covering = effective_percent(
            role=TaskRole.LEAD,
            unit_id=unit_id,
            unit_agency_id=agency_id,
            percent=percent,
            rollups=rollups[activity_id],
        )
        if covering:
            out[plan_id] += effective - percent
    return dict(out)


@dataclass(frozen=True)
class SubPlanRollup:
    """A sub-plan as its duty sees it."""

    plan_id: int
    activity_id: int
    title: str
    reference: str
    status: str
    agency_id: int
    agency_name: str
    percent: int
    owner_unit_ids: frozenset[int] = frozenset()
    same_agency: bool = False

    def covers(self, unit_id: int, unit_agency_id: int) -> bool:
        if self.same_agency:
            return unit_id in self.owner_unit_ids
        return unit_agency_id == self.agency_id


def rollups_for_activities(
    activity_ids: Iterable[int],
) -> dict[int, list[SubPlanRollup]]:
    """Sub-plans written for these activities (not cancelled), keyed by
    activity id, with their progress. Three queries at most, whatever the
    number of activities and sub-plans."""
    ids = list(activity_ids)
    if not ids:
        return {}
    subs = list(
        Plan.objects.filter(parent_activity_id__in=ids)
        .exclude(status=PlanStatus.CANCELLED)
        .select_related("document", "agency", "parent_activity__plan")
        .order_by("pk")
    )
    if not subs:
        return {}
    # One level: a sub-plan's own progress does not roll its sub-plans up.
    progress = plan_progress((p.pk for p in subs), rollup=False)
    authors = {
        p.created_by_id
        for p in subs
        if p.created_by_id and p.agency_id == p.parent_activity.plan.agency_id  # type: ignore[union-attr]
    }
    units_of: dict[int, set[int]] = defaultdict(set)
    if authors:
        for user_id, unit_id in Membership.objects.filter(
            person__user_id__in=authors
        ).values_list("person__user_id", "unit_id"):
            units_of[user_id].add(unit_id)
    out: dict[int, list[SubPlanRollup]] = defaultdict(list)
    for sub in subs:
        activity = sub.parent_activity
        if activity is None:  # pragma: no cover - filtered on parent_activity_id
            continue
        same = sub.agency_id == activity.plan.agency_id
        out[activity.pk].append(
            SubPlanRollup(
                plan_id=sub.pk,
                activity_id=activity.pk,
                title=sub.document.title,
                reference=sub.document.reference_label,
                status=sub.status,
                agency_id=sub.agency_id,
                agency_name=sub.agency.short_name or sub.agency.name,
                percent=progress[sub.pk],
                owner_unit_ids=frozenset(units_of.get(sub.created_by_id or 0, ())),
                same_agency=same,
            )
        )
    return dict(out)


def effective_percent(
    *,
    role: str,
    unit_id: int,
    unit_agency_id: int,
    percent: int,
    rollups: Iterable[SubPlanRollup],
) -> tuple[int, list[SubPlanRollup]]:
    """The percent a task counts for (see the module docstring) and the
    sub-plans it comes from (empty when the task's own percent is used)."""
    if role != TaskRole.LEAD:
        return percent, []
    covering = [r for r in rollups if r.covers(unit_id, unit_agency_id)]
    if not covering:
        return percent, []
    return round(sum(r.percent for r in covering) / len(covering)), covering


# --- permissions ----------------------------------------------------------------


def sub_plan_units(viewer: Viewer, activity: Activity) -> list[Task]:
    """The viewer's lead tasks on this activity: the tasks a sub-plan by the
    viewer would answer. Members of the task's unit, and agency-wide roles
    of the unit's agency (an enterprise's own office), qualify."""
    if viewer.agency_id is None:
        return []
    tasks = Task.objects.filter(activity=activity, role=TaskRole.LEAD).select_related(
        "unit"
    )
    return [
        t
        for t in tasks
        if t.unit_id in viewer.unit_ids
        or (viewer.is_agency_wide and t.unit.agency_id == viewer.agency_id)
    ]


def can_create_sub_plan(viewer: Viewer, activity: Activity) -> bool:
    """A unit given this activity as lead may write its detailed plan, while
    the parent plan is not cancelled or completed."""
    if activity.plan.status in {PlanStatus.CANCELLED, PlanStatus.COMPLETED}:
        return False
    return bool(sub_plan_units(viewer, activity))


def get_activity_for(viewer: Viewer, pk: int) -> Activity:
    """An activity of a plan the viewer may see, or 404."""
    visible = Plan.objects.filter(plans_visible_q(viewer)).values("pk")
    activity = (
        Activity.objects.filter(pk=pk, plan__in=visible)
        .select_related("plan", "plan__document", "plan__agency")
        .first()
    )
    if activity is None:
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    return activity


# --- services -----------------------------------------------------------------


def _refuse_unless_allowed(viewer: Viewer, activity: Activity) -> Agency:
    if not can_create_sub_plan(viewer, activity) or viewer.person is None:
        raise PermissionRefused(
            _(
                "Chỉ đơn vị chủ trì nhiệm vụ này mới lập được kế hoạch chi tiết. "
                "/ Only the lead unit may write the detailed plan."
            )
        )
    return viewer.person.agency


def _direction(agency: Agency, activity: Activity) -> str:
    return (
        Direction.INTERNAL
        if agency.pk == activity.plan.agency_id
        else Direction.OUTGOING
    )


@transaction.atomic
def attach_sub_plan(plan: Plan, *, parent_activity: Activity, actor: Any) -> Plan:
    """Make ``plan`` the detailed plan of ``parent_activity``: its parent
    becomes the activity's plan. The actor must be allowed to write a
    sub-plan for the activity (a lead unit) and the plan must be of the
    actor's agency. Idempotent."""
    viewer = viewer_for(actor)
    agency = _refuse_unless_allowed(viewer, parent_activity)
    if plan.agency_id != agency.pk:
        raise PermissionRefused(_("Kế hoạch này không thuộc cơ quan của bạn."))
    if plan.pk == parent_activity.plan_id:
        raise ActionRefused(
            _("Một kế hoạch không thể là kế hoạch chi tiết của chính nó.")
        )
    if (
        plan.parent_activity_id == parent_activity.pk
        and plan.parent_id == parent_activity.plan_id
    ):
        return plan
    plan.parent_id = parent_activity.plan_id
    plan.parent_activity = parent_activity
    plan.save(update_fields=["parent", "parent_activity", "updated_at"])
    return plan


@transaction.atomic
def create_sub_plan(parent_activity: Activity, *, actor: Any, title: str) -> Plan:
    """An empty draft sub-plan with a title, for the actor's agency, linked
    to the parent plan and to ``parent_activity``. Its activities are
    added later (by editing or by importing the written plan)."""
    viewer = viewer_for(actor)
    agency = _refuse_unless_allowed(viewer, parent_activity)
    title = " ".join((title or "").split())
    if not title:
        raise ActionRefused(_("Hãy nhập trích yếu của kế hoạch. / Title required."))
    if len(title) > 1000:
        raise ActionRefused(_("Trích yếu quá dài (tối đa 1000 ký tự)."))
    document = Document.objects.create(
        agency=agency,
        direction=_direction(agency, parent_activity),
        doc_type=DocType.KH,
        symbol=f"KH-{agency.abbreviation}" if agency.abbreviation else "",
        issuer_name=agency.name,
        place=agency.place,
        issued_on=timezone.localdate(),
        title=title,
        status=DocumentStatus.DRAFT,
        created_by=actor,
    )
    plan = Plan.objects.create(
        document=document,
        agency=agency,
        year=parent_activity.plan.year,
        status=PlanStatus.DRAFT,
        parent_id=parent_activity.plan_id,
        parent_activity=parent_activity,
        created_by=actor,
    )
    return plan


def create_sub_plan_from_upload(
    data: bytes, *, filename: str, parent_activity: Activity, actor: Any
) -> Plan:
    """Read an uploaded plan (DOCX, PDF, TXT…) through the document parser
    and save it as the draft detailed plan of ``parent_activity``, with its
    activities and the tasks of the units the directory resolves (names it
    does not resolve stay on the activities as written). The file is kept
    as the document's source. Refuses a file the parser cannot read, with
    nothing stored."""
    viewer = viewer_for(actor)
    _refuse_unless_allowed(viewer, parent_activity)
    limit = settings.KEHOACH_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ActionRefused(
            _("Tệp {name} quá lớn (tối đa {limit} MB). / File too large.").format(
                name=filename, limit=limit // (1024 * 1024)
            ),
            status=413,
            code="too_large",
        )
    try:
        parsed = parse_bytes(data, filename=filename, max_bytes=limit).to_dict()
    except ParseError as exc:
        raise ActionRefused(
            _("Không đọc được tệp {name}: {reason}").format(
                name=filename, reason=parse_error_reason(exc)
            ),
            status=422,
            code=getattr(exc, "code", "unreadable"),
        ) from exc
    stored = default_storage.save(
        f"documents/{timezone.localdate():%Y/%m}/{filename[-100:] or 'ke-hoach'}",
        ContentFile(data),
    )
    try:
        return create_sub_plan_from_parsed(
            parsed,
            parent_activity=parent_activity,
            actor=actor,
            source=(stored, filename, content_hash(data)),
        )
    except Exception:
        default_storage.delete(stored)
        raise


@transaction.atomic
def create_sub_plan_from_parsed(
    parsed: Mapping[str, Any],
    *,
    parent_activity: Activity,
    actor: Any,
    source: tuple[str, str, str] = ("", "", ""),
) -> Plan:
    """Save a parsed plan (schema ``kehoach.document/1``) as the draft
    detailed plan of ``parent_activity``, for the actor's agency: its
    document, activities and the tasks of the units the directory resolves.
    ``source`` is (stored file name, original name, content hash) of the
    upload, if any. Same permission as :func:`create_sub_plan`."""
    viewer = viewer_for(actor)
    agency = _refuse_unless_allowed(viewer, parent_activity)
    stored, filename, digest = source
    if digest and Document.objects.filter(agency=agency, content_hash=digest).exists():
        raise ActionRefused(
            _("Tệp này đã được nhập vào hệ thống. / Already imported."),
            status=409,
            code="duplicate",
        )
    resolved = resolve_unit_phrases(agency, phrases_of(parsed))
    units = {p: list(r.units) for p, r in resolved.items() if r.units}
    document = register_document(
        parsed,
        agency=agency,
        direction=_direction(agency, parent_activity),
        actor=actor,
        recipient_units=units,
        source_file_name=stored,
        source_name=filename,
        digest=digest,
        authorized=True,
    )
    if document.status != DocumentStatus.DRAFT and document.direction != (
        Direction.INCOMING
    ):
        document.status = DocumentStatus.DRAFT
        document.save(update_fields=["status"])
    plan = create_plan_from_document(
        document,
        actor=actor,
        units=units,
        status=PlanStatus.DRAFT,
        authorized=True,
    )
    plan.parent_id = parent_activity.plan_id
    plan.parent_activity = parent_activity
    plan.save(update_fields=["parent", "parent_activity", "updated_at"])
    return plan


# --- the duty's section and the tree ------------------------------------------


@dataclass
class DutySubPlans:
    """What the plan page shows under "Kế hoạch chi tiết" for one activity."""

    activity: Activity
    sub_plans: list[SubPlanRollup]
    can_create: bool


def sub_plans_for_plan(plan: Plan, *, viewer: Viewer) -> list[DutySubPlans]:
    """Activities of ``plan`` that have sub-plans, and duties the viewer may
    write one for, with the sub-plans the viewer may see. Fixed number of
    queries."""
    activities = list(
        Activity.objects.filter(plan=plan)
        .select_related("plan")
        .order_by("kind", "order")
    )
    rollups = rollups_for_activities(a.pk for a in activities)
    visible = set(
        Plan.objects.filter(plans_visible_q(viewer))
        .filter(parent_activity__plan=plan)
        .values_list("pk", flat=True)
    )
    mine = set()
    if viewer.agency_id is not None and plan.status not in {
        PlanStatus.CANCELLED,
        PlanStatus.COMPLETED,
    }:
        mine = set(
            # Duties ("Tổ chức thực hiện") are where detailed plans are
            # asked for; an activity's detailed plan stays possible by URL.
            Task.objects.filter(
                activity__plan=plan,
                activity__kind=ActivityKind.DUTY,
                role=TaskRole.LEAD,
            )
            .filter(
                Q(unit_id__in=viewer.unit_ids)
                | (
                    Q(unit__agency_id=viewer.agency_id)
                    if viewer.is_agency_wide
                    else Q(pk__in=[])
                )
            )
            .values_list("activity_id", flat=True)
        )
    out = []
    for activity in activities:
        subs = [r for r in rollups.get(activity.pk, []) if r.plan_id in visible]
        if subs or activity.pk in mine:
            out.append(
                DutySubPlans(
                    activity=activity, sub_plans=subs, can_create=activity.pk in mine
                )
            )
    return out


@dataclass
class TreeNode:
    plan: Plan
    percent: int
    children: list[TreeNode] = field(default_factory=list)
    activity_label: str = ""


def plan_tree(plan: Plan, *, viewer: Viewer, max_depth: int = 6) -> TreeNode:
    """The tree around ``plan``: up to its topmost visible ancestor, then
    down through every visible descendant (sub-plans and implementing
    plans). One query per level; an enterprise sees only the plan it was
    given and its own sub-plans."""
    visible_ids = Plan.objects.filter(plans_visible_q(viewer)).values("pk")
    root = plan
    seen = {plan.pk}
    for _level in range(max_depth):
        if root.parent_id is None:
            break
        parent = (
            Plan.objects.filter(pk=root.parent_id, pk__in=visible_ids)
            .select_related("document", "agency")
            .first()
        )
        if parent is None or parent.pk in seen:
            break
        seen.add(parent.pk)
        root = parent
    nodes = {root.pk: TreeNode(plan=root, percent=0)}
    level = [root.pk]
    for _level in range(max_depth):
        children = list(
            Plan.objects.filter(parent_id__in=level, pk__in=visible_ids)
            .exclude(pk__in=list(nodes))
            .select_related("document", "agency", "parent_activity")
            .order_by("agency__kind", "agency__name", "pk")
        )
        if not children:
            break
        for child in children:
            node = TreeNode(
                plan=child,
                percent=0,
                activity_label=(
                    child.parent_activity.label if child.parent_activity else ""
                ),
            )
            nodes[child.pk] = node
            nodes[child.parent_id or root.pk].children.append(node)
        level = [c.pk for c in children]
    for pk, percent in plan_progress(nodes).items():
        nodes[pk].percent = percent
    return nodes[root.pk]
