"""Any text gives a ParsedDocument quickly; no text gives ParseError("empty")."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kehoach.documents.parsing.extract import extract
from kehoach.documents.parsing.types import Paragraph, ParseError, RawDocument, Table
from tests.documents.parsing.extract.txt_helper import raw_from_text
from tests.documents.parsing.helpers import growth, hang_guard

CORPUS = Path(__file__).resolve().parents[3] / "fixtures" / "documents" / "corpus"


def test_extract_empty_document_raises_parse_error() -> None:
    with pytest.raises(ParseError) as err:
        extract(RawDocument(blocks=(Paragraph(""), Paragraph("   ")), format="txt"))

    assert err.value.code == "empty"


@pytest.mark.parametrize("seed", range(20))
def test_extract_survives_shuffled_and_truncated_lines(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 -- reproducible shuffles, not secrets
    path = rng.choice(sorted(CORPUS.glob("*.txt")))
    lines = path.read_text(encoding="utf-8").split("\n")
    rng.shuffle(lines)
    lines = lines[: rng.randint(1, len(lines))]
    lines = [
        ln[: rng.randint(0, len(ln))] if rng.random() < 0.3 else ln for ln in lines
    ]

    doc = extract(raw_from_text("\n".join(lines) + "\nx"))

    assert doc.to_dict()["schema"] == "kehoach.document/1"


@pytest.mark.parametrize(
    "text",
    [
        "Số:",
        "Nơi nhận:",
        "- Lưu:",
        "KT.",
        "TM. ỦY BAN NHÂN DÂN",
        "1.",
        "a)",
        "-",
        "|",
        "Số: 1/",
        "ngày tháng năm 2025",
        "V/v",
        "KẾ HOẠCH",
        "Quý IV/",
        "(((((",
        "Điều",
        "số 12/KH- ngày 1/1/",
        "Chủ trì: ; phối hợp: ;",
        "Phần I",
        "I.",
    ],
)
def test_extract_fragments_do_not_crash(text: str) -> None:
    doc = extract(raw_from_text(text))

    assert isinstance(doc.to_dict(), dict)


def test_extract_table_only_document() -> None:
    raw = RawDocument(
        blocks=(Table((("STT", "Nội dung", "Chủ trì"), ("1", "Việc", "Sở A"))),),
        format="docx",
    )

    doc = extract(raw)

    assert [a.lead for a in doc.activities] == [("Sở A",)]


def _long_plan(copies: int) -> str:
    """100.txt with its body (I. … to the signature) repeated."""
    text = (CORPUS / "100.txt").read_text(encoding="utf-8")
    head, _, body = text.partition("I. MỤC ĐÍCH")
    body = body.split("Nơi nhận:")[0]
    return (
        head
        + "".join(f"I. MỤC ĐÍCH{body}" for _ in range(copies))
        + "\nNơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC\nNguyễn Văn An\n"
    )


def test_extract_two_megabyte_plan_keeps_every_part() -> None:
    text = _long_plan(2_000_000 // len(_long_plan(1)) + 1)
    assert len(text.encode("utf-8")) > 2_000_000

    doc = extract(raw_from_text(text))

    assert len(doc.activities) > 100
    assert doc.signer.name == "Nguyễn Văn An"


# Work is counted (function calls), not timed: the count does not depend on the
# machine's load, and a step that rescans what it has already seen makes it
# grow faster than the input. Speed itself is measured in bench/parse.py.


def test_extract_work_is_linear_in_a_long_plan() -> None:
    ratio = growth(lambda n: raw_from_text(_long_plan(n)), extract, 4)

    assert ratio < 4.4


def test_extract_work_is_linear_in_long_lists() -> None:
    head = "KẾ HOẠCH\nThử\n\nI. NỘI DUNG\n\n"
    shapes = {
        "duties": lambda n: (
            head
            + "IV. TỔ CHỨC THỰC HIỆN\n\n"
            + "".join(
                f"{i}. Sở Nội vụ chủ trì, phối hợp với các cơ quan, đơn vị thực hiện "
                "nhiệm vụ; báo cáo trước ngày 15/12/2025.\n\n"
                for i in range(1, 60 * n)
            )
        ),
        "table": lambda n: (
            head
            + "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian\n"
            + "".join(
                f"{i} | Việc {i} | Sở Tư pháp | Sở Tài chính; UBND các xã | Quý IV/2025\n"
                for i in range(1, 60 * n)
            )
        ),
        "recipients": lambda n: (
            head
            + "1. Việc.\n\nNơi nhận:\n"
            + "".join(f"- Ủy ban nhân dân xã số {i} (b/c);\n" for i in range(60 * n))
            + "- Lưu: VT.\n\nGIÁM ĐỐC\nNguyễn Văn An\n"
        ),
        "citations": lambda n: (
            "KẾ HOẠCH\nThử\n\nCăn cứ "
            + "".join(
                f"Quyết định số {i}/QĐ-UBND ngày 12/3/2024 của UBND tỉnh; "
                for i in range(1, 60 * n)
            )
            + "\n\n1. Việc.\n"
        ),
        "wrapped paragraph": lambda n: (
            head
            + "\n".join(
                "tổ chức triển khai thực hiện các nhiệm vụ được giao theo kế hoạch"
                for _ in range(60 * n)
            )
        ),
    }
    ratios = {
        name: growth(lambda n, make=make: raw_from_text(make(n)), extract, 2)
        for name, make in shapes.items()
    }

    assert all(r < 4.4 for r in ratios.values()), ratios


NASTY = {
    "digits": lambda n: "1" * n,
    "body words": lambda n: "Sở " * (n // 3),
    "citations": lambda n: "Căn cứ " + "Quyết định số 1/" * (n // 16),
    "commas": lambda n: "a, " * (n // 3) + "và",
    "dashes": lambda n: "-" * n,
    "brackets": lambda n: "(" * (n // 2) + "Chủ trì: " + ")" * (n // 2),
    "dates": lambda n: "ngày " * (n // 5),
    "field name": lambda n: "Đơn vị chủ trì" + " x" * (n // 2) + ":",
}


@pytest.mark.parametrize("name", sorted(NASTY))
def test_extract_pathological_lines_are_linear(name: str) -> None:
    def raw(n: int) -> RawDocument:
        return raw_from_text("KẾ HOẠCH\nThử\n\n1. Việc\n\n" + NASTY[name](n))

    with hang_guard():  # what counting calls cannot see: a runaway pattern
        ratio = growth(raw, extract, 20_000)

    assert ratio < 4.4


def test_long_unit_list_is_split_without_rescanning() -> None:
    """Each separator looks only at the words around it: a list of 100 000
    names is split in well under a second, not in hours."""
    from kehoach.documents.parsing.extract.units import split_units

    names = ["UBND các xã có di tích"] + ["di tích"] * 50_000
    names += [f"Sở {i}" for i in range(1, 50_000)]

    with hang_guard():
        units = split_units(", ".join(names))

    assert len(units) == 50_000
