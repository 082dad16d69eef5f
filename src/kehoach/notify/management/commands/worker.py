"""``kehoach worker``: the one background process.

Each tick (every ``KEHOACH_WORKER_TICK_SECONDS``, 60 by default) it claims
and runs the periodic jobs that are due (reminders, digests, deliveries);
in between it runs the tasks queued in django-tasks' database backend.
SIGTERM or SIGINT stop it cleanly after the current task or job; a second
signal stops it at once. ``--once`` runs one cycle and exits (tests, cron).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from kehoach.notify.periodic import run_due_jobs

logger = logging.getLogger("kehoach.worker")
POLL_SECONDS = 1.0


def _refresh_connections() -> None:
    """Drop dead or expired connections between cycles (never inside a
    transaction, e.g. when a test calls the command)."""
    if not connection.in_atomic_block:
        close_old_connections()


def run_queued_tasks(worker_id: str, *, max_tasks: int = 100) -> None:
    """Run queued django-tasks (database backend) until the queue is empty
    or ``max_tasks`` ran. Nothing to do with another backend."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend.alias,
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=worker_id[:64],
        excluded_queue_names=[],
    ).run()


class Command(BaseCommand):
    help = (
        "Chạy tiến trình nền: công việc định kỳ (nhắc việc, bản tin) mỗi phút và "
        "các tác vụ trong hàng đợi. / Run periodic jobs every minute and queued tasks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Run one cycle and exit (tests, cron)."
        )
        parser.add_argument(
            "--tick",
            type=float,
            default=None,
            help="Seconds between periodic runs (default KEHOACH_WORKER_TICK_SECONDS).",
        )
        parser.add_argument(
            "--worker-id", default="", help="Unique name of this worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"] or f"{socket.gethostname()}:{os.getpid()}"
        tick = options["tick"] or settings.KEHOACH_WORKER_TICK_SECONDS
        if options["once"]:
            self.cycle(worker_id)
            return
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        logger.info("worker %s started (tick %ss)", worker_id, tick)
        next_tick = time.monotonic()
        while not self.stopping:
            if time.monotonic() >= next_tick:
                next_tick = time.monotonic() + tick
                self.cycle(worker_id)
            else:
                _refresh_connections()
                run_queued_tasks(worker_id)
                time.sleep(min(POLL_SECONDS, max(0.0, next_tick - time.monotonic())))
        logger.info("worker %s stopped", worker_id)

    def cycle(self, worker_id: str) -> None:
        _refresh_connections()
        ran = run_due_jobs(worker_id)
        run_queued_tasks(worker_id)
        if ran:
            logger.info("worker %s ran %s", worker_id, ", ".join(ran))

    def stop(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:
            raise SystemExit(1)
        logger.info("worker: %s received, stopping", signal.Signals(signum).name)
        self.stopping = True
