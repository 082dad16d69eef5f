"""Per-person choice of channels and quiet hours (pure helpers).

Defaults: every kind goes to the notification centre and by e-mail; SMS and
chat are opt-in (they cost money and need the agency's gateway).

Quiet hours hold e-mail, SMS and chat until the window ends — for every
kind, overdue escalations included: a task that is already late gains
nothing from a message at 23:00, and the in-app notification is created at
once anyway, so nothing is lost, only not pushed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kehoach.notify.enums import Channel, NotificationKind

DEFAULT_CHANNELS: dict[str, list[str]] = {
    kind: [Channel.EMAIL] for kind in NotificationKind.values
}


def channels_for(channels: dict[str, Any] | None, kind: str) -> list[str]:
    """The outside channels a kind goes to for a person."""
    chosen = (channels or {}).get(kind)
    if chosen is None:
        return list(DEFAULT_CHANNELS.get(kind, []))
    return [c for c in chosen if c in {Channel.EMAIL, Channel.SMS, Channel.CHAT}]


def in_quiet_hours(start: dt.time | None, end: dt.time | None, moment: dt.time) -> bool:
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # the window spans midnight


def release_time(
    start: dt.time | None, end: dt.time | None, now: dt.datetime
) -> dt.datetime:
    """When a message created at ``now`` may go out: ``now``, or the end of
    the quiet window (local time) it falls in."""
    local = timezone.localtime(now)
    if end is None or not in_quiet_hours(start, end, local.time()):
        return now
    day = local.date()
    if local.time() >= end:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=local.tzinfo)
