"""Sending deliveries: claim, send, record — each message once.

A batch of due deliveries is claimed with a conditional UPDATE tagged with
a fresh token (as reminders are). Each message is then sent and, right
after the channel accepted it, marked sent with an UPDATE guarded by the
token — before anything else could retry it. A worker that dies mid-batch
leaves its rows claimed; they are re-claimed once the claim is stale
(``KEHOACH_NOTIFY_CLAIM_SECONDS``). A batch stops sending at half that time
and releases what it did not reach, so a claim never goes stale while its
worker is still sending. The one window left is a crash between the
channel's acceptance and the UPDATE: that message may go out again, with the
same Message-ID / event id so the receiver can tell.

A failure is retried with exponential back-off (``KEHOACH_NOTIFY_RETRY_SECONDS``
× 2^(attempt−1)) up to ``KEHOACH_NOTIFY_MAX_ATTEMPTS``, then marked failed,
listed for the admin. Every attempt is logged (``DeliveryAttempt``).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from kehoach.notify.channels import CHANNELS, DeliveryError
from kehoach.notify.channels import email as email_channel
from kehoach.notify.enums import DeliveryStatus
from kehoach.notify.models import Delivery, DeliveryAttempt

logger = logging.getLogger(__name__)

SEND_BATCH = 100


def _claimable(now: dt.datetime) -> Q:
    stale = now - dt.timedelta(seconds=settings.KEHOACH_NOTIFY_CLAIM_SECONDS)
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)


def claim_deliveries(
    worker_id: str, *, now: dt.datetime | None = None, limit: int = SEND_BATCH
) -> tuple[str, list[Delivery]]:
    """Claim up to ``limit`` deliveries due at ``now`` for this call only."""
    now = now or timezone.now()
    token = f"{worker_id[:40]}:{uuid.uuid4().hex}"
    ids = list(
        Delivery.objects.filter(
            _claimable(now), status=DeliveryStatus.PENDING, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    if not ids:
        return token, []
    Delivery.objects.filter(
        _claimable(now), pk__in=ids, status=DeliveryStatus.PENDING
    ).update(claimed_at=now, claimed_by=token)
    batch = list(
        Delivery.objects.filter(claimed_by=token, status=DeliveryStatus.PENDING)
        .select_related("reminder", "recipient", "recipient__person", "subscription")
        .order_by("id")
    )
    return token, batch


def retry_delay(attempt: int) -> dt.timedelta:
    return dt.timedelta(
        seconds=settings.KEHOACH_NOTIFY_RETRY_SECONDS * 2 ** (attempt - 1)
    )


def _mark_sent(delivery: Delivery, token: str) -> None:
    Delivery.objects.filter(pk=delivery.pk, claimed_by=token).update(
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        claimed_at=None,
        claimed_by="",
        last_error="",
    )


def _mark_failed(delivery: Delivery, token: str, error: DeliveryError) -> None:
    attempt = delivery.attempts + 1
    final = error.permanent or attempt >= settings.KEHOACH_NOTIFY_MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk, claimed_by=token).update(
        status=DeliveryStatus.FAILED if final else DeliveryStatus.PENDING,
        attempts=attempt,
        next_attempt_at=timezone.now() + retry_delay(attempt),
        claimed_at=None,
        claimed_by="",
        last_error=str(error)[:4000],
    )


def send_batch(token: str, batch: Sequence[Delivery], *, worker_id: str = "") -> int:
    """Send claimed deliveries; returns how many went out."""
    budget = settings.KEHOACH_NOTIFY_CLAIM_SECONDS / 2
    started = time.monotonic()
    state: dict[str, object] = {}
    log: list[DeliveryAttempt] = []
    sent = 0
    try:
        for delivery in batch:
            if time.monotonic() - started > budget:
                break
            began, clock = timezone.now(), time.monotonic()
            attempt = DeliveryAttempt(
                delivery=delivery,
                number=delivery.attempts + 1,
                started_at=began,
                worker=worker_id[:80],
            )
            try:
                sender = CHANNELS.get(delivery.channel)
                if sender is None:
                    raise DeliveryError(
                        f"unknown channel {delivery.channel}", permanent=True
                    )
                result = sender(delivery, state)
            except DeliveryError as exc:
                _mark_failed(delivery, token, exc)
                attempt.error, attempt.status_code = str(exc)[:4000], exc.status_code
                logger.warning("delivery %s failed: %s", delivery.pk, exc)
            else:
                _mark_sent(delivery, token)
                attempt.ok, attempt.status_code = True, result.status_code
                sent += 1
            attempt.duration_ms = int((time.monotonic() - clock) * 1000)
            log.append(attempt)
    finally:
        email_channel.close(state)
        DeliveryAttempt.objects.bulk_create(log)
        # Release what this batch did not reach (budget spent or an error).
        Delivery.objects.filter(claimed_by=token, status=DeliveryStatus.PENDING).update(
            claimed_at=None, claimed_by=""
        )
    return sent


def send_due_deliveries(worker_id: str, *, now: dt.datetime | None = None) -> int:
    """Send every delivery due at ``now``; returns how many went out."""
    total = 0
    while True:
        token, batch = claim_deliveries(worker_id, now=now)
        if not batch:
            return total
        total += send_batch(token, batch, worker_id=worker_id)
