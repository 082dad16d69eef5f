import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kehoach.orgs import permissions, services
from kehoach.orgs.demo import DEMO_PASSWORD
from kehoach.orgs.enums import AgencyKind, MembershipRole, Role, UnitKind
from kehoach.orgs.viewer import viewer_for
from tests.conftest import CAST

pytestmark = pytest.mark.django_db

SECRET_NAMES = ("Sở Nội vụ tỉnh Lâm Đồng", "Phòng Tổ chức biên chế", "Nguyễn Bí Mật")


@pytest.fixture
def second(demo):
    """Another agency, unrelated to the demo, with its own units and people."""
    agency = services.create_agency(
        SECRET_NAMES[0],
        kind=AgencyKind.DEPARTMENT,
        short_name="Sở NV",
        abbreviation="SNV",
    )
    unit = services.create_unit(agency, name=SECRET_NAMES[1], kind=UnitKind.DIVISION)
    person = services.create_person(
        agency,
        full_name=SECRET_NAMES[2],
        username="bimat",
        password=DEMO_PASSWORD,
        memberships=[(unit, MembershipRole.HEAD)],
        roles=[Role.ADMIN, Role.OFFICE],
    )
    return agency, unit, person


def client_for(username):
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def pages_and_endpoints(demo):
    return [
        reverse("orgs:directory"),
        reverse("orgs:directory") + "?q=bi+mat",
        reverse("orgs:agency-detail", args=[demo.department.pk]),
        "/api/agencies",
        "/api/units",
        "/api/people",
        "/api/people?q=nguyen",
    ]


@pytest.mark.parametrize("who", sorted(CAST))
def test_second_agency_is_invisible_everywhere(demo, second, who):
    agency, unit, person = second
    client = client_for(CAST[who])

    for url in pages_and_endpoints(demo):
        response = client.get(url)
        if response.status_code == 404:
            continue  # e.g. an enterprise may not open the department's page
        body = response.content.decode()
        assert response.status_code == 200, url
        assert not any(name in body for name in SECRET_NAMES), (who, url)
    for url in (
        reverse("orgs:agency-detail", args=[agency.pk]),
        reverse("orgs:unit-detail", args=[unit.pk]),
        f"/api/agencies/{agency.pk}",
        f"/api/units/{unit.pk}",
        f"/api/people/{person.pk}",
    ):
        assert client.get(url).status_code == 404, (who, url)


def test_second_agency_sees_none_of_the_demo(demo, second):
    client = client_for("bimat")

    for url in [*pages_and_endpoints(demo)[:2], "/api/units", "/api/people"]:
        body = client.get(url).content.decode()
        assert "Đắk Nông" not in body, url
        assert "Trần Văn Thương" not in body, url
    assert (
        client.get(reverse("orgs:unit-detail", args=[demo.units["vp"].pk])).status_code
        == 404
    )


def test_enterprise_sees_only_its_agency_and_the_directing_one(demo):
    viewer = viewer_for(demo.people["vnpt"].user)

    agencies = set(permissions.visible_agencies(viewer))
    people = set(permissions.visible_people(viewer))
    units = set(permissions.visible_units(viewer))

    assert agencies == {demo.department, demo.enterprises["vnpt"]}
    assert people == {demo.people["vnpt"]}
    assert units == {services.root_unit(demo.department), demo.units["vnpt"]}


def test_enterprise_directory_lists_its_people_only(demo, login):
    page = login("enterprise").get(reverse("orgs:directory")).content.decode()

    assert "Đầu mối VNPT Đắk Nông" in page
    assert "Đầu mối Viettel" not in page
    assert "Trần Văn Thương" not in page
    assert "Sở Thông tin và Truyền thông tỉnh Đắk Nông" in page


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("office", True),
        ("admin", True),
        ("clerk", False),
        ("director", False),
        ("enterprise", False),
    ],
)
def test_can_manage_directory(demo, who, allowed):
    viewer = viewer_for(demo.people[CAST[who]].user)

    assert permissions.can_manage_directory(viewer, demo.department) is allowed


def test_keepers_manage_directed_agencies_but_not_the_parent(demo):
    viewer = viewer_for(demo.people["vanphong"].user)

    assert permissions.can_manage_directory(viewer, demo.enterprises["vnpt"])
    assert not permissions.can_manage_directory(viewer, demo.ministry)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_query_counts_do_not_grow_with_people(demo, second):
    agency, unit, _person = second
    client = client_for("bimat")
    urls = [
        reverse("orgs:directory"),
        reverse("orgs:unit-detail", args=[unit.pk]),
        "/api/people",
        "/api/units",
        "/api/agencies",
    ]
    with_one = [_count(client, url) for url in urls]

    for i in range(29):
        services.create_person(
            agency,
            full_name=f"Cán bộ {i:02d}",
            memberships=[(unit, MembershipRole.MEMBER)],
            roles=[Role.UNIT_MEMBER],
        )
        services.create_unit(
            agency, name=f"Tổ {i:02d}", kind=UnitKind.BOARD, parent=unit
        )

    with_thirty = [_count(client, url) for url in urls]
    assert with_thirty == with_one
