"""Rules whose data lands with other modules: registered, and empty until
then.

- ``distribution.unacknowledged`` needs the issuance work's
  ``documents.queries.unacknowledged_distributions(older_than)``.
- ``difficulty.awaiting_decision`` needs the feedback module's
  ``feedback.queries.reports_awaiting_decision(older_than)``.

Both already have their message, their preference kind and the shape of the
rows they expect (:class:`PendingAcknowledgement`, :class:`PendingDecision`),
so wiring them is a one-line change in ``candidates``: map the query's rows
to these and return ``acknowledgement_candidates(...)`` /
``decision_candidates(...)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _

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
    """One recipient line of a distribution not acknowledged yet."""

    id: int  # the distribution recipient
    document_label: str  # "Số 123/KH-STTTT"
    document_title: str
    sent_on: dt.date
    unit_id: int | None  # whose people must acknowledge
    user_id: int | None  # or one person directly
    url: str


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
    """One reminder per recipient line and person, once per sending day
    (the occurrence is the day it was sent: reminded once, not daily)."""
    people = UnitPeople(r.unit_id for r in rows if r.unit_id)
    for row in rows:
        users = [row.user_id] if row.user_id else people.heads_of(row.unit_id or 0)
        payload = {**asdict(row), "sent_on": row.sent_on.isoformat()}
        for user_id in users:
            yield Candidate("distribution", row.id, user_id, row.sent_on, payload)


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
    sending remind the recipient unit's head (or the named person)."""

    name = "distribution.unacknowledged"
    kind = NotificationKind.DISTRIBUTION
    object_type = "distribution"

    def candidates(self, ctx: RuleContext) -> Iterable[Candidate]:
        if not at_or_after(ctx, ctx.settings.send_time):
            return []
        # TODO(issuance): needs documents.queries.unacknowledged_distributions(
        #     older_than=ctx.now - timedelta(days=ctx.settings.distribution_ack_days)
        # ) for ctx.agency's issued documents; map each row to
        # PendingAcknowledgement and return acknowledgement_candidates(rows, ctx).
        # Also drop acknowledged ones in ``relevant`` (acknowledged_at set).
        return []

    def render(self, p: dict[str, Any]) -> Message:
        return Message(
            title=_("Chưa xác nhận đã nhận văn bản {label}").format(
                label=p["document_label"]
            ),
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
