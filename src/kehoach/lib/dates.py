"""ISO dates of reduced precision ("2023", "2023-08", "2023-08-25")."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(
    value: str | None, *, end: bool = False
) -> tuple[dt.date | None, str]:
    """``"2023-08"`` → ``(date(2023, 8, 1), "month")``.

    With ``end=True`` the date is the last day of the period instead
    (``"2023-09"`` → 30/09/2023), which is how deadlines given as a month or
    a year are kept. Returns ``(None, "day")`` for anything unreadable.
    """
    if not value:
        return None, "day"
    match = _ISO.match(value.strip())
    if not match:
        return None, "day"
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    try:
        if month is None:
            return (dt.date(year, 12, 31) if end else dt.date(year, 1, 1)), "year"
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last if end else 1), "month"
        return dt.date(year, month, day), "day"
    except ValueError:
        return None, "day"
