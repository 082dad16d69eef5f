"""One periodic notification run over 60,000 tasks.

``python -m bench notify``. The data are generated here with bulk inserts
into a scratch SQLite file and, when ``DATABASE_URL`` is set, a scratch
PostgreSQL database (``<name>_bench_notify`` on the same server). Each
database is measured in its own process (settings are fixed at start-up).

Shape: one department, 100 units of a head and two members (300 people
with logins), 1,000 active plans × 30 activities × a lead and a support
task = 60,000 tasks, deadlines spread over ±180 days around "today"
(22/08/2023 09:00), 80 % of past tasks done; 70 % "before", 10 % "on",
10 % tentative, 10 % recurring. E-mail goes to Django's in-memory backend
so the figures are ours, not an SMTP server's.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TASKS = 60_000
UNITS = 100
PLANS = 1_000
ACTIVITIES_PER_PLAN = TASKS // PLANS // 2
TODAY = dt.date(2023, 8, 22)


def run() -> None:
    """Measure on SQLite and, with DATABASE_URL, on PostgreSQL."""
    targets = [("SQLite", None)]
    if os.environ.get("DATABASE_URL"):
        targets.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    for label, url in targets:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            KEHOACH_DATA_DIR=tempfile.mkdtemp(prefix="kehoach-bench-"),
            KEHOACH_DEBUG="1",
            KEHOACH_LOG_LEVEL="WARNING",
            KEHOACH_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            KEHOACH_TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        )
        if url:
            env["DATABASE_URL"] = _scratch_postgres(url)
        print(f"\n### {label}", flush=True)
        subprocess.run(
            [sys.executable, "-m", "bench.notify", "--child"],
            env=env,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )


def _scratch_postgres(url: str) -> str:
    import psycopg

    base, _, name = url.rpartition("/")
    scratch = f"{name or 'kehoach'}_bench_notify"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        conn.execute(f'CREATE DATABASE "{scratch}"')
    return f"{base}/{scratch}"


def _child() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    counts = _generate()
    print(
        f"data: {counts['tasks']:,} tasks, {counts['plans']:,} plans, "
        f"{counts['people']:,} people in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    _measure()


def _generate() -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from kehoach.documents.models import Document
    from kehoach.orgs import services as org_services
    from kehoach.orgs.enums import AgencyKind, MembershipRole, Role, UnitKind
    from kehoach.orgs.models import Membership, Person, RoleAssignment, Unit
    from kehoach.plans.models import Activity, Plan, Task

    rng = random.Random(20230822)
    user_model = get_user_model()
    password = make_password("bench-only")
    with transaction.atomic():
        agency = org_services.create_agency(
            "Sở Thông tin và Truyền thông (benchmark)",
            kind=AgencyKind.DEPARTMENT,
            abbreviation="STTTT",
        )
        root = org_services.root_unit(agency)
        units = Unit.objects.bulk_create(
            [
                Unit(
                    agency=agency,
                    parent=root,
                    name=f"Đơn vị {i:03d}",
                    kind=UnitKind.OFFICE if i == 0 else UnitKind.DIVISION,
                    order=i,
                )
                for i in range(UNITS)
            ]
        )
        users = user_model.objects.bulk_create(
            [
                user_model(
                    username=f"u{u:03d}_{k}",
                    email=f"u{u:03d}_{k}@bench.example",
                    password=password,
                )
                for u in range(UNITS)
                for k in range(3)
            ]
        )
        people = Person.objects.bulk_create(
            [
                Person(agency=agency, user=user, full_name=user.username)
                for user in users
            ]
        )
        roles = (MembershipRole.HEAD, MembershipRole.MEMBER, MembershipRole.MEMBER)
        Membership.objects.bulk_create(
            [
                Membership(person=person, unit=units[i // 3], role=roles[i % 3])
                for i, person in enumerate(people)
            ]
        )
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(person=people[0], role=Role.OFFICE),
                RoleAssignment(person=people[3], role=Role.LEADERSHIP),
                *[RoleAssignment(person=p, role=Role.UNIT_MEMBER) for p in people],
            ]
        )
        documents = Document.objects.bulk_create(
            [
                Document(
                    agency=agency,
                    direction="outgoing",
                    doc_type="KH",
                    title=f"Kế hoạch số {i + 1}",
                    status="issued",
                )
                for i in range(PLANS)
            ]
        )
        plans = Plan.objects.bulk_create(
            [
                Plan(document=d, agency=agency, year=2023, status="active")
                for d in documents
            ]
        )
        kinds = ["before"] * 7 + ["on", "planned", "recurring"]
        activities = Activity.objects.bulk_create(
            [
                Activity(
                    plan=plan,
                    order=i,
                    label=str(i + 1),
                    title=f"Hoạt động {i + 1} của kế hoạch {plan.pk}",
                    due_date=TODAY + dt.timedelta(days=rng.randint(-180, 180)),
                    due_kind=rng.choice(kinds),
                )
                for plan in plans
                for i in range(ACTIVITIES_PER_PLAN)
            ],
            batch_size=2000,
        )
        tasks = []
        for activity in activities:
            lead, support = rng.sample(units, 2)
            past = activity.due_date < TODAY
            for unit, role in ((lead, "lead"), (support, "support")):
                done = past and rng.random() < 0.8
                tasks.append(
                    Task(
                        activity=activity,
                        unit=unit,
                        role=role,
                        status="done" if done else "in_progress",
                        percent=100 if done else rng.randint(0, 90),
                    )
                )
        Task.objects.bulk_create(tasks, batch_size=5000)
    return {"tasks": len(tasks), "plans": len(plans), "people": len(people)}


def _measure() -> None:
    from zoneinfo import ZoneInfo

    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kehoach.notify.delivery import send_due_deliveries
    from kehoach.notify.models import Delivery, Notification, Reminder
    from kehoach.notify.reminders import dispatch_reminders, generate_reminders

    now = dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    rows = []
    with time_machine.travel(now, tick=False):
        for label in ("first run", "second run (nothing new)"):
            figures: dict[str, Any] = {"run": label}
            for phase, call in (
                ("generate", lambda: generate_reminders(now)),
                ("dispatch", lambda: dispatch_reminders("bench", now=now)),
                ("send", lambda: send_due_deliveries("bench", now=now)),
            ):
                with CaptureQueriesContext(connection) as captured:
                    started, cpu = time.perf_counter(), time.process_time()
                    result = call()
                    seconds = time.perf_counter() - started
                    cpu = time.process_time() - cpu
                figures[phase] = (seconds, cpu, len(captured.captured_queries), result)
            rows.append(figures)
    print(
        f"reminders {Reminder.objects.count():,}, notifications "
        f"{Notification.objects.count():,}, e-mails sent "
        f"{Delivery.objects.filter(status='sent').count():,}"
    )
    print(
        "(wall = elapsed; cpu = this process, i.e. without waiting for a busy machine)"
    )
    print(f"{'run':<26}{'phase':<10}{'wall s':>8}{'cpu s':>8}{'queries':>9}{'rows':>8}")
    for figures in rows:
        total_s = total_c = total_q = 0.0
        for phase in ("generate", "dispatch", "send"):
            seconds, cpu, queries, result = figures[phase]
            total_s, total_c, total_q = (
                total_s + seconds,
                total_c + cpu,
                total_q + queries,
            )
            print(
                f"{figures['run']:<26}{phase:<10}{seconds:>8.2f}{cpu:>8.2f}"
                f"{queries:>9}{result:>8}"
            )
        print(
            f"{figures['run']:<26}{'total':<10}{total_s:>8.2f}{total_c:>8.2f}"
            f"{int(total_q):>9}"
        )


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        run()
