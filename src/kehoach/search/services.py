"""The one search service: ranked, diacritic- and case-insensitive search
over every registered source, filtered by what the viewer may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from kehoach.lib.text import fold
from kehoach.orgs.viewer import Viewer
from kehoach.search.backends import ranked_ids, tokens
from kehoach.search.models import SearchEntry
from kehoach.search.sources import SOURCES

MAX_LIMIT = 100
SNIPPET_WORDS = 28


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: Any
    object_id: int
    title: str
    snippet: str
    url: str
    score: float


def visible_entries_q(viewer: Viewer, kinds: Iterable[str]) -> Q:
    """Entries of these kinds whose object the viewer may see."""
    q = Q(pk__in=[])
    for kind in kinds:
        source = SOURCES[kind]
        q |= Q(kind=kind, object_id__in=source.visible_ids(viewer))
    return q


def snippet(text: str, words: list[str], size: int = SNIPPET_WORDS) -> str:
    """A window of ``text`` around the first word matching the query."""
    parts = text.split()
    if len(parts) <= size:
        return text
    first = next(
        (
            i
            for i, part in enumerate(parts)
            if any(fold(part).lstrip("(“\"'").startswith(w) for w in words)
        ),
        0,
    )
    start = max(0, first - size // 3)
    out = " ".join(parts[start : start + size])
    return ("… " if start else "") + out + (" …" if start + size < len(parts) else "")


def search(
    viewer: Viewer,
    query: str,
    *,
    kinds: Iterable[str] | None = None,
    limit: int = 20,
) -> list[SearchHit]:
    """Objects matching every word of ``query`` (the last word as a prefix,
    so results come while typing), best first: a word in the title counts
    ten times a word in the body. Ignores diacritics and case ("ngay truyen
    thong" finds "Ngày truyền thống"). Only objects the viewer may see;
    unknown kinds are ignored. Two queries."""
    if not viewer.is_authenticated:
        return []
    folded = fold(query or "")[:200]
    chosen = [k for k in (kinds or SOURCES) if k in SOURCES]
    if not folded or not chosen:
        return []
    ranked = ranked_ids(
        folded,
        visible_entries_q(viewer, chosen),
        limit=max(1, min(limit, MAX_LIMIT)),
    )
    entries = SearchEntry.objects.in_bulk([pk for pk, _score in ranked])
    words = tokens(folded)
    hits = []
    for pk, score in ranked:
        entry = entries.get(pk)
        if entry is None:
            continue
        hits.append(
            SearchHit(
                kind=entry.kind,
                kind_label=SOURCES[entry.kind].label,
                object_id=entry.object_id,
                title=entry.title,
                snippet=snippet(entry.body, words),
                url=entry.url,
                score=score,
            )
        )
    return hits


def search_kinds() -> list[tuple[str, Any]]:
    """The kinds a user can restrict a search to, with their labels."""
    return [(kind, source.label) for kind, source in SOURCES.items()]
