"""The rules added after the first run on the unseen documents
(tests/fixtures/documents/unseen), each on a short snippet of the shape
that failed."""

from __future__ import annotations

import pytest

from kehoach.documents.parsing.extract import extract
from kehoach.documents.parsing.extract.dates import parse_due
from kehoach.documents.parsing.extract.lines import Line, unwrap
from kehoach.documents.parsing.extract.references import find_references
from kehoach.documents.parsing.extract.units import split_units
from kehoach.documents.parsing.types import ParsedDocument
from tests.documents.parsing.extract.txt_helper import raw_from_text

_HEAD = "Số: 1/KH-UBND\n\nHà Nội, ngày 01 tháng 01 năm 2025\n\nKẾ HOẠCH\nThử nghiệm\n\n"
_TAIL = "\n\nNơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC\nNguyễn Văn An\n"


def _doc(body: str, head: str = _HEAD, tail: str = _TAIL) -> ParsedDocument:
    return extract(raw_from_text(head + body + tail))


# --- header ------------------------------------------------------------------


@pytest.mark.parametrize("opening", ["Triển khai", "Thực hiện", "Tổ chức"])
def test_title_may_begin_like_a_body_sentence(opening: str) -> None:
    doc = extract(
        raw_from_text(
            "Số: 18/KH-SKHCN\nQuảng Trị, ngày 05 tháng 01 năm 2026\n"
            f"KẾ HOẠCH\n{opening} nhiệm vụ chuyển đổi số năm 2026\n\n"
            "Căn cứ Quyết định 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ;\n"
        )
    )

    assert doc.title == f"{opening} nhiệm vụ chuyển đổi số năm 2026"
    assert [r.number for r in doc.references] == ["749"]


def test_lead_in_sentence_after_the_title_stays_body() -> None:
    doc = extract(
        raw_from_text(
            "Số: 2/KH-UBND\nHà Nội, ngày 01 tháng 01 năm 2025\nKẾ HOẠCH\n"
            "Tổ chức Ngày hội\n\nThực hiện Kế hoạch số 5/KH-BTTTT, Sở ban hành "
            "Kế hoạch như sau:\n\nI. MỤC ĐÍCH\n"
        )
    )

    assert doc.title == "Tổ chức Ngày hội"


# --- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("06 tháng đầu năm 2026", "2026-06-30"),
        ("Trong 06 tháng cuối năm 2025", "2025-12-31"),
        ("sáu tháng đầu năm 2026", "2026-06-30"),
    ],
)
def test_half_year_with_a_leading_zero(text: str, date: str) -> None:
    due = parse_due(text)

    assert due is not None
    assert (due.date, due.kind) == (date, "period")


@pytest.mark.parametrize(
    ("text", "date", "start", "kind"),
    [
        ("Tháng 10-12/2025", "2025-12-31", "2025-10-01", "period"),
        ("từ tháng 9 đến tháng 10/2025", "2025-10-31", "2025-09-01", "period"),
        ("Quý I, II/2026", "2026-06-30", "2026-01-01", "period"),
        ("Quý III và Quý IV năm 2025", "2025-12-31", "2025-07-01", "period"),
        ("Tháng 9/2025 (dự kiến)", "2025-09-30", None, "planned"),
        ("ngày 10-12-2025", "2025-12-10", None, "on"),  # a date, not a range
        ("Từ tháng 10/2025", None, "2025-10-01", "recurring"),  # open-ended
    ],
)
def test_ranges_of_months_and_quarters(
    text: str, date: str | None, start: str | None, kind: str
) -> None:
    due = parse_due(text)

    assert due is not None
    assert (due.date, due.start, due.kind) == (date, start, kind)


# --- activities ----------------------------------------------------------------


def test_inline_fields_separated_by_en_dashes_and_a_task_label() -> None:
    doc = _doc(
        "II. NHIỆM VỤ\n\n1. Tuyên truyền\n\na) Nhiệm vụ: Biên soạn tài liệu tuyên "
        "truyền – Cơ quan chủ trì: Phòng Văn hóa và Thông tin huyện – Cơ quan phối "
        "hợp: Công an huyện, UBND các xã – Thời hạn: Trong tháng 10/2024 – Sản "
        "phẩm: Tài liệu được phát hành."
    )

    (act,) = doc.activities
    assert act.ref == "1.a"
    assert act.title == "Biên soạn tài liệu tuyên truyền"
    assert act.lead == ("Phòng Văn hóa và Thông tin huyện",)
    assert act.support == ("Công an huyện", "UBND các xã")
    assert act.due is not None
    assert act.due.date == "2024-10-31"


def test_table_with_a_doing_unit_column_and_no_lead_column() -> None:
    doc = _doc(
        "PHỤ LỤC\n\nTT | Nội dung công việc | Thời gian | Đơn vị thực hiện | "
        "Đơn vị phối hợp | Ghi chú\n1 | Tập huấn cán bộ quản lý | Tháng 10/2025 | "
        "Phòng Tổ chức cán bộ | Phòng Giáo dục phổ thông | Trực tuyến\n"
    )

    (act,) = doc.activities
    assert (act.ref, act.title) == ("1", "Tập huấn cán bộ quản lý")
    assert act.lead == ("Phòng Tổ chức cán bộ",)
    assert act.support == ("Phòng Giáo dục phổ thông",)


def test_table_cell_that_merely_mentions_doing_is_not_a_header() -> None:
    doc = _doc(
        "STT | TIÊU CHÍ | ĐIỂM\n1 | Đơn vị đã thực hiện đạt tỷ lệ 100% | 5\n"
        "2 | Đơn vị thực hiện | 3\n"
    )

    assert doc.activities == ()


def test_table_broken_by_a_page_caption_goes_on() -> None:
    doc = _doc(
        "PHỤ LỤC\n\nSTT | Nhiệm vụ | Đơn vị chủ trì | Thời hạn\n"
        "1 | Khảo sát vị trí trạm | Sở Xây dựng | Quý I/2026\n\nTrang 2/3\n\n"
        "2 | Nâng cấp mạng | Viễn thông tỉnh | Quý II/2026\n"
        "3 | Diễn tập | Công an tỉnh | Năm 2026\n\n"
        "Bảng này được cập nhật hằng quý theo báo cáo của các đơn vị.\n\n"
        "1 | Không phải nhiệm vụ | Ghi chú | x\n2 | Bảng khác | Ghi chú | y\n"
    )

    assert [(a.ref, a.lead) for a in doc.activities] == [
        ("1", ("Sở Xây dựng",)),
        ("2", ("Viễn thông tỉnh",)),
        ("3", ("Công an tỉnh",)),
    ]


# --- duties --------------------------------------------------------------------


def test_thong_bao_item_that_assigns_tasks_gives_the_duties() -> None:
    doc = _doc(
        "1. Đánh giá cao sự chủ động của các đơn vị.\n\n2. Giao nhiệm vụ cụ thể:\n\n"
        "a) Sở Tài chính: Tham mưu bố trí vốn trong tháng 12/2025.\n\n"
        "b) Công an tỉnh: Thẩm định phương án bảo đảm an ninh mạng.",
        head="Số: 684/TB-VP\n\nLâm Đồng, ngày 24 tháng 11 năm 2025\n\nTHÔNG BÁO\n"
        "Kết luận của Phó Chủ tịch UBND tỉnh\n\n",
    )

    assert [(d.ref, d.units) for d in doc.duties] == [
        ("a", ("Sở Tài chính",)),
        ("b", ("Công an tỉnh",)),
    ]
    assert doc.duties[0].text == "Tham mưu bố trí vốn trong tháng 12/2025."


# --- a plan attached after the decision that issues it -------------------------

_DECISION = (
    "Số: 2875/QĐ-UBND\n\nHà Tĩnh, ngày 10 tháng 11 năm 2025\n\nQUYẾT ĐỊNH\n"
    "Ban hành Kế hoạch thử nghiệm\n\nCăn cứ Nghị định số 69/2024/NĐ-CP ngày "
    "25/6/2024 của Chính phủ;\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Ban hành kèm theo Quyết "
    "định này Kế hoạch thử nghiệm.\n\nĐiều 2. Quyết định này có hiệu lực kể từ "
    "ngày ký./.\n\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\n"
    "PHÓ CHỦ TỊCH\n\nTrần Văn Bình\n\n"
)
_PLAN = (
    "KẾ HOẠCH\n\nThử nghiệm\n\n(Ban hành kèm theo Quyết định số 2875/QĐ-UBND "
    "ngày 10 tháng 11 năm 2025 của Chủ tịch UBND tỉnh)\n\nI. NHIỆM VỤ\n\n"
    "1. Làm sạch dữ liệu dân cư theo Quyết định số 06/QĐ-TTg\n\n"
    "- Đơn vị chủ trì: Sở Tư pháp.\n\n- Thời gian hoàn thành: Quý II/2026.\n\n"
    "II. TỔ CHỨC THỰC HIỆN\n\n1. Sở Tài chính tham mưu bố trí kinh phí.\n\n"
    "2. Công an tỉnh theo dõi, đôn đốc việc thực hiện.\n"
)


def test_plan_printed_after_the_decision_gives_activities_and_duties() -> None:
    doc = extract(raw_from_text(_DECISION + _PLAN))

    assert (doc.doc_type, doc.number, doc.title) == (
        "QĐ",
        "2875",
        "Ban hành Kế hoạch thử nghiệm",
    )
    assert doc.signer.name == "Trần Văn Bình"
    assert [(a.ref, a.lead) for a in doc.activities] == [("1", ("Sở Tư pháp",))]
    assert [d.units for d in doc.duties] == [("Sở Tài chính",), ("Công an tỉnh",)]
    # Its citations count; the caption citing the decision itself does not.
    assert [r.number for r in doc.references] == ["69", "06"]


def test_appendix_without_a_caption_is_not_an_attached_document() -> None:
    doc = extract(
        raw_from_text(_DECISION + _PLAN.replace("(Ban hành kèm theo", "Ghi chú: theo"))
    )

    assert doc.duties == ()


# --- citations -----------------------------------------------------------------


def test_footnote_after_the_signature_is_cited() -> None:
    doc = _doc(
        "I. KẾT QUẢ\n\nĐã kiện toàn Tổ công nghệ số cộng đồng[1].",
        tail=_TAIL + "\n[1] Quyết định số 42/QĐ-UBND ngày 15/7/2025 của UBND xã.\n",
    )

    assert [(r.number, r.symbol) for r in doc.references] == [("42", "QĐ-UBND")]


def test_number_before_a_dash_and_a_word_is_no_citation() -> None:
    text = "thực hiện Đề án 06 - Đơn vị chủ trì: Công an tỉnh; Kế hoạch số 7/KH-UB"

    assert [(r.number, r.symbol) for r in find_references(text)] == [("7", "KH-UB")]


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        # a line ended after the symbol, the next began with a dash
        ("Quyết định số 06/QĐ-TTg - Đơn vị chủ trì", ("06", "QĐ-TTg", None)),
        # crawled text lost the space after the symbol
        (
            "Kế hoạch số 12/KH-UBNDngày 5/3/2025 của UBND tỉnh",
            ("12", "KH-UBND", "2025-03-05"),
        ),
        ("Quyết định số 9/QĐ-TTgvề việc", ("9", "QĐ-TTg", None)),
    ],
)
def test_symbol_running_into_the_next_word(
    text: str, cited: tuple[str, str, str | None]
) -> None:
    (ref,) = find_references(text)

    assert (ref.number, ref.symbol, ref.issued) == cited


# --- units ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "units"),
    [
        (
            "Công an huyện; Hội Liên hiệp Phụ nữ huyện, Huyện đoàn",
            ["Công an huyện", "Hội Liên hiệp Phụ nữ huyện", "Huyện đoàn"],
        ),
        (
            "Công an xã, Chi hội Cựu chiến binh các thôn",
            ["Công an xã", "Chi hội Cựu chiến binh các thôn"],
        ),
        (
            "Thủ trưởng các đơn vị trực thuộc, Hiệu trưởng các trường THPT",
            ["Thủ trưởng các đơn vị trực thuộc", "Hiệu trưởng các trường THPT"],
        ),
        ("Văn phòng HĐND và UBND xã", ["Văn phòng HĐND và UBND xã"]),
        ("Sở Tư pháp và UBND các xã", ["Sở Tư pháp", "UBND các xã"]),
        (
            "UBND các xã, phường có điểm du lịch, di tích",
            ["UBND các xã, phường có điểm du lịch, di tích"],
        ),
        (
            "Các đơn vị có liên quan, các doanh nghiệp",
            ["Các đơn vị có liên quan", "các doanh nghiệp"],
        ),
        ("Trưởng các thôn, buôn", ["Trưởng các thôn, buôn"]),
    ],
)
def test_split_units_new_heads_and_clauses(text: str, units: list[str]) -> None:
    assert split_units(text) == units


# --- lines ---------------------------------------------------------------------


def test_wrapped_rest_of_a_quarter_joins_its_line() -> None:
    """Hard-wrapped at 80 columns, "Quý" / "I/2026." split over two lines:
    the one-letter rest has no case to tell it from a heading."""
    filler = (
        "Các cơ quan, đơn vị tổ chức thực hiện các nhiệm vụ được giao theo kế hoạch"
    )
    lines = [Line(filler + " này") for _ in range(8)]
    lines.append(
        Line("Chủ trì: Ban Tuyên giáo; phối hợp: Văn phòng Đảng ủy; thời gian: Quý")
    )
    lines.append(Line("I/2026."))

    out = unwrap(lines)

    assert out[-1].text.endswith("thời gian: Quý I/2026.")
