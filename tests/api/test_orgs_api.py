import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kehoach.orgs import services
from kehoach.orgs.models import Agency, Unit

pytestmark = pytest.mark.django_db

UNIT_CSV = "Đối tượng,Tên,Ký hiệu,Loại\nĐơn vị,Phòng Chuyển đổi số,CDS,Phòng\n"


@pytest.fixture
def bearer(demo):
    """``bearer("office")`` → a client sending that person's new API token."""

    def _bearer(username):
        _token, key = services.create_api_token(
            demo.people[username].user, name="script"
        )
        return Client(headers={"Authorization": f"Bearer {key}"})

    return _bearer


def names(response, key="name"):
    assert response.status_code == 200, response.content
    return sorted(item[key] for item in response.json()["items"])


def test_agencies_with_session_auth(demo, login):
    response = login("clerk").get("/api/agencies")

    expected = sorted(
        [demo.ministry.name, demo.department.name]
        + [e.name for e in demo.enterprises.values()]
    )
    assert names(response) == expected
    assert response.json()["count"] == 7


def test_agencies_with_bearer_token(demo, bearer):
    response = bearer("vanphong").get("/api/agencies", {"q": "vnpt"})

    assert names(response) == [demo.enterprises["vnpt"].name]


def test_unauthenticated_is_refused(demo):
    response = Client().get("/api/agencies")

    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


def test_revoked_token_is_refused(demo):
    token, key = services.create_api_token(demo.people["vanthu"].user, name="x")
    services.revoke_api_token(token, actor=demo.people["vanthu"].user)

    response = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/agencies")

    assert response.status_code == 401


def test_token_key_is_stored_hashed(demo):
    token, key = services.create_api_token(demo.people["vanthu"].user, name="x")

    assert key.startswith(token.prefix)
    assert key not in token.key_hash


def test_agency_detail_has_root_unit(demo, login):
    response = login("clerk").get(f"/api/agencies/{demo.department.pk}")

    body = response.json()
    assert (body["short_name"], body["root_unit_id"]) == (
        "Sở TTTT",
        services.root_unit(demo.department).pk,
    )


def test_people_are_only_the_own_agencys(demo, login):
    response = login("clerk").get("/api/people")

    assert response.json()["count"] == 11
    assert "Đầu mối VNPT Đắk Nông" not in names(response, "full_name")


def test_person_detail_lists_units_and_roles(demo, login):
    person = demo.people["congdoan"]

    body = login("clerk").get(f"/api/people/{person.pk}").json()

    assert sorted(u["unit_name"] for u in body["units"]) == [
        "Công đoàn cơ sở Sở Thông tin và Truyền thông",
        "Phòng Kế hoạch - Tài chính",
    ]
    assert body["roles"] == ["unit_member"]


def test_enterprise_sees_only_its_people_and_root_units(demo, login):
    client = login("enterprise")

    people = names(client.get("/api/people"), "full_name")
    units = names(client.get("/api/units"))

    assert people == ["Đầu mối VNPT Đắk Nông"]
    assert units == sorted([demo.department.name, demo.enterprises["vnpt"].name])
    assert client.get(f"/api/units/{demo.units['vp'].pk}").status_code == 404
    assert client.get(f"/api/people/{demo.people['giamdoc'].pk}").status_code == 404
    assert client.get(f"/api/agencies/{demo.ministry.pk}").status_code == 404


def test_unit_detail_lists_visible_children(demo, login):
    root = services.root_unit(demo.department)

    body = login("clerk").get(f"/api/units/{root.pk}").json()

    assert len(body["children"]) == 8


def test_units_filter_by_agency_and_search(demo, login):
    response = login("clerk").get(
        "/api/units", {"agency": demo.department.pk, "q": "cong doan"}
    )

    assert names(response) == ["Công đoàn cơ sở Sở Thông tin và Truyền thông"]


def test_import_dry_run_by_default(demo, bearer):
    upload = SimpleUploadedFile("a.csv", UNIT_CSV.encode(), content_type="text/csv")

    response = bearer("vanphong").post("/api/directory/import", {"file": upload})

    body = response.json()
    assert (response.status_code, body["dry_run"], body["created"]) == (200, True, 1)
    assert not Unit.objects.filter(abbreviation="CDS").exists()


def test_import_applies_when_asked(demo, login):
    upload = SimpleUploadedFile("a.csv", UNIT_CSV.encode(), content_type="text/csv")

    response = login("office").post(
        "/api/directory/import", {"file": upload, "dry_run": "false"}
    )

    assert (response.status_code, response.json()["applied"]) == (200, True)
    assert Unit.objects.get(abbreviation="CDS").agency == demo.department


def test_import_with_bad_rows_is_400_with_errors(demo, bearer):
    data = UNIT_CSV + "Đơn vị,Phòng Ma,,Không rõ\n"
    upload = SimpleUploadedFile("a.csv", data.encode(), content_type="text/csv")

    response = bearer("vanphong").post(
        "/api/directory/import", {"file": upload, "dry_run": "false"}
    )

    body = response.json()
    assert (response.status_code, body["applied"]) == (400, False)
    assert [(e["row"], e["code"]) for e in body["errors"]] == [(3, "bad_value")]
    assert "not valid" in body["errors"][0]["message_en"]
    assert not Unit.objects.filter(abbreviation="CDS").exists()


@pytest.mark.parametrize("who", ["canbo", "vnpt", "giamdoc"])
def test_import_refused_to_non_keepers(demo, bearer, who):
    upload = SimpleUploadedFile("a.csv", UNIT_CSV.encode(), content_type="text/csv")

    response = bearer(who).post("/api/directory/import", {"file": upload})

    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert Agency.objects.count() == 8
