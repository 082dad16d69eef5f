"""Plans for dashboard tests: the worked example with its units mapped."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.plans.helpers import PARSED, make_plan, parsed_copy


def units_of(demo: Any) -> dict[str, list[Any]]:
    return {
        "Công đoàn cơ sở sở TTTT": [demo.units["cdcs"]],
        "Công đoàn cơ sở Sở TTTT": [demo.units["cdcs"]],
        "Văn phòng Sở": [demo.units["vp"]],
        "Các phòng, đơn vị": [demo.units["khtc"], demo.units["ttcntt"]],
        "Các doanh nghiệp ngành TTTT trên địa bàn tỉnh": [
            demo.units["vnpt"],
            demo.units["viettel"],
        ],
        "Trung tâm Công nghệ thông tin và truyền thông": [demo.units["ttcntt"]],
    }


def worked_plan(demo: Any, *, extra_activities: int = 0, **changes: Any) -> Any:
    """The worked example as a plan, optionally with more dated activities
    (each led by the union, due in September)."""
    activities = list(changes.pop("activities", PARSED["activities"]))
    for n in range(extra_activities):
        activities.append(
            {
                "ref": f"3.{3 + n}",
                "title": f"Hoạt động bổ sung số {n + 1}",
                "lead": ["Công đoàn cơ sở Sở TTTT"],
                "support": ["Văn phòng Sở"],
                "due": {
                    "text": f"trước ngày {n % 28 + 1}/9/2023",
                    "date": f"2023-09-{n % 28 + 1:02d}",
                    "start": None,
                    "kind": "before",
                },
                "funding": None,
            }
        )
    parsed = parsed_copy(activities=activities, **changes)
    return make_plan(
        demo.department,
        demo.people["vanthu"].user,
        parsed=parsed,
        units=units_of(demo),
        resolve=False,
    )


def count_queries(func: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)
