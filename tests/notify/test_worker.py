"""``kehoach worker``: one cycle, the database task backend end to end, and
a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from kehoach.notify import services
from kehoach.notify.management.commands.worker import run_queued_tasks
from kehoach.notify.models import Notification, PeriodicJob
from kehoach.notify.periodic import JOBS, periodic_job
from tests.notify.helpers import at, gratitude_plan


@pytest.mark.django_db
def test_worker_once_runs_the_notification_cycle(
    demo: Any, smtp: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    gratitude_plan(demo)
    time_machine.move_to(at(22), tick=False)
    call_command("worker", "--once", "--worker-id", "cron")
    assert Notification.objects.filter(recipient=demo.people["congdoan"].user).exists()
    job = PeriodicJob.objects.get(name="notify.cycle")
    assert (job.claimed_by, job.last_error) == ("cron", "")
    sent = len(smtp.messages)
    assert sent > 0
    call_command("worker", "--once")
    assert len(smtp.messages) == sent


@pytest.mark.django_db(transaction=True)
def test_database_backend_queues_the_send_and_the_worker_runs_it(
    demo: Any, http_sink: Any, integrations: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    services.create_subscription(
        demo.department,
        actor=demo.people["quantri"].user,
        name="Hệ thống điều hành",
        url=f"{http_sink.url}/events",
        events=["task.created"],
    )
    gratitude_plan(demo)
    queued = DBTaskResult.objects.filter(
        task_path="kehoach.notify.tasks.task_send_deliveries"
    )
    assert list(queued.values_list("status", flat=True)) == ["READY"]
    assert http_sink.requests == []

    run_queued_tasks("test-worker")

    result = queued.get()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == len(http_sink.requests) > 0
    assert {r.headers["X-Kehoach-Event"] for r in http_sink.requests} == {
        "task.created"
    }


@pytest.fixture
def restore_signals() -> Iterator[None]:
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_worker_stops_cleanly_on_sigterm(demo: Any, restore_signals: None) -> None:
    @periodic_job("test.stop", seconds=3600)
    def send_sigterm(now: Any, worker_id: str) -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    try:
        call_command("worker", "--tick", "3600", "--worker-id", "w-stop")
    finally:
        JOBS.pop("test.stop")
    finished = PeriodicJob.objects.get(name="notify.cycle")
    assert finished.claimed_by == "w-stop"
    assert finished.last_finished_at is not None
    assert PeriodicJob.objects.get(name="test.stop").last_finished_at is not None
