import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from kehoach.documents.enums import RegisterKind
from kehoach.documents.models import Document
from kehoach.documents.numbering import format_number, last_number, next_number
from tests.documents.concurrency import issue_concurrently, make_signed

ROOT = Path(__file__).resolve().parents[2]
CONCURRENT = 50


def test_format_number_pads_below_ten():
    assert [format_number(n) for n in (1, 9, 10, 123)] == ["01", "09", "10", "123"]


@pytest.mark.django_db
def test_numbers_run_per_register_and_year(demo):
    from django.db import transaction

    agency = demo.department
    with transaction.atomic():
        got = [
            next_number(agency, RegisterKind.OUTGOING, 2026),
            next_number(agency, RegisterKind.OUTGOING, 2026),
            next_number(agency, RegisterKind.INCOMING, 2026),
            next_number(agency, RegisterKind.OUTGOING, 2027),
        ]
    assert got == [1, 2, 1, 1]
    assert last_number(agency, RegisterKind.OUTGOING, 2026) == 2


@pytest.mark.django_db
def test_rolled_back_issue_gives_its_number_back(demo):
    from django.db import transaction

    agency = demo.department

    def take_and_fail() -> None:
        with transaction.atomic():
            next_number(agency, RegisterKind.OUTGOING, 2026)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        take_and_fail()
    with transaction.atomic():
        assert next_number(agency, RegisterKind.OUTGOING, 2026) == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_issues_on_postgresql(demo):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run only (DATABASE_URL); SQLite has its own test")
    clerk = demo.people["vanthu"].user
    ids = make_signed(demo.department, clerk, CONCURRENT)
    numbers = issue_concurrently(ids, clerk.pk)
    assert sorted(numbers) == list(range(1, CONCURRENT + 1))
    stored = sorted(
        Document.objects.filter(pk__in=ids).values_list("register_number", flat=True)
    )
    assert stored == list(range(1, CONCURRENT + 1))
    assert (
        len(set(Document.objects.filter(pk__in=ids).values_list("number", flat=True)))
        == CONCURRENT
    )


@pytest.mark.slow
def test_fifty_concurrent_issues_on_file_sqlite_in_wal_mode(tmp_path):
    if os.environ.get("DATABASE_URL"):
        pytest.skip("SQLite run only; the PostgreSQL run has its own test")
    env = {
        **os.environ,
        "KEHOACH_DATA_DIR": str(tmp_path),
        "KEHOACH_TESTING": "1",
        "KEHOACH_DEBUG": "1",
        "KEHOACH_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "KEHOACH_LOG_LEVEL": "WARNING",
        "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "tests.documents.concurrency", str(CONCURRENT)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["journal_mode"] == "wal"
    assert sorted(out["numbers"]) == list(range(1, CONCURRENT + 1))
    assert (tmp_path / "kehoach.sqlite3").exists()
