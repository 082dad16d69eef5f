from __future__ import annotations

from kehoach.documents.parsing.extract.references import find_references


def _keys(
    text: str, own: tuple[str | None, str | None] = (None, None)
) -> list[tuple[str | None, str | None]]:
    return [(r.number, r.symbol) for r in find_references(text, own=own)]


def test_references_worked_example_citations() -> None:
    text = (
        "Thực hiện Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023 của Bộ Thông tin và Truyền "
        "thông "
        "về việc tổ chức; Công văn số 696/TTCS-VP ngày 07/8/2023 của Cục Thông tin cơ "
        "sở về việc."
    )

    refs = find_references(text)

    assert [(r.doc_type, r.number, r.symbol, r.issued, r.issuer) for r in refs] == [
        ("KH", "2863", "KH-BTTTT", "2023-07-18", "Bộ Thông tin và Truyền thông"),
        ("CV", "696", "TTCS-VP", "2023-08-07", "Cục Thông tin cơ sở"),
    ]
    assert (
        refs[0].text
        == "Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023 của Bộ Thông tin và Truyền thông"
    )


def test_references_party_legal_and_spaced_symbols() -> None:
    text = (
        "Nghị quyết số 12-NQ/TU ngày 25/5/2022 của Tỉnh ủy; Nghị định số "
        "30/2020/NĐ-CP; "
        "Luật Đầu tư số 45/2019/QH14; Chỉ thị số 50-CT/TW, ngày 23/7/2025 của Ban Bí "
        "thư; "
        "Thông tư số 44/2022/TT- BTC ngày 21/7/2022; Nghị quyết số 71/NQ -CP ngày "
        "01/4/2025."
    )

    assert _keys(text) == [
        ("12", "NQ/TU"),
        ("30", "2020/NĐ-CP"),
        ("45", "2019/QH14"),
        ("50", "CT/TW"),
        ("44", "2022/TT- BTC"),
        ("71", "NQ -CP"),
    ]


def test_references_each_once_in_order_without_own_number() -> None:
    text = (
        "Theo Quyết định số 1132/QĐ-TTg ngày 09/10/2024; Kế hoạch số 8124/KH-UBND; "
        "(sau đây gọi là Quyết định số 1132/QĐ-TTg); các Quyết định: số 36/QĐ-TTg ngày "
        "11/01/2024, số 1668/QĐ-TTg và Phương án 02600/PA-UBND ngày 18/8/2025."
    )

    assert _keys(text, own=("8124", "KH-UBND")) == [
        ("1132", "QĐ-TTg"),
        ("36", "QĐ-TTg"),
        ("1668", "QĐ-TTg"),
        ("02600", "PA-UBND"),
    ]


def test_references_ignore_year_ranges_and_uncited_laws() -> None:
    text = "giai đoạn 2021-2025, theo Luật Ngân sách nhà nước và tỷ lệ 24/7, ngày 30/8."

    assert _keys(text) == []


def test_references_type_word_nearest_the_number() -> None:
    text = (
        "đã họp nghe báo cáo công tác theo Chỉ thị số 45-CT/TW ngày 14/4/2025 của "
        "Bộ Chính trị và Kế hoạch số 20-KH/TU."
    )

    refs = find_references(text)

    assert refs[0].text == "Chỉ thị số 45-CT/TW ngày 14/4/2025 của Bộ Chính trị"
    assert refs[0].issuer == "Bộ Chính trị"
    assert refs[1].doc_type == "KH"
