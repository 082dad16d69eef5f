import pytest
from django.test import Client

from kehoach.plans.models import Task
from tests.plans.helpers import make_other_agency, make_plan, parsed_copy

pytestmark = pytest.mark.django_db


def _units(demo):
    return {
        "Công đoàn cơ sở sở TTTT": [demo.units["cdcs"]],
        "Công đoàn cơ sở Sở TTTT": [demo.units["cdcs"]],
        "Văn phòng Sở": [demo.units["vp"]],
    }


def test_plan_page_reads_like_the_document(demo, login):
    plan = make_plan(demo.department, demo.people["vanthu"].user, units=_units(demo))
    html = login("union_head").get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Số:" in html
    assert "/KH-STTTT" in html
    assert "Đắk Nông, ngày … tháng 8 năm 2023" in html
    assert (
        "Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023 của Bộ Thông tin và Truyền thông"
        in html
    )
    assert "trước 25/08/2023" in html
    assert "dự kiến 25/08/2023" in html
    assert "Tri ân, thăm hỏi" in html
    assert "Bộ TTTT (b/c)" in html


def test_plan_list_search_ignores_diacritics(demo, login):
    make_plan(demo.department, demo.people["vanthu"].user)
    client = login("office")
    found = client.get("/ke-hoach/", {"q": "ngay truyen thong"}).content.decode()
    missing = client.get("/ke-hoach/", {"q": "chuyen doi so"}).content.decode()
    assert "Tổ chức các hoạt động kỷ niệm Ngày truyền thống" in found
    assert "Tổ chức các hoạt động kỷ niệm Ngày truyền thống" not in missing


def test_plan_list_htmx_returns_only_rows(demo, login):
    make_plan(demo.department, demo.people["vanthu"].user)
    response = login("office").get(
        "/ke-hoach/",
        {"q": "ke hoach"},
        headers={"HX-Request": "true", "HX-Target": "plan-rows"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="plan-rows">')
    assert "<html" not in html
    assert response["HX-Push-Url"] == "/ke-hoach/?q=ke+hoach"


def test_unit_member_cannot_see_another_agencys_plan(demo, login):
    other = make_other_agency()
    plan = make_plan(
        other["agency"], other["clerk"].user, parsed=parsed_copy(symbol="KH-STTTTLD")
    )
    for who in ("union_head", "center_member", "director", "enterprise"):
        client = login(who)
        assert client.get(f"/ke-hoach/{plan.pk}/").status_code == 404, who
        assert plan.document.title not in client.get("/ke-hoach/").content.decode()


def test_enterprise_sees_only_its_own_tasks(demo, login):
    vnpt, viettel = demo.units["vnpt"], demo.units["viettel"]
    plan = make_plan(
        demo.department,
        demo.people["vanthu"].user,
        units={
            **_units(demo),
            "Các doanh nghiệp ngành TTTT trên địa bàn tỉnh": [vnpt, viettel],
        },
    )
    client = login("enterprise")
    html = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert client.get(f"/ke-hoach/{plan.pk}/").status_code == 200
    assert "VNPT Đắk Nông" in html
    assert "Viettel Đắk Nông" not in html
    assert "Trung tâm CNTT&amp;TT" not in html
    other_plan = make_plan(
        demo.department,
        demo.people["vanthu"].user,
        parsed=parsed_copy(duties=[], activities=[], title="Kế hoạch nội bộ khác"),
    )
    assert client.get(f"/ke-hoach/{other_plan.pk}/").status_code == 404


def test_my_tasks_lists_union_tasks(demo, login):
    make_plan(demo.department, demo.people["vanthu"].user, units=_units(demo))
    html = login("union_head").get("/viec-cua-don-vi/").content.decode()
    assert "Tri ân, thăm hỏi" in html
    assert Task.objects.filter(unit=demo.units["cdcs"]).count() >= 2


def _count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/ke-hoach/", "/", "/viec-cua-don-vi/", "/van-ban/"])
def test_list_query_count_does_not_grow(
    demo, login, url, django_assert_max_num_queries
):
    clerk = demo.people["vanthu"].user
    client = login("union_head") if "viec" in url else login("office")
    make_plan(demo.department, clerk, units=_units(demo))
    one = _count_queries(client, url, django_assert_max_num_queries)
    for i in range(49):
        make_plan(
            demo.department,
            clerk,
            parsed=parsed_copy(title=f"Kế hoạch số {i}"),
            units=_units(demo),
        )
    many = _count_queries(client, url, django_assert_max_num_queries)
    assert many == one


def test_plan_page_query_count_does_not_grow_with_activities(demo, login):
    clerk = demo.people["vanthu"].user
    client = login("office")
    small = make_plan(demo.department, clerk, units=_units(demo))
    base = parsed_copy()
    big = parsed_copy(
        activities=[dict(base["activities"][0], ref=f"3.{i}") for i in range(50)],
        duties=[dict(base["duties"][3], ref=str(i)) for i in range(50)],
        title="Kế hoạch lớn",
    )
    large = make_plan(demo.department, clerk, parsed=big, units=_units(demo))
    assert _count_queries(client, f"/ke-hoach/{small.pk}/", None) == _count_queries(
        client, f"/ke-hoach/{large.pk}/", None
    )


def test_anonymous_is_sent_to_login(db):
    response = Client().get("/ke-hoach/")
    assert response.status_code == 302
