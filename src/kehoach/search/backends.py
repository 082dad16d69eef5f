"""The two ways of running a ranked, diacritic-insensitive query: SQLite's
FTS5 and PostgreSQL's full-text search with trigram similarity. Both work on
text folded by ``kehoach.lib.text.fold``; the only vendor-specific code."""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, FloatField
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


def words_of(folded: str) -> list[str]:
    return _WORD.findall(folded)


def tokens(folded: str) -> list[str]:
    """The words of a query (at most 12)."""
    return words_of(folded)[:12]


def ranked_ids(
    folded: str, kinds: list[str], *, limit: int, offset: int = 0
) -> list[tuple[int, float]]:
    """Ids of the entries of these kinds matching every word (the last one
    as a prefix), best first, with their score; one window of the ranking.
    Visibility is applied by the caller on these few candidates, which is
    far cheaper than joining every visibility rule to the full-text match."""
    words = tokens(folded)
    if not words or not kinds:
        return []
    if connection.vendor == "postgresql":
        return _postgres(words, folded, kinds, limit=limit, offset=offset)
    return _sqlite(words, kinds, limit=limit, offset=offset)


def _sqlite(
    words: list[str], kinds: list[str], *, limit: int, offset: int
) -> list[tuple[int, float]]:
    match = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
    marks = ", ".join(["%s"] * len(kinds))
    # bm25 is lower for better matches; the title counts ten times the body.
    sql = (
        f"SELECT search_fts.rowid, bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "  # noqa: S608 -- constants and placeholders only
        "FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s AND e.kind IN ({marks}) "
        "ORDER BY score, e.id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *kinds, limit, offset])
        return [(row[0], -float(row[1])) for row in cursor.fetchall()]


def _postgres(
    words: list[str], folded: str, kinds: list[str], *, limit: int, offset: int
) -> list[tuple[int, float]]:
    query = " & ".join([*words[:-1], f"{words[-1]}:*"])
    tsquery = "to_tsquery('simple'::regconfig, %s)"
    rows = (
        SearchEntry.objects.filter(kind__in=kinds)
        .alias(
            hit=RawSQL(  # noqa: S611 -- constant SQL, the query is a parameter
                f"{PG_VECTOR} @@ {tsquery}", [query], output_field=BooleanField()
            )
        )
        .filter(hit=True)
        .annotate(
            score=RawSQL(  # noqa: S611 -- constant SQL, the words are parameters
                f"ts_rank('{{0.1, 0.2, 0.4, 1.0}}', {PG_VECTOR}, {tsquery}) "
                "+ similarity(title_folded, %s)",
                [query, folded],
                output_field=FloatField(),
            )
        )
        .order_by("-score", "pk")
        .values_list("id", "score")[offset : offset + limit]
    )
    return [(pk, float(score)) for pk, score in rows]
