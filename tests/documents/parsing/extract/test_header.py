from __future__ import annotations

import pytest

from kehoach.documents.parsing.extract import extract
from kehoach.documents.parsing.types import ParsedDocument
from tests.documents.parsing.extract.txt_helper import raw_from_text

_TAIL = (
    "\n\nI. MỤC ĐÍCH\n\n1. Nội dung.\n\nNơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC\nNguyễn "
    "Văn An\n"
)


def _head(text: str) -> ParsedDocument:
    return extract(raw_from_text(text + _TAIL))


def test_header_two_columns_one_after_the_other() -> None:
    doc = _head(
        "UBND TỈNH ĐẮK NÔNG\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\n-------\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số: 123/KH-STTTT\n\nĐắk Nông, ngày 15 tháng 8 năm 2023\n\nKẾ HOẠCH\n"
        "Tổ chức các hoạt động kỷ niệm Ngày truyền thống ngành\nThông tin và Truyền "
        "thông năm 2023"
    )

    assert (doc.issuer.parent, doc.issuer.name) == (
        "UBND TỈNH ĐẮK NÔNG",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    )
    assert (doc.number, doc.symbol, doc.doc_type) == ("123", "KH-STTTT", "KH")
    assert (doc.place, doc.issued) == ("Đắk Nông", "2023-08-15")
    assert doc.title == (
        "Tổ chức các hoạt động kỷ niệm Ngày truyền thống ngành Thông tin và Truyền "
        "thông năm 2023"
    )


def test_header_interleaved_columns() -> None:
    doc = _head(
        "UBND TỈNH ĐẮK NÔNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ THÔNG TIN VÀ "
        "TRUYỀN THÔNG\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 123/KH-STTTT\nĐắk Nông, ngày 15 tháng 8 năm "
        "2023\n"
        "KẾ HOẠCH\nTổ chức Ngày truyền thống"
    )

    assert (doc.issuer.parent, doc.issuer.name) == (
        "UBND TỈNH ĐẮK NÔNG",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    )
    assert (doc.number, doc.place, doc.title) == (
        "123",
        "Đắk Nông",
        "Tổ chức Ngày truyền thống",
    )


def test_header_flattened_into_one_line() -> None:
    doc = _head(
        "UBND TỈNH ĐẮK NÔNG SỞ THÔNG TIN VÀ TRUYỀN THÔNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA "
        "VIỆT NAM "
        "Độc lập - Tự do - Hạnh phúc Số: 123/KH-STTTT Đắk Nông, ngày 15 tháng 8 năm "
        "2023 "
        "KẾ HOẠCH Tổ chức Ngày truyền thống"
    )

    assert (doc.issuer.parent, doc.issuer.name) == (
        "UBND TỈNH ĐẮK NÔNG",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
    )
    assert (doc.number, doc.symbol, doc.place, doc.issued) == (
        "123",
        "KH-STTTT",
        "Đắk Nông",
        "2023-08-15",
    )
    assert doc.title == "Tổ chức Ngày truyền thống"


def test_header_soft_wrapped_words_and_cong_van() -> None:
    # corpus 005: "VĂN" / "PHÒNG CHÍNH PHỦ", "CỘNG" / "HÒA XÃ HỘI…", V/v over two lines.
    doc = _head(
        "VĂN\nPHÒNG CHÍNH PHỦ\n--------\n\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 11298/VPCP-KTTH\nV/v: động lực tăng\n"
        "trưởng kinh tế năm 2025\n\nHà Nội, ngày 17 tháng 11 năm 2025\n\nKính gửi: Các "
        "Bộ"
    )

    assert (doc.issuer.parent, doc.issuer.name) == (None, "VĂN PHÒNG CHÍNH PHỦ")
    assert (doc.doc_type, doc.number, doc.symbol) == ("CV", "11298", "VPCP-KTTH")
    assert doc.title == "động lực tăng trưởng kinh tế năm 2025"


def test_header_party_style() -> None:
    doc = _head(
        "BAN CHẤP HÀNH TRUNG ƯƠNG\nBAN TUYÊN GIÁO VÀ DÂN VẬN\n*\n\nĐẢNG CỘNG SẢN VIỆT "
        "NAM\n"
        "---------------\n\nSố 37-HD/BTGDVTW\n\nHà Nội, ngày 19 tháng 11 năm 2025\n\n"
        "HƯỚNG DẪN\n\nVỀ VIỆC ĐỔI MỚI BẢN TIN SINH HOẠT CHI BỘ"
    )

    assert (doc.issuer.parent, doc.issuer.name) == (
        "BAN CHẤP HÀNH TRUNG ƯƠNG",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
    )
    assert (doc.number, doc.symbol, doc.doc_type) == ("37", "HD/BTGDVTW", "HD")
    assert doc.title == "VỀ VIỆC ĐỔI MỚI BẢN TIN SINH HOẠT CHI BỘ"


@pytest.mark.parametrize(
    ("number_line", "date_line", "number", "issued"),
    [
        (
            "Số: /KH-STTTT",
            "Đắk Nông, ngày tháng 8 năm 2023",
            None,
            "2023-08",
        ),  # draft 000
        ("Số: 012/CT-UBND", "Đắk Lắk, ngày 26 tháng 11 năm 2025", "012", "2025-11-26"),
        ("Số: ....../KH-UBND", "Đắk Lắk, ngày … tháng … năm 2025", None, "2025"),
        (
            "Số: 14/2011/QĐ-UBND",
            "Đắk Lắk, ngày 05 tháng 01 năm 2011",
            "14",
            "2011-01-05",
        ),
    ],
)
def test_header_number_and_reduced_precision_date(
    number_line: str, date_line: str, number: str | None, issued: str
) -> None:
    doc = _head(f"{number_line}\n\n{date_line}\n\nKẾ HOẠCH\nThử nghiệm")

    assert (doc.number, doc.issued) == (number, issued)


def test_header_issuer_lines_of_one_name_are_joined() -> None:
    doc = _head(
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA "
        "VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 172/KH-UBND\n\n"
        "Thành phố Hồ Chí Minh, ngày 18 tháng 11 năm 2025\n\nKẾ HOẠCH\n\nTRIỂN KHAI "
        "LUẬT VIỆC LÀM"
    )

    assert (doc.issuer.parent, doc.issuer.name) == (
        None,
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    )
    assert doc.place == "Thành phố Hồ Chí Minh"
    assert doc.title == "TRIỂN KHAI LUẬT VIỆC LÀM"
