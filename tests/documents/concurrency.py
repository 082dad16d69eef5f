"""Issuing many signed documents at once, each in its own thread with its
own database connection, as concurrent requests would."""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any


def make_signed(agency: Any, actor: Any, count: int) -> list[int]:
    from kehoach.documents.enums import Direction, DocumentStatus
    from kehoach.documents.models import Document

    return [
        Document.objects.create(
            agency=agency,
            direction=Direction.OUTGOING,
            doc_type="KH",
            symbol="KH-STTTT",
            title=f"Kế hoạch thử số {index}",
            status=DocumentStatus.SIGNED,
            created_by=actor,
        ).pk
        for index in range(count)
    ]


def issue_concurrently(document_ids: list[int], user_id: int) -> list[int]:
    """Issue every document from its own thread, all released together.
    Returns the register numbers given; raises the first error met."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from kehoach.documents.models import Document
    from kehoach.documents.workflow import issue_document

    barrier = threading.Barrier(len(document_ids))
    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(document_id: int) -> None:
        try:
            actor = get_user_model().objects.get(pk=user_id)
            document = Document.objects.get(pk=document_id)
            barrier.wait(timeout=60)
            issued = issue_document(document, actor=actor)
            with lock:
                numbers.append(issued.register_number)
        except BaseException as exc:  # reported to the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(pk,)) for pk in document_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return numbers


def main() -> None:
    """Run in a subprocess against a file-based SQLite database in WAL mode
    with IMMEDIATE transactions (the settings' own SQLite configuration):
    migrate, build the demo directory, issue N documents at once, print the
    numbers as JSON."""
    count = int(sys.argv[1])
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kehoach.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from kehoach.orgs.demo import build_demo_directory

    demo = build_demo_directory(with_logins=True)
    clerk = demo.people["vanthu"].user
    ids = make_signed(demo.department, clerk, count)
    journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    connection.close()
    numbers = issue_concurrently(ids, clerk.pk)
    print(json.dumps({"journal_mode": journal, "numbers": numbers}))  # noqa: T201


if __name__ == "__main__":
    main()
