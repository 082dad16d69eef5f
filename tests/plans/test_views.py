import re

import pytest
from django.test import Client

from kehoach.documents.enums import DocumentStatus
from kehoach.plans import subplans
from kehoach.plans.enums import ActivityKind, TaskRole
from kehoach.plans.models import Activity, Task
from tests.documents.helpers import advance, draft_plan
from tests.plans.helpers import make_other_agency, make_plan, parsed_copy
from tests.reports.helpers import worked_plan

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


# --- the action bar and the sub-plan roll-up ------------------------------------

BAR = re.compile(r'<nav class="action-bar".*?</nav>', re.S)
HREF = re.compile(r'href="([^"#]+)[^"]*"')


def _bar(client, plan):
    html = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    match = BAR.search(html)
    assert match, "the plan page has one action bar"
    return match.group(0)


def test_plan_page_action_bar_offers_each_role_its_links(demo, login):
    document = draft_plan(demo)
    plan = document.plan
    drafter = _bar(login("clerk"), plan)
    assert 'id="plan-editor-link"' in drafter
    assert "Xử lý văn bản: Trình Văn phòng" in drafter
    for path in (
        f"/ke-hoach/{plan.pk}/soan/",
        f"/van-ban/{document.pk}/#wf-h",
        f"/van-ban/{document.pk}/phat-hanh/",
        f"/ke-hoach/{plan.pk}/tong-quan/",
        f"/ke-hoach/{plan.pk}/cay/",
        f"/ke-hoach/{plan.pk}/nam-sau/",
        f"/van-ban/{document.pk}/tai-ve.docx",
        f"/van-ban/{document.pk}/tai-ve.pdf",
    ):
        assert f'href="{path}"' in drafter, path
    # Every link of the bar opens for the one it is shown to.
    client = login("clerk")
    for path in HREF.findall(drafter):
        assert client.get(path).status_code == 200, path

    member = _bar(login("union_head"), plan)
    assert "plan-editor-link" not in member
    assert "nam-sau" not in member
    assert "Văn bản, quá trình xử lý" in member

    document = advance(demo, document, DocumentStatus.LEADERSHIP)
    director = _bar(login("director"), plan)
    assert "Xử lý văn bản: Lãnh đạo duyệt, Trả lại để sửa" in director
    assert "plan-editor-link" not in director
    assert "plan-editor-link" not in _bar(login("clerk"), plan)


def test_enterprise_sees_no_distribution_or_editor_link(demo, login):
    plan = worked_plan(demo)
    bar = _bar(login("enterprise"), plan)
    assert "plan-distribution-link" not in bar
    assert "plan-editor-link" not in bar
    assert 'id="plan-dashboard-link"' in bar


def test_duty_rows_show_their_sub_plans_and_rolled_up_progress(demo, login):
    plan = worked_plan(demo)
    duty = plan.activities.get(kind=ActivityKind.DUTY, label="1")
    vnpt = demo.units["vnpt"]
    assert duty.tasks.filter(unit=vnpt, role=TaskRole.LEAD).exists()
    sub = subplans.create_sub_plan(
        duty, actor=demo.people["vnpt"].user, title="Kế hoạch chi tiết VNPT"
    )
    item = Activity.objects.create(plan=sub, title="Treo băng rôn", order=0)
    Task.objects.create(activity=item, unit=vnpt, role=TaskRole.LEAD, percent=80)
    leads = list(duty.tasks.filter(role=TaskRole.LEAD))
    expected = round(
        sum(80 if t.unit == vnpt else t.percent for t in leads) / len(leads)
    )

    html = login("office").get(f"/ke-hoach/{plan.pk}/").content.decode()
    row = re.search(rf'<tr id="activity-{duty.pk}">.*?</tr>', html, re.S).group(0)
    assert f'href="/ke-hoach/{sub.pk}/" id="row-subplan-{sub.pk}"' in row
    assert "80%" in row
    assert f"{expected}%</span></td>" in row
    assert expected > 0
    # Another enterprise does not get a link to a sub-plan it may not open.
    other_row = re.search(
        rf'<tr id="activity-{duty.pk}">.*?</tr>',
        login("enterprise_b").get(f"/ke-hoach/{plan.pk}/").content.decode(),
        re.S,
    ).group(0)
    assert f"row-subplan-{sub.pk}" not in other_row
