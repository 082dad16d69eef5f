"""CPU cost of the busiest pages, in process: ``python -m bench.pages``.

Wall-clock latency under load depends on what else the machine runs; the
CPU time one request costs does not (much). This renders each page through
Django's test client on the scale data (``bench.scale``) and reports the
median and p95 of the process CPU time and of the wall time per request,
the number of SQL queries, and the throughput the CPU time allows on the
machine's cores (cores / median CPU time).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from bench.scale import DEFAULT_DATA_DIR, setup_django


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(data_dir: Path, database_url: str | None, repeat: int) -> str:
    os.environ["KEHOACH_DEBUG"] = "0"
    os.environ.setdefault(
        "KEHOACH_SECRET_KEY", "bench-only-secret-key-not-for-production-use"
    )
    os.environ["KEHOACH_SSL_REDIRECT"] = "0"
    os.environ["KEHOACH_TESTING"] = (
        "1"  # finder-served static files, no manifest needed
    )
    info_file = data_dir / "bench.json"
    if not info_file.exists():
        raise SystemExit(
            f"No scale data in {data_dir}: run python -m bench.scale first."
        )
    setup_django(data_dir, database_url)
    from django.db import connection
    from django.test import Client

    from kehoach.orgs.models import User

    info = json.loads(info_file.read_text("utf-8"))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=info["office_username"]))
    pages = [
        ("unit inbox", "/viec-cua-don-vi/"),
        ("plan dashboard", f"/ke-hoach/{info['plan_id']}/tong-quan/"),
        ("agency dashboard", "/tong-quan/"),
        ("unit dashboard", f"/don-vi/{info['unit_id']}/tong-quan/"),
        ("API task list", "/api/tasks"),
        ("API plan figures", f"/api/reports/plans/{info['plan_id']}"),
        ("search", "/tim-kiem/?q=ngay+truyen+thong"),
        ("plan page", f"/ke-hoach/{info['plan_id']}/"),
    ]
    cores = os.cpu_count() or 1
    lines = [
        f"In-process cost per request ({repeat} requests per page after a warm-up; "
        f"{cores} cores; load average {os.getloadavg()[0]:.1f} when measured).",
        "",
        "| page | URL | CPU p50 ms | CPU p95 ms | wall p50 ms | queries | req/s the CPU allows |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, url in pages:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        cpu, wall = [], []
        executed: list[str] = []

        def count(execute, sql, params, many, context, *, executed=executed):  # type: ignore[no-untyped-def]
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        for _ in range(repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            client.get(url)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        median = statistics.median(cpu)
        lines.append(
            f"| {name} | `{url}` | {median:.1f} | {_percentile(cpu, 0.95):.1f} "
            f"| {statistics.median(wall):.1f} | {len(executed)} "
            f"| {cores * 1000 / median:.0f} |"
        )
    table = "\n".join(lines)
    (data_dir / "pages-results.md").write_text(table + "\n", "utf-8")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="CPU cost per request of the busiest pages."
    )
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    print(measure(args.data_dir, args.database_url, args.repeat))
    return 0


def run() -> None:
    """Entry point of ``python -m bench`` (after the load run made the data)."""
    main([])


if __name__ == "__main__":
    sys.exit(main())
