"""The plan page's "Kế hoạch chi tiết" section (sub-plans of each duty,
the action to write one). Its links are ``plans/_plan_actions.html``."""

from __future__ import annotations

from typing import Any

from django import template

from kehoach.orgs.viewer import Viewer
from kehoach.plans.models import Plan
from kehoach.plans.subplans import sub_plans_for_plan

register = template.Library()


@register.inclusion_tag("plans/_duty_subplans.html", takes_context=True)
def duty_subplans(context: dict[str, Any], plan: Plan) -> dict[str, Any]:
    viewer: Viewer = context["viewer"]
    return {"plan": plan, "duties": sub_plans_for_plan(plan, viewer=viewer)}
