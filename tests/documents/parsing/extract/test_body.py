"""Body tree (sections), activities and duties on real snippets."""

from __future__ import annotations

from kehoach.documents.parsing.extract import extract
from kehoach.documents.parsing.types import ParsedDocument
from tests.documents.parsing.extract.txt_helper import raw_from_text

_HEAD = "Số: 1/KH-UBND\n\nHà Nội, ngày 01 tháng 01 năm 2025\n\nKẾ HOẠCH\nThử nghiệm\n\n"
_TAIL = "\n\nNơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC\nNguyễn Văn An\n"


def _doc(body: str) -> ParsedDocument:
    return extract(raw_from_text(_HEAD + body + _TAIL))


def test_sections_tree_labels_headings_paragraphs() -> None:
    doc = _doc(
        "Thực hiện Kế hoạch số 2/KH-BTTTT.\n\nI. MỤC ĐÍCH\n\n- Nâng cao nhận thức.\n\n"
        "II. NỘI DUNG\n\n1. Hoạt động\n\n1.1. Hội thao\n\na) Bóng đá\n\n+ Vòng loại\n\n"
        "Ghi chú chung.\n\n2. Tuyên truyền"
    )

    lead, one, two = doc.sections
    assert (lead.label, lead.paragraphs) == (
        None,
        ("Thực hiện Kế hoạch số 2/KH-BTTTT.",),
    )
    assert (one.label, one.heading) == ("I", "MỤC ĐÍCH")
    assert [(c.label, c.heading) for c in one.children] == [
        ("-", "Nâng cao nhận thức.")
    ]
    assert [c.label for c in two.children] == ["1", "2"]
    hoat_dong = two.children[0]
    assert hoat_dong.children[0].label == "1.1"
    bong_da = hoat_dong.children[0].children[0]
    assert (bong_da.label, bong_da.heading) == ("a", "Bóng đá")
    # A plain paragraph closes the bullets above it and belongs to the item,
    # after them: an unlabelled child keeps the document's order.
    assert [c.label for c in bong_da.children] == ["+", None]
    assert bong_da.paragraphs == ()
    assert bong_da.children[1].paragraphs == ("Ghi chú chung.",)


def test_activities_labelled_bullets_single_block_use_item_heading() -> None:
    doc = _doc(
        "III. NỘI DUNG\n\n3.1. Tri ân, thăm hỏi công chức.\n\n- Đơn vị chủ trì: Công "
        "đoàn cơ sở\n"
        "- Đơn vị phối hợp: Các phòng, đơn vị; mời các doanh nghiệp ngành TTTT.\n"
        "- Thời gian: dự kiến ngày 25/8/2023.\n- Kinh phí: xã hội hóa."
    )

    (act,) = doc.activities
    assert (act.ref, act.title, act.lead) == (
        "3.1",
        "Tri ân, thăm hỏi công chức",
        ("Công đoàn cơ sở",),
    )
    assert act.support == ("Các phòng, đơn vị", "mời các doanh nghiệp ngành TTTT")
    assert act.due is not None
    assert (act.due.date, act.due.kind) == (
        "2023-08-25",
        "planned",
    )
    assert act.funding == "xã hội hóa"


def test_activities_several_blocks_in_one_item_use_the_bullet_before() -> None:
    # corpus 100, item 4: labelled lines are plain paragraphs after bullets.
    doc = _doc(
        "III. NHIỆM VỤ\n\n4. Nâng cao năng lực\n\n- Tăng cường giáo dục chính trị.\n\n"
        "Đơn vị thực hiện: Các Sở, ngành.\n\n- Tổ chức tập huấn kỹ năng.\n\n"
        "Đơn vị chủ trì tham mưu thực hiện: Sở Tư pháp.\n\nThời gian thực hiện: Hằng "
        "năm.\n\n"
        "- Bồi dưỡng kiến thức.\n\nĐơn vị chủ trì: Sở Nội vụ.\n\nĐơn vị phối hợp: Sở "
        "Tư pháp; các cơ quan liên quan.\n\n"
        "Thời gian thực hiện: Tháng 12/2025."
    )

    assert [(a.ref, a.title, a.lead) for a in doc.activities] == [
        ("4", "Tổ chức tập huấn kỹ năng", ("Sở Tư pháp",)),
        ("4", "Bồi dưỡng kiến thức", ("Sở Nội vụ",)),
    ]
    assert doc.activities[1].support == ("Sở Tư pháp", "các cơ quan liên quan")
    due = doc.activities[1].due
    assert due is not None
    assert due.date == "2025-12-31"


def test_activities_inline_labels_and_lettered_refs() -> None:
    doc = _doc(
        "II. NHIỆM VỤ\n\n1. Phủ sóng 5G vùng sâu. Chủ trì: Sở Khoa học và Công nghệ; "
        "phối hợp: "
        "các doanh nghiệp viễn thông; thời gian: Quý III/2025.\n\n2. Triển lãm\n\n"
        "a) Trưng bày nền tảng số\n\n+ Chủ trì: Trung tâm Phục vụ hành chính công\n+ "
        "Thời hạn: tháng 10/2025"
    )

    assert [
        (a.ref, a.title, a.lead, a.due.date if a.due else None) for a in doc.activities
    ] == [
        ("1", "Phủ sóng 5G vùng sâu", ("Sở Khoa học và Công nghệ",), "2025-09-30"),
        (
            "2.a",
            "Trưng bày nền tảng số",
            ("Trung tâm Phục vụ hành chính công",),
            "2025-10-31",
        ),
    ]


def test_activities_execution_label_counts_only_with_chu_tri() -> None:
    # corpus 001 vs 002: "Cơ quan thực hiện: X chủ trì …" names a lead,
    # a bare list does not.
    doc = _doc(
        "II. NỘI DUNG\n\n1. Phổ biến Luật\n\n- Cơ quan thực hiện: Sở Nội vụ chủ trì "
        "tham mưu; Sở Tư pháp phối hợp.\n"
        "- Thời gian thực hiện: Năm 2025 và các năm tiếp theo.\n\n2. Rà soát văn "
        "bản\n\n"
        "- Cơ quan thực hiện: Sở Tư pháp; Sở Nội vụ.\n- Cơ quan phối hợp: Các sở, "
        "ngành."
    )

    assert [(a.ref, a.lead, a.support) for a in doc.activities] == [
        ("1", ("Sở Nội vụ",), ())
    ]


def test_activities_from_assignment_table_skip_group_rows() -> None:
    doc = _doc(
        "PHỤ LỤC\n\nSTT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian "
        "hoàn thành | Sản phẩm\n"
        "I | Hạ tầng |  |  |  | \n1 | Ngầm hóa cáp | Sở Xây dựng | Sở Công Thương, "
        "UBND các phường | Năm 2026 | Tuyến cáp\n"
        "2 | Dùng chung trạm | Các doanh nghiệp viễn thông | Sở Khoa học và Công nghệ "
        "| Thường xuyên | Báo cáo"
    )

    assert [(a.ref, a.title, a.lead, a.support) for a in doc.activities] == [
        ("1", "Ngầm hóa cáp", ("Sở Xây dựng",), ("Sở Công Thương", "UBND các phường")),
        (
            "2",
            "Dùng chung trạm",
            ("Các doanh nghiệp viễn thông",),
            ("Sở Khoa học và Công nghệ",),
        ),
    ]
    due = doc.activities[0].due
    assert due is not None
    assert due.date == "2026-12-31"


def test_duties_three_ways_of_addressing_units() -> None:
    # Snippets of corpus 000 and 202.
    doc = _doc(
        "IV. TỔ CHỨC THỰC HIỆN\n\n1. Các doanh nghiệp ngành TTTT trên địa bàn tỉnh: "
        "Căn cứ Kế hoạch này.\n\n"
        "2. Sở Nội vụ\n\na) Phối hợp kiểm tra.\n\nb) Báo cáo kết quả.\n\n"
        "3. Đề nghị Ban chấp hành Công đoàn cơ sở Sở TTTT tổ chức thông tin, tuyên "
        "truyền.\n\n"
        "4. Trung tâm Công nghệ thông tin và truyền thông tuyên truyền các hoạt "
        "động.\n\n"
        "5. Căn cứ nội dung Kế hoạch, các sở, ngành và Ủy ban nhân dân các xã, phường "
        "được phân công "
        "chủ trì thực hiện nhiệm vụ được giao tại Kế hoạch này có trách nhiệm xây dựng "
        "kế hoạch.\n\n"
        "6. Các cơ quan, đơn vị được giao chủ trì có trách nhiệm hoàn thành nhiệm vụ, "
        "các cơ quan "
        "phối hợp có trách nhiệm phối hợp.\n\n"
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh "
        "kịp thời./."
    )

    assert [(d.ref, d.units) for d in doc.duties] == [
        ("1", ("Các doanh nghiệp ngành TTTT trên địa bàn tỉnh",)),
        ("2", ("Sở Nội vụ",)),
        ("3", ("Ban chấp hành Công đoàn cơ sở Sở TTTT",)),
        ("4", ("Trung tâm Công nghệ thông tin và truyền thông",)),
        ("5", ("các sở, ngành", "Ủy ban nhân dân các xã, phường")),
        ("6", ("Các cơ quan, đơn vị được giao chủ trì", "các cơ quan phối hợp")),
    ]
    assert doc.duties[0].text == "Căn cứ Kế hoạch này."
    assert doc.duties[1].text == "a) Phối hợp kiểm tra. b) Báo cáo kết quả."
    # The closing paragraph belongs to the part, not to item 6.
    assert doc.duties[5].text.endswith("có trách nhiệm phối hợp.")


def test_duties_fall_back_to_unit_headed_items_without_implementation_part() -> None:
    # corpus 208: a Chỉ thị addresses its numbered items to units.
    doc = _doc(
        "1. Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các xã, phường\n\na) "
        "Thực hiện nghiêm.\n\n"
        "2. Sở Khoa học và Công nghệ\n\na) Bám sát nhiệm vụ."
    )

    assert [d.units for d in doc.duties] == [
        ("Thủ trưởng các sở, ban, ngành tỉnh", "Chủ tịch UBND các xã, phường"),
        ("Sở Khoa học và Công nghệ",),
    ]


def test_duties_none_for_items_not_addressed_to_units() -> None:
    doc = _doc(
        "1. Tại thời điểm tổng hợp dự toán, các địa phương đang sắp xếp.\n\n2. Về mức "
        "chi phí quản lý."
    )

    assert doc.duties == ()


def test_activity_deadline_without_a_year_is_in_the_plans_year() -> None:
    head = (
        "Số: 12/KH-STTTT\n\nĐắk Nông, ngày 28 tháng 12 năm 2022\n\nKẾ HOẠCH\n"
        "Tổ chức các hoạt động năm 2023\n\n"
    )
    body = (
        "II. NỘI DUNG\n\n1. Thăm hỏi cán bộ\n\n- Đơn vị chủ trì: Công đoàn cơ sở\n"
        "- Thời gian: trước ngày 25/8\n\n2. Hội thao\n\n- Đơn vị chủ trì: Văn phòng Sở\n"
        "- Thời gian: Quý III\n\n3. Tổng kết\n\n- Đơn vị chủ trì: Văn phòng Sở\n"
        "- Thời gian: Theo tiến độ chung"
    )
    doc = extract(raw_from_text(head + body + _TAIL))
    dues = [(a.due.date, a.due.kind) for a in doc.activities if a.due]
    assert dues == [("2023-08-25", "before"), ("2023-09-30", "period"), (None, "other")]
