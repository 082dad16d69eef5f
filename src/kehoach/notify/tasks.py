"""Background tasks (django-tasks). Thin: they call the engine."""

from __future__ import annotations

import os
import socket

from django_tasks import task

from kehoach.notify.delivery import send_due_deliveries


def task_worker_id() -> str:
    return f"task:{socket.gethostname()}:{os.getpid()}"


@task()
def task_send_deliveries() -> int:
    """Send the deliveries due now (enqueued when a webhook event or a
    retried delivery is recorded, so they need not wait for the tick)."""
    return send_due_deliveries(task_worker_id())
