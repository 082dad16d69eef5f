"""Outbound webhook events: ``emit(name, obj)`` from services.

An event is written as one delivery row per matching subscription *in the
caller's transaction* (an outbox): if the change rolls back, no event goes
out; once it commits, the worker sends it, signed, and retries on failure.

Events (``WebhookEvent``) and their ``data``:

- ``task.created`` / ``task.updated`` / ``task.done`` / ``task.overdue``:
  ``{"task": {id, plan_id, plan_title, activity_id, activity_label,
  activity_title, unit_id, unit_name, role, status, percent, due_date,
  due_kind, overdue, url}}``;
- ``document.issued`` / ``document.acknowledged``: ``{"document": {id,
  number, symbol, doc_type, title, issued_on, url}}`` plus, for an
  acknowledgement, ``{"acknowledged_by": {recipient_id, unit_id, unit_name,
  name, via}}`` (``unit_id`` is null for a person or an outside address;
  ``via`` is ``"app"`` or ``"link"``).

Who emits what (each inside the service's transaction):

- ``task.created``: ``plans.services.create_plan_from_document`` and
  ``add_activity`` (the editor, an incoming document's direction);
- ``task.updated``: ``record_progress`` when status or percent change (so
  also each task of a bulk action), ``reopen_task``, ``reassign_task``;
- ``task.done``: ``record_progress`` when the task becomes done — in
  addition to its ``task.updated``;
- ``task.overdue``: the periodic job, once per task and due date;
- ``document.issued``: ``documents.workflow.issue_document``;
- ``document.acknowledged``: ``documents.distribution.acknowledge_delivery``
  (in the app or through the personal link), once per recipient.

The envelope sent is ``{"id": <event id>, "event": name, "created_at":
ISO time, "agency_id": id, "data": {...}}``; see ``channels.webhook``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kehoach.notify.enums import Channel, DeliveryStatus, WebhookEvent
from kehoach.notify.models import Delivery, WebhookSubscription
from kehoach.plans.deadlines import is_overdue


def webhooks_enabled() -> bool:
    return bool(settings.KEHOACH_WEBHOOKS_ENABLED)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def task_data(task: Any) -> dict[str, Any]:
    """The ``task`` object of an event, from a Task with its activity, plan,
    document and unit at hand (no query when they are loaded)."""
    activity = task.activity
    plan = activity.plan
    return {
        "id": task.pk,
        "plan_id": plan.pk,
        "plan_title": plan.document.title,
        "activity_id": activity.pk,
        "activity_label": activity.label,
        "activity_title": activity.title,
        "unit_id": task.unit_id,
        "unit_name": task.unit.name,
        "role": task.role,
        "status": task.status,
        "percent": task.percent,
        "due_date": _iso(activity.due_date),
        "due_kind": activity.due_kind,
        "overdue": is_overdue(activity.due_date, activity.due_kind, status=task.status),
        "url": settings.SITE_URL
        + reverse("plans:plan-detail", args=[plan.pk])
        + f"#activity-{activity.pk}",
    }


def task_data_from_row(row: Any) -> dict[str, Any]:
    """The same, from a ``rules.tasks.TaskRow``."""
    return {
        "id": row.id,
        "plan_id": row.plan_id,
        "plan_title": row.plan_title,
        "activity_id": row.activity_id,
        "activity_label": row.activity_label,
        "activity_title": row.activity_title,
        "unit_id": row.unit_id,
        "unit_name": row.unit_name,
        "role": row.role,
        "status": row.status,
        "percent": row.percent,
        "due_date": _iso(row.due_date),
        "due_kind": row.due_kind,
        "overdue": True,
        "url": settings.SITE_URL + row.url(),
    }


def document_data(document: Any) -> dict[str, Any]:
    return {
        "id": document.pk,
        "number": document.number,
        "symbol": document.symbol,
        "doc_type": document.doc_type,
        "title": document.title,
        "issued_on": _iso(document.issued_on),
        "url": settings.SITE_URL
        + reverse("documents:document-detail", args=[document.pk]),
    }


def _subject(name: str, obj: Any) -> tuple[int, dict[str, Any]]:
    """(agency id, data) of an event about ``obj``."""
    if name.startswith("task."):
        return obj.activity.plan.agency_id, {"task": task_data(obj)}
    if name.startswith("document."):
        return obj.agency_id, {"document": document_data(obj)}
    raise ValueError(f"unknown event {name!r}")


def emit(name: str, obj: Any, **extra: Any) -> int:
    """Record the event ``name`` about ``obj`` for every active subscription
    of the object's agency that listens to it. Call inside the service's
    transaction. Returns the number of deliveries created."""
    return emit_many(name, [obj], **extra)


def emit_many(name: str, objs: Sequence[Any], **extra: Any) -> int:
    """:func:`emit` for many objects of one agency (one query to find the
    subscriptions, one bulk insert)."""
    if name not in WebhookEvent.values:
        raise ValueError(f"unknown event {name!r}")
    if not objs or not webhooks_enabled():
        return 0
    agency_id = _subject(name, objs[0])[0]
    items = []
    for obj in objs:
        data = _subject(name, obj)[1]
        data.update(extra)
        items.append((data, uuid.uuid4().hex))
    return emit_rows(name, agency_id, items)


def emit_rows(
    name: str, agency_id: int, items: Iterable[tuple[dict[str, Any], str]]
) -> int:
    """Record events from ready ``(data, dedupe_key)`` pairs; a dedupe key
    already used for a subscription is not sent again (``task.overdue`` uses
    the task and its due date)."""
    subscriptions = [
        s
        for s in WebhookSubscription.objects.filter(agency_id=agency_id, is_active=True)
        if name in (s.events or [])
    ]
    if not subscriptions:
        return 0
    now = timezone.now()
    prepared = [(data, key, uuid.uuid4()) for data, key in items]
    rows = [
        Delivery(
            channel=Channel.WEBHOOK,
            status=DeliveryStatus.PENDING,
            agency_id=agency_id,
            subscription=subscription,
            address=subscription.url,
            event=name,
            event_id=event_id,
            dedupe_key=f"{name}:{key}",
            payload={
                "event": name,
                "created_at": now.isoformat(),
                "agency_id": agency_id,
                "data": data,
            },
            next_attempt_at=now,
        )
        for data, key, event_id in prepared
        for subscription in subscriptions
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    transaction.on_commit(partial(_enqueue_send), robust=True)
    return len(rows)


def _enqueue_send() -> None:
    from kehoach.notify.tasks import task_send_deliveries  # noqa: PLC0415 -- tasks import the engine, which imports this module

    task_send_deliveries.enqueue()
