import copy
import datetime as dt
import io
import shutil
import subprocess
import zipfile

import docx
import pdfplumber
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from kehoach.documents.enums import DocumentStatus
from kehoach.documents.outputs import document_pdf
from kehoach.documents.parsing import parse_bytes
from kehoach.documents.rendering import (
    SIGNATURE_FIELD,
    Authority,
    BlockKind,
    date_line,
    number_line,
    render_document,
    render_parsed,
    signer_fields,
    to_docx,
    to_pdf,
)
from kehoach.documents.rendering.model import BLANK
from kehoach.documents.signatures import verify_pdf_signatures
from kehoach.documents.signatures.services import install_signing_certificate
from tests.conftest import WORKED_EXAMPLE
from tests.documents.certs import PASSPHRASE, make_pki
from tests.documents.helpers import advance, draft_plan
from tests.documents.render_helpers import (
    ISSUER,
    dark_fraction,
    page_image,
    parsed_with_body,
)
from tests.plans.helpers import make_other_agency, make_plan, parsed_copy

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tree():
    return render_parsed(
        parsed_with_body(
            number="1",
            issued="2023-08-05",
            signer={
                "authority": "KT. GIÁM ĐỐC",
                "title": "PHÓ GIÁM ĐỐC",
                "name": "Nguyễn Thị Hạnh",
            },
        )
    )


@pytest.fixture(scope="module")
def pdf(tree):
    return to_pdf(tree)


@pytest.fixture(scope="module")
def word(tree):
    return docx.Document(io.BytesIO(to_docx(tree)))


# --- the lines of Decree 30 ------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("1", "Số: 01/KH-STTTT"),
        ("9", "Số: 09/KH-STTTT"),
        ("10", "Số: 10/KH-STTTT"),
        ("0012", "Số: 12/KH-STTTT"),
        ("2863", "Số: 2863/KH-STTTT"),
        (None, f"Số: {BLANK}/KH-STTTT"),
    ],
)
def test_number_line_pads_numbers_below_ten(number, expected):
    assert number_line(number, "KH-STTTT") == expected


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        (dt.date(2020, 1, 5), "day", "Hà Nội, ngày 05 tháng 01 năm 2020"),
        (dt.date(2020, 2, 28), "day", "Hà Nội, ngày 28 tháng 02 năm 2020"),
        (dt.date(2020, 3, 5), "day", "Hà Nội, ngày 05 tháng 3 năm 2020"),
        (dt.date(2019, 6, 29), "day", "Hà Nội, ngày 29 tháng 6 năm 2019"),
        (dt.date(2023, 8, 1), "month", f"Hà Nội, ngày {BLANK} tháng 8 năm 2023"),
        (
            dt.date(2023, 1, 1),
            "year",
            f"Hà Nội, ngày {BLANK} tháng {BLANK} năm 2023",
        ),
    ],
)
def test_date_line_pads_days_and_first_two_months_only(date, precision, expected):
    assert date_line("Hà Nội", date, precision) == expected


def test_signer_fields_for_each_way_of_signing():
    assert signer_fields(
        Authority.KT, head_title="Giám đốc", signer_title="Phó Giám đốc"
    ) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert signer_fields(
        Authority.NONE, head_title="Giám đốc", signer_title="Giám đốc"
    ) == ("", "GIÁM ĐỐC")
    assert signer_fields(
        Authority.TUQ, head_title="Giám đốc", signer_title="Chánh Văn phòng"
    ) == ("TUQ. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")
    assert signer_fields(
        Authority.TM,
        head_title="Chủ tịch",
        signer_title="Phó Chủ tịch",
        collective="Ủy ban nhân dân",
    ) == ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


# --- the render tree ---------------------------------------------------------------


def test_render_tree_of_a_parsed_plan(tree):
    head = tree.header
    assert (head.parent, head.issuer) == tuple(ISSUER.values())
    assert head.number_line == "Số: 01/KH-STTTT"
    assert head.date_line == "Đắk Nông, ngày 05 tháng 8 năm 2023"
    assert tree.type_name == "KẾ HOẠCH"
    assert tree.signer.lines == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert tree.signer.name == "Nguyễn Thị Hạnh"
    assert tree.recipient_lines[:2] == ("- Bộ TTTT (b/c);", "- Cấp ủy chi bộ;")
    assert tree.archive_line == "- Lưu: VT, VP."
    assert tree.file_stem == "KH-STTTT-01-2023"


def test_render_tree_keeps_the_section_order_and_labels(tree):
    expected = [
        (BlockKind.PARAGRAPH, "Thực hiện Kế hoạch số 2863/KH-BTTTT ngày"),
        (BlockKind.PART, "I. MỤC ĐÍCH, Ý NGHĨA"),
        (BlockKind.BULLET, "- Là dịp để công chức, viên chức và"),
        (BlockKind.PART, "III. NỘI DUNG CÁC HOẠT ĐỘNG"),
        (BlockKind.HEADING, "3.1. Tri ân, thăm hỏi đến công chức, viên"),
        (BlockKind.BULLET, "- Đơn vị chủ trì: Công đoàn cơ sở sở TTTT"),
        (BlockKind.BULLET, "- Thời gian hoàn thành: trước ngày 25/8/20"),
        (BlockKind.POINT, "a) Thăm hỏi người lao động ốm đau."),
        (BlockKind.PART, "IV. TỔ CHỨC THỰC HIỆN"),
        (BlockKind.ITEM, "1. Văn phòng Sở phối hợp chặt chẽ với Ban"),
        # The closing sentence goes after the items, and ends the body.
        (BlockKind.PARAGRAPH, "Trong quá trình thực hiện, nếu có khó khă"),
    ]
    assert [b.kind for b in tree.body] == [kind for kind, _ in expected]
    for block, (_kind, start) in zip(tree.body, expected, strict=True):
        assert block.text.startswith(start), block.text
    assert tree.body[-1].text.endswith("(qua Văn phòng Sở)./.")


def test_draft_keeps_number_and_day_blank():
    draft = render_parsed(parsed_copy())
    assert draft.header.number_line == f"Số: {BLANK}/KH-STTTT"
    assert draft.header.date_line == f"Đắk Nông, ngày {BLANK} tháng 8 năm 2023"
    assert draft.file_stem == "KH-STTTT-du-thao-2023"


def test_cong_van_puts_its_subject_under_the_number_and_needs_no_signer():
    letter = render_parsed(
        parsed_copy(
            doc_type="CV",
            number="5",
            symbol="STTTT-VP",
            title="Tuyên truyền Ngày truyền thống ngành",
            signer={"authority": None, "title": None, "name": None},
            archive=[],
        )
    )
    assert letter.type_name == ""
    assert letter.title == ""
    assert letter.header.number_line == "Số: 05/STTTT-VP"
    assert letter.header.subject_line == "V/v Tuyên truyền Ngày truyền thống ngành"
    assert letter.signer is None
    assert letter.archive_line == "- Lưu: VT."
    word = docx.Document(io.BytesIO(to_docx(letter)))
    assert word.tables[0].rows[1].cells[0].text == (
        "Số: 05/STTTT-VP\nV/v Tuyên truyền Ngày truyền thống ngành"
    )
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(to_pdf(letter)))
    assert list(enumerate_sig_fields(reader)) == []


def test_render_document_writes_the_body_of_a_plan_without_one(demo):
    plan = make_plan(demo.department, demo.people["vanthu"].user)
    tree = render_document(plan.document)
    texts = [b.text for b in tree.body]
    # No header lines in the document: the agency's own name stands in.
    assert tree.header.issuer == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH ĐẮK NÔNG"
    assert texts[0].startswith(
        "Thực hiện Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023 của Bộ Thông tin và "
        "Truyền thông; Công văn số 696/TTCS-VP"
    )
    assert texts[0].endswith(
        "Sở Thông tin và Truyền thông tỉnh Đắk Nông ban hành Kế hoạch tổ chức các "
        "hoạt động kỷ niệm Ngày truyền thống ngành Thông tin và Truyền thông năm "
        "2023 như sau:"
    )
    assert texts[1:5] == [
        "I. NỘI DUNG CÁC HOẠT ĐỘNG",
        "3.1. Tri ân, thăm hỏi đến công chức, viên chức, người lao động đang công "
        "tác tại Sở Thông tin và Truyền thông",
        "- Đơn vị chủ trì: Công đoàn cơ sở sở TTTT.",
        "- Đơn vị phối hợp: Văn phòng Sở.",
    ]
    assert "II. TỔ CHỨC THỰC HIỆN" in texts
    assert (
        "1. Các doanh nghiệp ngành TTTT trên địa bàn tỉnh: Căn cứ Kế hoạch này để "
        "sắp xếp xây dựng kế hoạch chi tiết cho các hoạt động phù hợp với điều kiện "
        "và tình hình thực tế của đơn vị." in texts
    )
    assert texts[-1].endswith("./.")


# --- DOCX ------------------------------------------------------------------------------


def _mm(length):
    return round(length / Mm(1))


def test_docx_page_setup_is_decree_30(word):
    section = word.sections[0]
    assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
    assert 20 <= _mm(section.top_margin) <= 25
    assert 20 <= _mm(section.bottom_margin) <= 25
    assert 30 <= _mm(section.left_margin) <= 35
    assert 15 <= _mm(section.right_margin) <= 20
    # Page numbers in the top margin, not on page 1.
    assert section.different_first_page_header_footer
    assert 'instr="PAGE"' in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    normal = word.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size.pt == 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "Times New Roman"


def test_docx_header_is_a_borderless_two_column_table(word):
    header = word.tables[0]
    assert [[c.text for c in row.cells] for row in header.rows] == [
        [
            "UBND TỈNH ĐẮK NÔNG\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\n",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
        ],
        ["Số: 01/KH-STTTT", "Đắk Nông, ngày 05 tháng 8 năm 2023"],
    ]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    nation, motto, rule = header.rows[0].cells[1].paragraphs
    assert nation.runs[0].bold
    assert motto.runs[0].bold
    assert motto.runs[0].font.size.pt == 14
    assert rule._p.pPr.find(qn("w:pBdr")) is not None
    date = header.rows[1].cells[1].paragraphs[0]
    assert date.runs[0].italic
    issuer = header.rows[0].cells[0].paragraphs[1]
    assert issuer.runs[0].bold
    assert not header.rows[0].cells[0].paragraphs[0].runs[0].bold


def test_docx_body_typography(word):
    paragraphs = {p.text: p for p in word.paragraphs if p.text}
    assert paragraphs["KẾ HOẠCH"].runs[0].bold
    assert paragraphs["KẾ HOẠCH"].alignment == WD_ALIGN_PARAGRAPH.CENTER
    body = next(p for t, p in paragraphs.items() if t.startswith("- Là dịp"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(body.paragraph_format.first_line_indent.cm, 2) == 1.27
    assert body.paragraph_format.space_after.pt >= 6
    assert body.paragraph_format.line_spacing == 1.0
    assert body.runs[0].font.size.pt == 14
    assert paragraphs["I. MỤC ĐÍCH, Ý NGHĨA"].runs[0].bold
    assert not body.runs[0].bold


def test_docx_ends_with_recipients_and_signer_table(word):
    end = word.tables[-1]
    left, right = end.rows[0].cells
    label = left.paragraphs[0]
    assert label.text == "Nơi nhận:"
    assert label.runs[0].bold
    assert label.runs[0].italic
    assert label.runs[0].font.size.pt == 12
    lines = [p.text for p in left.paragraphs[1:]]
    assert lines[0] == "- Bộ TTTT (b/c);"
    assert lines[-1] == "- Lưu: VT, VP."
    assert {p.runs[0].font.size.pt for p in left.paragraphs[1:]} == {11}
    signer = [p.text for p in right.paragraphs if p.text]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Hạnh"]
    assert all(p.runs[0].bold for p in right.paragraphs if p.text)


# Word refuses a file whose property elements are out of the schema's order.
SCHEMA_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
    "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
    "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr "
    "sectPr pPrChange",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize "
    "tblStyleColBandSize tblW jc tblCellSpacing tblInd tblBorders shd tblLayout "
    "tblCellMar tblLook tblCaption tblDescription",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow "
    "emboss imprint noProof snapToGrid vanish webHidden color spacing w kern "
    "position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
    "eastAsianLayout specVanish oMath",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar "
    "textDirection tcFitText vAlign hideMark",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight "
    "tblHeader tblCellSpacing jc hidden",
}


def test_docx_elements_follow_the_schema_order(tree):
    data = to_docx(tree)
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for part in ("word/document.xml", "word/styles.xml"):
            root = etree.fromstring(package.read(part))
            for tag, order in SCHEMA_ORDER.items():
                names = order.split()
                for element in root.iter(qn(f"w:{tag}")):
                    children = [etree.QName(c).localname for c in element]
                    unknown = [c for c in children if c not in names]
                    ranks = [names.index(c) for c in children if c in names]
                    if unknown or ranks != sorted(ranks):
                        problems.append((part, tag, children))
    assert problems == []


# --- PDF -------------------------------------------------------------------------------


def test_pdf_is_a4_with_embedded_fonts_and_vietnamese_text(pdf):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts not installed (apt install poppler-utils)")
    fonts = subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=True, text=False
    ).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert len(rows) >= 3  # regular, bold, italic at least
    # Columns: name type encoding emb sub uni …
    assert all(row.split()[-5] == "yes" for row in rows), fonts
    assert all("Serif" in row.split()[0] for row in rows), fonts
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)
        text = page.extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Tổ chức các hoạt động kỷ niệm Ngày truyền thống ngành" in text
    assert "ôn lại truyền thống vẻ vang" in text


def test_pdf_page_one_is_not_blank_and_has_the_header_where_decree_30_puts_it(pdf):
    image = page_image(pdf, 1)
    assert 0.01 < dark_fraction(image, (0, 0, 1, 1)) < 0.25
    # Issuer top left, Quốc hiệu top right, inside the top margin's limit.
    assert dark_fraction(image, (0.14, 0.06, 0.45, 0.13)) > 0.02
    assert dark_fraction(image, (0.55, 0.06, 0.95, 0.13)) > 0.02
    # Nothing in the top margin of page 1: no page number there.
    assert dark_fraction(image, (0, 0, 1, 0.06)) == 0


def test_pdf_numbers_later_pages_in_the_top_margin():
    long_body = [
        *parsed_with_body()["sections"],
        {
            "label": "V",
            "heading": "Phụ trách",
            "paragraphs": [
                f"Đoạn văn thứ {i} của kế hoạch, đủ dài để sang trang."
                for i in range(60)
            ],
            "children": [],
        },
    ]
    pdf = to_pdf(render_parsed(parsed_with_body(sections=long_body)))
    second = page_image(pdf, 2)
    assert dark_fraction(second, (0.45, 0.01, 0.6, 0.06)) > 0
    assert dark_fraction(second, (0, 0.01, 0.4, 0.06)) == 0
    assert dark_fraction(second, (0.62, 0.01, 1, 0.06)) == 0


def test_pdf_carries_an_empty_signature_field_in_the_signer_space(pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(pdf))
    fields = list(enumerate_sig_fields(reader, filled_status=False))
    assert [name for name, _v, _r in fields] == [SIGNATURE_FIELD]
    widget = fields[0][2].get_object()
    x1, _y1, x2, _y2 = (float(v) for v in widget["/Rect"])
    page_width = 595.28
    assert x1 > page_width / 2 - 20
    assert x2 <= page_width - 15 * 72 / 25.4 + 1


# --- round trip with our own parser -----------------------------------------------------

SCORED = [
    "doc_type",
    "number",
    "symbol",
    "issuer",
    "place",
    "issued",
    "title",
    "signer",
    "references",
    "recipients",
    "archive",
    "activities",
    "duties",
]


def _scored(parsed):
    out = copy.deepcopy({key: parsed.get(key) for key in SCORED})
    number = out["number"]
    out["number"] = number.lstrip("0") if number else number
    out["references"] = [(r["number"], r["symbol"]) for r in out["references"]]
    for activity in out["activities"]:
        # The due text's closing period may move with the line it ends.
        activity["due"] = (activity.get("due") or {}).get("date")
    return out


@pytest.fixture(scope="module")
def worked_example_parsed():
    parsed = parse_bytes(WORKED_EXAMPLE.read_bytes(), filename="000.txt").to_dict()
    parsed["issuer"] = dict(ISSUER)
    return parsed


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("issued", [False, True])
def test_round_trip_parses_back_to_the_same_fields(worked_example_parsed, fmt, issued):
    source = copy.deepcopy(worked_example_parsed)
    if issued:
        source.update(
            number="1",
            issued="2023-08-05",
            signer={
                "authority": "KT. GIÁM ĐỐC",
                "title": "PHÓ GIÁM ĐỐC",
                "name": "Nguyễn Thị Hạnh",
            },
        )
    tree = render_parsed(source)
    data = to_docx(tree) if fmt == "docx" else to_pdf(tree)
    back = parse_bytes(data, filename=f"ke-hoach.{fmt}").to_dict()
    assert _scored(back) == _scored(source)


def test_round_trip_of_a_stored_document(worked_example_parsed, demo):
    plan = make_plan(
        demo.department, demo.people["vanthu"].user, parsed=worked_example_parsed
    )
    back = parse_bytes(to_pdf(render_document(plan.document)), filename="kh.pdf")
    assert _scored(back.to_dict()) == _scored(worked_example_parsed)


# --- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("pdf", "application/pdf"),
    ],
)
def test_document_download(demo, login, fmt, content_type):
    plan = make_plan(demo.department, demo.people["vanthu"].user)
    response = login("union_head").get(f"/van-ban/{plan.document.pk}/tai-ve.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="KH-STTTT-du-thao-2023.{fmt}"'
    )
    magic = b"PK" if fmt == "docx" else b"%PDF-"
    assert response.content.startswith(magic)


def test_document_download_follows_document_visibility(demo, login):
    other = make_other_agency()
    plan = make_plan(
        other["agency"], other["clerk"].user, parsed=parsed_copy(symbol="KH-STTTTLD")
    )
    url = f"/van-ban/{plan.document.pk}/tai-ve.pdf"
    assert login("director").get(url).status_code == 404
    member = Client()
    assert member.login(username="ld_member", password="pw-ld-12345")
    assert member.get(url).status_code == 200
    assert login("director").get(url.replace(".pdf", ".xls")).status_code == 404


def test_document_and_plan_pages_offer_the_downloads(demo, login):
    plan = make_plan(demo.department, demo.people["vanthu"].user)
    client = login("office")
    pk = plan.document.pk
    for page in (f"/van-ban/{pk}/", f"/ke-hoach/{plan.pk}/"):
        html = client.get(page).content.decode()
        assert f'href="/van-ban/{pk}/tai-ve.docx"' in html
        assert f'href="/van-ban/{pk}/tai-ve.pdf"' in html
        assert "Tải DOCX" in html
        assert "Tải PDF" in html


def test_download_query_count_does_not_grow_with_recipients(demo, login):
    clerk = demo.people["vanthu"].user
    base = parsed_copy()
    small = make_plan(
        demo.department, clerk, parsed=parsed_copy(recipients=base["recipients"][:1])
    )
    large = make_plan(
        demo.department,
        clerk,
        parsed=parsed_copy(
            title="Kế hoạch khác",
            recipients=[{"name": f"Đơn vị {i}", "purpose": None} for i in range(30)],
            activities=base["activities"] * 10,
        ),
    )
    client = login("office")

    def count(document):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/van-ban/{document.pk}/tai-ve.docx").status_code == 200
        return len(ctx.captured_queries)

    assert count(small.document) == count(large.document)


def test_one_download_signed_pdf_once_signed_plain_rendering_before(
    demo, login, settings, tmp_path
):
    settings.KEHOACH_SECRETS_DIR = tmp_path / "secrets"
    install_signing_certificate(
        demo.department, pkcs12=make_pki().pkcs12(), passphrase=PASSPHRASE
    )
    draft = draft_plan(demo)
    client = login("office")
    plain = client.get(f"/van-ban/{draft.pk}/tai-ve.pdf")
    assert plain.content.startswith(b"%PDF-")
    assert verify_pdf_signatures(plain.content) == []
    issued = advance(demo, draft, DocumentStatus.ISSUED)
    signed = client.get(f"/van-ban/{issued.pk}/tai-ve.pdf")
    [signature] = verify_pdf_signatures(signed.content)
    assert signature.intact
    assert signed["Content-Disposition"] == (
        f'attachment; filename="KH-STTTT-01-{issued.issued_on.year}.pdf"'
    )
    # What the recipients got by mail is what the page downloads.
    assert document_pdf(issued).filename == f"KH-STTTT-01-{issued.issued_on.year}.pdf"
    # The workflow's older address sends to the same download.
    old = client.get(f"/van-ban/{issued.pk}/tai/pdf/")
    assert (old.status_code, old["Location"]) == (
        301,
        f"/van-ban/{issued.pk}/tai-ve.pdf",
    )
    assert client.get(f"/van-ban/{issued.pk}/tai/xls/").status_code == 404
    html = client.get(f"/van-ban/{issued.pk}/").content.decode()
    assert html.count(f'href="/van-ban/{issued.pk}/tai-ve.pdf"') == 1
    assert "/tai/pdf/" not in html
