"""The search index: one row per indexed object, with its text folded (no
diacritics, lower case; ``kehoach.lib.text.fold``) so that "ngay truyen
thong" finds "Ngày truyền thống" on every database.

On SQLite an FTS5 table (``search_fts``) mirrors the folded columns through
triggers; on PostgreSQL a GIN index over their ``tsvector`` and a trigram
index serve the same queries (migration 0001)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class SearchEntry(models.Model):
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    title = models.TextField()
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    title_folded = models.TextField()
    body_folded = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_entry_unique_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id} {self.title[:60]}"
