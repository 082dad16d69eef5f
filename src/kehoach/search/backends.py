"""The two ways of running a ranked, diacritic-insensitive query: SQLite's
FTS5 and PostgreSQL's full-text search with trigram similarity. Both work on
text folded by ``kehoach.lib.text.fold``; the only vendor-specific code."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

from kehoach.search.models import SearchEntry

# Must stay equal to the index expression of migration 0001.
PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, title_folded), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, body_folded), 'B'))"
)
_WORD = re.compile(r"\w+")
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0


def tokens(folded: str) -> list[str]:
    return _WORD.findall(folded)[:12]


def ranked_ids(folded: str, visible: Q, *, limit: int) -> list[tuple[int, float]]:
    """Ids of the entries matching every word (the last one as a prefix)
    among ``visible``, best first, with their score."""
    words = tokens(folded)
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _postgres(words, folded, visible, limit=limit)
    return _sqlite(words, visible, limit=limit)


def _sqlite(words: list[str], visible: Q, *, limit: int) -> list[tuple[int, float]]:
    match = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    subquery, params = (
        SearchEntry.objects.filter(visible).values("id").query.sql_with_params()
    )
    # bm25 is lower for better matches; the title counts ten times the body.
    sql = (
        f"SELECT search_fts.rowid, bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "  # noqa: S608 -- weights are constants, the rest are parameters
        "FROM search_fts WHERE search_fts MATCH %s "
        f"AND search_fts.rowid IN ({subquery}) "
        "ORDER BY score LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, limit])
        return [(row[0], -float(row[1])) for row in cursor.fetchall()]


def _postgres(
    words: list[str], folded: str, visible: Q, *, limit: int
) -> list[tuple[int, float]]:
    query = " & ".join(words[:-1] + [f"{words[-1]}:*"])
    tsquery = "to_tsquery('simple'::regconfig, %s)"
    rows = (
        SearchEntry.objects.filter(visible)
        .alias(
            hit=RawSQL(f"{PG_VECTOR} @@ {tsquery}", [query], output_field=BooleanField())
        )
        .filter(hit=True)
        .annotate(
            score=RawSQL(
                f"ts_rank('{{0.1, 0.2, 0.4, 1.0}}', {PG_VECTOR}, {tsquery}) "
                "+ similarity(title_folded, %s)",
                [query, folded],
                output_field=FloatField(),
            )
        )
        .order_by("-score", "-updated_at")
        .values_list("id", "score")[:limit]
    )
    return [(pk, float(score)) for pk, score in rows]
