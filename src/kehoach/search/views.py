"""The search page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kehoach.orgs.viewer import viewer_for
from kehoach.search import services

PAGE_LIMIT = 50


@login_required
def results(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:200]
    kind = request.GET.get("kind") or ""
    kinds = [kind] if kind in dict(services.search_kinds()) else None
    hits = (
        services.search(viewer_for(request.user), query, kinds=kinds, limit=PAGE_LIMIT)
        if query
        else []
    )
    template = "search/results.html"
    if request.htmx and request.htmx.target == "search-results":  # type: ignore[attr-defined]
        template += "#search-results"
    return render(
        request,
        template,
        {
            "query": query,
            "kind": kind,
            "kinds": services.search_kinds(),
            "hits": hits,
        },
    )
