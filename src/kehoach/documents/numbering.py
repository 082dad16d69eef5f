"""Register numbers (Decree 30, Art. 15 and 22): one sequence per agency,
register and calendar year, from 1 on 1 January, consecutive, never
duplicated nor skipped — also when many documents are registered at once.

The counter row is created with ``INSERT … ON CONFLICT DO NOTHING`` and
incremented with ``UPDATE … SET last = last + 1`` inside the caller's
transaction, then read back in the same transaction:

- on PostgreSQL the UPDATE takes the row lock until commit; a concurrent
  UPDATE waits and then re-reads the committed value;
- on SQLite every write transaction is ``BEGIN IMMEDIATE`` (settings), so
  writers queue for the database lock before reading anything.

A transaction that rolls back rolls its increment back too, so no number is
lost. ``select_for_update`` is not used: SQLite ignores it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kehoach.documents.flow_models import RegisterCounter
from kehoach.orgs.models import Agency


def today() -> dt.date:
    """Today in the agency's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate()


def format_number(number: int) -> str:
    """Numbers below 10 carry a leading zero: ``1`` → ``"01"``."""
    return f"{number:02d}"


def next_number(agency: Agency, register: str, year: int) -> int:
    """Take the next number of ``register`` for ``year``. Must run inside
    the transaction that stores the number on the document."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside transaction.atomic()")
    RegisterCounter.objects.bulk_create(
        [RegisterCounter(agency=agency, register=register, year=year, last=0)],
        ignore_conflicts=True,
    )
    counters = RegisterCounter.objects.filter(
        agency=agency, register=register, year=year
    )
    counters.update(last=F("last") + 1)
    return counters.values_list("last", flat=True).get()


def last_number(agency: Agency, register: str, year: int) -> int:
    """The last number given so far (0 when none)."""
    value = (
        RegisterCounter.objects.filter(agency=agency, register=register, year=year)
        .values_list("last", flat=True)
        .first()
    )
    return value or 0
