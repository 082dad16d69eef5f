import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kehoach.documents.enums import Direction
from kehoach.documents.models import Document
from kehoach.orgs import services
from kehoach.orgs.models import ApiToken, Unit
from kehoach.plans.enums import TaskRole
from kehoach.plans.models import Activity, Plan, Task

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "directory-results"}
UNIT_CSV = "Đối tượng,Tên,Ký hiệu,Loại\nĐơn vị,Phòng Chuyển đổi số,CDS,Phòng\n"


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_directory_shows_tree_heads_people_and_related(demo, login):
    page = text(login("center_member").get(reverse("orgs:directory")))

    assert "Công đoàn cơ sở Sở Thông tin và Truyền thông" in page
    assert "Trưởng: Hoàng Văn Nam" in page
    assert "vanthu@stttt.daknong.gov.vn" in page
    assert "Bộ Thông tin và Truyền thông" in page
    assert "Viễn thông Đắk Nông (VNPT Đắk Nông)" in page
    assert 'id="directory-results"' in page


def test_directory_search_without_diacritics_renders_the_partial(demo, login):
    response = login("clerk").get(
        reverse("orgs:directory"), {"q": "cong doan"}, headers=HTMX
    )

    page = text(response)
    assert "<html" not in page
    assert "Công đoàn cơ sở Sở Thông tin và Truyền thông" in page
    people = re.findall(r'data-label="Họ và tên">([^<]+)<', page)
    assert people == ["Hoàng Văn Nam"]


def test_directory_search_full_page_without_htmx(demo, login):
    page = text(login("clerk").get(reverse("orgs:directory"), {"q": "trang"}))

    assert "<html" in page
    assert re.findall(r'data-label="Họ và tên">([^<]+)<', page) == ["Phạm Thu Trang"]


def test_directory_requires_login(client):
    response = client.get(reverse("orgs:directory"))

    assert response.status_code == 302


def _task_for(unit, title="Tri ân công chức", plan_agency=None):
    agency = plan_agency or unit.agency
    document = Document.objects.create(
        agency=agency,
        direction=Direction.OUTGOING,
        title="Kế hoạch Ngày truyền thống",
    )
    plan = Plan.objects.create(document=document, agency=agency, year=2023)
    activity = Activity.objects.create(plan=plan, title=title)
    return Task.objects.create(activity=activity, unit=unit, role=TaskRole.LEAD)


def test_unit_detail_shows_members_children_and_tasks(demo, login):
    _task_for(demo.units["cdcs"])

    page = text(
        login("union_head").get(
            reverse("orgs:unit-detail", args=[demo.units["cdcs"].pk])
        )
    )

    assert "Hoàng Văn Nam" in page
    assert "Tri ân công chức" in page
    assert "Kế hoạch Ngày truyền thống" in page
    assert "Chủ trì" in page


def test_unit_detail_lists_sub_units(demo, login):
    services.create_unit(
        demo.department, name="Tổ Văn thư", kind="board", parent=demo.units["vp"]
    )

    page = text(
        login("clerk").get(reverse("orgs:unit-detail", args=[demo.units["vp"].pk]))
    )

    assert "Tổ Văn thư" in page


def test_department_sees_enterprise_root_tasks_but_not_its_people(demo, login):
    root = services.root_unit(demo.enterprises["vnpt"])
    # The Sở's own plan gives the enterprise a duty.
    _task_for(root, title="Xây dựng kế hoạch chi tiết", plan_agency=demo.department)

    page = text(login("office").get(reverse("orgs:unit-detail", args=[root.pk])))

    assert "Xây dựng kế hoạch chi tiết" in page
    assert "Đầu mối VNPT" not in page


def test_enterprise_sees_directing_agency_name_only(demo, login):
    client = login("enterprise")
    _task_for(services.root_unit(demo.department), title="Việc nội bộ của Sở")

    page = text(client.get(reverse("orgs:agency-detail", args=[demo.department.pk])))
    root_page = text(
        client.get(
            reverse("orgs:unit-detail", args=[services.root_unit(demo.department).pk])
        )
    )

    assert "Sở Thông tin và Truyền thông tỉnh Đắk Nông" in page
    assert "Văn phòng Sở" not in page
    assert "Trần Văn Thương" not in page
    assert "Việc nội bộ của Sở" not in root_page


def test_import_page_preview_then_confirm(demo, login):
    client = login("office")
    upload = SimpleUploadedFile("danh-ba.csv", UNIT_CSV.encode())

    preview = text(client.post(reverse("orgs:directory-import"), {"file": upload}))

    assert "Phòng Chuyển đổi số" in preview
    assert "Xác nhận nhập" in preview
    assert not Unit.objects.filter(abbreviation="CDS").exists()

    response = client.post(reverse("orgs:directory-import-confirm"))

    assert response.status_code == 302
    assert Unit.objects.get(abbreviation="CDS").agency == demo.department


def test_import_page_lists_errors_and_offers_no_confirm(demo, login):
    data = UNIT_CSV + "Đơn vị,Phòng Ma,,Không rõ\n"
    upload = SimpleUploadedFile("danh-ba.csv", data.encode())

    page = text(
        login("office").post(reverse("orgs:directory-import"), {"file": upload})
    )

    assert "“Không rõ” không hợp lệ ở cột “Loại”." in page
    assert "is not valid in column" in page
    assert "Xác nhận nhập" not in page


def test_import_confirm_without_pending_file_redirects(demo, login):
    response = login("office").post(reverse("orgs:directory-import-confirm"))

    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:directory-import")


@pytest.mark.parametrize("who", ["center_member", "director", "enterprise"])
def test_import_pages_refused_to_non_keepers(demo, login, who):
    client = login(who)

    assert client.get(reverse("orgs:directory-import")).status_code == 403
    assert client.get(reverse("orgs:directory-import-template")).status_code == 403


def test_import_template_downloads(demo, login):
    response = login("admin").get(reverse("orgs:directory-import-template"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_token_page_shows_the_key_once(demo, login):
    client = login("clerk")

    created = text(client.post(reverse("orgs:token-list"), {"name": "Báo cáo tự động"}))
    again = text(client.get(reverse("orgs:token-list")))

    key = re.search(r'<code class="token-key">([^<]+)</code>', created).group(1)
    assert key.startswith("kh_")
    assert "Báo cáo tự động" in again
    assert key not in again
    assert ApiToken.objects.get().user == demo.people["vanthu"].user


def test_token_revoke_only_own(demo, login):
    token, _key = services.create_api_token(demo.people["vanthu"].user, name="x")

    other = login("office").post(reverse("orgs:token-revoke", args=[token.pk]))
    own = login("clerk").post(reverse("orgs:token-revoke", args=[token.pk]))

    token.refresh_from_db()
    assert (other.status_code, own.status_code) == (404, 302)
    assert token.revoked_at is not None


def test_password_set_link_lets_a_new_user_choose_a_password(demo, client):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = demo.people["canbo"].user
    user.set_unusable_password()
    user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    url = reverse(
        "orgs:password-set", args=[uid, default_token_generator.make_token(user)]
    )

    form_url = client.get(url)["Location"]
    page = text(client.get(form_url))
    response = client.post(
        form_url,
        {
            "new_password1": "Mật-khẩu-đủ-dài-2023",
            "new_password2": "Mật-khẩu-đủ-dài-2023",
        },
    )

    assert "Đặt mật khẩu" in page
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mật-khẩu-đủ-dài-2023")
