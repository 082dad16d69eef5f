from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kehoach.notify.queries import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """``notify_unread``: the header's unread count (one query, and only
    when a template uses it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notify_unread": SimpleLazyObject(lambda: unread_count(user))}
