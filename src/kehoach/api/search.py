"""API of search."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from kehoach.orgs.viewer import viewer_for
from kehoach.search import services

router = Router(tags=["search"])


class SearchHitOut(Schema):
    kind: str
    kind_label: str
    object_id: int
    title: str
    snippet: str
    url: str
    score: float


@router.get(
    "/search",
    response=list[SearchHitOut],
    summary="Tìm kiếm (không dấu) / search, diacritics ignored",
)
def search(
    request: HttpRequest,
    q: str = "",
    kind: Query[list[str] | None] = None,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Documents, plans, activities and tasks the caller may see, best
    first. ``kind`` (repeatable) restricts the kinds; ``limit`` ≤ 100."""
    hits = services.search(viewer_for(request.user), q, kinds=kind or None, limit=limit)
    return [
        {
            "kind": h.kind,
            "kind_label": str(h.kind_label),
            "object_id": h.object_id,
            "title": h.title,
            "snippet": h.snippet,
            "url": h.url,
            "score": h.score,
        }
        for h in hits
    ]
