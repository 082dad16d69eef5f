"""Task counts for the navigation: one query, and only when a page shows
them (lazy — HTMX partials and API calls pay nothing); cached under the data
version (:mod:`kehoach.reports.freshness`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kehoach.orgs.viewer import viewer_for
from kehoach.plans.deadlines import local_today
from kehoach.plans.task_queries import task_counts as count_tasks
from kehoach.reports.freshness import cached_value


def task_counts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def compute() -> dict[str, int]:
        today = local_today()
        return cached_value(
            "nav-task-counts",
            [user.pk],
            lambda: count_tasks(viewer_for(user), today),
            today=today,
        )

    return {"task_counts": SimpleLazyObject(compute)}
