import datetime as dt

import pytest

from kehoach.documents.enums import DocumentStatus
from kehoach.documents.models import Reference
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.plans.editor import services
from kehoach.plans.enums import ActivityKind, PlanStatus, TaskRole
from kehoach.plans.models import Activity, Plan, Task
from tests.documents.helpers import advance, draft_plan, user
from tests.documents.test_incoming import register

pytestmark = pytest.mark.django_db


def _new(demo, client):
    response = client.post(
        "/ke-hoach/soan/",
        {"title": "Tổ chức Ngày Chuyển đổi số năm 2026", "start": "template"},
    )
    plan = Plan.objects.get(document__title="Tổ chức Ngày Chuyển đổi số năm 2026")
    assert response["Location"] == f"/ke-hoach/{plan.pk}/soan/"
    return plan


def test_new_plan_from_template_has_symbol_outline_and_draft_status(demo, login):
    plan = _new(demo, login("clerk"))
    document = plan.document
    assert (document.doc_type, document.symbol, document.number) == (
        "KH",
        "KH-STTTT",
        None,
    )
    assert [s["label"] for s in document.body] == ["I", "II", "III"]
    assert [c["heading"] for c in document.body[0]["children"]] == [
        "Mục đích",
        "Yêu cầu",
    ]
    assert (plan.status, document.status) == (PlanStatus.DRAFT, DocumentStatus.DRAFT)
    assert document.archive == ["VT", "VP"]


def test_editor_page_shows_all_parts(demo, login):
    client = login("clerk")
    plan = _new(demo, client)
    html = client.get(f"/ke-hoach/{plan.pk}/soan/").content.decode()
    for part in (
        "editor-header",
        "editor-bases",
        "editor-sections",
        "editor-activities",
        "editor-duties",
        "editor-recipients",
        "editor-signer",
    ):
        assert f'id="{part}"' in html, part


def test_sections_add_child_move_and_delete(demo, login):
    client = login("clerk")
    plan = _new(demo, client)
    url = f"/ke-hoach/{plan.pk}/soan/muc/"
    client.post(
        url,
        {
            "op": "add",
            "parent": "0.0",
            "label": "a",
            "heading": "",
            "text": "Nâng cao nhận thức\n- Tuyên truyền rộng rãi",
        },
    )
    client.post(
        url,
        {
            "op": "update",
            "path": "1",
            "label": "II",
            "heading": "NỘI DUNG",
            "text": "Các hoạt động chính",
        },
    )
    client.post(url, {"op": "down", "path": "0"})
    client.post(url, {"op": "delete", "path": "2"})
    body = Plan.objects.get(pk=plan.pk).document.body
    assert [s["label"] for s in body] == ["II", "I"]
    assert body[0]["paragraphs"] == ["Các hoạt động chính"]
    assert body[1]["children"][0]["children"][0]["paragraphs"] == [
        "Nâng cao nhận thức",
        "- Tuyên truyền rộng rãi",
    ]


def test_htmx_request_gets_only_the_changed_part(demo, login):
    client = login("clerk")
    plan = _new(demo, client)
    response = client.post(
        f"/ke-hoach/{plan.pk}/soan/muc/",
        {"op": "add", "label": "IV", "heading": "KINH PHÍ", "text": ""},
        headers={"HX-Request": "true", "HX-Target": "editor-sections"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="editor-sections"')
    assert "<html" not in html
    assert "KINH PHÍ" in html


def test_typed_citation_is_parsed_and_links_when_registered(demo, login):
    client = login("clerk")
    plan = _new(demo, client)
    client.post(
        f"/ke-hoach/{plan.pk}/soan/can-cu/",
        {
            "text": "Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023 của Bộ Thông tin và Truyền thông"
        },
    )
    ref = Reference.objects.get(document=plan.document)
    assert (ref.doc_type, ref.number, ref.symbol, ref.issued) == (
        "KH",
        "2863",
        "KH-BTTTT",
        "2023-07-18",
    )
    assert ref.target is None
    cited = register(demo)
    ref.refresh_from_db()
    assert ref.target == cited


def test_base_picked_from_registered_incoming(demo, login):
    client = login("clerk")
    plan = _new(demo, client)
    cited = register(demo)
    client.post(f"/ke-hoach/{plan.pk}/soan/can-cu/", {"document_id": cited.pk})
    ref = Reference.objects.get(document=plan.document)
    assert ref.target == cited
    assert (
        ref.text
        == "Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023 của BỘ THÔNG TIN VÀ TRUYỀN THÔNG"
    )


def test_unreadable_citation_is_refused_with_message(demo):
    plan = services.create_draft_plan(
        demo.department, actor=user(demo, "vanthu"), title="KH"
    )
    with pytest.raises(ActionRefused):
        services.add_base_citation(
            plan, actor=user(demo, "vanthu"), text="không phải trích dẫn"
        )


def test_activity_with_units_deadline_and_funding(demo, login):
    client = login("clerk")
    plan = _new(demo, client)
    due = dt.date(2026, 8, 25)
    client.post(
        f"/ke-hoach/{plan.pk}/soan/hoat-dong/",
        {
            "kind": "activity",
            "new-label": "1",
            "new-title": "Hội thao chào mừng",
            "new-lead": [demo.units["cdcs"].pk],
            "new-support": [demo.units["vp"].pk, demo.units["vnpt"].pk],
            "new-due_kind": "before",
            "new-due_date": due.isoformat(),
            "new-funding": "50.000.000 đồng",
        },
    )
    activity = Activity.objects.get(plan=plan)
    assert (activity.due_date, activity.due_text, activity.budget_vnd) == (
        due,
        "trước ngày 25/08/2026",
        50_000_000,
    )
    roles = sorted((t.unit.pk, t.role) for t in activity.tasks.all())
    assert roles == sorted(
        [
            (demo.units["cdcs"].pk, TaskRole.LEAD),
            (demo.units["vp"].pk, TaskRole.SUPPORT),
            (demo.units["vnpt"].pk, TaskRole.SUPPORT),
        ]
    )
    client.post(
        f"/ke-hoach/{plan.pk}/soan/hoat-dong/{activity.pk}/",
        {
            f"a{activity.pk}-title": "Hội thao",
            f"a{activity.pk}-lead": [demo.units["vp"].pk],
        },
    )
    assert [(t.unit_id, t.role) for t in Task.objects.filter(activity=activity)] == [
        (demo.units["vp"].pk, TaskRole.LEAD)
    ]
    client.post(f"/ke-hoach/{plan.pk}/soan/hoat-dong/{activity.pk}/", {"delete": "1"})
    assert not Activity.objects.filter(pk=activity.pk).exists()


def test_duty_is_stored_as_duty(demo, login):
    client = login("clerk")
    plan = _new(demo, client)
    client.post(
        f"/ke-hoach/{plan.pk}/soan/hoat-dong/",
        {
            "kind": "duty",
            "newduty-title": "Trung tâm tuyên truyền kịp thời",
            "newduty-lead": [demo.units["ttcntt"].pk],
        },
    )
    duty = Activity.objects.get(plan=plan)
    assert duty.kind == ActivityKind.DUTY
    assert duty.lead_text == ["Trung tâm Công nghệ thông tin và Truyền thông"]


def test_deputy_as_signer_reads_kt_giam_doc(demo, login):
    client = login("clerk")
    plan = _new(demo, client)
    client.post(
        f"/ke-hoach/{plan.pk}/soan/nguoi-ky/", {"signer": demo.people["phogiamdoc"].pk}
    )
    document = Plan.objects.get(pk=plan.pk).document
    assert (document.signer_authority, document.signer_title, document.signer_name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Thị Hạnh",
    )
    client.post(f"/ke-hoach/{plan.pk}/soan/luu/", {"archive": "VT, VP, CĐCS"})
    assert Plan.objects.get(pk=plan.pk).document.archive == ["VT", "VP", "CĐCS"]


def test_recipient_with_purpose_from_editor(demo, login):
    client = login("clerk")
    plan = _new(demo, client)
    client.post(
        f"/van-ban/{plan.document.pk}/phat-hanh/noi-nhan/",
        {
            "units": [demo.units["vnpt"].pk],
            "purpose": "để thực hiện",
            "next": f"/ke-hoach/{plan.pk}/soan/",
        },
    )
    line = plan.document.recipients.get()
    assert (line.name, line.purpose) == (
        "Viễn thông Đắk Nông (VNPT Đắk Nông)",
        "để thực hiện",
    )


def test_issued_plan_cannot_be_edited(demo):
    document = advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    plan = document.plan
    with pytest.raises(ActionRefused) as refused:
        services.add_section(plan, actor=user(demo, "vanthu"), label="V", heading="X")
    assert refused.value.code == "locked"


def test_unit_member_cannot_edit_or_open_editor_tools(demo, login):
    plan = services.create_draft_plan(
        demo.department, actor=user(demo, "vanthu"), title="KH"
    )
    with pytest.raises(PermissionRefused):
        services.add_section(plan, actor=user(demo, "canbo"), label="I", heading="X")
    assert login("center_member").get("/ke-hoach/soan/").status_code == 404


def test_copy_from_last_year_moves_dates_and_title(demo):
    source = draft_plan(demo).plan
    copy = services.copy_plan(source, actor=user(demo, "vanthu"), year=2024)
    assert copy.year == 2024
    assert copy.document.title.endswith("năm 2024")
    assert copy.document.status == DocumentStatus.DRAFT
    dates = sorted(d for d in copy.activities.values_list("due_date", flat=True) if d)
    assert dates[0] == dt.date(2024, 8, 25)
    assert copy.activities.count() == source.activities.count()
    assert (
        Task.objects.filter(activity__plan=copy).count()
        == Task.objects.filter(activity__plan=source).count()
    )


def test_amending_an_issued_plan_starts_a_linked_draft(demo, login):
    document = advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    response = login("clerk").post(
        f"/van-ban/{document.pk}/tao-tiep/", {"kind": "amends"}
    )
    draft = document.amended_by.get()
    assert response["Location"] == f"/ke-hoach/{draft.plan.pk}/soan/"
    assert draft.status == DocumentStatus.DRAFT
    assert draft.title.startswith("Sửa đổi, bổ sung")
    document.refresh_from_db()
    assert document.status == DocumentStatus.ISSUED


def test_upload_starts_a_draft_from_the_worked_example(
    demo, login, worked_example_bytes
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login("clerk").post(
        "/ke-hoach/soan/tu-tep/",
        {"file": SimpleUploadedFile("000.txt", worked_example_bytes)},
    )
    plan = Plan.objects.get(document__symbol="KH-STTTT")
    assert response["Location"] == f"/ke-hoach/{plan.pk}/soan/"
    assert plan.status == PlanStatus.DRAFT
    assert plan.document.planned_signer == demo.people["giamdoc"]
