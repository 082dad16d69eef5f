import datetime as dt

import pytest

from kehoach.documents import incoming
from kehoach.documents.enums import Direction, DocumentStatus, TransitionAction
from kehoach.documents.models import ImportJob, Reference
from kehoach.documents.numbering import today
from kehoach.documents.services import register_document
from kehoach.lib.exceptions import PermissionRefused
from kehoach.plans.enums import TaskRole
from kehoach.plans.models import Task
from tests.documents.helpers import draft_plan, user
from tests.documents.smtp import body_text
from tests.plans.helpers import parsed_copy

pytestmark = pytest.mark.django_db


def ministry_plan(**changes):
    data = parsed_copy(
        doc_type="KH",
        number="2863",
        symbol="KH-BTTTT",
        issuer={"parent": None, "name": "BỘ THÔNG TIN VÀ TRUYỀN THÔNG"},
        issued="2023-07-18",
        title="Tổ chức các hoạt động kỷ niệm Ngày truyền thống ngành TTTT",
        references=[],
        recipients=[],
        activities=[],
        duties=[],
        archive=[],
        signer={"authority": "KT. BỘ TRƯỞNG", "title": "THỨ TRƯỞNG", "name": "X"},
    )
    data.update(changes)
    return data


def register(demo, parsed=None, **kw):
    return register_document(
        parsed or ministry_plan(),
        agency=demo.department,
        direction=Direction.INCOMING,
        actor=user(demo, "vanthu"),
        **kw,
    )


def test_incoming_gets_next_arrival_number_and_date(demo):
    first = register(demo)
    second = register(
        demo, ministry_plan(number="696", symbol="TTCS-VP", doc_type="CV")
    )
    assert (first.register_number, second.register_number) == (1, 2)
    assert first.received_on == today()
    assert first.register_year == today().year
    assert first.status == DocumentStatus.REGISTERED
    assert first.transitions.get().action == TransitionAction.REGISTER


def test_citation_in_a_draft_resolves_when_cited_document_is_registered(demo):
    draft = draft_plan(demo)
    ref = Reference.objects.get(document=draft, cite_key="2863/KH-BTTTT")
    assert ref.target is None
    cited = register(demo)
    ref.refresh_from_db()
    assert ref.target == cited


def test_receipt_is_acknowledged_to_the_mail_sender(
    demo, smtp, django_capture_on_commit_callbacks
):
    ImportJob.objects.create(
        agency=demo.department,
        original_name="kh2863.pdf",
        content_hash="abc123",
        parsed={},
        sender_email="vanthu@mic.gov.vn",
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = register(demo, digest="abc123")
    assert document.sender_email == "vanthu@mic.gov.vn"
    [message] = smtp.to("vanthu@mic.gov.vn")
    assert "2863/KH-BTTTT" in message["Subject"]
    assert f"số {document.register_number}" in body_text(message)
    assert document.transitions.filter(action=TransitionAction.ACK_SENDER).exists()


def test_direction_note_gives_tasks_to_units(demo, login):
    document = register(demo)
    deadline = today() + dt.timedelta(days=10)
    with pytest.raises(PermissionRefused):
        incoming.direct_incoming(
            document,
            actor=user(demo, "vanthu"),
            note="x",
            lead_unit_ids=[demo.units["cdcs"].pk],
        )
    incoming.direct_incoming(
        document,
        actor=user(demo, "giamdoc"),
        note="Giao Công đoàn chủ trì, Văn phòng phối hợp.",
        lead_unit_ids=[demo.units["cdcs"].pk],
        support_unit_ids=[demo.units["vp"].pk],
        deadline=deadline,
    )
    tasks = Task.objects.filter(activity__plan__document=document)
    assert sorted((t.unit.abbreviation, t.role) for t in tasks) == [
        ("CĐCS", TaskRole.LEAD),
        ("VP", TaskRole.SUPPORT),
    ]
    html = login("union_head").get("/viec-cua-don-vi/").content.decode()
    assert "Xử lý văn bản" in html
    document.refresh_from_db()
    assert document.direction_note.startswith("Giao Công đoàn")


def test_wrongly_addressed_document_is_returned_with_reason(
    demo, smtp, django_capture_on_commit_callbacks
):
    document = register(demo)
    incoming.set_sender_email(document, "vanthu@mic.gov.vn", actor=user(demo, "vanthu"))
    with django_capture_on_commit_callbacks(execute=True):
        incoming.return_incoming(
            document, actor=user(demo, "vanthu"), reason="Gửi nhầm cơ quan"
        )
    document.refresh_from_db()
    assert document.status == DocumentStatus.RETURNED
    returned = [m for m in smtp.to("vanthu@mic.gov.vn") if "Trả lại" in m["Subject"]]
    assert len(returned) == 1
    assert "Gửi nhầm cơ quan" in body_text(returned[0])


def test_unit_member_cannot_return_incoming(demo):
    document = register(demo)
    with pytest.raises(PermissionRefused):
        incoming.return_incoming(document, actor=user(demo, "canbo"), reason="x")
