from __future__ import annotations

import pytest

from kehoach.documents.parsing.extract.dates import document_year, find_date, parse_due


@pytest.mark.parametrize(
    ("text", "date", "kind", "start"),
    [
        ("trước ngày 25/8/2023", "2023-08-25", "before", None),  # corpus 000
        ("dự kiến ngày 25/8/2023", "2023-08-25", "planned", None),  # corpus 000
        ("ngày 15/9/2023", "2023-09-15", "on", None),
        ("vào ngày 15 tháng 9 năm 2023", "2023-09-15", "on", None),
        ("25-8-2023", "2023-08-25", "on", None),
        ("25.8.2023", "2023-08-25", "on", None),
        ("Quý III/2023", "2023-09-30", "period", None),
        ("Quý III Năm 2026", "2026-09-30", "period", None),  # corpus 103
        ("quý 3 năm 2023", "2023-09-30", "period", None),
        ("Tháng 12/2025.", "2025-12-31", "period", None),  # corpus 100
        ("tháng 9/2023", "2023-09-30", "period", None),
        ("6 tháng đầu năm 2024", "2024-06-30", "period", None),
        ("6 tháng cuối năm 2024", "2024-12-31", "period", None),
        ("năm 2025", "2025-12-31", "period", None),
        ("trong năm 2025", "2025-12-31", "period", None),
        ("giai đoạn 2025 - 2030", "2030-12-31", "period", "2025"),
        ("từ tháng 6 đến tháng 9/2023", "2023-09-30", "period", "2023-06-01"),
        (
            "Quý IV/2025- Quý II/2026",
            "2026-06-30",
            "period",
            "2025-10-01",
        ),  # corpus 103
        ("Trước ngày 30/9/2025", "2025-09-30", "before", None),
        ("chậm nhất ngày 10 tháng 10 năm 2025", "2025-10-10", "before", None),
    ],
)
def test_parse_due_dated_wording(
    text: str, date: str, kind: str, start: str | None
) -> None:
    due = parse_due(text)

    assert due is not None
    assert (due.date, due.kind, due.start) == (date, kind, start)
    assert due.text == text


@pytest.mark.parametrize(
    ("text", "kind", "start"),
    [
        ("Năm 2025 và các năm tiếp theo.", "recurring", "2025"),  # corpus 001
        (
            "Giai đoạn 2026-2030 và những năm tiếp theo.",
            "recurring",
            "2026",
        ),  # corpus 100
        ("Từ 01/7/2025.", "recurring", "2025-07-01"),  # corpus 100
        ("Hằng năm.", "recurring", None),
        ("hàng năm", "recurring", None),
        ("hằng quý", "recurring", None),
        ("định kỳ", "recurring", None),
        ("Thường xuyên, theo yêu cầu nhiệm vụ.", "recurring", None),
        ("Theo kế hoạch công tác tư pháp hàng năm.", "recurring", None),
        (
            "Theo tiến độ xây dựng dự thảo văn bản của cơ quan chủ trì soạn thảo.",
            "other",
            None,
        ),
        ("Sau khi Nghị định được ban hành.", "other", None),
        ("khi có yêu cầu", "other", None),
    ],
)
def test_parse_due_undated_wording(text: str, kind: str, start: str | None) -> None:
    due = parse_due(text)

    assert due is not None
    assert (due.date, due.kind, due.start) == (None, kind, start)


def test_parse_due_empty_is_none() -> None:
    assert parse_due("   ") is None


def test_find_date_rejects_impossible_dates() -> None:
    assert find_date("ngày 31/2/2025")[0] is None
    assert find_date("ngày 29 tháng 2 năm 2024")[0] == "2024-02-29"


@pytest.mark.parametrize(
    ("text", "date", "kind", "start"),
    [
        ("trước ngày 25/8", "2023-08-25", "before", None),
        ("Dự kiến ngày 25 tháng 8", "2023-08-25", "planned", None),
        ("Tháng 9", "2023-09-30", "period", None),
        ("Quý III", "2023-09-30", "period", None),
        ("6 tháng đầu năm", "2023-06-30", "period", None),
        ("từ 01/7 đến 30/9", "2023-09-30", "period", "2023-07-01"),
        # A year written in the text wins over the document's.
        ("trước ngày 25/8/2024", "2024-08-25", "before", None),
        ("Tháng 10 - 12/2024", "2024-12-31", "period", "2024-10-01"),
    ],
)
def test_parse_due_takes_the_documents_year_when_the_text_has_none(
    text: str, date: str, kind: str, start: str | None
) -> None:
    due = parse_due(text, 2023)
    assert due is not None
    assert (due.date, due.kind, due.start) == (date, kind, start)


@pytest.mark.parametrize("text", ["trước ngày 25/8", "Quý III", "Tháng 9"])
def test_parse_due_never_guesses_a_year(text: str) -> None:
    due = parse_due(text)
    assert due is not None
    assert (due.date, due.kind) == (None, "other")


@pytest.mark.parametrize("text", ["Theo tiến độ dự án", "Hằng năm", "Thường xuyên"])
def test_parse_due_year_does_not_date_undated_wording(text: str) -> None:
    due = parse_due(text, 2023)
    assert due is not None
    assert due.date is None


@pytest.mark.parametrize(
    ("issued", "title", "year"),
    [
        ("2022-12-28", "Kế hoạch công tác năm 2023", 2023),
        ("2023-08", "Kế hoạch tổ chức Hội thao", 2023),
        ("2023", "", 2023),
        (None, "Kế hoạch giai đoạn 2021 - 2025", None),
        (None, None, None),
    ],
)
def test_document_year(issued: str | None, title: str | None, year: int | None) -> None:
    assert document_year(issued, title) == year
