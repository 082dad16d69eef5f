"""Keeping the index up to date: after each commit that saved an indexed
object, and all at once with ``kehoach rebuild_search_index``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from kehoach.lib.text import fold
from kehoach.search.models import SearchEntry
from kehoach.search.sources import SOURCES, Source, sources_for_model

logger = logging.getLogger(__name__)

BATCH = 500


def _values(source: Source, obj: Any) -> dict[str, Any] | None:
    entry = source.entry(obj)
    if entry is None:
        return None
    title = " ".join(entry.title.split())
    body = " ".join(entry.body.split())
    return {
        "title": title,
        "body": body,
        "url": entry.url[:300],
        "title_folded": fold(title),
        "body_folded": fold(body),
    }


def index_object(kind: str, pk: int) -> Any:
    """Write (or remove) the entry of one object from its current state;
    returns the object (None when it is gone)."""
    source = SOURCES[kind]
    obj = source.queryset().filter(pk=pk).first()
    values = _values(source, obj) if obj is not None else None
    if values is None:
        SearchEntry.objects.filter(kind=kind, object_id=pk).delete()
        return obj
    updated = SearchEntry.objects.filter(kind=kind, object_id=pk).update(
        updated_at=timezone.now(), **values
    )
    if not updated:
        SearchEntry.objects.create(kind=kind, object_id=pk, **values)
    return obj


def index_after_commit(kind: str, pk: int, *, created: bool = False) -> None:
    """Index an object saved by a transaction that committed, the entries
    that show it (a document's plan), and, when it was created, the
    objects created with it (a plan's activities and tasks)."""
    source = SOURCES[kind]
    obj = index_object(kind, pk)
    todo = list(source.related(obj)) if obj is not None else []
    if created:
        todo += list(source.children(pk))
    for other_kind, other_pk in todo:
        if other_kind in SOURCES:
            index_object(other_kind, other_pk)


def on_save(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    for source in sources_for_model(sender):
        transaction.on_commit(
            partial(index_after_commit, source.kind, instance.pk, created=created)
        )


def on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    for source in sources_for_model(sender):
        SearchEntry.objects.filter(kind=source.kind, object_id=instance.pk).delete()


def rebuild(
    kinds: Iterable[str] | None = None,
    *,
    progress: Callable[[str, int], Any] | None = None,
) -> int:
    """Rebuild the entries of these kinds (all by default) from scratch, in
    batches; ``progress(kind, n)`` is called after each batch. Returns the
    number of entries written."""
    written = 0
    for kind in list(kinds or SOURCES):
        source = SOURCES[kind]
        with transaction.atomic():
            SearchEntry.objects.filter(kind=kind).delete()
        batch: list[SearchEntry] = []
        for obj in source.queryset().order_by("pk").iterator(chunk_size=BATCH):
            values = _values(source, obj)
            if values is not None:
                batch.append(SearchEntry(kind=kind, object_id=obj.pk, **values))
            if len(batch) >= BATCH:
                written += _flush(batch, kind, progress)
        written += _flush(batch, kind, progress)
    return written


def _flush(
    batch: list[SearchEntry],
    kind: str,
    progress: Callable[[str, int], Any] | None,
) -> int:
    if not batch:
        return 0
    count = len(batch)
    SearchEntry.objects.bulk_create(batch, batch_size=BATCH)
    batch.clear()
    if progress is not None:
        progress(kind, count)
    return count
