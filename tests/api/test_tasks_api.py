import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kehoach.api.auth import hash_token, new_token_key
from kehoach.orgs.models import ApiToken
from kehoach.plans.enums import TaskStatus
from kehoach.plans.models import Evidence
from kehoach.plans.services import add_contribution, record_progress
from tests.plans.task_helpers import PDF_BYTES, make_world, media, png_bytes, upload

pytestmark = pytest.mark.django_db
__all__ = ["media"]


def _client(demo, username):
    key = new_token_key()
    ApiToken.objects.create(
        user=demo.people[username].user,
        name="t",
        prefix=key[:8],
        key_hash=hash_token(key),
    )
    return Client(headers={"Authorization": f"Bearer {key}"})


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def world(demo):
    return make_world(demo)


def test_task_list_filters_like_the_inbox(demo, world):
    client = _client(demo, "congdoan")
    mine = client.get("/api/tasks", {"scope": "mine", "role": "lead"}).json()
    assert sorted(t["id"] for t in mine["items"]) == sorted(
        [world.tasks["union"].pk, world.tasks["union_32"].pk]
        + [t.pk for t in world.plan.activities.get(kind="duty", label="3").tasks.all()]
    )
    overdue = client.get("/api/tasks", {"scope": "mine", "due": "overdue"}).json()
    assert all(t["overdue"] for t in overdue["items"])
    # The duty without a date is never late.
    assert sorted(t["id"] for t in overdue["items"]) == sorted(
        [world.tasks["union"].pk, world.tasks["union_32"].pk]
    )
    item = next(t for t in mine["items"] if t["id"] == world.tasks["union"].pk)
    assert (item["label"], item["version"], item["attention"]) == ("3.1", 1, "")
    assert item["title"].startswith("Tri ân, thăm hỏi")


def test_enterprise_lists_only_its_own_tasks(demo, world):
    items = _client(demo, "vnpt").get("/api/tasks").json()["items"]
    assert [t["id"] for t in items] == [world.tasks["vnpt"].pk]


def test_task_detail_has_units_and_history(demo, world, media):
    add_contribution(
        world.fresh("union"),
        actor=demo.people["vanthu"].user,
        note="Quà đã sẵn sàng",
        files=[upload("qua.png", png_bytes())],
    )
    detail = (
        _client(demo, "congdoan").get(f"/api/tasks/{world.tasks['union'].pk}").json()
    )
    assert detail["allowed"] == {
        "update": True,
        "complete": True,
        "contribute": True,
        "reopen": False,
        "reassign": True,
        "see_records": True,
    }
    assert [u["unit_id"] for u in detail["units"]] == [
        demo.units["cdcs"].pk,
        demo.units["vp"].pk,
    ]
    (entry,) = detail["history"]
    assert (entry["kind"], entry["actor"], entry["note"]) == (
        "contribution",
        "Phạm Thu Trang",
        "Quà đã sẵn sàng",
    )
    (evidence,) = entry["evidence"]
    assert evidence["content_type"] == "image/png"
    assert evidence["download_url"] == (
        f"/api/tasks/{world.tasks['union'].pk}/evidence/{evidence['id']}"
    )


def test_progress_then_conflict_409(demo, world):
    pk = world.tasks["union"].pk
    union, office = _client(demo, "congdoan"), _client(demo, "vanphong")
    ok = _post(
        union,
        f"/api/tasks/{pk}/progress",
        {"percent": 60, "version": 1, "note": "Đợt 1"},
    )
    assert ok.status_code == 200
    assert (ok.json()["status"], ok.json()["percent"], ok.json()["version"]) == (
        "in_progress",
        60,
        2,
    )
    stale = _post(
        office, f"/api/tasks/{pk}/progress", {"status": "paused", "version": 1}
    )
    body = stale.json()
    assert stale.status_code == 409
    assert body["code"] == "conflict"
    assert body["task"]["version"] == 2
    assert [(c["old_percent"], c["new_percent"]) for c in body["changes"]] == [(0, 60)]
    assert world.fresh("union").status == TaskStatus.IN_PROGRESS


def test_progress_needs_a_version_and_valid_values(demo, world):
    client = _client(demo, "congdoan")
    pk = world.tasks["union"].pk
    missing = _post(client, f"/api/tasks/{pk}/progress", {"percent": 10})
    assert (missing.status_code, missing.json()["code"]) == (400, "version_required")
    bad = _post(client, f"/api/tasks/{pk}/progress", {"percent": 140, "version": 1})
    assert bad.status_code == 422
    note = _post(client, f"/api/tasks/{pk}/progress", {"note": "Chỉ ghi chú"})
    assert note.status_code == 200
    assert note.json()["history"][0]["kind"] == "note"


def test_only_the_lead_unit_completes_through_the_api(demo, world):
    pk = world.tasks["union"].pk
    refused = _post(
        _client(demo, "vanphong"),
        f"/api/tasks/{pk}/progress",
        {"status": "done", "version": 1},
    )
    assert refused.status_code == 403
    assert "đơn vị chủ trì" in refused.json()["detail"]
    done = _post(
        _client(demo, "congdoan"),
        f"/api/tasks/{pk}/progress",
        {"percent": 100, "version": 1},
    )
    assert done.json()["status"] == "done"


def test_evidence_upload_and_download(demo, world, media):
    client = _client(demo, "congdoan")
    pk = world.tasks["union"].pk
    response = client.post(
        f"/api/tasks/{pk}/evidence",
        {
            "files": [
                upload("bien-ban.pdf", PDF_BYTES),
                upload("anh.png", png_bytes()),
            ],
            "url": "https://stttt.daknong.gov.vn/tin/2",
            "note": "Biên bản và ảnh",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [(e["kind"], e["content_type"]) for e in body["evidence"]] == [
        ("file", "application/pdf"),
        ("file", "image/png"),
        ("link", ""),
    ]
    pdf = Evidence.objects.get(name="bien-ban.pdf")
    download = client.get(f"/api/tasks/{pk}/evidence/{pdf.pk}")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF_BYTES
    other = _client(demo, "canbo").get(f"/api/tasks/{pk}/evidence/{pdf.pk}")
    assert other.status_code == 404


def test_evidence_upload_refuses_disguised_files(demo, world, media):
    response = _client(demo, "congdoan").post(
        f"/api/tasks/{world.tasks['union'].pk}/evidence",
        {"files": [upload("anh.jpg", b"<script>alert(1)</script>", "image/jpeg")]},
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_type"
    assert Evidence.objects.count() == 0


def test_reopen_and_reassign(demo, world):
    pk = world.tasks["union"].pk
    record_progress(
        world.fresh("union"),
        actor=demo.people["congdoan"].user,
        expected_version=1,
        percent=100,
    )
    office = _client(demo, "vanphong")
    reopened = _post(office, f"/api/tasks/{pk}/reopen", {"reason": "Bổ sung ảnh"})
    assert (reopened.status_code, reopened.json()["status"]) == (200, "in_progress")
    moved = _post(
        office,
        f"/api/tasks/{world.tasks['center'].pk}/reassign",
        {"unit": demo.units["ttbc"].pk},
    )
    assert moved.json()["unit_id"] == demo.units["ttbc"].pk
    refused = _post(
        _client(demo, "canbo"),
        f"/api/tasks/{world.tasks['vp'].pk}/reassign",
        {"unit": demo.units["ttbc"].pk},
    )
    assert refused.status_code == 403


def test_bulk_all_or_nothing(demo, world):
    client = _client(demo, "congdoan")
    ids = [world.tasks["union"].pk, world.tasks["center"].pk]
    refused = _post(
        client,
        "/api/tasks/bulk",
        {
            "action": "status",
            "status": "in_progress",
            "tasks": [{"id": i} for i in ids],
        },
    )
    body = refused.json()
    assert refused.status_code == 400
    assert body["code"] == "bulk_refused"
    assert [e["task_id"] for e in body["errors"]] == [world.tasks["center"].pk]
    assert world.fresh("union").status == TaskStatus.TODO
    ok = _post(
        client,
        "/api/tasks/bulk",
        {
            "action": "status",
            "status": "in_progress",
            "tasks": [{"id": world.tasks["union"].pk, "version": 1}],
        },
    )
    assert ok.json() == {"updated": [world.tasks["union"].pk]}


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/api/tasks", "/api/tasks?scope=mine", "DETAIL"])
def test_api_query_counts_do_not_grow(demo, world, media, url):
    client = _client(demo, "congdoan")
    if url == "DETAIL":
        url = f"/api/tasks/{world.tasks['union'].pk}"
    clerk = demo.people["vanthu"].user
    add_contribution(world.fresh("union"), actor=clerk, note="Góp đầu tiên")
    client.get(url)  # the token's first use records last_used_at
    one = _count(client, url)
    for i in range(5):
        make_world(demo, title=f"Kế hoạch {i}")
        add_contribution(
            world.fresh("union"),
            actor=clerk,
            note=f"Góp {i}",
            files=[upload("a.png", png_bytes())],
        )
    assert _count(client, url) == one
