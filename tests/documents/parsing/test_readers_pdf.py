import re

import pytest

from kehoach.documents.parsing import ParseError, read_bytes
from kehoach.documents.parsing.types import Paragraph, Table
from tests.documents.parsing import helpers


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text(blocks) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.extend(" | ".join(row) for row in block.rows)
    return _fold(" ".join(parts))


def test_text_pdf_reads_back_the_source_text():
    lines = helpers.corpus_text("000.txt").splitlines()

    raw = read_bytes(helpers.build_pdf(lines), filename="000.pdf")

    assert (raw.format, raw.ocr) == ("pdf", False)
    assert _text(raw.blocks) == _fold(" ".join(lines))


def test_text_pdf_wrapped_lines_are_joined_into_their_paragraph():
    lines = helpers.corpus_text("000.txt").splitlines()

    raw = read_bytes(helpers.build_pdf(lines))

    texts = [b.text for b in raw.blocks if isinstance(b, Paragraph) and b.text]
    assert texts == [line for line in lines if line.strip()]


def test_pdf_two_column_header_reads_like_the_text_copy():
    raw = read_bytes(helpers.build_pdf(["KẾ HOẠCH"], header=True))

    texts = [b.text for b in raw.blocks if isinstance(b, Paragraph)]
    assert texts[: len(helpers.header_text_lines())] == helpers.header_text_lines()


def test_pdf_ruled_table_is_a_table():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("Serif", fname=str(helpers.font_path()))
    pdf.set_font("Serif", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Phụ lục: phân công nhiệm vụ", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(12, 70, 50, 40), first_row_as_headings=False) as table:
        for row in helpers.ASSIGNMENT_TABLE:
            cells = table.row()
            for value in row[:4]:
                cells.cell(value)

    data = bytes(pdf.output())
    helpers.quiet_font_files()

    raw = read_bytes(data)

    tables = [b for b in raw.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert [row[0] for row in tables[0].rows] == ["STT", "1", "2"]
    assert _fold(tables[0].rows[1][2]) == "Công đoàn cơ sở Sở TTTT"


def test_encrypted_pdf_is_refused():
    data = helpers.build_pdf(["Mật"], owner_password="chu", user_password="khach")

    with pytest.raises(ParseError) as caught:
        read_bytes(data)

    assert caught.value.code == "encrypted"


def test_pdf_with_only_an_owner_password_opens_with_the_empty_password():
    data = helpers.build_pdf(["Số: 15/QĐ-BNV"], owner_password="chu")

    raw = read_bytes(data)

    assert raw.blocks == (Paragraph("Số: 15/QĐ-BNV"),)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: d[: len(d) // 3],
        lambda d: b"%PDF-1.7\n" + bytes(range(256)) * 8,
        lambda d: d[:200] + b"\x00" * 5000 + d[-100:],
    ],
)
def test_corrupt_pdf_is_unreadable(mangle):
    data = mangle(helpers.build_pdf(["Nội dung"]))

    with pytest.raises(ParseError) as caught:
        read_bytes(data)

    assert caught.value.code in ("unreadable", "empty")


def test_pdf_text_in_legacy_fonts_is_converted(tmp_path):
    from fpdf import FPDF

    from kehoach.documents.parsing.encodings import byte_view, encode_tcvn3, encode_vni

    pdf = FPDF(format="A4")
    pdf.add_font("tcvn3", fname=str(helpers.renamed_font(tmp_path, ".VnTimeH")))
    pdf.add_font("vni", fname=str(helpers.renamed_font(tmp_path, "VNI-Times")))
    pdf.add_page()
    pdf.set_font("tcvn3", size=13)
    pdf.cell(0, 8, byte_view(encode_tcvn3("kế hoạch")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("vni", size=13)
    line = byte_view(encode_vni("Tổ chức các hoạt động kỷ niệm Ngày truyền thống"))
    pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    helpers.quiet_font_files()

    raw = read_bytes(data)

    assert raw.blocks == (
        Paragraph("KẾ HOẠCH"),
        Paragraph("Tổ chức các hoạt động kỷ niệm Ngày truyền thống"),
    )


def test_pdf_with_a_few_scanned_pages_and_no_tesseract_warns(monkeypatch):
    from fpdf import FPDF
    from PIL import Image

    monkeypatch.setenv("KEHOACH_TESSERACT_CMD", "/nonexistent/tesseract")
    pdf = FPDF(format="A4")
    pdf.add_font("Serif", fname=str(helpers.font_path()))
    pdf.set_font("Serif", size=12)
    for text in ("Trang một", "Trang hai"):
        pdf.add_page()
        pdf.cell(0, 8, text)
    pdf.add_page()
    pdf.image(Image.new("L", (600, 800), 200), x=0, y=0, w=pdf.w, h=pdf.h)
    data = bytes(pdf.output())
    helpers.quiet_font_files()

    raw = read_bytes(data)

    assert [b.text for b in raw.blocks if isinstance(b, Paragraph) and b.text] == [
        "Trang một",
        "Trang hai",
    ]
    assert raw.ocr is False
    assert len(raw.warnings) == 1
