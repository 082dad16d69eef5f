"""Task and document events reach a subscribed system once each, signed,
sent after the service's transaction commits (and never when it rolls
back) — against a real local HTTP server."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import pytest

from kehoach.documents import distribution as dist
from kehoach.documents.enums import DocumentStatus
from kehoach.documents.models import DistributionRecipient
from kehoach.notify import services
from kehoach.plans.enums import TaskStatus
from kehoach.plans.services import (
    BulkItem,
    BulkRefused,
    TaskConflict,
    add_contribution,
    bulk_update_tasks,
    reassign_task,
    record_progress,
    reopen_task,
)
from tests.documents.helpers import advance, draft_plan
from tests.plans.task_helpers import make_world

pytestmark = pytest.mark.django_db

EVENTS = ["task.updated", "task.done", "document.issued", "document.acknowledged"]


def _user(demo: Any, username: str) -> Any:
    return demo.people[username].user


@pytest.fixture
def subscription(demo: Any, http_sink: Any, integrations: Any) -> Any:
    return services.create_subscription(
        demo.department,
        actor=_user(demo, "quantri"),
        name="Hệ thống báo cáo của tỉnh",
        url=f"{http_sink.url}/hooks",
        events=EVENTS,
    )


def _received(http_sink: Any, secret: str) -> list[tuple[str, dict[str, Any]]]:
    """(event, data) of every request, each checked: a valid signature and
    an envelope that matches its headers."""
    out = []
    for request in http_sink.requests:
        signed = request.headers["X-Kehoach-Timestamp"].encode() + b"." + request.body
        expected = (
            "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        )
        assert hmac.compare_digest(expected, request.headers["X-Kehoach-Signature"])
        envelope = json.loads(request.body)
        assert envelope["event"] == request.headers["X-Kehoach-Event"]
        assert envelope["id"] == request.headers["X-Kehoach-Event-Id"]
        out.append((envelope["event"], envelope["data"]))
    ids = [r.headers["X-Kehoach-Event-Id"] for r in http_sink.requests]
    assert len(ids) == len(set(ids))
    return out


def test_task_events_once_each_and_only_for_committed_changes(
    demo: Any,
    http_sink: Any,
    subscription: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    world = make_world(demo)
    union, office = _user(demo, "congdoan"), _user(demo, "vanphong")
    task = world.fresh("union")
    with django_capture_on_commit_callbacks(execute=True):
        record_progress(task, actor=union, expected_version=task.version, percent=40)
    with django_capture_on_commit_callbacks(execute=True):
        record_progress(
            world.fresh("union"), actor=union, expected_version=2, percent=100
        )
    with django_capture_on_commit_callbacks(execute=True):
        reopen_task(world.fresh("union"), actor=office, reason="Thiếu minh chứng")
    with django_capture_on_commit_callbacks(execute=True):
        reassign_task(world.fresh("center"), actor=office, unit=demo.units["ttbc"])
    with django_capture_on_commit_callbacks(execute=True):
        add_contribution(world.fresh("union"), actor=union, note="Chỉ ghi chú")
    got = _received(http_sink, subscription.secret)
    assert [(e, d["task"]["id"], d["task"]["status"]) for e, d in got] == [
        ("task.updated", task.pk, TaskStatus.IN_PROGRESS),
        ("task.updated", task.pk, TaskStatus.DONE),
        ("task.done", task.pk, TaskStatus.DONE),
        ("task.updated", task.pk, TaskStatus.IN_PROGRESS),
        ("task.updated", world.tasks["center"].pk, TaskStatus.TODO),
    ]
    assert got[1][1]["task"]["percent"] == 100
    assert got[4][1]["task"]["unit_id"] == demo.units["ttbc"].pk

    # A refused change records nothing: a stale version, a refused batch.
    http_sink.requests.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(TaskConflict),
    ):
        record_progress(
            world.fresh("union"), actor=union, expected_version=1, percent=10
        )
    items = [BulkItem(world.tasks[k].pk) for k in ("union_32", "center")]
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(BulkRefused),
    ):
        bulk_update_tasks(items, actor=union, action="status", status=TaskStatus.PAUSED)
    assert http_sink.requests == []

    # A batch is each task's own service: one event per task changed.
    with django_capture_on_commit_callbacks(execute=True):
        bulk_update_tasks(
            [*items[:1], BulkItem(world.tasks["vp"].pk)],
            actor=office,
            action="status",
            status=TaskStatus.PAUSED,
        )
    got = _received(http_sink, subscription.secret)
    assert sorted((e, d["task"]["id"]) for e, d in got) == sorted(
        [
            ("task.updated", world.tasks["union_32"].pk),
            ("task.updated", world.tasks["vp"].pk),
        ]
    )


def test_document_issued_and_acknowledged_once(
    demo: Any,
    http_sink: Any,
    subscription: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    document = draft_plan(demo)
    line = document.recipients.get(name="Các doanh nghiệp TTTT")
    dist.update_recipient_line(
        line, actor=_user(demo, "vanthu"), unit_ids=[demo.units["vnpt"].pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = advance(demo, document, DocumentStatus.ISSUED)
    row = DistributionRecipient.objects.select_related(
        "distribution__document__agency"
    ).get(unit=demo.units["vnpt"])
    for _ in range(2):  # the second click changes nothing
        with django_capture_on_commit_callbacks(execute=True):
            dist.acknowledge_delivery(row, via="link", name="Văn thư VNPT")
    got = _received(http_sink, subscription.secret)
    assert [e for e, _d in got] == ["document.issued", "document.acknowledged"]
    issued, acknowledged = got[0][1], got[1][1]
    assert issued["document"]["id"] == document.pk
    assert issued["document"]["number"] == "01"
    assert issued["document"]["symbol"] == "KH-STTTT"
    assert acknowledged["document"]["id"] == document.pk
    assert acknowledged["acknowledged_by"] == {
        "recipient_id": row.pk,
        "unit_id": demo.units["vnpt"].pk,
        "unit_name": row.name,
        "name": "Văn thư VNPT",
        "via": "link",
    }
