"""API of sub-plans (the detailed plan of a duty) and of the plan tree."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from kehoach.orgs.viewer import viewer_for
from kehoach.plans import subplans
from kehoach.plans.permissions import get_plan_for

router = Router(tags=["sub-plans"])


class SubPlanItem(Schema):
    plan_id: int
    title: str
    reference: str
    agency_id: int
    agency_name: str
    status: str
    percent: int


class DutySubPlansOut(Schema):
    activity_id: int
    can_create: bool
    sub_plans: list[SubPlanItem]


class SubPlanIn(Schema):
    title: str


class CreatedOut(Schema):
    plan_id: int
    parent_id: int
    parent_activity_id: int
    status: str


class TreeNodeOut(Schema):
    plan_id: int
    title: str
    reference: str
    agency_id: int
    agency_name: str
    status: str
    percent: int
    activity_label: str
    children: list[TreeNodeOut]


def _item(r: subplans.SubPlanRollup) -> dict[str, Any]:
    return {
        "plan_id": r.plan_id,
        "title": r.title,
        "reference": r.reference,
        "agency_id": r.agency_id,
        "agency_name": r.agency_name,
        "status": r.status,
        "percent": r.percent,
    }


def _created(plan: Any) -> dict[str, Any]:
    return {
        "plan_id": plan.pk,
        "parent_id": plan.parent_id,
        "parent_activity_id": plan.parent_activity_id,
        "status": plan.status,
    }


@router.get(
    "/activities/{activity_id}/sub-plans",
    response=DutySubPlansOut,
    summary="Kế hoạch chi tiết của một nhiệm vụ / sub-plans of a duty",
)
def list_sub_plans(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    viewer = viewer_for(request.user)
    activity = subplans.get_activity_for(viewer, activity_id)
    duties = subplans.sub_plans_for_plan(activity.plan, viewer=viewer)
    duty = next((d for d in duties if d.activity.pk == activity.pk), None)
    return {
        "activity_id": activity.pk,
        "can_create": bool(duty and duty.can_create),
        "sub_plans": [_item(r) for r in (duty.sub_plans if duty else [])],
    }


@router.post(
    "/activities/{activity_id}/sub-plans",
    response={201: CreatedOut},
    summary="Lập kế hoạch chi tiết (dự thảo trống) / create an empty draft sub-plan",
)
def create_sub_plan(
    request: HttpRequest, activity_id: int, payload: SubPlanIn
) -> Status[dict[str, Any]]:
    activity = subplans.get_activity_for(viewer_for(request.user), activity_id)
    plan = subplans.create_sub_plan(activity, actor=request.user, title=payload.title)
    return Status(201, _created(plan))


@router.post(
    "/activities/{activity_id}/sub-plans/upload",
    response={201: CreatedOut},
    summary="Tải lên kế hoạch chi tiết / upload a written sub-plan",
)
def upload_sub_plan(
    request: HttpRequest, activity_id: int, file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    activity = subplans.get_activity_for(viewer_for(request.user), activity_id)
    plan = subplans.create_sub_plan_from_upload(
        file.read(),
        filename=file.name or "ke-hoach",
        parent_activity=activity,
        actor=request.user,
    )
    return Status(201, _created(plan))


def _node(node: subplans.TreeNode) -> dict[str, Any]:
    plan = node.plan
    return {
        "plan_id": plan.pk,
        "title": plan.document.title,
        "reference": plan.document.reference_label,
        "agency_id": plan.agency_id,
        "agency_name": plan.agency.short_name or plan.agency.name,
        "status": plan.status,
        "percent": node.percent,
        "activity_label": node.activity_label,
        "children": [_node(child) for child in node.children],
    }


@router.get(
    "/plans/{plan_id}/tree",
    response=TreeNodeOut,
    summary="Cây kế hoạch / the plan tree",
)
def plan_tree(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    viewer = viewer_for(request.user)
    return _node(subplans.plan_tree(get_plan_for(viewer, plan_id), viewer=viewer))
