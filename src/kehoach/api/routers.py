"""The API routers, one module per app (``kehoach/api/<app>.py``)."""

from __future__ import annotations

from ninja import Router

from kehoach.api import (
    documents,
    notify,
    orgs,
    plans,
    registers,
    rendering,
    reports,
    search,
    subplans,
    tasks,
    workflow,
)

ROUTERS: list[tuple[str, Router]] = [
    ("", orgs.router),
    ("", documents.router),
    ("", plans.router),
    ("", rendering.router),
    ("", notify.router),
    ("", workflow.router),
    ("", registers.router),
    ("", reports.router),
    ("", search.router),
    ("", subplans.router),
    ("", tasks.router),
]
