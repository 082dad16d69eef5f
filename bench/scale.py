"""Scale data generator: ``python -m bench.scale [--plans 1000 …]``.

Fills a database with a province's worth of agencies, units, people, plans,
activities and tasks (defaults: 1,000 plans, 20,000 activities, 60,000
tasks, 500 units, 3,000 users, 200,000 progress updates), in batches with
``bulk_create`` and a progress bar. The database is ``DATABASE_URL``
(PostgreSQL) when given, else a SQLite file under ``--data-dir``
(default ``var/bench``).

Progress updates are a separate step that runs only when the model
``kehoach.plans.models.ProgressUpdate`` exists (it comes with the task page
work); its fields are filled from their types (see
:func:`_progress_updates`).

Every user's password is ``BENCH_PASSWORD``; ``bench.json`` in the data
directory names the accounts and objects the load run uses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / "var" / "bench"
BENCH_PASSWORD = "bench-kehoach-2024"  # noqa: S105 -- throwaway bench accounts


def setup_django(data_dir: Path, database_url: str | None) -> None:
    """Point the settings at the bench database and start Django."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["KEHOACH_DATA_DIR"] = str(data_dir)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk(model: Any, objects: list[Any], *, label: str, batch: int) -> list[Any]:
    from tqdm import tqdm

    out: list[Any] = []
    with tqdm(total=len(objects), desc=label, unit="row", file=sys.stderr) as bar:
        for chunk in _batches(objects, batch):
            out += model.objects.bulk_create(chunk, batch_size=batch)
            bar.update(len(chunk))
    return out


def generate(
    *,
    plans: int = 1000,
    activities: int = 20000,
    tasks: int = 60000,
    units: int = 500,
    users: int = 3000,
    updates: int = 200000,
    agencies: int = 10,
    seed: int = 2024,
    batch: int = 2000,
    search_index: bool = True,
) -> dict[str, Any]:
    """Generate the data set into the configured (empty) database and
    return what the load run needs to know."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from kehoach.documents.enums import Direction, DocType, DocumentStatus
    from kehoach.documents.models import Document, citation_key
    from kehoach.lib.text import fold
    from kehoach.orgs import services as org_services
    from kehoach.orgs.enums import AgencyKind, MembershipRole, Role, UnitKind
    from kehoach.orgs.models import Membership, Person, RoleAssignment, Unit, User
    from kehoach.plans.enums import (
        ActivityKind,
        DueKind,
        PlanStatus,
        TaskRole,
        TaskStatus,
    )
    from kehoach.plans.models import Activity, Plan, Task

    rng = random.Random(seed)
    if Plan.objects.exists():
        raise SystemExit(
            "The bench database already holds plans; use a new --data-dir."
        )
    started = time.perf_counter()
    with transaction.atomic():
        ministry = org_services.create_agency(
            "Bộ Thông tin và Truyền thông (bench)",
            kind=AgencyKind.MINISTRY,
            short_name="Bộ TTTT",
            abbreviation="BTTTT",
        )
        departments = [
            org_services.create_agency(
                f"Sở Thông tin và Truyền thông tỉnh số {n + 1}",
                kind=AgencyKind.DEPARTMENT,
                short_name=f"Sở TTTT {n + 1}",
                abbreviation=f"STTTT{n + 1}",
                parent=ministry,
                place=f"Tỉnh {n + 1}",
            )
            for n in range(agencies)
        ]
    roots = {u.agency_id: u for u in Unit.objects.filter(kind=UnitKind.AGENCY)}
    per_agency = max(1, units // agencies - 1)
    kinds = [UnitKind.DIVISION, UnitKind.CENTER, UnitKind.OFFICE, UnitKind.UNION]
    unit_rows = [
        Unit(
            agency=agency,
            parent=roots[agency.pk],
            name=f"Phòng nghiệp vụ số {k + 1} – {agency.short_name}",
            short_name=f"Phòng {k + 1}",
            abbreviation=f"P{k + 1}",
            kind=kinds[k % len(kinds)] if k else UnitKind.OFFICE,
            order=k + 1,
            search_text=fold(f"Phòng nghiệp vụ số {k + 1}"),
        )
        for agency in departments
        for k in range(per_agency)
    ]
    created_units = _bulk(Unit, unit_rows, label="units", batch=batch)
    units_of: dict[int, list[Unit]] = {}
    for unit in created_units:
        units_of.setdefault(unit.agency_id, []).append(unit)

    password = make_password(BENCH_PASSWORD)
    per_people = max(3, users // agencies)
    user_rows = [
        User(username=f"a{a}u{n}", password=password, is_active=True)
        for a in range(agencies)
        for n in range(per_people)
    ]
    created_users = _bulk(User, user_rows, label="users", batch=batch)
    person_rows = []
    for index, user in enumerate(created_users):
        agency = departments[index // per_people]
        person_rows.append(
            Person(
                agency=agency,
                user=user,
                full_name=f"Cán bộ {user.username}",
                position="Chuyên viên",
                search_text=fold(f"Can bo {user.username}"),
            )
        )
    people = _bulk(Person, person_rows, label="people", batch=batch)
    memberships, roles = [], []
    for index, person in enumerate(people):
        n = index % per_people
        agency_units = units_of[person.agency_id]
        # n == 0: the director; 1: the Office head; others spread over units.
        unit = agency_units[0] if n < 2 else agency_units[n % len(agency_units)]
        memberships.append(
            Membership(
                person=person,
                unit=unit,
                role=MembershipRole.HEAD
                if n < len(agency_units)
                else MembershipRole.MEMBER,
            )
        )
        role = (
            Role.LEADERSHIP if n == 0 else Role.OFFICE if n == 1 else Role.UNIT_MEMBER
        )
        roles.append(RoleAssignment(person=person, role=role))
    _bulk(Membership, memberships, label="memberships", batch=batch)
    _bulk(RoleAssignment, roles, label="roles", batch=batch)

    years = [2023, 2024, 2025, 2026]
    document_rows, plan_meta = [], []
    for p in range(plans):
        agency = departments[p % agencies]
        year = years[(p // agencies) % len(years)]
        title = (
            f"Kế hoạch triển khai nhiệm vụ số {p + 1} về chuyển đổi số và "
            f"Ngày truyền thống ngành năm {year}"
        )
        number = str(p + 1)
        symbol = f"KH-{agency.abbreviation}"
        document_rows.append(
            Document(
                agency=agency,
                direction=Direction.OUTGOING,
                doc_type=DocType.KH,
                number=number,
                symbol=symbol,
                cite_key=citation_key(number, symbol),
                issuer_name=agency.name,
                place=agency.place,
                issued_on=dt.date(year, 1 + p % 6, 1 + p % 27),
                title=title,
                body=[
                    {
                        "label": "I",
                        "heading": "Mục đích, yêu cầu",
                        "paragraphs": [
                            f"Triển khai đồng bộ các nhiệm vụ năm {year}, kỷ niệm "
                            f"{year - 1945} năm Ngày truyền thống ngành.",
                        ],
                        "children": [],
                    }
                ],
                status=DocumentStatus.ISSUED,
                search_text=fold(f"Kế hoạch {number} {symbol} {title}"),
            )
        )
        plan_meta.append((agency, year))
    documents = _bulk(Document, document_rows, label="documents", batch=batch)
    plan_rows = [
        Plan(
            document=document,
            agency=agency,
            year=year,
            status=PlanStatus.ACTIVE if rng.random() < 0.9 else PlanStatus.COMPLETED,
        )
        for document, (agency, year) in zip(documents, plan_meta, strict=True)
    ]
    created_plans = _bulk(Plan, plan_rows, label="plans", batch=batch)

    per_plan = max(1, activities // plans)
    due_kinds = [DueKind.BEFORE] * 5 + [
        DueKind.ON,
        DueKind.PLANNED,
        DueKind.PERIOD,
        DueKind.RECURRING,
    ]
    activity_rows = []
    for plan in created_plans:
        for a in range(per_plan):
            kind = due_kinds[rng.randrange(len(due_kinds))]
            due = dt.date(plan.year, 1 + rng.randrange(12), 1 + rng.randrange(28))
            start = (
                due - dt.timedelta(days=rng.randrange(10, 90))
                if kind == DueKind.PERIOD
                else None
            )
            title = f"Hoạt động {a + 1}: tuyên truyền, tổ chức sự kiện và báo cáo kết quả số {a + 1}"
            activity_rows.append(
                Activity(
                    plan=plan,
                    kind=ActivityKind.ACTIVITY
                    if a < per_plan - 3
                    else ActivityKind.DUTY,
                    order=a,
                    label=f"{a + 1}",
                    title=title,
                    due_date=None if kind == DueKind.RECURRING else due,
                    due_start=start,
                    due_kind=kind,
                    due_text=f"trước ngày {due:%d/%m/%Y}",
                    search_text=fold(title),
                )
            )
    created_activities = _bulk(Activity, activity_rows, label="activities", batch=batch)

    per_activity = max(1, tasks // max(1, len(created_activities)))
    statuses = [
        (TaskStatus.DONE, 100),
        (TaskStatus.IN_PROGRESS, 50),
        (TaskStatus.TODO, 0),
        (TaskStatus.PAUSED, 30),
    ]
    weights = [35, 30, 30, 5]
    plan_agency = {p.pk: p.agency_id for p in created_plans}
    task_rows = []
    for activity in created_activities:
        pool = units_of[plan_agency[activity.plan_id]]
        chosen = rng.sample(pool, min(per_activity, len(pool)))
        for index, unit in enumerate(chosen):
            status, percent = rng.choices(statuses, weights)[0]
            if status == TaskStatus.IN_PROGRESS:
                percent = rng.randrange(10, 95)
            task_rows.append(
                Task(
                    activity=activity,
                    unit=unit,
                    role=TaskRole.LEAD if index == 0 else TaskRole.SUPPORT,
                    status=status,
                    percent=percent,
                )
            )
    created_tasks = _bulk(Task, task_rows, label="tasks", batch=batch)

    written_updates = _progress_updates(
        created_tasks, created_users, count=updates, rng=rng, batch=batch
    )
    if search_index:
        _search_index(batch)
    # Fresh statistics, as a live database would have: the planners of both
    # databases choose badly on tables they have never analysed.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    office_user = created_users[1]
    first_agency = departments[0]
    sample_plan = next(
        p for p in created_plans if p.agency_id == first_agency.pk and p.year == 2026
    )
    info = {
        "office_username": office_user.username,
        "password": BENCH_PASSWORD,
        "agency_id": first_agency.pk,
        "plan_id": sample_plan.pk,
        "unit_id": units_of[first_agency.pk][0].pk,
        "counts": {
            "agencies": len(departments) + 1,
            "units": Unit.objects.count(),
            "users": User.objects.count(),
            "plans": Plan.objects.count(),
            "activities": Activity.objects.count(),
            "tasks": Task.objects.count(),
            "progress_updates": written_updates,
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    return info


def _progress_updates(
    tasks: list[Any], users: list[Any], *, count: int, rng: random.Random, batch: int
) -> int | None:
    """Progress updates, when the model exists: each field is filled from
    its type (the task, the author, a percent, a status choice, a note)."""
    from django.db import models

    from kehoach.plans import models as plan_models

    model = getattr(plan_models, "ProgressUpdate", None)
    if model is None or not count:
        print(
            "ProgressUpdate model not present: progress updates skipped.",
            file=sys.stderr,
        )
        return None
    rows = []
    for n in range(count):
        task = tasks[rng.randrange(len(tasks))]
        values: dict[str, Any] = {}
        for f in model._meta.concrete_fields:
            if (
                f.primary_key
                or f.has_default()
                or getattr(f, "auto_now", False)
                or getattr(f, "auto_now_add", False)
            ):
                continue
            if isinstance(f, models.ForeignKey):
                target = f.related_model
                if target is plan_models.Task:
                    values[f.name] = task
                elif target._meta.label_lower == "orgs.user":
                    values[f.name] = users[rng.randrange(len(users))]
                elif not f.null:
                    raise SystemExit(f"Cannot fill {model.__name__}.{f.name}")
            elif f.choices:
                values[f.name] = f.choices[rng.randrange(len(f.choices))][0]
            elif isinstance(f, models.IntegerField):
                values[f.name] = rng.randrange(0, 101)
            elif isinstance(f, models.TextField | models.CharField):
                values[f.name] = f"Cập nhật tiến độ lần {n + 1}"[: f.max_length or None]
            elif isinstance(f, models.DateTimeField):
                from django.utils import timezone

                values[f.name] = timezone.now()
        rows.append(model(**values))
    _bulk(model, rows, label="progress updates", batch=batch)
    return count


def _search_index(batch: int) -> None:
    from tqdm import tqdm

    from kehoach.search import index
    from kehoach.search.sources import SOURCES

    total = sum(s.queryset().count() for s in SOURCES.values())
    with tqdm(total=total, desc="search index", unit="row", file=sys.stderr) as bar:
        index.rebuild(progress=lambda kind, n: bar.update(n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=20000)
    parser.add_argument("--tasks", type=int, default=60000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--users", type=int, default=3000)
    parser.add_argument("--updates", type=int, default=200000)
    parser.add_argument("--agencies", type=int, default=10)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--no-search-index", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="PostgreSQL URL; default a SQLite file in --data-dir",
    )
    args = parser.parse_args(argv)
    setup_django(args.data_dir, args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    info = generate(
        plans=args.plans,
        activities=args.activities,
        tasks=args.tasks,
        units=args.units,
        users=args.users,
        updates=args.updates,
        agencies=args.agencies,
        batch=args.batch,
        search_index=not args.no_search_index,
    )
    (args.data_dir / "bench.json").write_text(json.dumps(info, indent=2), "utf-8")
    print(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
