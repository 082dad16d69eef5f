"""The notification cycle, run every minute by ``kehoach worker``."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from kehoach.notify.delivery import send_due_deliveries
from kehoach.notify.periodic import periodic_job
from kehoach.notify.reminders import dispatch_reminders, generate_reminders

logger = logging.getLogger(__name__)


def run_cycle(worker_id: str, *, now: dt.datetime | None = None) -> dict[str, int]:
    """Create due reminders, dispatch them, send due deliveries. Safe to run
    twice and from several workers at once: each reminder and each
    delivery is claimed by one of them."""
    now = now or timezone.now()
    figures = {
        "offered": generate_reminders(now),
        "notified": dispatch_reminders(worker_id, now=now),
        "sent": send_due_deliveries(worker_id, now=now),
    }
    logger.info("notify cycle %s: %s", worker_id, figures)
    return figures


@periodic_job("notify.cycle", seconds=60)
def notify_cycle(now: dt.datetime, worker_id: str) -> dict[str, int]:
    return run_cycle(worker_id, now=now)
