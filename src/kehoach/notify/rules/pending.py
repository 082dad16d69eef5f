"""Reminders about things waiting for someone else than a task's unit.

- ``distribution.unacknowledged``: recipients of an issued document who
  have not acknowledged it ``distribution_ack_days`` (2) after it was sent
  (``documents.distribution.unacknowledged_distributions``). The agency's
  own units (their head) and people get an in-app notification and an
  e-mail pointing at their received list; outside organisations, and
  addressees without a login, get an e-mail with their personal
  acknowledgement link (``documents.tokens.ack_url``, made when the mail is
  written). Once per recipient and sending: the occurrence is the day the
  document was sent to them.
- ``difficulty.awaiting_decision`` needs the feedback module's
  ``feedback.queries.reports_awaiting_decision(older_than)``; it is
  registered, with its message, and empty until that module exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.documents.distribution import unacknowledged_distributions
from kehoach.documents.enums import DeliveryChannel, DocumentStatus
from kehoach.documents.models import DistributionRecipient
from kehoach.documents.tokens import ack_url
from kehoach.notify.enums import NotificationKind
from kehoach.notify.recipients import UnitPeople, leadership_of
from kehoach.notify.rules.base import (
    Candidate,
    Message,
    Rule,
    RuleContext,
    at_or_after,
    register,
    show_date,
)


@dataclass(frozen=True)
class PendingAcknowledgement:
    """One recipient of a distribution not acknowledged yet."""

    id: int  # the distribution recipient
    document_label: str  # "Số 123/KH-STTTT"
    document_title: str
    sent_on: dt.date
    unit_id: int | None  # whose head must acknowledge (an own unit)
    user_id: int | None  # or one person directly
    url: str  # where a user acknowledges (their received list)
    name: str = ""  # the addressee as the distribution names it
    email: str = ""  # for an addressee without a login
    agency_name: str = ""  # who sent the document


def pending_acknowledgements(ctx: RuleContext) -> list[PendingAcknowledgement]:
    """The agency's recipients still to acknowledge, sent between
    ``distribution_ack_days`` and that plus ``overdue_lookback_days`` ago
    (older ones are not reminded, as for late tasks). One query."""
    s = ctx.settings
    oldest = ctx.now - dt.timedelta(
        days=s.distribution_ack_days + s.overdue_lookback_days
    )
    rows = (
        unacknowledged_distributions(
            dt.timedelta(days=s.distribution_ack_days), now=ctx.now
        )
        .filter(distribution__document__agency_id=ctx.agency.pk, sent_at__gte=oldest)
        .select_related("distribution__document__agency", "person__user")
    )
    received = reverse("documents:received")
    out = []
    for row in rows:
        document = row.distribution.document
        own = row.channel != DeliveryChannel.EXTERNAL
        person = row.person
        user = person.user if person is not None and person.is_active else None
        out.append(
            PendingAcknowledgement(
                id=row.pk,
                document_label=document.reference_label,
                document_title=document.title,
                sent_on=timezone.localdate(row.sent_at),
                unit_id=row.unit_id if own and person is None else None,
                user_id=user.pk
                if own and user is not None and user.is_active
                else None,
                url=f"{received}#received-{row.pk}",
                name=row.name,
                email=row.email,
                agency_name=document.agency.name,
            )
        )
    return out


@dataclass(frozen=True)
class PendingDecision:
    """A difficulty report waiting for the leadership's decision."""

    id: int
    title: str
    unit_name: str
    submitted_on: dt.date
    url: str


def acknowledgement_candidates(
    rows: Sequence[PendingAcknowledgement], ctx: RuleContext
) -> Iterable[Candidate]:
    """One reminder per recipient and person, once per sending day (the
    occurrence is the day it was sent: reminded once, not daily). A unit is
    reminded through its head; a recipient with nobody to log in (an
    outside organisation, a unit without a head, a person without a login)
    through its e-mail address, with the personal link."""
    people = UnitPeople(r.unit_id for r in rows if r.unit_id)
    for row in rows:
        users = [row.user_id] if row.user_id else people.heads_of(row.unit_id or 0)
        payload = {**asdict(row), "sent_on": row.sent_on.isoformat()}
        for user_id in users:
            yield Candidate("distribution", row.id, user_id, row.sent_on, payload)
        if not users and row.email:
            yield Candidate(
                "distribution",
                row.id,
                None,
                row.sent_on,
                {**payload, "by_link": True},
                address=row.email,
            )


def decision_candidates(
    rows: Sequence[PendingDecision], ctx: RuleContext
) -> Iterable[Candidate]:
    leaders = leadership_of(ctx.agency.pk)
    for row in rows:
        payload = {**asdict(row), "submitted_on": row.submitted_on.isoformat()}
        for user_id in leaders:
            yield Candidate("difficulty", row.id, user_id, row.submitted_on, payload)


@register
class DistributionUnacknowledged(Rule):
    """Distributions not acknowledged ``distribution_ack_days`` (2) after
    sending remind the recipient unit's head (or the named person); outside
    organisations get an e-mail with their acknowledgement link."""

    name = "distribution.unacknowledged"
    kind = NotificationKind.DISTRIBUTION
    object_type = "distribution"

    def candidates(self, ctx: RuleContext) -> Iterable[Candidate]:
        s = ctx.settings
        if not (s.reminders_enabled and at_or_after(ctx, s.send_time)):
            return []
        return acknowledgement_candidates(pending_acknowledgements(ctx), ctx)

    def relevant(self, reminders: Sequence[Any], now: dt.datetime) -> set[int]:
        """Not acknowledged meanwhile, and the document not recalled."""
        waiting = set(
            DistributionRecipient.objects.filter(
                pk__in={r.object_id for r in reminders},
                acknowledged_at__isnull=True,
                distribution__document__status=DocumentStatus.ISSUED,
            ).values_list("pk", flat=True)
        )
        return {r.pk for r in reminders if r.object_id in waiting}

    def render(self, p: dict[str, Any]) -> Message:
        title = _("Chưa xác nhận đã nhận văn bản {label}").format(
            label=p["document_label"]
        )
        if p.get("by_link"):
            return Message(
                title=title,
                body=_(
                    "Văn bản “{title}” do {agency} gửi ngày {sent} chưa được xác "
                    "nhận đã nhận. Đề nghị xác nhận đã nhận văn bản tại đường dẫn "
                    "dưới đây (không cần đăng nhập)."
                ).format(
                    title=p["document_title"],
                    agency=p.get("agency_name", ""),
                    sent=show_date(p["sent_on"]),
                ),
                url=ack_url(p["id"]),
                email_template="notify/email/acknowledge",
            )
        return Message(
            title=title,
            body=_(
                "Văn bản “{title}” gửi ngày {sent} chưa được xác nhận đã nhận. Đề "
                "nghị xác nhận trên hệ thống."
            ).format(title=p["document_title"], sent=show_date(p["sent_on"])),
            url=p["url"],
        )


@register
class DifficultyAwaitingDecision(Rule):
    """Difficulty reports waiting for a decision more than
    ``difficulty_decision_days`` (3) remind the leadership."""

    name = "difficulty.awaiting_decision"
    kind = NotificationKind.DIFFICULTY
    object_type = "difficulty"

    def candidates(self, ctx: RuleContext) -> Iterable[Candidate]:
        if not at_or_after(ctx, ctx.settings.send_time):
            return []
        # TODO(feedback): needs feedback.queries.reports_awaiting_decision(
        #     ctx.agency,
        #     older_than=ctx.now - timedelta(days=ctx.settings.difficulty_decision_days),
        # ); map each row to PendingDecision and return
        # decision_candidates(rows, ctx). Drop decided ones in ``relevant``.
        return []

    def render(self, p: dict[str, Any]) -> Message:
        return Message(
            title=_("Khó khăn chờ quyết định: {title}").format(title=p["title"][:200]),
            body=_(
                "Khó khăn, vướng mắc “{title}” của {unit} gửi ngày {date} đang chờ "
                "lãnh đạo cho ý kiến."
            ).format(
                title=p["title"], unit=p["unit_name"], date=show_date(p["submitted_on"])
            ),
            url=p["url"],
        )
