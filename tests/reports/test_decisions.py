"""The issuance workflow on the leadership's agency dashboard: documents on
their way up and consultations past their deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kehoach.documents.consultation import close_consultation, start_consultation
from kehoach.documents.enums import DocumentStatus
from kehoach.documents.numbering import today
from kehoach.orgs.viewer import viewer_for
from kehoach.reports.decisions import decision_items
from tests.documents.helpers import advance, draft_plan, user
from tests.plans.helpers import make_other_agency, make_plan, parsed_copy
from tests.reports.helpers import count_queries

pytestmark = pytest.mark.django_db


def _at(demo: Any, status: str, title: str) -> Any:
    return advance(demo, draft_plan(demo, title=title), status)


def _items(demo: Any, who: str) -> list[tuple[str, str]]:
    viewer = viewer_for(user(demo, who))
    return [
        (i.kind, i.title)
        for i in decision_items(viewer)
        if not i.kind.startswith("task_")
    ]


def test_documents_on_their_way_up_wait_for_the_leadership(demo: Any) -> None:
    for status in DocumentStatus.DRAFT, DocumentStatus.SIGNED, DocumentStatus.ISSUED:
        _at(demo, status, f"Không chờ: {status}")
    _at(demo, DocumentStatus.REVIEW, "Chờ Văn phòng")
    _at(demo, DocumentStatus.LEADERSHIP, "Chờ duyệt")
    approved = _at(demo, DocumentStatus.APPROVED, "Chờ ký")
    other = make_other_agency()
    make_plan(
        other["agency"],
        other["clerk"].user,
        parsed=parsed_copy(symbol="KH-STTTTLD", title="Dự thảo Lâm Đồng"),
        status="draft",
    )
    assert _items(demo, "giamdoc") == [
        ("document_approved", "Chờ ký"),
        ("document_leadership", "Chờ duyệt"),
        ("document_review", "Chờ Văn phòng"),
    ]
    [item] = [
        i
        for i in decision_items(viewer_for(user(demo, "giamdoc")))
        if i.kind == "document_approved"
    ]
    assert (item.kind_label, item.url, item.badge) == (
        "Đã duyệt, chờ ký",
        f"/van-ban/{approved.pk}/",
        "approved",
    )
    # A unit member does not see the leadership's list.
    assert _items(demo, "canbo") == []


def test_open_consultations_past_their_deadline(demo: Any, time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2023, 8, 1, 9, tzinfo=dt.UTC), tick=False)
    late = draft_plan(demo, title="Dự thảo lấy ý kiến")
    consultation = start_consultation(
        late,
        actor=user(demo, "vanthu"),
        deadline=today() + dt.timedelta(days=3),
        unit_ids=[demo.units["cdcs"].pk, demo.units["vp"].pk],
    )
    closed = start_consultation(
        late,
        actor=user(demo, "vanthu"),
        deadline=today() + dt.timedelta(days=3),
        unit_ids=[demo.units["vp"].pk],
    )
    close_consultation(closed, actor=user(demo, "vanthu"))
    assert _items(demo, "giamdoc") == []
    time_machine.move_to(dt.datetime(2023, 8, 5, 9, tzinfo=dt.UTC), tick=False)
    viewer = viewer_for(user(demo, "giamdoc"))
    [item] = [i for i in decision_items(viewer) if i.kind == "consultation_overdue"]
    assert (item.title, item.url) == (
        "Dự thảo lấy ý kiến",
        f"/lay-y-kien/{consultation.pk}/",
    )
    assert item.detail == "Hạn 04/08/2023 · 0/2 ý kiến đã trả lời"


def test_agency_dashboard_shows_them_in_a_fixed_number_of_queries(
    demo: Any, login: Any
) -> None:
    _at(demo, DocumentStatus.LEADERSHIP, "Kế hoạch chờ duyệt thứ nhất")
    client = login("director")
    client.get("/tong-quan/")
    one = count_queries(lambda: client.get("/tong-quan/"))
    for n in range(3):
        _at(demo, DocumentStatus.APPROVED, f"Kế hoạch chờ ký {n}")
    many = count_queries(lambda: client.get("/tong-quan/"))
    assert one == many
    html = client.get("/tong-quan/").content.decode()
    assert "decision-document_leadership" in html
    assert html.count("decision-document_approved") == 3
    assert "badge-approved" in html
    assert "Kế hoạch chờ duyệt thứ nhất" in html
