import pytest
from django.test import Client

from kehoach.api.auth import hash_token, new_token_key
from kehoach.documents.enums import DocumentStatus
from kehoach.orgs.models import ApiToken
from tests.documents.helpers import advance, draft_plan
from tests.plans.helpers import make_other_agency

pytestmark = pytest.mark.django_db


def _client(user):
    key = new_token_key()
    ApiToken.objects.create(
        user=user, name="t", prefix=key[:8], key_hash=hash_token(key)
    )
    return Client(headers={"Authorization": f"Bearer {key}"})


def _post(client, document, action, comment=""):
    return client.post(
        f"/api/documents/{document.pk}/transitions",
        {"action": action, "comment": comment},
        content_type="application/json",
    )


def test_transitions_through_the_api_with_the_same_permissions(demo):
    document = draft_plan(demo)
    people = demo.people
    clerk, office, director = (
        _client(people[n].user) for n in ("vanthu", "vanphong", "giamdoc")
    )
    assert _post(clerk, document, "submit").json()["status"] == "review"
    refused = _post(clerk, document, "review")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert _post(office, document, "review").json()["available_actions"] == []
    assert _post(director, document, "approve").json()["status"] == "approved"
    signed = _post(director, document, "sign").json()
    assert (signed["signer_title"], signed["signer_name"]) == (
        "GIÁM ĐỐC",
        "Trần Văn Thương",
    )
    issued = _post(clerk, document, "issue").json()
    assert (issued["status"], issued["number"]) == ("issued", "01")
    assert [t["action"] for t in issued["transitions"]] == [
        "submit",
        "review",
        "approve",
        "sign",
        "issue",
    ]
    assert issued["distribution_id"] is not None


def test_wrong_state_is_409_and_unknown_action_422(demo):
    document = draft_plan(demo)
    director = _client(demo.people["giamdoc"].user)
    assert _post(director, document, "approve").status_code == 409
    assert _post(director, document, "publish").status_code == 422


def test_return_without_comment_is_refused(demo):
    document = advance(demo, draft_plan(demo), DocumentStatus.REVIEW)
    office = _client(demo.people["vanphong"].user)
    response = _post(office, document, "return")
    assert response.status_code == 400
    assert response.json()["code"] == "comment_required"
    assert _post(office, document, "return", "Thiếu căn cứ").json()["status"] == "draft"


def test_other_agency_gets_404(demo):
    other = make_other_agency()
    document = draft_plan(demo)
    client = _client(other["clerk"].user)
    assert _post(client, document, "submit").status_code == 404
    assert client.get(f"/api/documents/{document.pk}/transitions").status_code == 404


def test_distribution_and_registers_endpoints(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    office = _client(demo.people["vanphong"].user)
    distribution_id = office.get(f"/api/documents/{document.pk}/transitions").json()[
        "distribution_id"
    ]
    data = office.get(f"/api/distributions/{distribution_id}").json()
    assert data["document_status"] == "issued"
    assert {r["name"] for r in data["recipients"]} >= {"Ban Giám đốc"}
    register = office.get("/api/registers/outgoing", {"q": "ngay truyen thong"}).json()
    assert [(r["number_symbol"], r["signer"]) for r in register] == [
        ("01/KH-STTTT", "Trần Văn Thương")
    ]
    assert office.get("/api/registers/incoming").json() == []
    member = _client(demo.people["canbo"].user)
    assert member.get("/api/registers/outgoing").status_code == 404
    enterprise = _client(demo.people["vnpt"].user)
    assert enterprise.get(f"/api/distributions/{distribution_id}").status_code == 404


def test_consultation_api(demo):
    document = draft_plan(demo)
    clerk = _client(demo.people["vanthu"].user)
    import datetime as dt

    from kehoach.documents.numbering import today

    created = clerk.post(
        "/api/consultations",
        {
            "document_id": document.pk,
            "deadline": (today() + dt.timedelta(days=5)).isoformat(),
            "unit_ids": [demo.units["cdcs"].pk],
            "outside": [{"name": "VNPT", "email": "lienhe@vnpt.example.vn"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    union_row = next(
        r for r in body["responses"] if r["unit_id"] == demo.units["cdcs"].pk
    )
    union = _client(demo.people["congdoan"].user)
    answered = union.post(
        f"/api/consultations/responses/{union_row['id']}",
        {"answer": "other", "comment": "Đề nghị dời lịch"},
        content_type="application/json",
    )
    assert answered.json()["answer"] == "other"
    summary = clerk.get(f"/api/consultations/{body['id']}").json()
    assert summary["tally"] == {"agree": 0, "disagree": 0, "other": 1, "waiting": 1}
    outsider = _client(demo.people["canbo"].user)
    assert (
        outsider.post(
            f"/api/consultations/responses/{union_row['id']}",
            {"answer": "agree"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_openapi_documents_the_workflow_endpoints(demo, login):
    paths = login("office").get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/documents/{document_id}/transitions",
        "/api/distributions/{distribution_id}",
        "/api/registers/outgoing",
        "/api/registers/incoming",
        "/api/consultations",
        "/api/delegations",
    ):
        assert path in paths, path
