from __future__ import annotations

import pytest

from kehoach.documents.parsing.extract.units import split_units


@pytest.mark.parametrize(
    ("text", "units"),
    [
        # corpus 000: ";" separates, the comma inside a collective stays.
        (
            "Các phòng, đơn vị; mời các doanh nghiệp ngành TTTT.",
            ["Các phòng, đơn vị", "mời các doanh nghiệp ngành TTTT"],
        ),
        # corpus 001: body words after a comma start units; "và các" too.
        (
            "Bảo hiểm xã hội Thành phố, Chi nhánh Ngân hàng Chính sách xã hội Thành "
            "phố, "
            "Trung tâm Dịch vụ việc làm Thành phố (Sở Nội vụ), Ủy ban nhân dân xã, "
            "phường, "
            "đặc khu và các cơ quan, đơn vị có liên quan.",
            [
                "Bảo hiểm xã hội Thành phố",
                "Chi nhánh Ngân hàng Chính sách xã hội Thành phố",
                "Trung tâm Dịch vụ việc làm Thành phố (Sở Nội vụ)",
                "Ủy ban nhân dân xã, phường, đặc khu",
                "các cơ quan, đơn vị có liên quan",
            ],
        ),
        (
            "Các sở, ngành có liên quan và UBND các xã, phường.",
            ["Các sở, ngành có liên quan", "UBND các xã, phường"],
        ),  # corpus 002
        (
            "Các Sở, ngành, đơn vị, UBND cấp xã.",
            ["Các Sở, ngành, đơn vị", "UBND cấp xã"],
        ),
        # Commas and "và" inside a name.
        (
            "Sở Nội vụ, Sở Giáo dục và Đào tạo, Sở Tài chính.",
            ["Sở Nội vụ", "Sở Giáo dục và Đào tạo", "Sở Tài chính"],
        ),
        (
            "Báo và Phát thanh, Truyền hình tỉnh; Sở Tư pháp, các cơ quan, đơn vị, "
            "địa phương.",
            [
                "Báo và Phát thanh, Truyền hình tỉnh",
                "Sở Tư pháp",
                "các cơ quan, đơn vị, địa phương",
            ],
        ),
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        # corpus 103: two "Sở" names run together without a comma.
        (
            "Sở Khoa học và Công nghệ Sở Công Thương; UBND các phường, xã",
            ["Sở Khoa học và Công nghệ", "Sở Công Thương", "UBND các phường, xã"],
        ),
        (
            "Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư",
            ["Doanh nghiệp", "nhà cung cấp dịch vụ IoT", "nhà đầu tư"],
        ),
        (
            "Doanh nghiệp, cộng đồng, tổ chức, cá nhân",
            ["Doanh nghiệp, cộng đồng, tổ chức, cá nhân"],
        ),
        # Parentheses are never split.
        (
            "các doanh nghiệp viễn thông (VNPT, Viettel, MobiFone và doanh nghiệp "
            "khác)",
            [
                "các doanh nghiệp viễn thông (VNPT, Viettel, MobiFone và doanh nghiệp "
                "khác)"
            ],
        ),
        (
            "Ban Quản lý các khu công nghệ cao và khu công nghiệp",
            ["Ban Quản lý các khu công nghệ cao và khu công nghiệp"],
        ),
        (
            "Ban chấp hành Công đoàn cơ sở Sở TTTT",
            ["Ban chấp hành Công đoàn cơ sở Sở TTTT"],
        ),
        ("", []),
    ],
)
def test_split_units(text: str, units: list[str]) -> None:
    assert split_units(text) == units
