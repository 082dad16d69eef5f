import datetime as dt

import pytest
import time_machine

from kehoach.documents import workflow
from kehoach.documents.delegation import create_delegation, revoke_delegation
from kehoach.documents.enums import DocumentStatus
from kehoach.documents.numbering import today
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from tests.documents.helpers import advance, draft_plan, user

pytestmark = pytest.mark.django_db


def _delegate(demo, kind="KT", days=5, person="phogiamdoc"):
    return create_delegation(
        actor=user(demo, "giamdoc"),
        delegate=demo.people[person],
        starts_on=today(),
        ends_on=today() + dt.timedelta(days=days),
        kind=kind,
    )


def test_deputy_signs_kt_on_behalf_of_director_under_delegation(demo):
    _delegate(demo)
    document = advance(demo, draft_plan(demo), DocumentStatus.LEADERSHIP)
    deputy = user(demo, "phogiamdoc")
    document = workflow.approve_document(document, actor=deputy)
    document = workflow.sign_document(document, actor=deputy)
    assert (document.signer_authority, document.signer_title, document.signer_name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Thị Hạnh",
    )
    last = document.transitions.last()
    assert (last.actor_name, last.on_behalf_name) == (
        "Nguyễn Thị Hạnh",
        "Trần Văn Thương",
    )


def test_authorised_person_signs_tuq(demo):
    _delegate(demo, kind="TUQ", person="vanphong")
    document = advance(demo, draft_plan(demo), DocumentStatus.APPROVED)
    document = workflow.sign_document(document, actor=user(demo, "vanphong"))
    assert (document.signer_authority, document.signer_title) == (
        "TUQ. GIÁM ĐỐC",
        "CHÁNH VĂN PHÒNG",
    )


def test_delegation_ends_after_its_period_and_when_revoked(demo):
    delegation = _delegate(demo, days=1)
    document = advance(demo, draft_plan(demo), DocumentStatus.LEADERSHIP)
    with (
        time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=3)),
        pytest.raises(PermissionRefused),
    ):
        workflow.approve_document(document, actor=user(demo, "phogiamdoc"))
    revoke_delegation(delegation, actor=user(demo, "giamdoc"))
    with pytest.raises(PermissionRefused):
        workflow.approve_document(document, actor=user(demo, "phogiamdoc"))


def test_only_the_head_delegates(demo):
    with pytest.raises(ActionRefused):
        create_delegation(
            actor=user(demo, "phogiamdoc"),
            delegate=demo.people["vanphong"],
            starts_on=today(),
            ends_on=today(),
        )
    with pytest.raises(PermissionRefused):
        create_delegation(
            actor=user(demo, "canbo"),
            delegate=demo.people["vanphong"],
            starts_on=today(),
            ends_on=today(),
        )


def test_deputy_named_as_signer_signs_kt_without_delegation(demo):
    document = draft_plan(demo)
    document.planned_signer = demo.people["phogiamdoc"]
    document.save()
    document = advance(demo, document, DocumentStatus.LEADERSHIP)
    deputy = user(demo, "phogiamdoc")
    document = workflow.sign_document(
        workflow.approve_document(document, actor=deputy), actor=deputy
    )
    assert document.signer_authority == "KT. GIÁM ĐỐC"


def test_delegation_page(demo, login):
    client = login("director")
    response = client.post(
        "/uy-quyen/",
        {
            "delegate": demo.people["phogiamdoc"].pk,
            "kind": "KT",
            "starts_on": today().isoformat(),
            "ends_on": (today() + dt.timedelta(days=7)).isoformat(),
            "note": "Đi công tác",
        },
    )
    assert response.status_code == 302
    html = client.get("/uy-quyen/").content.decode()
    assert "Nguyễn Thị Hạnh" in html
    assert "Đi công tác" in html
