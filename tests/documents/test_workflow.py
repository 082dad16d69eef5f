import pytest

from kehoach.documents import workflow
from kehoach.documents.enums import DocumentStatus, TransitionAction
from kehoach.documents.models import DocumentTransition
from kehoach.documents.numbering import today
from kehoach.lib.exceptions import ActionRefused, Conflict, PermissionRefused
from kehoach.plans.enums import PlanStatus
from kehoach.plans.models import Plan
from tests.documents.helpers import advance, draft_plan, user

pytestmark = pytest.mark.django_db


def test_full_workflow_numbers_dates_and_locks(
    demo, django_capture_on_commit_callbacks
):
    document = draft_plan(demo)
    with django_capture_on_commit_callbacks(execute=True):
        document = advance(demo, document, DocumentStatus.ISSUED)
    assert document.status == DocumentStatus.ISSUED
    assert document.number == "01"
    assert document.reference_label == "01/KH-STTTT"
    assert document.issued_on == today()
    assert document.is_locked
    assert (document.signer_authority, document.signer_title, document.signer_name) == (
        "",
        "GIÁM ĐỐC",
        "Trần Văn Thương",
    )
    assert Plan.objects.get(document=document).status == PlanStatus.ACTIVE
    actions = list(
        DocumentTransition.objects.filter(document=document).values_list(
            "action", "actor_name"
        )
    )
    assert actions == [
        (TransitionAction.SUBMIT, "Phạm Thu Trang"),
        (TransitionAction.REVIEW, "Lê Minh Tuấn"),
        (TransitionAction.APPROVE, "Trần Văn Thương"),
        (TransitionAction.SIGN, "Trần Văn Thương"),
        (TransitionAction.ISSUE, "Phạm Thu Trang"),
    ]


def test_second_issue_takes_next_number(demo):
    first = advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    second = advance(
        demo, draft_plan(demo, title="Kế hoạch khác"), DocumentStatus.ISSUED
    )
    assert (first.number, second.number) == ("01", "02")


def test_clerk_cannot_approve_and_office_cannot_sign(demo):
    document = advance(demo, draft_plan(demo), DocumentStatus.LEADERSHIP)
    with pytest.raises(PermissionRefused):
        workflow.approve_document(document, actor=user(demo, "vanthu"))
    with pytest.raises(PermissionRefused):
        workflow.approve_document(document, actor=user(demo, "vanphong"))
    document = workflow.approve_document(document, actor=user(demo, "giamdoc"))
    with pytest.raises(PermissionRefused):
        workflow.sign_document(document, actor=user(demo, "vanphong"))


def test_deputy_without_delegation_cannot_approve_directors_document(demo):
    document = advance(demo, draft_plan(demo), DocumentStatus.LEADERSHIP)
    with pytest.raises(PermissionRefused):
        workflow.approve_document(document, actor=user(demo, "phogiamdoc"))


def test_return_needs_a_comment_and_goes_back_to_draft(demo):
    document = advance(demo, draft_plan(demo), DocumentStatus.LEADERSHIP)
    with pytest.raises(ActionRefused):
        workflow.return_document(document, actor=user(demo, "giamdoc"), comment=" ")
    document = workflow.return_document(
        document, actor=user(demo, "giamdoc"), comment="Bổ sung kinh phí"
    )
    assert document.status == DocumentStatus.DRAFT
    last = document.transitions.last()
    assert (last.action, last.comment) == (TransitionAction.RETURN, "Bổ sung kinh phí")


def test_transition_from_wrong_state_is_a_conflict(demo):
    document = advance(demo, draft_plan(demo), DocumentStatus.REVIEW)
    with pytest.raises(Conflict):
        workflow.submit_document(document, actor=user(demo, "vanthu"))


def test_unit_member_cannot_submit(demo):
    document = draft_plan(demo)
    with pytest.raises(PermissionRefused):
        workflow.submit_document(document, actor=user(demo, "canbo"))
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    assert not document.transitions.exists()


def test_recall_marks_document_and_cancels_plan(demo, login):
    document = advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    with pytest.raises(PermissionRefused):
        workflow.recall_document(document, actor=user(demo, "canbo"), comment="x")
    document = workflow.recall_document(
        document, actor=user(demo, "giamdoc"), comment="Sai số liệu"
    )
    assert document.status == DocumentStatus.RECALLED
    assert document.recalled_at is not None
    plan = Plan.objects.get(document=document)
    assert plan.status == PlanStatus.CANCELLED
    plan_page = login("union_head").get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Đã thu hồi" in plan_page
    document_page = login("union_head").get(f"/van-ban/{document.pk}/").content.decode()
    assert "Văn bản đã bị thu hồi lúc" in document_page
    assert "Sai số liệu" in document_page


def test_numbers_restart_at_01_on_1_january_in_vietnam_time(demo):
    import datetime as dt

    import time_machine

    first = advance(demo, draft_plan(demo), DocumentStatus.SIGNED)
    second = advance(demo, draft_plan(demo, title="Kế hoạch B"), DocumentStatus.SIGNED)
    clerk = user(demo, "vanthu")
    # 16:50 UTC on 31 December is 23:50 in Hà Nội: still the old year.
    with time_machine.travel(dt.datetime(2026, 12, 31, 16, 50, tzinfo=dt.UTC)):
        first = workflow.issue_document(first, actor=clerk)
    # 17:10 UTC is 00:10 on 1 January in Hà Nội: a new register year.
    with time_machine.travel(dt.datetime(2026, 12, 31, 17, 10, tzinfo=dt.UTC)):
        second = workflow.issue_document(second, actor=clerk)
    assert (first.register_year, first.number, first.issued_on) == (
        2026,
        "01",
        dt.date(2026, 12, 31),
    )
    assert (second.register_year, second.number, second.issued_on) == (
        2027,
        "01",
        dt.date(2027, 1, 1),
    )


def test_document_page_shows_timeline_and_actions_by_role(demo, login):
    document = advance(demo, draft_plan(demo), DocumentStatus.LEADERSHIP)
    director = login("director").get(f"/van-ban/{document.pk}/").content.decode()
    assert 'data-action="approve"' in director
    assert 'data-action="return"' in director
    assert "Văn phòng trình lãnh đạo" in director
    clerk = login("clerk").get(f"/van-ban/{document.pk}/").content.decode()
    assert 'data-action="approve"' not in clerk
    response = login("clerk").post(
        f"/van-ban/{document.pk}/chuyen/", {"action": "approve"}, follow=True
    )
    assert "Bạn không có thẩm quyền duyệt văn bản này." in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.LEADERSHIP
