"""Task counts for the navigation: one query, and only when a page shows
them (lazy — HTMX partials and API calls pay nothing); cached under the data
version (:mod:`kehoach.reports.freshness`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kehoach.orgs.viewer import viewer_for
from kehoach.plans.task_queries import cached_task_counts


def task_counts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {
        "task_counts": SimpleLazyObject(lambda: cached_task_counts(viewer_for(user)))
    }
