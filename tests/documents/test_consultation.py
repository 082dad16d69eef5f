import datetime as dt
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from kehoach.documents import consultation as consult
from kehoach.documents.numbering import today
from kehoach.lib.exceptions import ActionRefused
from tests.documents.helpers import draft_plan, user
from tests.documents.smtp import body_text

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://kehoach\.test(/gop-y/lien-ket/[^/\s]+/)")


def _start(demo, capture):
    document = draft_plan(demo)
    with capture(execute=True):
        return consult.start_consultation(
            document,
            actor=user(demo, "vanthu"),
            deadline=today() + dt.timedelta(days=3),
            unit_ids=[demo.units["cdcs"].pk],
            person_ids=[demo.people["trungtam"].pk],
            outside=consult.parse_outside("VNPT Đắk Nông <lienhe@vnpt.example.vn>"),
            message="Đề nghị góp ý trước hạn.",
        )


def test_invitees_answer_in_app_and_by_link_and_drafter_sees_tally(
    demo, smtp, django_capture_on_commit_callbacks, login
):
    consultation = _start(demo, django_capture_on_commit_callbacks)
    [mail] = smtp.to("lienhe@vnpt.example.vn")
    path = LINK.search(body_text(mail)).group(1)
    Client().post(
        path, {"answer": "disagree", "comment": "Lịch trùng", "name": "Ông B"}
    )
    union_row = consultation.responses.get(unit=demo.units["cdcs"])
    login("union_head").post(
        f"/gop-y/{union_row.pk}/", {"answer": "agree", "comment": ""}
    )
    summary = login("clerk").get(f"/lay-y-kien/{consultation.pk}/").content.decode()
    assert "Lịch trùng" in summary
    tally = consult.consultation_summary(consultation).tally
    assert tally == {"agree": 1, "disagree": 1, "other": 0, "": 1}
    export = login("clerk").get(f"/lay-y-kien/{consultation.pk}/xlsx/")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "Lịch trùng" in values
    assert "Không đồng ý" in values


def test_someone_not_asked_cannot_answer(
    demo, smtp, django_capture_on_commit_callbacks, login
):
    consultation = _start(demo, django_capture_on_commit_callbacks)
    row = consultation.responses.get(unit=demo.units["cdcs"])
    assert (
        login("center_member")
        .post(f"/gop-y/{row.pk}/", {"answer": "agree"})
        .status_code
        == 404
    )
    row.refresh_from_db()
    assert row.answer == ""


def test_closed_consultation_takes_no_answer(
    demo, smtp, django_capture_on_commit_callbacks
):
    consultation = _start(demo, django_capture_on_commit_callbacks)
    consult.close_consultation(consultation, actor=user(demo, "vanthu"))
    row = consultation.responses.get(unit=demo.units["cdcs"])
    with pytest.raises(ActionRefused):
        consult.answer_consultation(row, answer="agree", actor=user(demo, "congdoan"))


def test_summary_hidden_from_unit_members(
    demo, smtp, django_capture_on_commit_callbacks, login
):
    consultation = _start(demo, django_capture_on_commit_callbacks)
    assert (
        login("center_member").get(f"/lay-y-kien/{consultation.pk}/").status_code == 404
    )
