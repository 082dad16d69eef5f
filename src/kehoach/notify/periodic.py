"""Periodic jobs and time slots, claimed with a conditional UPDATE.

Apps register jobs with :func:`periodic_job`; ``kehoach worker`` calls
:func:`run_due_jobs` every tick. A job's row holds when it runs next; a
worker runs it only if its UPDATE moved ``next_run_at`` forward (exactly one
row updated), so with several workers each job runs once per interval. The
jobs themselves are idempotent, so this is an economy, not the guarantee.

:func:`claim_slot` is the same claim for a once-a-day (or once-a-week) rule
such as the digest.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from kehoach.notify.models import PeriodicJob

logger = logging.getLogger(__name__)

JobFunc = Callable[[dt.datetime, str], object]


@dataclass(frozen=True)
class JobSpec:
    name: str
    func: JobFunc
    every: dt.timedelta


JOBS: dict[str, JobSpec] = {}


def periodic_job(name: str, *, seconds: int = 60) -> Callable[[JobFunc], JobFunc]:
    """Register ``func(now, worker_id)`` to run every ``seconds``."""

    def register(func: JobFunc) -> JobFunc:
        JOBS[name] = JobSpec(name, func, dt.timedelta(seconds=seconds))
        return func

    return register


def claim_slot(name: str, now: dt.datetime, *, next_run_at: dt.datetime) -> bool:
    """Claim the slot ``name`` if it is due at ``now``; on success it is
    next due at ``next_run_at``. True for exactly one caller per slot."""
    updated = PeriodicJob.objects.filter(Q(next_run_at__lte=now), name=name).update(
        next_run_at=next_run_at, last_started_at=now
    )
    if updated == 1:
        return True
    if PeriodicJob.objects.filter(name=name).exists():
        return False
    try:
        with transaction.atomic():
            PeriodicJob.objects.create(
                name=name, next_run_at=next_run_at, last_started_at=now
            )
    except IntegrityError:
        return False
    return True


def run_due_jobs(worker_id: str, *, now: dt.datetime | None = None) -> list[str]:
    """Run every registered job that is due; returns the names run."""
    ran = []
    for spec in list(JOBS.values()):
        moment = now or timezone.now()
        if not claim_slot(spec.name, moment, next_run_at=moment + spec.every):
            continue
        PeriodicJob.objects.filter(name=spec.name).update(claimed_by=worker_id)
        try:
            spec.func(moment, worker_id)
        except Exception as exc:
            logger.exception("periodic job %s failed", spec.name)
            PeriodicJob.objects.filter(name=spec.name).update(
                last_error=repr(exc)[:2000], last_finished_at=timezone.now()
            )
        else:
            PeriodicJob.objects.filter(name=spec.name).update(
                last_error="", last_finished_at=timezone.now()
            )
        ran.append(spec.name)
    return ran
