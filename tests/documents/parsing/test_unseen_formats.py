"""Two of the unseen documents (u01: a Sở plan with a Phụ lục table; u06: a
Thông báo kết luận signed TL. + KT.) in the shapes they arrive in besides
TXT: a Word file laid out as a clerk does it (header and signature in
borderless two-column tables, the appendix as a Word table), a born-digital
PDF with the two-column header and closing part, and a scan read by OCR.
Each must parse as its TXT does, field by field as the scorer counts."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kehoach.documents.parsing import parse_bytes
from tests.documents.parsing import helpers
from tests.documents.parsing.scoring import differences

UNSEEN = Path(__file__).resolve().parents[2] / "fixtures" / "documents" / "unseen"

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Debian tesseract-ocr not installed"
)


@dataclass
class Layout:
    """A TXT document cut into the parts a layout places differently."""

    header: list[tuple[list[str], list[str]]]  # rows of (left cell, right cell)
    body: list[str | list[list[str]]]  # paragraphs and tables, in order
    closing: tuple[list[str], list[str]]  # (Nơi nhận, signature)
    rest: list[str | list[list[str]]] = field(default_factory=list)


def _rule(line: str) -> bool:
    return bool(line) and set(line) <= set("-*")


def _with_tables(lines: list[str]) -> list[str | list[list[str]]]:
    out: list[str | list[list[str]]] = []
    for line in lines:
        if " | " in line:
            row = [cell.strip() for cell in line.split("|")]
            if out and isinstance(out[-1], list):
                out[-1].append(row)
            else:
                out.append([row])
        elif line.strip():
            out.append(line)
    return out


def layout(text: str) -> Layout:
    lines = [ln.rstrip() for ln in text.splitlines()]
    motto = next(i for i, ln in enumerate(lines) if ln.startswith("CỘNG HÒA"))
    number = next(i for i, ln in enumerate(lines) if ln.startswith("Số"))
    date = next(i for i, ln in enumerate(lines) if ", ngày " in ln)
    issuer = [ln for ln in lines[:motto] if ln.strip() and not _rule(ln)]
    mottos = [ln for ln in lines[motto:number] if ln.strip() and not _rule(ln)]
    noi_nhan = lines.index("Nơi nhận:")
    lower = next(
        i for i in range(noi_nhan + 1, len(lines)) if lines[i].startswith("- Lưu")
    )
    name = next(
        i
        for i in range(lower + 1, len(lines))
        if lines[i].strip() and not lines[i].isupper()
    )
    signature = [ln for ln in lines[lower + 1 : name + 1] if ln.strip()]
    return Layout(
        header=[(issuer, mottos), ([lines[number]], [lines[date]])],
        body=_with_tables(lines[date + 1 : noi_nhan]),
        closing=(lines[noi_nhan : lower + 1], signature),
        rest=_with_tables(lines[name + 1 :]),
    )


def build_docx(doc: Layout) -> bytes:
    import docx

    document = docx.Document()

    def grid(rows: list[tuple[list[str], list[str]]]) -> None:
        table = document.add_table(rows=len(rows), cols=2)
        for r, cells in enumerate(rows):
            for c, cell_lines in enumerate(cells):
                cell = table.cell(r, c)
                cell.paragraphs[0].text = cell_lines[0]
                for line in cell_lines[1:]:
                    cell.add_paragraph(line)

    def flow(items: list[str | list[list[str]]]) -> None:
        for item in items:
            if isinstance(item, str):
                document.add_paragraph(item)
                continue
            table = document.add_table(rows=len(item), cols=len(item[0]))
            table.style = "Table Grid"
            for r, row in enumerate(item):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value

    grid(doc.header)
    flow(doc.body)
    grid([doc.closing])
    flow(doc.rest)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_pdf(doc: Layout) -> bytes:
    """Printed as a word processor does: the header and the closing part in
    two columns, the body across the page, tables ruled."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 18)
    pdf.add_font("Serif", fname=str(helpers.font_path()))
    pdf.set_font("Serif", size=11)
    pdf.add_page()
    usable = pdf.w - pdf.l_margin - pdf.r_margin

    def columns(rows: list[tuple[list[str], list[str]]], split: float) -> None:
        widths = (split * usable, (1 - split) * usable)
        for row in rows:
            top = bottom = pdf.get_y()
            for c, cell_lines in enumerate(row):
                pdf.set_xy(pdf.l_margin + (widths[0] if c else 0), top)
                for line in cell_lines:
                    pdf.multi_cell(
                        widths[c], 6, line, align="C" if c or split < 0.5 else "L",
                        new_x="LEFT", new_y="NEXT",
                    )  # fmt: skip
                bottom = max(bottom, pdf.get_y())
            pdf.set_xy(pdf.l_margin, bottom + 6)

    def flow(items: list[str | list[list[str]]]) -> None:
        for item in items:
            if isinstance(item, str):
                pdf.multi_cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(3)
                continue
            with pdf.table(first_row_as_headings=False) as table:
                for row in item:
                    cells = table.row()
                    for value in row:
                        cells.cell(value)
            pdf.ln(3)

    columns(doc.header, 0.42)
    flow(doc.body)
    pdf.ln(4)
    columns([doc.closing], 0.5)
    flow(doc.rest)
    data = bytes(pdf.output())
    helpers.quiet_font_files()
    return data


@cache
def _text(name: str) -> str:
    return (UNSEEN / f"{name}.txt").read_text(encoding="utf-8")


def _annotation(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (UNSEEN / f"{name}.json").read_text(encoding="utf-8")
    )
    return data


def test_layout_cuts_the_documents_where_expected() -> None:
    u06 = layout(_text("u06"))

    assert u06.header == [
        (
            ["UBND TỈNH LÂM ĐỒNG", "VĂN PHÒNG"],
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        ),
        (["Số: 684/TB-VP"], ["Lâm Đồng, ngày 24 tháng 11 năm 2025"]),
    ]
    assert u06.closing[1] == [
        "TL. CHỦ TỊCH",
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Phạm Thị Bích Ngọc",
    ]
    assert isinstance(layout(_text("u01")).rest[-1], list)  # the Phụ lục table


@pytest.mark.parametrize("name", ["u01", "u06"])
def test_word_file_parses_like_the_text(name: str) -> None:
    from_txt = parse_bytes(_text(name).encode(), filename=f"{name}.txt").to_dict()

    got = parse_bytes(build_docx(layout(_text(name))), filename=f"{name}.docx")

    assert got.source_format == "docx"
    assert differences(from_txt, got.to_dict()) == []
    assert differences(_annotation(name), got.to_dict()) == []


@pytest.mark.parametrize("name", ["u01", "u06"])
def test_born_digital_pdf_parses_like_the_text(name: str) -> None:
    from_txt = parse_bytes(_text(name).encode(), filename=f"{name}.txt").to_dict()

    got = parse_bytes(build_pdf(layout(_text(name))), filename=f"{name}.pdf")

    assert (got.source_format, got.ocr) == ("pdf", False)
    assert differences(from_txt, got.to_dict()) == []


@pytest.mark.slow
@needs_tesseract
def test_scan_parses_to_at_least_90_percent_of_the_text_fields() -> None:
    pages = helpers.page_images(_text("u06"), size_pt=10)
    from_txt = parse_bytes(_text("u06").encode(), filename="u06.txt").to_dict()

    got = parse_bytes(helpers.image_pdf(pages), filename="u06.pdf")

    assert got.ocr is True
    right, total, notes = helpers.field_agreement(from_txt, got.to_dict())
    assert right / total >= 0.9, notes
