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


def test_recall_marks_document_and_cancels_plan(demo):
    document = advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    with pytest.raises(PermissionRefused):
        workflow.recall_document(document, actor=user(demo, "canbo"), comment="x")
    document = workflow.recall_document(
        document, actor=user(demo, "giamdoc"), comment="Sai số liệu"
    )
    assert document.status == DocumentStatus.RECALLED
    assert document.recalled_at is not None
    assert Plan.objects.get(document=document).status == PlanStatus.CANCELLED
