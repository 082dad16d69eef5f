import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kehoach.documents import registers
from kehoach.documents.enums import DocumentStatus, RegisterKind
from kehoach.documents.numbering import today
from tests.documents.helpers import advance, draft_plan
from tests.documents.test_incoming import ministry_plan, register

pytestmark = pytest.mark.django_db


def test_outgoing_register_has_appendix_iv_fields(demo):
    document = advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    [row] = registers.register_rows(
        registers.register_documents(demo.department.pk, RegisterKind.OUTGOING),
        RegisterKind.OUTGOING,
    )
    cells = row.cells
    assert cells[0] == "01/KH-STTTT"
    assert cells[1] == today()
    assert cells[2].startswith("Kế hoạch: Tổ chức các hoạt động")
    assert cells[3] == "Trần Văn Thương"
    assert "Bộ TTTT (b/c)" in cells[4]
    assert cells[5] == "VT, VP"
    assert cells[6] == 6 + 2
    assert row.document == document


def test_register_search_ignores_diacritics(demo, login):
    advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    client = login("office")
    found = client.get(
        "/so-van-ban/outgoing/", {"q": "ngay truyen thong"}
    ).content.decode()
    missing = client.get(
        "/so-van-ban/outgoing/", {"q": "chuyen doi so"}
    ).content.decode()
    assert "01/KH-STTTT" in found
    assert "01/KH-STTTT" not in missing


def test_register_export_xlsx_has_vietnamese_headers_and_dates(demo, login):
    advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    response = login("office").get("/so-van-ban/outgoing/xlsx/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[4]][:3] == [
        "Số, ký hiệu",
        "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung",
    ]
    assert sheet["A5"].value == "01/KH-STTTT"
    assert sheet["B5"].number_format == "DD/MM/YYYY"
    assert sheet["B5"].value.date() == today()


def test_incoming_register_lists_arrival_number_and_handlers(demo):
    from kehoach.documents import incoming
    from tests.documents.helpers import user

    document = register(demo)
    incoming.direct_incoming(
        document,
        actor=user(demo, "giamdoc"),
        note="Công đoàn chủ trì",
        lead_unit_ids=[demo.units["cdcs"].pk],
    )
    [row] = registers.register_rows(
        registers.register_documents(demo.department.pk, RegisterKind.INCOMING),
        RegisterKind.INCOMING,
    )
    assert row.cells[:4] == [
        today(),
        1,
        "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
        "2863/KH-BTTTT",
    ]
    assert row.cells[6] == "Công đoàn cơ sở Sở Thông tin và Truyền thông"


def test_recalled_document_is_marked_in_the_register(demo):
    from kehoach.documents import workflow
    from tests.documents.helpers import user

    document = advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    workflow.recall_document(document, actor=user(demo, "giamdoc"), comment="Sai")
    [row] = registers.register_rows(
        registers.register_documents(demo.department.pk, RegisterKind.OUTGOING),
        RegisterKind.OUTGOING,
    )
    assert row.recalled
    assert row.cells[9] == "Đã thu hồi"


def test_unit_member_cannot_read_registers(demo, login):
    assert login("center_member").get("/so-van-ban/outgoing/").status_code == 404
    assert login("enterprise").get("/so-van-ban/incoming/").status_code == 404


@pytest.mark.parametrize("kind", ["outgoing", "incoming"])
def test_register_page_query_count_does_not_grow(demo, login, kind):
    client = login("office")

    def add(n):
        for index in range(n):
            if kind == "outgoing":
                advance(
                    demo, draft_plan(demo, title=f"KH {index}"), DocumentStatus.ISSUED
                )
            else:
                register(demo, ministry_plan(number=str(100 + index)))

    add(1)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/so-van-ban/{kind}/")
    add(2)
    with CaptureQueriesContext(connection) as three:
        html = client.get(f"/so-van-ban/{kind}/").content.decode()
    assert len(three) == len(one)
    assert html.count("<tr") == 4


def test_register_filter_by_htmx_returns_only_rows(demo, login):
    advance(demo, draft_plan(demo), DocumentStatus.ISSUED)
    response = login("office").get(
        "/so-van-ban/outgoing/",
        {"q": "truyen thong", "doc_type": "KH"},
        headers={"HX-Request": "true", "HX-Target": "register-rows"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="register-rows">')
    assert "01/KH-STTTT" in html
    other = login("office").get(
        "/so-van-ban/outgoing/",
        {"doc_type": "QĐ"},
        headers={"HX-Request": "true", "HX-Target": "register-rows"},
    )
    assert "01/KH-STTTT" not in other.content.decode()
