"""The one rule for deadlines: when is something late?

- "trước ngày" (before) and fixed dates (on) are late from the day after.
- Planned (tentative) dates and periods are late once the date has passed;
  a planned date coming up is a warning ("sắp đến ngày dự kiến"), never a
  lateness.
- Recurring ("hằng năm") and other ("thường xuyên") items are never late.

"Today" is the local date in Asia/Ho_Chi_Minh, not UTC. ``is_overdue`` is
the rule for one item; ``overdue_q`` is the same rule as a database filter
(used by lists and counts) — a test holds the two to the same table.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from kehoach.plans.enums import CLOSED_TASK_STATUSES, DueKind

DATED_KINDS = frozenset({DueKind.BEFORE, DueKind.ON, DueKind.PLANNED, DueKind.PERIOD})
DUE_SOON_DAYS = 7


class DeadlineState:
    """What a deadline means today, for badges and filters."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    PLANNED_SOON = "planned_soon"
    NONE = ""


def local_today() -> dt.date:
    return timezone.localdate()


def is_overdue(
    due_date: dt.date | None,
    due_kind: str,
    *,
    status: str | None = None,
    today: dt.date | None = None,
) -> bool:
    """True when an open item with this deadline is late on ``today``."""
    if status in CLOSED_TASK_STATUSES or due_date is None:
        return False
    if due_kind not in DATED_KINDS:
        return False
    return (today or local_today()) > due_date


def is_due_soon(
    due_date: dt.date | None,
    due_kind: str,
    *,
    status: str | None = None,
    today: dt.date | None = None,
    days: int = DUE_SOON_DAYS,
) -> bool:
    """True when an open item is due within ``days`` and not yet late."""
    if (
        status in CLOSED_TASK_STATUSES
        or due_date is None
        or due_kind not in DATED_KINDS
    ):
        return False
    current = today or local_today()
    return current <= due_date <= current + dt.timedelta(days=days)


def deadline_state(
    due_date: dt.date | None,
    due_kind: str,
    *,
    status: str | None = None,
    today: dt.date | None = None,
    days: int = DUE_SOON_DAYS,
) -> str:
    """One of :class:`DeadlineState`: late, due soon, or a planned date
    coming up (a warning only)."""
    today = today or local_today()
    if is_overdue(due_date, due_kind, status=status, today=today):
        return DeadlineState.OVERDUE
    if is_due_soon(due_date, due_kind, status=status, today=today, days=days):
        if due_kind == DueKind.PLANNED:
            return DeadlineState.PLANNED_SOON
        return DeadlineState.DUE_SOON
    return DeadlineState.NONE


def _open_q(status_field: str | None) -> Q:
    if status_field is None:
        return Q()
    return ~Q(**{f"{status_field}__in": list(CLOSED_TASK_STATUSES)})


def overdue_q(
    today: dt.date, *, prefix: str = "activity__", status_field: str | None = "status"
) -> Q:
    """:func:`is_overdue` as a filter. ``prefix`` leads from the filtered
    model to the fields ``due_date``/``due_kind`` (``"activity__"`` for
    tasks, ``""`` for activities); ``status_field`` names the status to
    check against the closed statuses (None: no status)."""
    return _open_q(status_field) & Q(
        **{
            f"{prefix}due_kind__in": list(DATED_KINDS),
            f"{prefix}due_date__lt": today,
        }
    )


def due_soon_q(
    today: dt.date,
    *,
    days: int = DUE_SOON_DAYS,
    prefix: str = "activity__",
    status_field: str | None = "status",
) -> Q:
    """:func:`is_due_soon` as a filter."""
    return _open_q(status_field) & Q(
        **{
            f"{prefix}due_kind__in": list(DATED_KINDS),
            f"{prefix}due_date__gte": today,
            f"{prefix}due_date__lte": today + dt.timedelta(days=days),
        }
    )
