import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kehoach.plans.enums import Attention, TaskStatus
from kehoach.plans.models import Evidence, Task
from kehoach.plans.services import add_contribution, record_progress
from tests.plans.task_helpers import make_world, media, png_bytes, upload

pytestmark = pytest.mark.django_db
__all__ = ["media"]

HTMX_ROWS = {"HX-Request": "true", "HX-Target": "task-rows"}


@pytest.fixture
def world(demo):
    return make_world(demo)


def _task_links(html):
    return sorted(
        int(pk) for pk in re.findall(r'href="/nhiem-vu/(\d+)/" class="task-link"', html)
    )


def _queries(client, url, **kw):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kw)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_inbox_lists_my_units_tasks(demo, login, world):
    html = login("union_head").get("/viec-cua-don-vi/").content.decode()
    mine = Task.objects.filter(unit__in=[demo.units["cdcs"], demo.units["khtc"]])
    assert _task_links(html) == sorted(mine.values_list("pk", flat=True))
    assert len(_task_links(html)) == 3
    assert f'href="/nhiem-vu/{world.tasks["center"].pk}/"' not in html
    # 3 open tasks, 2 of them late (3.1 and 3.2 are past; duty 3 has no date)
    assert 'id="nav-open-count">3<' in html
    assert 'id="nav-overdue-count">2<' in html


def test_inbox_htmx_filter_returns_rows_and_pushes_url(demo, login, world):
    record_progress(
        world.fresh("union"),
        actor=demo.people["congdoan"].user,
        expected_version=1,
        percent=10,
    )
    response = login("union_head").get(
        "/viec-cua-don-vi/", {"due": "waiting", "role": "lead"}, headers=HTMX_ROWS
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="task-rows">')
    assert "<html" not in html
    assert response["HX-Push-Url"] == "/viec-cua-don-vi/?due=waiting&role=lead"
    waiting = Task.objects.filter(
        unit=world.tasks["union"].unit, last_update_at__isnull=True, role="lead"
    )
    assert _task_links(html) == sorted(t.pk for t in waiting)
    assert world.tasks["union"].pk not in _task_links(html)


def test_inbox_role_filter_shows_support_tasks(login, world):
    html = login("clerk").get("/viec-cua-don-vi/", {"role": "support"}).content.decode()
    assert _task_links(html) == [world.tasks["vp"].pk]


def test_agency_scope_is_for_agency_wide_roles(login, world):
    office = (
        login("office").get("/viec-cua-don-vi/", {"scope": "agency"}).content.decode()
    )
    assert world.tasks["center"].pk in _task_links(office)
    union = (
        login("union_head")
        .get("/viec-cua-don-vi/", {"scope": "agency"})
        .content.decode()
    )
    assert world.tasks["center"].pk not in _task_links(union)


def test_task_page_shows_contributions_of_supporting_units(demo, login, world, media):
    add_contribution(
        world.fresh("union"),
        actor=demo.people["vanthu"].user,
        note="Văn phòng đã chuẩn bị quà.",
        files=[upload("qua.png", png_bytes())],
    )
    record_progress(
        world.fresh("vp"),
        actor=demo.people["vanthu"].user,
        expected_version=1,
        percent=30,
    )
    html = (
        login("union_head")
        .get(f"/nhiem-vu/{world.tasks['union'].pk}/")
        .content.decode()
    )
    evidence = Evidence.objects.get()
    assert "Văn phòng đã chuẩn bị quà." in html
    assert "Đóng góp của đơn vị phối hợp" in html
    assert "Tiến độ: 0% → 30%" in html  # the support task's own update
    assert f"/nhiem-vu/{world.tasks['union'].pk}/minh-chung/{evidence.pk}/" in html
    assert "Có đóng góp mới của đơn vị phối hợp" in html


def test_unrelated_unit_sees_the_task_but_not_its_records(demo, login, world, media):
    add_contribution(
        world.fresh("union"),
        actor=demo.people["congdoan"].user,
        note="Ghi chú nội bộ công đoàn",
        files=[upload("qua.png", png_bytes())],
    )
    evidence = Evidence.objects.get()
    client = login("center_member")
    html = client.get(f"/nhiem-vu/{world.tasks['union'].pk}/").content.decode()
    assert "Ghi chú nội bộ công đoàn" not in html
    assert "chỉ hiển thị cho các đơn vị thực hiện" in html
    assert 'id="progress-form"' not in html
    url = f"/nhiem-vu/{world.tasks['union'].pk}/minh-chung/{evidence.pk}/"
    assert client.get(url).status_code == 404


def test_union_head_uploads_a_photo_and_completes(demo, login, world, media):
    client = login("union_head")
    pk = world.tasks["union"].pk
    response = client.post(
        f"/nhiem-vu/{pk}/cap-nhat/",
        {
            "status": "in_progress",
            "percent": "100",
            "note": "Đã thăm hỏi 35 cán bộ.",
            "links": "",
            "version": "1",
            "attachments": [upload("tham-hoi.jpg", png_bytes(), "image/jpeg")],
        },
    )
    assert response.status_code == 302
    task = world.fresh("union")
    assert (task.status, task.percent) == (TaskStatus.DONE, 100)
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.content_type) == ("tham-hoi.jpg", "image/png")
    download = client.get(f"/nhiem-vu/{pk}/minh-chung/{evidence.pk}/")
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    # Reading to the end closes the file (no response.close(): it would
    # drop the PostgreSQL connection inside the test's transaction).
    assert b"".join(download.streaming_content) == png_bytes()
    inline = client.get(f"/nhiem-vu/{pk}/minh-chung/{evidence.pk}/?inline=1")
    assert inline["Content-Disposition"].startswith("inline;")
    assert b"".join(inline.streaming_content) == png_bytes()
    page = client.get(f"/nhiem-vu/{pk}/").content.decode()
    assert "Trạng thái: Chưa thực hiện → Hoàn thành" in page
    assert "Tiến độ: 0% → 100%" in page
    assert 'id="progress-form"' not in page
    assert 'id="done-notice"' in page


def test_wrong_file_type_is_refused_with_the_form_kept(login, world, media):
    response = login("union_head").post(
        f"/nhiem-vu/{world.tasks['union'].pk}/cap-nhat/",
        {
            "status": "in_progress",
            "percent": "40",
            "note": "Ghi chú giữ lại",
            "version": "1",
            "attachments": [
                upload("bao-cao.pdf", b"MZ\x90 not a pdf", "application/pdf")
            ],
        },
    )
    html = response.content.decode()
    assert response.status_code == 415
    assert "không phải PDF, DOCX, XLSX, JPEG hoặc PNG" in html
    assert "Ghi chú giữ lại" in html
    assert world.fresh("union").version == 1


def test_second_editor_sees_what_changed_and_keeps_input(demo, login, world):
    pk = world.tasks["union"].pk
    first, second = login("union_head"), login("office")
    assert (
        first.post(
            f"/nhiem-vu/{pk}/cap-nhat/",
            {"status": "in_progress", "percent": "50", "note": "Đợt 1", "version": "1"},
        ).status_code
        == 302
    )
    response = second.post(
        f"/nhiem-vu/{pk}/cap-nhat/",
        {
            "status": "paused",
            "percent": "20",
            "note": "Tạm dừng chờ kinh phí",
            "version": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert 'id="conflict"' in html
    assert "Hoàng Văn Nam" in html
    assert "tiến độ 0% → 50%" in html
    assert "Tạm dừng chờ kinh phí</textarea>" in html
    assert 'name="percent" value="20"' in html
    assert '<option value="paused" selected>' in html
    assert 'name="version" value="2"' in html
    task = world.fresh("union")
    assert (task.status, task.percent) == (TaskStatus.IN_PROGRESS, 50)
    again = second.post(
        f"/nhiem-vu/{pk}/cap-nhat/",
        {
            "status": "paused",
            "percent": "20",
            "note": "Tạm dừng chờ kinh phí",
            "version": "2",
        },
    )
    assert again.status_code == 302
    assert world.fresh("union").status == TaskStatus.PAUSED


def test_office_reopens_with_a_reason(demo, login, world):
    record_progress(
        world.fresh("union"),
        actor=demo.people["congdoan"].user,
        expected_version=1,
        percent=100,
    )
    pk = world.tasks["union"].pk
    office = login("office")
    assert 'id="reopen-form"' in office.get(f"/nhiem-vu/{pk}/").content.decode()
    response = office.post(
        f"/nhiem-vu/{pk}/mo-lai/",
        {"reopen-reason": "Thiếu danh sách ký nhận", "reopen-version": "2"},
    )
    assert response.status_code == 302
    task = world.fresh("union")
    assert (task.status, task.attention) == (TaskStatus.IN_PROGRESS, Attention.REOPENED)
    page = login("union_head").get(f"/nhiem-vu/{pk}/").content.decode()
    assert "Thiếu danh sách ký nhận" in page
    assert 'id="acknowledge"' in page


def test_board_move_goes_through_the_service(login, world):
    client = login("union_head")
    pk = world.tasks["union_32"].pk
    board = client.get("/viec-cua-don-vi/bang/").content.decode()
    assert f'id="move-{pk}"' in board
    assert f'<label for="move-{pk}"' in board
    response = client.post(
        f"/nhiem-vu/{pk}/trang-thai/",
        {
            "status": "in_progress",
            "version": "1",
            "next": "/viec-cua-don-vi/bang/?role=lead",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/viec-cua-don-vi/bang/?role=lead"
    assert world.fresh("union_32").status == TaskStatus.IN_PROGRESS
    moved = client.post(
        f"/nhiem-vu/{pk}/trang-thai/",
        {
            "status": "paused",
            "version": "2",
            "next": "/viec-cua-don-vi/bang/?role=lead",
        },
        headers={"HX-Request": "true", "HX-Target": "task-board"},
    )
    html = moved.content.decode()
    assert moved.status_code == 200
    assert html.lstrip().startswith('<div id="task-board">')
    column = html.split('id="column-paused"')[1].split("</section>")[0]
    assert f'id="card-{pk}"' in column
    assert "Đã chuyển" in html  # the message shows inside the swapped board
    assert 'name="next" value="/viec-cua-don-vi/bang/?role=lead"' in html
    assert world.fresh("union_32").status == TaskStatus.PAUSED


def test_board_move_refused_shows_the_reason(login, world):
    client = login("office")
    pk = world.tasks["union_32"].pk
    response = client.post(
        f"/nhiem-vu/{pk}/trang-thai/",
        {"status": "done", "version": "1", "next": "https://evil.example/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/viec-cua-don-vi/bang/"
    assert "Chỉ đơn vị chủ trì mới xác nhận hoàn thành" in response.content.decode()
    assert world.fresh("union_32").status == TaskStatus.TODO


def test_bulk_page_lists_refusals_and_changes_nothing(login, world):
    client = login("union_head")
    ids = [world.tasks["union"].pk, world.tasks["center"].pk]
    response = client.post(
        "/viec-cua-don-vi/hang-loat/",
        {
            "action": "status",
            "status": "in_progress",
            "tasks": ids,
            "next": "/viec-cua-don-vi/",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="bulk-errors"' in html
    assert "Trung tâm Công nghệ thông tin và Truyền thông" in html
    assert f'id="select-{ids[0]}" checked' in html
    assert world.fresh("union").status == TaskStatus.TODO
    ok = client.post(
        "/viec-cua-don-vi/hang-loat/",
        {
            "action": "status",
            "status": "in_progress",
            "tasks": [world.tasks["union"].pk, world.tasks["union_32"].pk],
            f"version_{world.tasks['union'].pk}": "1",
            "next": "/viec-cua-don-vi/?role=lead",
        },
    )
    assert ok.status_code == 302
    assert ok["Location"] == "/viec-cua-don-vi/?role=lead"
    assert world.fresh("union_32").status == TaskStatus.IN_PROGRESS


def test_plan_page_links_task_chips_to_task_pages(login, world):
    html = login("office").get(f"/ke-hoach/{world.plan.pk}/").content.decode()
    for key in ("union", "vp", "center"):
        assert f'href="/nhiem-vu/{world.tasks[key].pk}/"' in html


def test_home_page_blocks_link_to_task_pages(login, world):
    html = login("union_head").get("/").content.decode()
    assert 'id="home-overdue-list"' in html
    assert f'href="/nhiem-vu/{world.tasks["union"].pk}/"' in html


# --- query counts do not grow with the data ---------------------------------


def _grow(demo, world, n=6):
    union = demo.people["congdoan"].user
    clerk = demo.people["vanthu"].user
    for i in range(n):
        make_world(demo, title=f"Kế hoạch thêm {i}")
    task = world.fresh("union")
    for i in range(n):
        record_progress(
            task,
            actor=union,
            expected_version=task.version,
            percent=i + 1,
            note=f"Lần {i}",
        )
        task = world.fresh("union")
        add_contribution(
            task, actor=clerk, note=f"Góp {i}", files=[upload(f"a{i}.png", png_bytes())]
        )


@pytest.mark.parametrize(
    "url",
    [
        "/viec-cua-don-vi/",
        "/viec-cua-don-vi/?due=overdue&sort=plan",
        "/viec-cua-don-vi/bang/",
        "/",
        "TASK",
    ],
)
def test_query_counts_do_not_grow(demo, login, world, media, url):
    client = login("union_head")
    if url == "TASK":
        url = f"/nhiem-vu/{world.tasks['union'].pk}/"
    record_progress(
        world.fresh("union"),
        actor=demo.people["congdoan"].user,
        expected_version=1,
        percent=1,
    )
    one = _queries(client, url)
    _grow(demo, world)
    assert _queries(client, url) == one
