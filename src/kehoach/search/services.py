"""The one search service: ranked, diacritic- and case-insensitive search
over every registered source, filtered by what the viewer may see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kehoach.lib.text import fold
from kehoach.orgs.viewer import Viewer
from kehoach.search.backends import ranked_ids, tokens, words_of
from kehoach.search.models import SearchEntry
from kehoach.search.sources import SOURCES

MAX_LIMIT = 100
WINDOW = 1000  # candidates ranked per round before the visibility check
MAX_CANDIDATES = 5000  # give up after this many candidates (most hidden)
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


def visible_entry_ids(
    viewer: Viewer, candidates: list[tuple[int, str, int]]
) -> set[int]:
    """Which of these entries (id, kind, object id) the viewer may see: one
    query per kind present, each limited to the candidates' objects."""
    by_kind: dict[str, dict[int, int]] = {}
    for entry_id, kind, object_id in candidates:
        by_kind.setdefault(kind, {})[object_id] = entry_id
    visible: set[int] = set()
    for kind, objects in by_kind.items():
        allowed = SOURCES[kind].visible_ids(viewer).filter(pk__in=list(objects))
        visible.update(objects[pk] for pk in allowed.values_list("pk", flat=True))
    return visible


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
    so results come while typing), best first: titles holding the whole
    query first, then by rank, where a word in the title counts ten times a
    word in the body. Ignores diacritics and case ("ngay truyen
    thong" finds "Ngày truyền thống"). Only objects the viewer may see;
    unknown kinds are ignored. Ranks a window of candidates, then keeps
    those the viewer may see (a few queries per window)."""
    if not viewer.is_authenticated:
        return []
    folded = fold(query or "")[:200]
    chosen = [k for k in (kinds or SOURCES) if k in SOURCES]
    if not folded or not chosen:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    window = max(WINDOW, limit * 4)
    candidates: list[tuple[int, float]] = []
    offset = 0
    while offset < MAX_CANDIDATES:
        ranked = ranked_ids(folded, chosen, limit=window, offset=offset)
        keys = SearchEntry.objects.filter(pk__in=[pk for pk, _score in ranked])
        visible = visible_entry_ids(
            viewer, list(keys.values_list("pk", "kind", "object_id"))
        )
        candidates += [(pk, score) for pk, score in ranked if pk in visible]
        if len(candidates) >= limit or len(ranked) < window:
            break
        # Ranking costs the same whatever the window (every match is
        # scored): when the first window was mostly hidden, take the rest
        # at once rather than round after round.
        offset += window
        window = MAX_CANDIDATES - offset
    # Titles (not bodies) for the ordering; bodies only for the hits shown.
    entries = SearchEntry.objects.defer("body", "body_folded").in_bulk(
        [pk for pk, _score in candidates]
    )
    chosen_hits = [(entries[pk], score) for pk, score in candidates if pk in entries]
    # The whole query standing in a title beats any mention elsewhere.
    phrase = " ".join(tokens(folded))
    chosen_hits.sort(
        key=lambda hit: (phrase not in " ".join(words_of(hit[0].title_folded)), -hit[1])
    )
    shown = chosen_hits[:limit]
    bodies = dict(
        SearchEntry.objects.filter(pk__in=[e.pk for e, _s in shown]).values_list(
            "pk", "body"
        )
    )
    words = tokens(folded)
    hits = [
        SearchHit(
            kind=entry.kind,
            kind_label=SOURCES[entry.kind].label,
            object_id=entry.object_id,
            title=entry.title,
            snippet=snippet(bodies.get(entry.pk, ""), words),
            url=entry.url,
            score=score,
        )
        for entry, score in shown
    ]
    return hits


def search_kinds() -> list[tuple[str, Any]]:
    """The kinds a user can restrict a search to, with their labels."""
    return [(kind, source.label) for kind, source in SOURCES.items()]
