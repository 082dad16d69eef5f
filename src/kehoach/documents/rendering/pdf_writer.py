"""The render tree as a PDF in the Decree 30 layout (WeasyPrint, fonts
embedded).

The page is laid out from HTML/CSS with the sizes of :mod:`.layout`, the
same the DOCX uses. The signer's space (cell 7c) gets an empty signature
field, which :func:`kehoach.documents.signatures.sign_pdf` fills with a
visible signature.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from django.template.loader import render_to_string

from kehoach.documents.rendering import layout
from kehoach.documents.rendering.model import (
    NATION,
    RECIPIENTS_LABEL,
    SIGNATURE_FIELD,
    RenderDocument,
)

logger = logging.getLogger(__name__)

PX_TO_PT = 0.75  # WeasyPrint positions are CSS pixels (1/96 in)
SIGNATURE_ANCHOR = "signature-space"


@dataclass(frozen=True)
class FieldBox:
    page: int  # 0-based
    box: tuple[int, int, int, int]  # PDF user space, whole points


def to_pdf(doc: RenderDocument, *, signature_field: bool = True) -> bytes:
    """The document as PDF bytes (A4, fonts embedded as subsets)."""
    from weasyprint import CSS, HTML  # noqa: PLC0415 -- heavy (pango), loaded on first render

    html = render_to_string(
        "documents/rendering/decree30.html",
        {"doc": doc, "nation": NATION, "recipients_label": RECIPIENTS_LABEL},
    )
    rendered = HTML(string=html).render(
        stylesheets=[CSS(string=stylesheet()), CSS(string=_document_css(doc))]
    )
    box = _signature_box(rendered) if signature_field and doc.signer else None
    pdf = rendered.write_pdf()
    if box is not None:
        pdf = _add_signature_field(pdf, box)
    return bytes(pdf)


def stylesheet() -> str:
    """The page and typography, from :mod:`.layout`."""
    p = layout.PAGE
    s_left, s_right = layout.SIGNATURE_COLUMNS_MM
    return f"""
@page {{
  size: A4 portrait;
  margin: {p.top_mm}mm {p.right_mm}mm {p.bottom_mm}mm {p.left_mm}mm;
  @top-center {{
    content: counter(page);
    font: {layout.SIZE_PAGE_NUMBER}pt "{layout.FONT_FAMILY}", "{layout.FALLBACK_FAMILY}", serif;
    vertical-align: middle;
  }}
}}
@page :first {{ @top-center {{ content: none; }} }}
html {{
  font-family: "{layout.FONT_FAMILY}", "{layout.FALLBACK_FAMILY}", serif;
  font-size: {layout.SIZE_BODY}pt;
  line-height: {1.15 * layout.LINE_SPACING};
  color: #000;
}}
body {{ margin: 0; }}
p {{ margin: 0; }}
table {{ border-collapse: collapse; table-layout: fixed; width: {p.text_width_mm}mm; }}
td {{ padding: 0 0.5mm; vertical-align: top; text-align: center; }}
table.end col.left {{ width: {s_left}mm; }}
table.end col.right {{ width: {s_right}mm; }}
table.end {{ margin-top: 6pt; break-inside: avoid; }}
.issuer, .nation {{ font-weight: bold; }}
.nation {{ white-space: nowrap; }}
.motto {{ font-size: {layout.SIZE_MOTTO}pt; font-weight: bold; }}
.number {{ font-size: {layout.SIZE_NUMBER}pt; padding-top: 6pt; white-space: pre-wrap; }}
.subject {{ font-size: {layout.SIZE_SUBJECT}pt; padding-top: 6pt; }}
.date {{ font-size: {layout.SIZE_DATE}pt; font-style: italic; padding-top: 6pt; white-space: pre-wrap; }}
.rule {{ border-top: {layout.RULE_WEIGHT_PT}pt solid #000; height: 0; margin: 3pt auto 0; }}
.type-name {{ text-align: center; font-weight: bold; font-size: {layout.SIZE_TYPE}pt; margin-top: 18pt; }}
.title {{ text-align: center; font-weight: bold; font-size: {layout.SIZE_TITLE}pt; }}
#rule-title {{ margin-bottom: 12pt; }}
.b {{
  text-align: justify;
  text-indent: {layout.FIRST_LINE_INDENT_MM}mm;
  margin-bottom: {layout.PARAGRAPH_SPACING_PT}pt;
  hyphens: manual;
  orphans: 2;
  widows: 2;
}}
.b-part, .b-heading {{ font-weight: bold; break-after: avoid; }}
.b-basis {{ font-style: italic; }}
.recipients {{ text-align: left; font-size: {layout.SIZE_RECIPIENTS}pt; }}
.recipients .label {{ font-size: {layout.SIZE_RECIPIENTS_LABEL}pt; font-weight: bold; font-style: italic; }}
.signer {{ font-size: {layout.SIZE_SIGNER}pt; font-weight: bold; padding-top: 6pt; }}
.signer p:first-child, .recipients p:first-child {{ padding-top: 6pt; }}
#{SIGNATURE_ANCHOR} {{ height: {layout.SIGNATURE_SPACE_MM}mm; }}
"""


def _document_css(doc: RenderDocument) -> str:
    """This document's header geometry and rule lengths (the DOCX uses the
    same numbers)."""
    head = doc.header
    left, right = head.columns_mm
    return f"""
table.head {{ width: {left + right:.2f}mm; margin-left: -{head.overhang_mm:.2f}mm; }}
table.head col.left {{ width: {left:.2f}mm; }}
table.head col.right {{ width: {right:.2f}mm; }}
.parent, .issuer, .nation {{ font-size: {head.size_pt}pt; }}
#rule-issuer {{ width: {head.issuer_rule_mm:.1f}mm; }}
#rule-motto {{ width: {head.motto_rule_mm + 1:.1f}mm; }}
#rule-title {{ width: {doc.title_rule_mm:.1f}mm; }}
"""


def _signature_box(rendered: object) -> FieldBox | None:
    """Where the signer's space landed: page and rectangle in PDF points
    (WeasyPrint gives the box in CSS pixels from the page's top left)."""
    page_height_pt = layout.PAGE.height_mm / layout.MM_PER_PT
    for index, page in enumerate(getattr(rendered, "pages", [])):
        anchor = page.anchors.get(SIGNATURE_ANCHOR)
        if anchor is None:
            continue
        x1, y1, x2, y2 = (v * PX_TO_PT for v in anchor)
        if x2 - x1 < 10:  # an empty box gives a point: use the column
            x2 = x1 + layout.SIGNATURE_COLUMNS_MM[1] / layout.MM_PER_PT
        if y2 - y1 < 10:
            y2 = y1 + layout.SIGNATURE_SPACE_MM / layout.MM_PER_PT
        box = (x1, page_height_pt - y2, x2, page_height_pt - y1)
        return FieldBox(
            index, (round(box[0]), round(box[1]), round(box[2]), round(box[3]))
        )
    return None


def _add_signature_field(pdf: bytes, field: FieldBox) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import (  # noqa: PLC0415 -- heavy
        IncrementalPdfFileWriter,
    )
    from pyhanko.sign.fields import (  # noqa: PLC0415
        SigFieldSpec,
        append_signature_field,
    )

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    append_signature_field(
        writer,
        SigFieldSpec(SIGNATURE_FIELD, on_page=field.page, box=field.box),
    )
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call] # pyHanko gap
    return out.getvalue()
