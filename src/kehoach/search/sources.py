"""What search covers: a registry of sources, one per kind of object.

A source says how to turn an object into an index entry, which objects a
viewer may see, and which model's saves and deletes keep it up to date.
Adding one takes a few lines::

    from kehoach.search.sources import Entry, Source, register_source

    register_source(Source(
        kind="difficulty",
        label=gettext_lazy("Khó khăn, vướng mắc"),
        model=DifficultyReport,
        queryset=lambda: DifficultyReport.objects.select_related("unit"),
        entry=lambda d: Entry(title=d.title, body=d.text, url=reverse(...)),
        visible_ids=lambda viewer: DifficultyReport.objects.filter(...)
            .values("pk"),
    ))

called from the owning app's ``AppConfig.ready()``.

Saves and deletes reach the index through signals. Writes that send none
(``bulk_create``, ``QuerySet.update``) must say what to re-index: a
source's ``children`` are indexed when an object is created (a plan's
activities), its ``related`` entries whenever it is saved (an activity's
tasks — bulk-created with it, or later by the plan editor — and the
progress notes that show its title).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import pgettext_lazy

from kehoach.orgs.viewer import Viewer


@dataclass(frozen=True)
class Entry:
    """The text of one object as search sees it."""

    title: str
    body: str
    url: str


@dataclass(frozen=True)
class Source:
    kind: str
    label: Any
    model: type[models.Model]
    queryset: Callable[[], QuerySet[Any]]
    entry: Callable[
        [Any], Entry | None
    ]  # None: not indexed (e.g. shown as another kind)
    visible_ids: Callable[[Viewer], QuerySet[Any]]  # values("pk") the viewer may see
    # Other entries to refresh when an object of this source changes.
    related: Callable[[Any], Iterable[tuple[str, int]]] = field(default=lambda obj: ())
    # Entries to index when an object is created (after commit): e.g. the
    # activities and bulk-created tasks of a new plan, which send no signal.
    children: Callable[[int], Iterable[tuple[str, int]]] = field(default=lambda pk: ())


SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    """Add a source and keep its entries in step with its model's saves and
    deletes (idempotent)."""
    from kehoach.search import index  # noqa: PLC0415 -- index imports this module

    SOURCES[source.kind] = source
    post_save.connect(
        index.on_save,
        sender=source.model,
        dispatch_uid=f"kehoach.search.save.{source.kind}",
    )
    post_delete.connect(
        index.on_delete,
        sender=source.model,
        dispatch_uid=f"kehoach.search.delete.{source.kind}",
    )


def sources_for_model(model: type[models.Model]) -> list[Source]:
    return [s for s in SOURCES.values() if s.model is model]


def _url(name: str, *args: Any, anchor: str = "") -> str:
    try:
        return reverse(name, args=args) + anchor
    except NoReverseMatch:  # pragma: no cover - URL config incomplete
        return ""


def _sections_text(sections: Iterable[dict[str, Any]]) -> Iterable[str]:
    for section in sections or []:
        if section.get("heading"):
            yield section["heading"]
        yield from section.get("paragraphs") or []
        yield from _sections_text(section.get("children") or [])


def _task_url(task: Any) -> str:
    try:
        return reverse("plans:task-detail", args=[task.pk])
    except NoReverseMatch:
        return _url(
            "plans:plan-detail",
            task.activity.plan_id,
            anchor=f"#activity-{task.activity_id}",
        )


def register_builtin_sources() -> None:
    # Imported here: the models are ready only once apps are loaded.
    from kehoach.documents.models import Document  # noqa: PLC0415
    from kehoach.documents.permissions import documents_visible_q  # noqa: PLC0415
    from kehoach.plans.models import (  # noqa: PLC0415
        Activity,
        Plan,
        ProgressUpdate,
        Task,
    )
    from kehoach.plans.permissions import (  # noqa: PLC0415
        plans_visible_q,
        task_records_visible_q,
        tasks_visible_q,
    )

    def document_entry(d: Document) -> Entry | None:
        if hasattr(d, "plan"):
            return None  # found as its plan
        with translation.override("vi"):  # indexed text, whatever the UI language
            kind = d.get_doc_type_display()
        head = " ".join(filter(None, [d.reference_label, kind]))
        return Entry(
            title=d.title or head,
            body=" ".join(
                [head, d.issuer_name, d.issuer_parent, *_sections_text(d.body)]
            ),
            url=_url("documents:document-detail", d.pk),
        )

    def plan_entry(p: Plan) -> Entry:
        d = p.document
        return Entry(
            title=d.title,
            body=" ".join(
                [
                    d.reference_label,
                    str(p.year),
                    d.issuer_name,
                    *_sections_text(d.body),
                    *(r.text for r in d.references.all()),
                ]
            ),
            url=_url("plans:plan-detail", p.pk),
        )

    def activity_entry(a: Activity) -> Entry:
        return Entry(
            title=f"{a.label} {a.title}".strip(),
            body=" ".join(
                [a.description, *a.lead_text, *a.support_text, a.due_text, a.funding]
            ),
            url=_url("plans:plan-detail", a.plan_id, anchor=f"#activity-{a.pk}"),
        )

    def task_entry(t: Task) -> Entry:
        return Entry(
            title=f"{t.unit.name} – {t.get_role_display()}",
            body=f"{t.activity.label} {t.activity.title}",
            url=_task_url(t),
        )

    def note_entry(u: ProgressUpdate) -> Entry | None:
        note = " ".join(u.note.split())
        if not note:
            return None  # a change of status without words: nothing to find
        activity = u.task.activity
        unit = u.actor_unit or u.task.unit
        about = f"{activity.label} {activity.title}".strip()
        return Entry(
            title=note if len(note) <= 120 else note[:119] + "…",
            body=f"{note} — {unit.name} · {about}",
            url=f"{_task_url(u.task)}#update-{u.pk}",
        )

    def plan_children(pk: int) -> list[tuple[str, int]]:
        """A new plan's activities (their tasks follow as theirs)."""
        activities = Activity.objects.filter(plan_id=pk).values_list("pk", flat=True)
        return [("activity", a) for a in activities]

    def activity_related(a: Activity) -> list[tuple[str, int]]:
        """The tasks of an activity (bulk-created, so without a signal of
        their own) and the notes on them: their entries show its title."""
        tasks = list(Task.objects.filter(activity_id=a.pk).values_list("pk", flat=True))
        notes = ProgressUpdate.objects.filter(task_id__in=tasks).exclude(note="")
        return [("task", t) for t in tasks] + [
            ("note", n) for n in notes.values_list("pk", flat=True)
        ]

    def visible_plan_ids(viewer: Viewer) -> QuerySet[Any]:
        return Plan.objects.filter(plans_visible_q(viewer)).values("pk")

    register_source(
        Source(
            kind="document",
            label=pgettext_lazy("loại kết quả tìm kiếm", "Văn bản"),
            model=Document,
            queryset=lambda: Document.objects.select_related("plan"),
            entry=document_entry,
            visible_ids=lambda viewer: Document.objects.filter(
                documents_visible_q(viewer)
            ).values("pk"),
            related=lambda d: [("plan", d.plan.pk)] if hasattr(d, "plan") else [],
        )
    )
    register_source(
        Source(
            kind="plan",
            label=pgettext_lazy("loại kết quả tìm kiếm", "Kế hoạch"),
            model=Plan,
            queryset=lambda: Plan.objects.select_related("document").prefetch_related(
                "document__references"
            ),
            entry=plan_entry,
            visible_ids=visible_plan_ids,
            related=lambda p: [("document", p.document_id)],
            children=plan_children,
        )
    )
    register_source(
        Source(
            kind="activity",
            label=pgettext_lazy("loại kết quả tìm kiếm", "Hoạt động"),
            model=Activity,
            queryset=Activity.objects.all,
            entry=activity_entry,
            visible_ids=lambda viewer: Activity.objects.filter(
                plan__in=visible_plan_ids(viewer)
            ).values("pk"),
            related=activity_related,
        )
    )
    register_source(
        Source(
            kind="task",
            label=pgettext_lazy("loại kết quả tìm kiếm", "Nhiệm vụ"),
            model=Task,
            queryset=lambda: Task.objects.select_related("unit", "activity"),
            entry=task_entry,
            visible_ids=lambda viewer: Task.objects.filter(
                tasks_visible_q(viewer)
            ).values("pk"),
        )
    )
    # Progress notes are the task's records: seen by the units working on
    # the activity and the agency-wide roles (as on the task page), not by
    # every unit that may see the task.
    register_source(
        Source(
            kind="note",
            label=pgettext_lazy("loại kết quả tìm kiếm", "Ghi chú tiến độ"),
            model=ProgressUpdate,
            queryset=lambda: ProgressUpdate.objects.select_related(
                "task__activity", "task__unit", "actor_unit"
            ),
            entry=note_entry,
            visible_ids=lambda viewer: ProgressUpdate.objects.filter(
                task_records_visible_q(viewer, prefix="task__")
            ).values("pk"),
        )
    )
