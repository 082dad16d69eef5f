"""The reminder engine: rules → reminder rows → notifications and deliveries.

1. :func:`generate_reminders` asks every rule, agency by agency, for
   candidates and inserts them in batches with ``ignore_conflicts`` on the
   unique key (rule, object, recipient, occurrence): a constant number of
   queries per batch, and running it twice creates nothing new.
2. :func:`dispatch_reminders` claims due reminders in batches with a
   conditional UPDATE (``claimed_at IS NULL`` or stale) tagged with a fresh
   claim token, then reads back only the rows carrying its token: a row is
   claimed by exactly one worker. For the claimed rows, in one transaction,
   it creates the in-app notification and one delivery row per outside
   channel, and marks the reminders dispatched. A reminder to an address
   (someone without a login) gets one e-mail delivery and no notification. A crash before the commit
   leaves the rows claimed; the claim goes stale and another run takes them.
   Notification and delivery rows are unique per reminder (and channel),
   so even a stale claim taken over mid-commit cannot duplicate them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from kehoach.notify import events
from kehoach.notify.enums import (
    GATEWAY_CHANNELS,
    Channel,
    DeliveryStatus,
    ReminderStatus,
    WebhookEvent,
)
from kehoach.notify.models import (
    Delivery,
    Gateway,
    Notification,
    NotificationSettings,
    Reminder,
    UserPreference,
)
from kehoach.notify.preferences import channels_for, release_time
from kehoach.notify.rules import RULES
from kehoach.notify.rules.base import Candidate, Rule, RuleContext
from kehoach.notify.rules.tasks import newly_overdue
from kehoach.orgs.models import Agency

logger = logging.getLogger(__name__)

INSERT_BATCH = 1000
DISPATCH_BATCH = 500


def settings_for(agency: Agency) -> NotificationSettings:
    """The agency's rules, or the defaults when it never saved any."""
    found = NotificationSettings.objects.filter(agency=agency).first()
    return found or NotificationSettings(agency=agency)


def _batched(items: Iterable[Candidate], size: int) -> Iterator[list[Candidate]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _insert(rule: Rule, ctx: RuleContext, candidates: Iterable[Candidate]) -> int:
    count = 0
    for chunk in _batched(candidates, INSERT_BATCH):
        Reminder.objects.bulk_create(
            [
                Reminder(
                    rule=rule.name,
                    kind=rule.kind,
                    agency=ctx.agency,
                    object_type=c.object_type,
                    object_id=c.object_id,
                    recipient_id=c.recipient_id,
                    address=c.address[:254],
                    occurrence=c.occurrence,
                    due_at=ctx.now,
                    urgent=c.urgent,
                    payload=c.payload,
                )
                for c in chunk
            ],
            ignore_conflicts=True,
        )
        count += len(chunk)
    return count


def generate_reminders(now: dt.datetime | None = None) -> int:
    """Run every rule for every active agency; returns the number of
    candidates offered (existing reminders among them are ignored)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    offered = 0
    agencies = Agency.objects.filter(is_active=True).select_related(
        "notification_settings"
    )
    for agency in agencies:
        ctx = RuleContext(
            now=now,
            today=local.date(),
            local_time=local.time(),
            agency=agency,
            settings=settings_for(agency),
        )
        for rule in RULES.values():
            # Payloads are stored: build them in the installation's language,
            # never in whatever language the calling thread last served.
            with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
                offered += _insert(rule, ctx, rule.candidates(ctx))
        _emit_overdue_events(ctx)
    return offered


def _emit_overdue_events(ctx: RuleContext) -> None:
    if not events.webhooks_enabled():
        return
    rows = newly_overdue(ctx)
    if rows:
        events.emit_rows(
            WebhookEvent.TASK_OVERDUE,
            ctx.agency.pk,
            [
                ({"task": events.task_data_from_row(r)}, f"{r.id}:{r.due_date}")
                for r in rows
            ],
        )


def _claimable(now: dt.datetime) -> Q:
    stale = now - dt.timedelta(seconds=settings.KEHOACH_NOTIFY_CLAIM_SECONDS)
    return Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)


def claim_reminders(
    now: dt.datetime, worker_id: str, *, limit: int = DISPATCH_BATCH
) -> tuple[str, list[Reminder]]:
    """Claim up to ``limit`` due reminders; returns the claim token and the
    rows this call (and no other) claimed."""
    token = f"{worker_id[:40]}:{uuid.uuid4().hex}"
    ids = list(
        Reminder.objects.filter(
            _claimable(now), status=ReminderStatus.PENDING, due_at__lte=now
        )
        .order_by("due_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    if not ids:
        return token, []
    Reminder.objects.filter(
        _claimable(now), pk__in=ids, status=ReminderStatus.PENDING
    ).update(claimed_at=now, claimed_by=token)
    claimed = list(
        Reminder.objects.filter(claimed_by=token, status=ReminderStatus.PENDING)
        .select_related("recipient", "recipient__person")
        .order_by("id")
    )
    return token, claimed


@dataclass(frozen=True)
class _Context:
    prefs: dict[int, UserPreference]
    gateways: set[tuple[int, str]]


def _dispatch_context(reminders: Sequence[Reminder]) -> _Context:
    prefs = {
        p.user_id: p
        for p in UserPreference.objects.filter(
            user_id__in={r.recipient_id for r in reminders if r.recipient_id}
        )
    }
    gateways: set[tuple[int, str]] = set()
    if settings.KEHOACH_GATEWAY_ENABLED:
        gateways = set(
            Gateway.objects.filter(
                agency_id__in={r.agency_id for r in reminders}, is_active=True
            ).values_list("agency_id", "channel")
        )
    return _Context(prefs, gateways)


def address_for(channel: str, reminder: Reminder, pref: UserPreference | None) -> str:
    user = reminder.recipient
    if user is None:
        return reminder.address if channel == Channel.EMAIL else ""
    person = getattr(user, "person", None)
    if channel == Channel.EMAIL:
        return user.email or (person.email if person else "")
    if channel == Channel.SMS:
        return person.phone if person else ""
    if channel == Channel.CHAT:
        return pref.chat_id if pref else ""
    return ""


def _deliveries_for(
    reminder: Reminder, ctx: _Context, now: dt.datetime
) -> list[Delivery]:
    if reminder.recipient_id is None:
        return _address_delivery(reminder, now)
    pref = ctx.prefs.get(reminder.recipient_id)
    send_at = release_time(
        pref.quiet_start if pref else None, pref.quiet_end if pref else None, now
    )
    rows = []
    for channel in channels_for(pref.channels if pref else None, reminder.kind):
        if channel == Channel.EMAIL and not settings.KEHOACH_EMAIL_ENABLED:
            continue
        if (
            channel in GATEWAY_CHANNELS
            and (reminder.agency_id, channel) not in ctx.gateways
        ):
            continue
        address = address_for(channel, reminder, pref)
        if not address:
            continue
        rows.append(
            Delivery(
                channel=channel,
                agency_id=reminder.agency_id,
                reminder=reminder,
                recipient_id=reminder.recipient_id,
                address=address,
                next_attempt_at=send_at,
                status=DeliveryStatus.PENDING,
            )
        )
    return rows


def _address_delivery(reminder: Reminder, now: dt.datetime) -> list[Delivery]:
    """Someone without a login: e-mail only, no preferences, no quiet
    hours (an organisation's mailbox)."""
    if not (settings.KEHOACH_EMAIL_ENABLED and reminder.address):
        return []
    return [
        Delivery(
            channel=Channel.EMAIL,
            agency_id=reminder.agency_id,
            reminder=reminder,
            recipient=None,
            address=reminder.address,
            next_attempt_at=now,
            status=DeliveryStatus.PENDING,
        )
    ]


def dispatch_batch(token: str, reminders: Sequence[Reminder], now: dt.datetime) -> int:
    """Turn claimed reminders into notifications and deliveries (one
    transaction, a constant number of queries)."""
    by_rule: dict[str, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        by_rule[reminder.rule].append(reminder)
    keep: set[int] = set()
    for name, group in by_rule.items():
        rule = RULES.get(name)
        keep |= rule.relevant(group, now) if rule else set()
    ctx = _dispatch_context(reminders)
    notifications, deliveries = [], []
    for reminder in reminders:
        if reminder.pk not in keep:
            continue
        deliveries += _deliveries_for(reminder, ctx, now)
        if reminder.recipient is None:
            continue  # no login, no notification centre: e-mail only
        rule = RULES[reminder.rule]
        with translation.override(
            reminder.recipient.language or settings.LANGUAGE_CODE
        ):
            message = rule.render(reminder.payload)
            notifications.append(
                Notification(
                    recipient=reminder.recipient,
                    reminder=reminder,
                    kind=reminder.kind,
                    title=message.title[:300],
                    body=message.body,
                    url=message.url[:500],
                    urgent=reminder.urgent,
                )
            )
    with transaction.atomic():
        Notification.objects.bulk_create(notifications, ignore_conflicts=True)
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        Reminder.objects.filter(claimed_by=token, pk__in=keep).update(
            status=ReminderStatus.DISPATCHED, processed_at=now
        )
        Reminder.objects.filter(claimed_by=token).exclude(pk__in=keep).update(
            status=ReminderStatus.DROPPED, processed_at=now
        )
    return len(notifications)


def dispatch_reminders(worker_id: str, *, now: dt.datetime | None = None) -> int:
    """Dispatch every due reminder; returns the notifications created."""
    now = now or timezone.now()
    total = 0
    while True:
        token, batch = claim_reminders(now, worker_id)
        if not batch:
            return total
        total += dispatch_batch(token, batch, now)
