"""Building the worked example's plan and moving through its days."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from kehoach.orgs.demo import DemoDirectory
from kehoach.plans.models import Plan, Task
from tests.plans.helpers import make_plan

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
GRATITUDE = "Công đoàn cơ sở sở TTTT"
FESTIVAL = "Công đoàn cơ sở Sở TTTT"


def at(day: int, month: int = 8, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A local moment of 2023 (the worked example's year)."""
    return dt.datetime(2023, month, day, hour, minute, tzinfo=HCM)


def gratitude_plan(demo: DemoDirectory, **kw: Any) -> Plan:
    """The worked example with its gratitude visits and its festival (a
    tentative date) led by the union."""
    actor = demo.people["vanthu"].user
    return make_plan(
        demo.department,
        actor,
        units={
            GRATITUDE: [demo.units["cdcs"]],
            FESTIVAL: [demo.units["cdcs"]],
            "Văn phòng Sở": [demo.units["vp"]],
        },
        **kw,
    )


def gratitude_task(plan: Plan) -> Task:
    return Task.objects.select_related("activity", "unit").get(
        activity__plan=plan, activity__label="3.1", role="lead"
    )
