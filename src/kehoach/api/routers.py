"""The API routers, one module per app (``kehoach/api/<app>.py``)."""

from __future__ import annotations

from ninja import Router

from kehoach.api import documents, plans, tasks

ROUTERS: list[tuple[str, Router]] = [
    ("", documents.router),
    ("", plans.router),
    ("", tasks.router),
]
