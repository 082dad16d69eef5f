"""The render tree as a DOCX in the Decree 30 layout (python-docx).

The header and the signature end are borderless two-column tables, as
clerks set them up in Word; rules under the issuing body, the Tiêu ngữ and
the trích yếu are paragraph borders sized from the font's metrics.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from kehoach.documents.rendering import layout
from kehoach.documents.rendering.model import (
    RECIPIENTS_LABEL,
    BlockKind,
    RenderDocument,
)

_CENTER = WD_ALIGN_PARAGRAPH.CENTER
_LEFT = WD_ALIGN_PARAGRAPH.LEFT
_JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def to_docx(doc: RenderDocument) -> bytes:
    """The document as DOCX bytes."""
    word = docx.Document()
    _page_setup(word)
    _styles(word)
    _properties(word, doc)
    for empty in word.paragraphs:  # the template's empty first paragraph
        empty._element.getparent().remove(empty._element)
    _header_table(word, doc)
    _type_and_title(word, doc)
    for block in doc.body:
        _body_paragraph(word, block.kind, block.text)
    _signature_table(word, doc)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- page and styles -------------------------------------------------------------


def _page_setup(word: Any) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        Mm(layout.PAGE.width_mm),
        Mm(layout.PAGE.height_mm),
    )
    section.top_margin, section.bottom_margin = (
        Mm(layout.PAGE.top_mm),
        Mm(layout.PAGE.bottom_mm),
    )
    section.left_margin, section.right_margin = (
        Mm(layout.PAGE.left_mm),
        Mm(layout.PAGE.right_mm),
    )
    section.header_distance = Mm(layout.PAGE.header_distance_mm)
    section.footer_distance = Mm(layout.PAGE.header_distance_mm)
    # Page numbers centred in the top margin, not on page 1.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = _CENTER
    _page_field(paragraph)
    section.first_page_header.paragraphs[0].text = ""


def _page_field(paragraph: Any) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(layout.SIZE_PAGE_NUMBER * 2))
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_fonts(rpr: Any, family: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), family)


def _styles(word: Any) -> None:
    styles_el = word.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, layout.FONT_FAMILY)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    normal = word.styles["Normal"]
    normal.font.name = layout.FONT_FAMILY
    normal.font.size = Pt(layout.SIZE_BODY)
    _set_fonts(normal.element.get_or_add_rPr(), layout.FONT_FAMILY)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(layout.PARAGRAPH_SPACING_PT)
    fmt.line_spacing = layout.LINE_SPACING
    fmt.widow_control = True
    for name in ("Header", "Table Grid"):
        if name in [s.name for s in word.styles]:
            _set_fonts(word.styles[name].element.get_or_add_rPr(), layout.FONT_FAMILY)


def _properties(word: Any, doc: RenderDocument) -> None:
    props = word.core_properties
    props.title = doc.meta.get("title", "")[:255]
    props.author = doc.meta.get("author", doc.header.issuer.title())[:255]
    props.language = "vi-VN"
    props.comments = ""
    props.keywords = doc.header.number_line


# --- paragraphs ------------------------------------------------------------------


def _paragraph(
    container: Any,
    text: str,
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align: Any = _CENTER,
    first_line_mm: float = 0,
    after_pt: float = 0,
    before_pt: float = 0,
    keep_with_next: bool = False,
    reuse: bool = False,
) -> Any:
    paragraph = container.paragraphs[0] if reuse else container.add_paragraph()
    fmt = paragraph.paragraph_format
    paragraph.alignment = align
    fmt.first_line_indent = Mm(first_line_mm) if first_line_mm else Mm(0)
    fmt.space_before, fmt.space_after = Pt(before_pt), Pt(after_pt)
    fmt.line_spacing = layout.LINE_SPACING
    fmt.keep_with_next = keep_with_next
    if text:
        run = paragraph.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
    _mark_size(paragraph, size)
    return paragraph


def _mark_size(paragraph: Any, size: float) -> None:
    """Size of the paragraph mark, which sets the height of an empty line."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)


def _rule(
    container: Any, box_mm: float, rule_mm: float, *, after_pt: float = 0
) -> None:
    """A centred rule ``rule_mm`` long: an empty paragraph with a top border,
    indented from both sides of a box ``box_mm`` wide."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max((box_mm - rule_mm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Mm(side)
    fmt.first_line_indent = Mm(0)
    fmt.space_before, fmt.space_after = Pt(1), Pt(after_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    _mark_size(paragraph, 2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    top.set(qn("w:val"), "single")
    top.set(qn("w:sz"), str(int(layout.RULE_WEIGHT_PT * 8)))
    top.set(qn("w:space"), "1")
    top.set(qn("w:color"), "000000")
    borders.append(top)
    ppr = paragraph._p.get_or_add_pPr()
    # pBdr comes before spacing/indentation in CT_PPr's sequence.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)


# --- tables ----------------------------------------------------------------------


_TBL_PR_ORDER = [
    qn(f"w:{tag}")
    for tag in (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
        "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
    )
]  # fmt: skip


def _twips(mm: float) -> str:
    return str(round(mm / layout.MM_PER_PT * 20))


def _table_property(tbl_pr: Any, tag: str) -> Any:
    """A fresh ``w:<tag>`` in ``tblPr``, where the schema's order puts it
    (Word refuses a file whose elements are out of order)."""
    name = qn(f"w:{tag}")
    for old in tbl_pr.findall(name):
        tbl_pr.remove(old)
    element = OxmlElement(f"w:{tag}")
    rank = _TBL_PR_ORDER.index(name)
    for existing in tbl_pr:
        if existing.tag in _TBL_PR_ORDER and _TBL_PR_ORDER.index(existing.tag) > rank:
            existing.addprevious(element)
            return element
    tbl_pr.append(element)
    return element


def _layout_table(
    word: Any, widths_mm: tuple[float, ...], rows: int, *, indent_mm: float = 0
) -> Any:
    """A borderless table of fixed columns, rows never split across pages."""
    table = word.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False  # fixed layout
    tbl_pr = table._tbl.tblPr
    width = _table_property(tbl_pr, "tblW")
    width.set(qn("w:w"), _twips(sum(widths_mm)))
    width.set(qn("w:type"), "dxa")
    if indent_mm:
        indent = _table_property(tbl_pr, "tblInd")
        indent.set(qn("w:w"), "-" + _twips(indent_mm))
        indent.set(qn("w:type"), "dxa")
    borders = _table_property(tbl_pr, "tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    margins = _table_property(tbl_pr, "tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), _twips(layout.CELL_PADDING_MM))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    for index, column_mm in enumerate(widths_mm):
        table.columns[index].width = Mm(column_mm)
        for cell in table.columns[index].cells:
            cell.width = Mm(column_mm)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for row in table.rows:
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
    return table


def _header_table(word: Any, doc: RenderDocument) -> None:
    head = doc.header
    left_w, right_w = head.columns_mm
    table = _layout_table(word, head.columns_mm, rows=2, indent_mm=head.overhang_mm)
    left, right = table.rows[0].cells
    box = left_w - 2 * layout.CELL_PADDING_MM
    first = True
    if head.parent:
        _paragraph(left, head.parent, size=head.size_pt, reuse=True)
        first = False
    if head.issuer:
        _paragraph(left, head.issuer, size=head.size_pt, bold=True, reuse=first)
        _rule(left, box, head.issuer_rule_mm)
    _paragraph(right, head.nation, size=head.size_pt, bold=True, reuse=True)
    _paragraph(right, head.motto, size=layout.SIZE_MOTTO, bold=True)
    _rule(right, right_w - 2 * layout.CELL_PADDING_MM, head.motto_rule_mm + 1)
    number_cell, date_cell = table.rows[1].cells
    _paragraph(
        number_cell, head.number_line, size=layout.SIZE_NUMBER, before_pt=6, reuse=True
    )
    if head.subject_line:
        _paragraph(
            number_cell, head.subject_line, size=layout.SIZE_SUBJECT, before_pt=6
        )
    _paragraph(
        date_cell,
        head.date_line,
        size=layout.SIZE_DATE,
        italic=True,
        before_pt=6,
        reuse=True,
    )


def _type_and_title(word: Any, doc: RenderDocument) -> None:
    if doc.type_name:
        _paragraph(
            word, doc.type_name, size=layout.SIZE_TYPE, bold=True, before_pt=18,
            keep_with_next=True,
        )  # fmt: skip
    if doc.title:
        _paragraph(
            word, doc.title, size=layout.SIZE_TITLE, bold=True, keep_with_next=True
        )
        _rule(word, layout.PAGE.text_width_mm, doc.title_rule_mm, after_pt=12)
    elif not doc.type_name:
        _paragraph(word, "", size=layout.SIZE_BODY, after_pt=6)


def _body_paragraph(word: Any, kind: BlockKind, text: str) -> None:
    heading = kind in (BlockKind.PART, BlockKind.HEADING)
    _paragraph(
        word,
        text,
        size=layout.SIZE_BODY,
        bold=heading,
        italic=kind == BlockKind.BASIS,
        align=_JUSTIFY,
        first_line_mm=layout.FIRST_LINE_INDENT_MM,
        after_pt=layout.PARAGRAPH_SPACING_PT,
        keep_with_next=heading,
    )


def _signature_table(word: Any, doc: RenderDocument) -> None:
    table = _layout_table(word, layout.SIGNATURE_COLUMNS_MM, rows=1)
    left, right = table.rows[0].cells
    _paragraph(
        left, RECIPIENTS_LABEL, size=layout.SIZE_RECIPIENTS_LABEL, bold=True, italic=True,
        align=_LEFT, before_pt=6, reuse=True,
    )  # fmt: skip
    for line in (*doc.recipient_lines, doc.archive_line):
        _paragraph(left, line, size=layout.SIZE_RECIPIENTS, align=_LEFT)
    signer = doc.signer
    if signer is None:
        return
    first = True
    for line in signer.lines:
        _paragraph(
            right, line, size=layout.SIZE_SIGNER, bold=True, before_pt=6 if first else 0,
            reuse=first,
        )  # fmt: skip
        first = False
    space = right.add_paragraph() if not first else right.paragraphs[0]
    fmt = space.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Mm(layout.SIGNATURE_SPACE_MM)
    fmt.space_before = fmt.space_after = Pt(0)
    if signer.name:
        _paragraph(right, signer.name, size=layout.SIZE_SIGNER, bold=True)
