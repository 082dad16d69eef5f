import io

import pytest
from django.core.management import call_command

from kehoach.documents import incoming
from kehoach.documents.services import register_document
from kehoach.orgs.viewer import viewer_for
from kehoach.plans.models import Activity, Task
from kehoach.plans.services import add_contribution, record_progress
from kehoach.search import services
from kehoach.search.models import SearchEntry
from tests.plans.helpers import make_other_agency, make_plan, parsed_copy
from tests.reports.helpers import worked_plan

pytestmark = pytest.mark.django_db

TITLE = "Tổ chức các hoạt động kỷ niệm Ngày truyền thống ngành Thông tin và Truyền thông năm 2023"


@pytest.fixture
def indexed(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan = worked_plan(demo)
    return plan


def _viewer(demo, who):
    return viewer_for(demo.people[who].user)


def test_search_ignores_diacritics_and_case(demo, indexed):
    hits = services.search(_viewer(demo, "vanphong"), "NGAY truyen thong")
    plans = [h for h in hits if h.kind == "plan"]
    assert [(h.title, h.url) for h in plans] == [(TITLE, f"/ke-hoach/{indexed.pk}/")]
    for hit in hits:
        text = SearchEntry.objects.get(kind=hit.kind, object_id=hit.object_id)
        words = (text.title_folded + " " + text.body_folded).split()
        assert {"ngay", "truyen"} <= set(words), hit
        assert any(w.startswith("thong") for w in words), hit


def test_search_folds_d_with_stroke(demo, indexed):
    viewer = _viewer(demo, "vanphong")
    tasks = services.search(viewer, "cong doan", kinds=["task"], limit=100)
    union = set(
        Task.objects.filter(
            activity__plan=indexed, unit=demo.units["cdcs"]
        ).values_list("pk", flat=True)
    )
    assert union
    assert union <= {h.object_id for h in tasks}
    assert services.search(viewer, "CÔNG ĐOÀN", kinds=["task"], limit=100) == tasks


def test_search_ranks_title_hit_above_body_mention(
    demo, django_capture_on_commit_callbacks
):
    agency, actor = demo.department, demo.people["vanthu"].user
    with django_capture_on_commit_callbacks(execute=True):
        mention = register_document(
            parsed_copy(
                doc_type="CV",
                symbol="STTTT-VP",
                number="12",
                title="Về việc chuẩn bị hội nghị",
                activities=[],
                duties=[],
                sections=[
                    {
                        "label": "1",
                        "heading": None,
                        "paragraphs": ["Chuẩn bị cho lễ Ngày truyền thống của ngành."],
                        "children": [],
                    }
                ],
            ),
            agency=agency,
            direction="outgoing",
            actor=actor,
        )
        exact = register_document(
            parsed_copy(
                doc_type="TB",
                symbol="TB-STTTT",
                number="13",
                title="Ngày truyền thống",
                activities=[],
                duties=[],
            ),
            agency=agency,
            direction="outgoing",
            actor=actor,
        )
    hits = services.search(
        _viewer(demo, "vanphong"), "ngay truyen thong", kinds=["document"]
    )
    assert [h.object_id for h in hits] == [exact.pk, mention.pk]
    assert hits[0].score > hits[1].score
    assert "Ngày truyền thống" in hits[1].snippet


def test_search_prefix_of_last_word(demo, indexed):
    hits = services.search(_viewer(demo, "vanphong"), "tri an, tham h")
    assert hits[0].kind == "activity"
    assert hits[0].title.startswith("3.1 Tri ân, thăm hỏi")


def test_search_finds_bulk_created_tasks(demo, indexed):
    task = Task.objects.get(activity__plan=indexed, activity__label="3.1", role="lead")
    hits = services.search(
        _viewer(demo, "vanphong"), "cong doan co so tri an", kinds=["task"]
    )
    assert [h.object_id for h in hits] == [task.pk]


def test_search_is_filtered_by_visibility(demo, django_capture_on_commit_callbacks):
    other = make_other_agency()
    with django_capture_on_commit_callbacks(execute=True):
        make_plan(
            other["agency"],
            other["clerk"].user,
            parsed=parsed_copy(symbol="KH-STTTTLD", title="Kế hoạch bí mật Lâm Đồng"),
        )
        own = worked_plan(demo)
    assert services.search(_viewer(demo, "vanphong"), "bi mat lam dong") == []
    assert services.search(viewer_for(other["clerk"].user), "bi mat lam dong")
    # The enterprise sees the plan it was given and only its own tasks.
    hits = services.search(_viewer(demo, "vnpt"), "ke hoach chi tiet")
    task_ids = {h.object_id for h in hits if h.kind == "task"}
    assert task_ids == set(
        Task.objects.filter(activity__plan=own, unit=demo.units["vnpt"]).values_list(
            "pk", flat=True
        )
    )
    assert task_ids


def test_index_follows_saves_and_deletes(
    demo, indexed, django_capture_on_commit_callbacks
):
    activity = Activity.objects.get(plan=indexed, label="3.2")
    viewer = _viewer(demo, "vanphong")
    with django_capture_on_commit_callbacks(execute=True):
        activity.title = "Giải bóng chuyền hơi"
        activity.save()
    hits = services.search(viewer, "bong chuyen")
    assert [(h.kind, h.object_id) for h in hits if h.kind != "task"] == [
        ("activity", activity.pk)
    ]
    # Its tasks show its title: they follow it.
    assert sorted(h.object_id for h in hits if h.kind == "task") == sorted(
        activity.tasks.values_list("pk", flat=True)
    )
    with django_capture_on_commit_callbacks(execute=True):
        activity.delete()
    assert services.search(viewer, "bong chuyen") == []
    assert not SearchEntry.objects.filter(
        kind="activity", object_id=activity.pk
    ).exists()


def test_rebuild_command_restores_the_index(demo, indexed):
    SearchEntry.objects.all().delete()
    viewer = _viewer(demo, "vanphong")
    assert services.search(viewer, "truyen thong") == []
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=err)
    assert "entries indexed" in out.getvalue()
    assert "100%" in err.getvalue()
    hits = services.search(viewer, "truyen thong", kinds=["plan"])
    assert [h.object_id for h in hits] == [indexed.pk]


def test_search_page_and_api(demo, indexed, login):
    client = login("office")
    html = client.get("/tim-kiem/", {"q": "ngay truyen thong"}).content.decode()
    assert f'id="hit-plan-{indexed.pk}"' in html
    partial = client.get(
        "/tim-kiem/",
        {"q": "ngay truyen thong"},
        headers={"HX-Request": "true", "HX-Target": "search-results"},
    ).content.decode()
    assert partial.lstrip().startswith('<div id="search-results"')
    data = client.get("/api/search", {"q": "ngay truyen thong", "kind": "plan"}).json()
    assert [(h["kind"], h["object_id"]) for h in data] == [("plan", indexed.pk)]
    assert client.get("/api/search", {"q": ""}).json() == []


def test_search_of_nothing_or_symbols_is_empty(demo, indexed):
    viewer = _viewer(demo, "vanphong")
    assert services.search(viewer, "") == []
    assert services.search(viewer, '"*()') == []
    assert services.search(viewer, "xyzzy") == []


# --- progress notes ---------------------------------------------------------------

NOTE = "Đã đến thăm gia đình ông Nguyễn Văn Bảy, trao quà của Công đoàn."


def _gratitude_task(plan):
    return Task.objects.select_related("activity__plan", "unit").get(
        activity__plan=plan, activity__label="3.1", role="lead"
    )


def test_progress_notes_are_found_by_who_may_read_the_task_records(
    demo, indexed, django_capture_on_commit_callbacks
):
    task = _gratitude_task(indexed)
    union_head = demo.people["congdoan"].user
    with django_capture_on_commit_callbacks(execute=True):
        update = record_progress(
            task,
            actor=union_head,
            expected_version=task.version,
            percent=50,
            note=NOTE,
        )
        # A change of status without words is not a note to find.
        record_progress(
            _gratitude_task(indexed),
            actor=union_head,
            expected_version=task.version + 1,
            percent=60,
        )
    hits = services.search(_viewer(demo, "congdoan"), "nguyen van bay")
    assert [(h.kind, h.object_id, h.url) for h in hits] == [
        ("note", update.pk, f"/nhiem-vu/{task.pk}/#update-{update.pk}")
    ]
    assert hits[0].title == NOTE
    assert "Công đoàn cơ sở" in hits[0].snippet
    assert SearchEntry.objects.filter(kind="note").count() == 1
    # The Office and leadership read every task's records; the supporting
    # unit (Văn phòng) works on the activity.
    for who in ("vanphong", "giamdoc"):
        assert [
            h.object_id for h in services.search(_viewer(demo, who), "ong bay")
        ] == [update.pk]
    # A unit of the agency not on this activity, and an enterprise, do not.
    for who in ("canbo", "vnpt"):
        assert services.search(_viewer(demo, who), "nguyen van bay") == []


def test_note_entries_follow_the_activity_and_bulk_created_tasks(
    demo, indexed, django_capture_on_commit_callbacks
):
    task = _gratitude_task(indexed)
    with django_capture_on_commit_callbacks(execute=True):
        update = add_contribution(
            task, actor=demo.people["congdoan"].user, note="Đã chuẩn bị quà tặng."
        )
    viewer = _viewer(demo, "vanphong")
    assert services.search(viewer, "qua tang", kinds=["note"])
    activity = task.activity
    with django_capture_on_commit_callbacks(execute=True):
        activity.title = "Thăm hỏi thương binh liệt sĩ"
        activity.save()
    [hit] = services.search(viewer, "qua tang thuong binh", kinds=["note"])
    assert hit.object_id == update.pk
    # Tasks bulk-created by an incoming document's direction are found.
    document = register_document(
        parsed_copy(
            doc_type="CV",
            number="77",
            symbol="UBND-VX",
            title="Về việc hỗ trợ đồng bào vùng lũ",
            activities=[],
            duties=[],
            references=[],
            recipients=[],
        ),
        agency=demo.department,
        direction="incoming",
        actor=demo.people["vanthu"].user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        incoming.direct_incoming(
            document,
            actor=demo.people["giamdoc"].user,
            note="Công đoàn chủ trì vận động.",
            lead_unit_ids=[demo.units["cdcs"].pk],
        )
    new_task = Task.objects.get(activity__plan__document=document)
    hits = services.search(viewer, "dong bao vung lu", kinds=["task"])
    assert [h.object_id for h in hits] == [new_task.pk]


def test_rebuild_indexes_notes_on_postgres_and_sqlite(
    demo, indexed, django_capture_on_commit_callbacks
):
    task = _gratitude_task(indexed)
    update = add_contribution(
        task, actor=demo.people["congdoan"].user, note="Biên bản họp Ban chấp hành."
    )
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    hits = services.search(_viewer(demo, "congdoan"), "bien ban hop", kinds=["note"])
    assert [h.object_id for h in hits] == [update.pk]


def test_visible_hit_ranked_below_many_hidden_ones_is_found(
    demo, django_capture_on_commit_callbacks, monkeypatch
):
    """The first windows of candidates are all another agency's: the
    search goes on to the rest and still finds the viewer's own plan."""
    monkeypatch.setattr(services, "WINDOW", 3)
    other = make_other_agency()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(8):
            make_plan(
                other["agency"],
                other["clerk"].user,
                parsed=parsed_copy(
                    symbol=f"KH-LD{n}", title=f"Ngày truyền thống ngành số {n}"
                ),
            )
        own = worked_plan(demo)
    ranked = services.ranked_ids("ngay truyen thong", ["plan"], limit=100)
    assert len(ranked) == 9
    hits = services.search(
        _viewer(demo, "vanphong"), "ngay truyen thong", kinds=["plan"]
    )
    assert [h.object_id for h in hits] == [own.pk]
