"""The rule interface and registry.

A rule looks at one agency's data at ``now`` and proposes reminders
(:class:`Candidate`): one per object, recipient and occurrence. The engine
(``notify.reminders``) inserts them in batches, ignoring those that exist
already, so running a rule twice is harmless. When a reminder is dispatched
the rule may drop it if it no longer applies (:meth:`Rule.relevant`) and
renders its message in the recipient's language (:meth:`Rule.render`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.utils import formats, timezone

if TYPE_CHECKING:
    from kehoach.notify.models import NotificationSettings, Reminder
    from kehoach.orgs.models import Agency


@dataclass(frozen=True)
class Candidate:
    """A reminder a rule wants sent (the unique key and what to say): to a
    user (``recipient_id``), or, to someone without a login, to an e-mail
    ``address`` (``recipient_id`` None; e-mail only)."""

    object_type: str
    object_id: int
    recipient_id: int | None
    occurrence: dt.date
    payload: dict[str, Any]
    urgent: bool = False
    address: str = ""


@dataclass
class RuleContext:
    """One agency at one moment. ``cache`` lets rules of a run share a
    query (the task rules read the task window once)."""

    now: dt.datetime
    today: dt.date
    local_time: dt.time
    agency: Agency
    settings: NotificationSettings
    cache: dict[str, Any] = field(default_factory=dict)

    def local(self, day: dt.date, moment: dt.time) -> dt.datetime:
        """A local (Asia/Ho_Chi_Minh) moment as an aware datetime."""
        return dt.datetime.combine(day, moment, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class Message:
    """A rendered notification: in-app title/body, e-mail and SMS text."""

    title: str
    body: str
    url: str = ""
    lines: tuple[str, ...] = ()
    email_template: str = "notify/email/message"
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def absolute_url(self) -> str:
        return (
            f"{settings.SITE_URL}{self.url}" if self.url.startswith("/") else self.url
        )


class Rule:
    """Base class of a rule. Subclasses set ``name`` (stable: it is part of
    the reminder's unique key), ``kind`` (the preference it falls under)
    and implement :meth:`candidates` and :meth:`render`."""

    name: ClassVar[str]
    kind: ClassVar[str]
    object_type: ClassVar[str] = "task"
    urgent: ClassVar[bool] = False

    def candidates(self, ctx: RuleContext) -> Iterable[Candidate]:
        raise NotImplementedError

    def relevant(self, reminders: Sequence[Reminder], now: dt.datetime) -> set[int]:
        """Ids of the reminders that still apply at dispatch time."""
        return {r.pk for r in reminders}

    def render(self, payload: dict[str, Any]) -> Message:
        raise NotImplementedError


RULES: dict[str, Rule] = {}


def register(rule_class: type[Rule]) -> type[Rule]:
    """Class decorator: make a rule known to the engine."""
    RULES[rule_class.name] = rule_class()
    return rule_class


def show_date(value: str | dt.date | None) -> str:
    """An ISO date from a payload in the active language's short format."""
    if not value:
        return ""
    date = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return formats.date_format(date, "SHORT_DATE_FORMAT")


def at_or_after(ctx: RuleContext, moment: dt.time) -> bool:
    return ctx.local_time >= moment
