import pytest
from django.test import Client

from kehoach.api.auth import hash_token, new_token_key
from kehoach.orgs.models import ApiToken
from tests.plans.helpers import make_other_agency, make_plan, parsed_copy

pytestmark = pytest.mark.django_db


def _token_client(user):
    key = new_token_key()
    ApiToken.objects.create(
        user=user, name="test", prefix=key[:8], key_hash=hash_token(key)
    )
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_api_requires_authentication(db):
    response = Client().get("/api/plans")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_plan_list_and_detail_with_token(demo):
    plan = make_plan(demo.department, demo.people["vanthu"].user)
    client = _token_client(demo.people["vanphong"].user)
    listing = client.get("/api/plans").json()
    assert [p["id"] for p in listing["items"]] == [plan.pk]
    detail = client.get(f"/api/plans/{plan.pk}").json()
    assert detail["symbol"] == "KH-STTTT"
    assert detail["number"] is None
    assert [a["label"] for a in detail["activities"] if a["kind"] == "activity"] == [
        "3.1",
        "3.2",
    ]
    first = detail["activities"][0]
    assert (first["due_date"], first["due_kind"]) == ("2023-08-25", "before")


def test_revoked_token_is_refused(demo):
    user = demo.people["vanphong"].user
    key = new_token_key()
    ApiToken.objects.create(
        user=user,
        name="old",
        prefix=key[:8],
        key_hash=hash_token(key),
        revoked_at="2026-01-01T00:00Z",
    )
    assert (
        Client(headers={"Authorization": f"Bearer {key}"}).get("/api/plans").status_code
        == 401
    )


def test_api_hides_other_agency_plans_and_tasks(demo, login):
    other = make_other_agency()
    plan = make_plan(
        other["agency"], other["clerk"].user, parsed=parsed_copy(symbol="KH-STTTTLD")
    )
    client = login("director")
    assert client.get("/api/plans").json()["items"] == []
    assert client.get(f"/api/plans/{plan.pk}").status_code == 404
    task_ids = [t["id"] for t in client.get("/api/tasks").json()["items"]]
    assert not set(task_ids) & set(plan.activities.values_list("tasks__id", flat=True))


def test_enterprise_api_sees_only_own_tasks(demo, login):
    vnpt, viettel = demo.units["vnpt"], demo.units["viettel"]
    make_plan(
        demo.department,
        demo.people["vanthu"].user,
        units={
            "Các doanh nghiệp ngành TTTT trên địa bàn tỉnh": [vnpt, viettel],
            "Văn phòng Sở": [demo.units["vp"]],
        },
    )
    tasks = login("enterprise").get("/api/tasks").json()["items"]
    assert {t["unit_id"] for t in tasks} == {vnpt.pk}


def test_session_api_write_needs_csrf(demo):
    client = Client(enforce_csrf_checks=True)
    client.login(username="vanthu", password="kehoach-demo")
    response = client.post("/api/imports", {"file": b"x"})
    assert response.status_code in {401, 403}


def test_openapi_docs_are_served_locally(demo, login):
    html = login("office").get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
