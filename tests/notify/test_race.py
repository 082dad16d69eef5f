"""Two workers at once on one database: every reminder goes out once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from kehoach.notify.enums import DeliveryStatus
from kehoach.notify.jobs import run_cycle
from kehoach.notify.models import Delivery, Notification, Reminder
from kehoach.notify.periodic import run_due_jobs
from tests.notify.helpers import at, gratitude_plan

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*workers: Callable[[], object]) -> list[object]:
    barrier = threading.Barrier(len(workers))
    results: list[object] = [None] * len(workers)
    errors: list[BaseException] = []

    def run(index: int, work: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def test_two_workers_racing_send_each_reminder_once(
    demo: Any, smtp: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(1), tick=False)
    for _ in range(3):
        gratitude_plan(demo)

    for day in (18, 22, 25, 26, 28):
        time_machine.move_to(at(day), tick=False)
        _race(lambda: run_cycle("w1"), lambda: run_cycle("w2"))

    reminders = Reminder.objects.count()
    assert reminders > 20
    assert Notification.objects.count() == reminders
    emails = Delivery.objects.filter(channel="email")
    assert emails.count() == reminders
    assert set(emails.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(smtp.messages) == reminders
    message_ids = Counter(str(m["Message-ID"]) for m in smtp.messages)
    assert max(message_ids.values()) == 1
    assert set(emails.values_list("attempts", flat=True)) == {1}


def test_two_workers_racing_for_the_periodic_job_run_it_once(
    demo: Any, time_machine: Any
) -> None:
    time_machine.move_to(at(22), tick=False)
    first, second = _race(lambda: run_due_jobs("w1"), lambda: run_due_jobs("w2"))
    assert sorted([first, second], key=len) == [[], ["notify.cycle"]]
