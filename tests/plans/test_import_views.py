"""The import pages with the real parser: upload → review → confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kehoach.documents.models import Document, ImportJob
from kehoach.plans.models import Plan

pytestmark = pytest.mark.django_db


def _upload(client, name, data):
    return client.post("/nhap/", {"file": SimpleUploadedFile(name, data)})


def test_upload_review_confirm_creates_the_plan(login, worked_example_bytes):
    client = login("clerk")
    response = _upload(client, "000.txt", worked_example_bytes)
    job = ImportJob.objects.get()
    assert response["Location"] == f"/nhap/{job.pk}/"
    review = client.get(response["Location"]).content.decode()
    assert "Mọi đơn vị được giao việc đều đã xác định được" in review
    assert "Tổ chức các hoạt động kỷ niệm Ngày truyền thống" in review
    confirmed = client.post(
        response["Location"],
        {"direction": "outgoing", "plan_status": "active", "remember": "on"},
    )
    plan = Plan.objects.get()
    assert confirmed["Location"] == f"/ke-hoach/{plan.pk}/"
    assert plan.activities.count() == 8


def test_same_file_again_finds_the_existing_plan(login, worked_example_bytes):
    client = login("clerk")
    first = _upload(client, "000.txt", worked_example_bytes)
    client.post(first["Location"], {"direction": "outgoing", "plan_status": "active"})
    again = _upload(client, "ke-hoach-ban-sao.txt", worked_example_bytes)
    plan = Plan.objects.get()
    assert again["Location"] == f"/ke-hoach/{plan.pk}/"
    assert Document.objects.count() == 1
    assert ImportJob.objects.count() == 1


def test_a_file_that_is_not_a_document_leaves_nothing(login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _upload(login("clerk"), "anh.bin", b"\x00\x01\x02\xff" * 500)
    html = response.content.decode()
    assert response.status_code in {415, 422}
    assert "Không đọc được tệp anh.bin" in html
    assert not ImportJob.objects.exists()
    assert not any(tmp_path.rglob("*"))


def test_unit_member_may_not_import(login, worked_example_bytes):
    client = login("center_member")
    assert client.get("/nhap/").status_code == 404
    assert _upload(client, "000.txt", worked_example_bytes).status_code == 404
    assert not ImportJob.objects.exists()
