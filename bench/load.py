"""Load run: the busiest pages under gunicorn on 127.0.0.1, driven by wrk.

``python -m bench.load [--duration 15] [--connections 16] [--workers 3]``
(also run by ``make bench``). Uses the scale data in ``--data-dir``
(generated first with ``bench.scale`` defaults when missing), starts
gunicorn with production settings, logs in as an Office user (a session
cookie made directly in the session store), and measures for each page:
p50, p95, p99 latency, throughput and errors. Prints a Markdown table and
writes it to ``load-results.md`` in the data directory. Every request loop is
bounded in time; gunicorn is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench.scale import DEFAULT_DATA_DIR, ROOT, setup_django

VENV_BIN = Path(sys.executable).parent
# Shared by this process (which writes the session) and gunicorn.
SECRET_KEY = "bench-only-secret-key-not-for-production-use-0123456789"  # noqa: S105

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "WRKJSON {\\"requests\\": %d, \\"seconds\\": %f, \\"p50\\": %f, \\"p95\\": %f, "
    .. "\\"p99\\": %f, \\"max\\": %f, \\"errors\\": %d, \\"non2xx\\": %d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors, summary.errors.status))
end
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data_dir: Path, database_url: str | None, cache_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "KEHOACH_DATA_DIR": str(data_dir),
            "KEHOACH_DEBUG": "0",
            "KEHOACH_SECRET_KEY": SECRET_KEY,
            "KEHOACH_SSL_REDIRECT": "0",
            "KEHOACH_SECURE_COOKIES": "0",
            "KEHOACH_HSTS_SECONDS": "0",
            "KEHOACH_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT / "src"),
            "KEHOACH_CACHE_URL": cache_url,
        }
    )
    env.pop("KEHOACH_TESTING", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


def _session_cookie(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from kehoach.orgs.models import User

    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _unit_member(office_username: str) -> str:
    """A member (not the head) of the unit with the most open tasks, other
    than the Office user: whose inbox is the fullest."""
    from django.db.models import Count

    from kehoach.orgs.models import Membership
    from kehoach.plans.models import Task

    busiest = (
        Task.objects.values("unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("unit_id", flat=True)
    )
    for unit_id in busiest[:20]:
        membership = (
            Membership.objects.filter(unit_id=unit_id, person__user__isnull=False)
            .exclude(person__user__username=office_username)
            .select_related("person__user")
            .first()
        )
        if membership is not None and membership.person.user is not None:
            return str(membership.person.user.username)
    raise SystemExit("no unit member with a login in the scale data")


def _wait_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited early")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 -- 127.0.0.1 only
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _check(url: str, cookie: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 -- 127.0.0.1 only
    try:
        with opener.open(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _wrk(
    url: str, cookie: str, *, duration: int, connections: int, script: Path
) -> dict[str, Any]:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-H",
            f"Cookie: {cookie}",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    return json.loads(line.removeprefix("WRKJSON "))  # type: ignore[no-any-return]


def _table(rows: list[tuple[str, str, dict[str, Any]]], header: str) -> str:
    lines = [
        header,
        "",
        "| page | URL | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, path, r in rows:
        lines.append(
            f"| {name} | `{path}` | {r['requests']} | {r['requests'] / r['seconds']:.1f} "
            f"| {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {r['errors']} |"
        )
    return "\n".join(lines)


def load(
    *,
    data_dir: Path,
    database_url: str | None,
    duration: int,
    connections: int,
    workers: int,
    cache_url: str = "locmem://",
) -> str:
    if shutil.which("wrk") is None:
        raise SystemExit(
            "wrk is not installed (apt install wrk; scripts/ensure-system-deps.sh)"
        )
    os.environ["KEHOACH_SECRET_KEY"] = SECRET_KEY
    info_file = data_dir / "bench.json"
    if not info_file.exists():
        from bench import scale

        print("No scale data: generating it first (bench.scale defaults).", flush=True)
        scale.main(
            ["--data-dir", str(data_dir)]
            + (["--database-url", database_url] if database_url else [])
        )
    else:
        setup_django(data_dir, database_url)
    info = json.loads(info_file.read_text("utf-8"))
    env = _env(data_dir, database_url, cache_url)
    kehoach = str(VENV_BIN / "kehoach")
    # Data made by an older checkout: bring its schema up to date first.
    subprocess.run([kehoach, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run(
        [kehoach, "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )
    cookie = _session_cookie(info["office_username"])
    member_cookie = _session_cookie(_unit_member(info["office_username"]))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    pages = [
        ("unit inbox (a unit member)", "/viec-cua-don-vi/", member_cookie),
        ("unit inbox (the Office)", "/viec-cua-don-vi/", cookie),
        (
            "plan dashboard",
            f"/ke-hoach/{info['plan_id']}/tong-quan/",
            cookie,
        ),
        ("agency dashboard", "/tong-quan/", cookie),
        ("API task list", "/api/tasks", cookie),
    ]
    proc = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "kehoach.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=str(ROOT),
    )
    rows = []
    load_before = os.getloadavg()[0]
    try:
        _wait_up(f"{base}/healthz", proc)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(WRK_SCRIPT)
            script = Path(handle.name)
        for name, path, cookie in pages:
            status = _check(base + path, cookie)
            if status != 200:
                raise SystemExit(f"{path} answered {status}, not 200")
            _wrk(
                base + path, cookie, duration=2, connections=connections, script=script
            )  # warm up
            result = _wrk(
                base + path,
                cookie,
                duration=duration,
                connections=connections,
                script=script,
            )
            rows.append((name, path, result))
            print(f"{name}: {result}", flush=True)
        script.unlink()
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    db = "PostgreSQL" if database_url else "SQLite (WAL)"
    counts = info["counts"]
    header = (
        f"gunicorn {workers} sync workers, wrk 1 thread × {connections} connections, "
        f"{duration} s per page, {db}, page cache {cache_url}; "
        f"data: {counts['plans']} plans, "
        f"{counts['activities']} activities, {counts['tasks']} tasks, "
        f"{counts['units']} units, {counts['users']} users, "
        f"{counts['progress_updates'] or 0} progress updates; logged in as an Office user "
        "(and as a member of the busiest unit for its inbox); "
        f"machine load average {load_before:.1f} before the run "
        f"(other work on the machine competes for its {os.cpu_count()} cores)."
    )
    table = _table(rows, header)
    (data_dir / "load-results.md").write_text(table + "\n", "utf-8")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load run on 127.0.0.1 with wrk.")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--cache-url",
        default="locmem://",
        help="KEHOACH_CACHE_URL of the server; dummy:// measures every page "
        "computed afresh",
    )
    args = parser.parse_args(argv)
    print(
        load(
            data_dir=args.data_dir,
            database_url=args.database_url,
            duration=args.duration,
            connections=args.connections,
            workers=args.workers,
            cache_url=args.cache_url,
        )
    )
    return 0


def run() -> None:
    """Entry point of ``python -m bench``."""
    main([])


if __name__ == "__main__":
    sys.exit(main())
