"""The one rule for deadlines: when is something late?

- "trước ngày" (before) and fixed dates (on) are late from the day after.
- Planned (tentative) dates and periods are late once the date has passed.
- Recurring ("hằng năm") and other ("thường xuyên") items are never late.

"Today" is the local date in Asia/Ho_Chi_Minh, not UTC.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kehoach.plans.enums import CLOSED_TASK_STATUSES, DueKind

_DATED_KINDS = frozenset({DueKind.BEFORE, DueKind.ON, DueKind.PLANNED, DueKind.PERIOD})


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
    if due_kind not in _DATED_KINDS:
        return False
    return (today or local_today()) > due_date


def is_due_soon(
    due_date: dt.date | None,
    due_kind: str,
    *,
    status: str | None = None,
    today: dt.date | None = None,
    days: int = 7,
) -> bool:
    """True when an open item is due within ``days`` and not yet late."""
    if (
        status in CLOSED_TASK_STATUSES
        or due_date is None
        or due_kind not in _DATED_KINDS
    ):
        return False
    current = today or local_today()
    return current <= due_date <= current + dt.timedelta(days=days)
