"""Storing checked evidence through Django's storage API, and undoing the
stored files when the write that carried them fails."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage

from kehoach.plans.enums import Attention, EvidenceKind, TaskRole
from kehoach.plans.evidence import CheckedFile, CheckedLink
from kehoach.plans.models import Evidence, ProgressUpdate, Task


@contextmanager
def removing_on_error(stored: list[str]) -> Iterator[None]:
    """Stored files of a write that fails are deleted again."""
    try:
        yield
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def store_evidence(
    task: Task,
    update: ProgressUpdate,
    *,
    actor: Any,
    files: Sequence[CheckedFile],
    links: Sequence[CheckedLink],
    stored: list[str],
) -> list[Evidence]:
    items: list[Evidence] = []
    for checked in files:
        evidence = Evidence(
            task=task,
            update=update,
            kind=EvidenceKind.FILE,
            name=checked.name,
            size=checked.size,
            content_type=checked.content_type,
            sha256=checked.sha256,
            uploaded_by=actor,
            created_at=update.created_at,
        )
        content = (
            checked.stream if isinstance(checked.stream, File) else File(checked.stream)
        )
        evidence.file.save(f"evidence.{checked.extension}", content, save=False)
        stored.append(evidence.file.name)
        items.append(evidence)
    for link in links:
        items.append(
            Evidence(
                task=task,
                update=update,
                kind=EvidenceKind.LINK,
                url=link.url,
                name=link.name,
                uploaded_by=actor,
                created_at=update.created_at,
            )
        )
    return Evidence.objects.bulk_create(items)


def flag_leads(task: Task, now: Any) -> None:
    """A supporting unit's work waits for the lead's attention."""
    Task.objects.filter(activity_id=task.activity_id, role=TaskRole.LEAD).exclude(
        pk=task.pk
    ).update(attention=Attention.CONTRIBUTION, attention_at=now)
