import datetime as dt

import pytest

from kehoach.documents.models import Reference
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.plans.enums import PlanStatus, TaskStatus
from kehoach.plans.models import Activity, Plan, Task
from kehoach.plans.rollover import (
    roll_text,
    rollover_plan,
    rollover_preview,
    shift_date,
)
from tests.plans.helpers import PARSED, parsed_copy
from tests.reports.helpers import worked_plan

pytestmark = pytest.mark.django_db

SECTIONS = [
    {
        "label": "I",
        "heading": "Mục đích, ý nghĩa",
        "paragraphs": [
            "Là dịp để công chức, viên chức ôn lại truyền thống vẻ vang qua 78 năm "
            "xây dựng, trưởng thành của ngành TTTT.",
            "Thực hiện Nghị định số 30/2020/NĐ-CP và Kế hoạch số 2863/KH-BTTTT "
            "ngày 18/7/2023 của Bộ; giai đoạn 2021-2025.",
        ],
        "children": [],
    }
]


def _roll(text, year=2023):
    return roll_text(text, from_year=year, to_year=year + 1)[0]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Kế hoạch năm 2023", "Kế hoạch năm 2024"),
        ("trước ngày 25/8/2023", "trước ngày 25/8/2024"),
        ("Đắk Nông, ngày 05 tháng 8 năm 2023", "Đắk Nông, ngày 05 tháng 8 năm 2024"),
        ("qua 78 năm xây dựng", "qua 79 năm xây dựng"),
        ("kỷ niệm 78 năm Ngày truyền thống", "kỷ niệm 79 năm Ngày truyền thống"),
        ("trên 30 năm công tác", "trên 30 năm công tác"),
        ("Nghị định 30/2020/NĐ-CP", "Nghị định 30/2020/NĐ-CP"),
        (
            "Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023",
            "Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023",
        ),
        ("Công văn ngày 07/8/2023 của Cục", "Công văn ngày 07/8/2023 của Cục"),
        ("giai đoạn 2023-2025", "giai đoạn 2023-2025"),
        ("năm 2022 và năm 2023", "năm 2022 và năm 2024"),
    ],
)
def test_roll_text(old, new):
    assert _roll(old) == new


def test_roll_text_moves_29_february_and_says_why():
    text, edits = roll_text("dự kiến ngày 29/02/2024", from_year=2024, to_year=2025)
    assert text == "dự kiến ngày 28/02/2025"
    assert [(e.old, e.new) for e in edits] == [("29/02/2024", "28/02/2025")]
    assert shift_date(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert shift_date(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


def test_anniversary_reason_names_the_founding():
    _text, edits = roll_text("78 năm", from_year=2023, to_year=2024)
    assert "28/8/1945" in edits[0].reason


def _plan(demo):
    plan = worked_plan(demo, sections=SECTIONS)
    Task.objects.filter(activity__plan=plan).update(status=TaskStatus.DONE, percent=100)
    return plan


def test_rollover_plan_clones_a_draft_for_next_year(demo):
    plan = _plan(demo)
    new = rollover_plan(plan, actor=demo.people["vanphong"].user)
    new.refresh_from_db()
    assert (new.year, new.status, new.document.status, new.document.number) == (
        2024,
        PlanStatus.DRAFT,
        "draft",
        None,
    )
    assert new.document.title == PARSED["title"].replace("2023", "2024")
    paragraphs = new.document.body[0]["paragraphs"]
    assert "qua 79 năm xây dựng" in paragraphs[0]
    assert paragraphs[1] == SECTIONS[0]["paragraphs"][1]
    gratitude = Activity.objects.get(plan=new, label="3.1")
    assert (gratitude.due_date, gratitude.due_text) == (
        dt.date(2024, 8, 25),
        "trước ngày 25/8/2024",
    )
    old_tasks = list(
        Task.objects.filter(activity__plan=plan).values_list(
            "activity__label", "activity__kind", "unit_id", "role"
        )
    )
    new_tasks = Task.objects.filter(activity__plan=new)
    assert sorted(
        new_tasks.values_list("activity__label", "activity__kind", "unit_id", "role")
    ) == sorted(old_tasks)
    assert set(new_tasks.values_list("status", "percent")) == {(TaskStatus.TODO, 0)}
    assert list(
        Reference.objects.filter(document=new.document).values_list("text", "target")
    ) == list(
        Reference.objects.filter(document=plan.document).values_list("text", "target")
    )
    # The old plan is untouched.
    assert Task.objects.filter(
        activity__plan=plan, status=TaskStatus.DONE
    ).count() == len(old_tasks)


def test_rollover_preview_lists_every_change_and_writes_nothing(demo):
    plan = _plan(demo)
    count = Plan.objects.count()
    draft = rollover_preview(plan)
    assert Plan.objects.count() == count
    pairs = {(c.old, c.new) for c in draft.changes}
    assert ("25/08/2023", "25/08/2024") in pairs
    assert (PARSED["title"], draft.title) in pairs
    assert any("78 năm" in c.old and "79 năm" in c.new for c in draft.changes)
    assert draft.task_count == Task.objects.filter(activity__plan=plan).count()


def test_rollover_moves_29_february(demo):
    parsed = parsed_copy(issued="2024-02")
    parsed["activities"] = [
        {
            **PARSED["activities"][0],
            "due": {
                "text": "trước ngày 29/02/2024",
                "date": "2024-02-29",
                "start": None,
                "kind": "before",
            },
        }
    ]
    plan = worked_plan(
        demo, **{k: v for k, v in parsed.items() if k in {"issued", "activities"}}
    )
    assert plan.year == 2024
    new = rollover_plan(plan, actor=demo.people["giamdoc"].user)
    activity = Activity.objects.get(plan=new, label="3.1")
    assert (activity.due_date, activity.due_text) == (
        dt.date(2025, 2, 28),
        "trước ngày 28/02/2025",
    )


def test_rollover_is_for_those_who_draft_plans(demo):
    plan = _plan(demo)
    for who in ("congdoan", "canbo", "vnpt"):
        with pytest.raises(PermissionRefused):
            rollover_plan(plan, actor=demo.people[who].user)
    with pytest.raises(ActionRefused):
        rollover_plan(plan, actor=demo.people["giamdoc"].user, year=2023)
    assert Plan.objects.count() == 1


def test_rollover_twice_returns_the_same_plan(demo):
    plan = _plan(demo)
    first = rollover_plan(plan, actor=demo.people["vanphong"].user)
    again = rollover_plan(plan, actor=demo.people["giamdoc"].user)
    assert again == first
    assert Plan.objects.filter(year=2024).count() == 1


def test_rollover_pages(demo, login):
    plan = _plan(demo)
    client = login("office")
    html = client.get(f"/ke-hoach/{plan.pk}/nam-sau/").content.decode()
    assert "<del>" in html
    assert "79 năm" in html
    assert 'id="rollover-confirm"' in html
    assert Plan.objects.count() == 1
    response = client.post(f"/ke-hoach/{plan.pk}/nam-sau/", {"year": "2024"})
    new = Plan.objects.get(year=2024)
    assert response["Location"] == f"/ke-hoach/{new.pk}/"
    assert login("union_head").get(f"/ke-hoach/{plan.pk}/nam-sau/").status_code == 404
    assert (
        login("center_member").post(f"/ke-hoach/{plan.pk}/nam-sau/").status_code == 404
    )
