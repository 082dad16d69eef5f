"""Page set-up and sizes of Decree 30/2020/NĐ-CP (App. I), in one place for
the DOCX and the PDF writer, and text widths from the font's own metrics.

Times New Roman is what the documents declare; Liberation Serif (Debian's
``fonts-liberation2``) has the same advance widths and full Vietnamese
coverage, so widths measured with it hold for both.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FONT_FAMILY = "Times New Roman"
FALLBACK_FAMILY = "Liberation Serif"
FONT_DIR = Path(
    os.environ.get("KEHOACH_RENDER_FONT_DIR", "/usr/share/fonts/truetype/liberation2")
)
FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}

MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class PageSetup:
    width_mm: float = 210
    height_mm: float = 297
    top_mm: float = 20
    bottom_mm: float = 20
    left_mm: float = 30
    right_mm: float = 15
    header_distance_mm: float = 10  # page number, in the top margin

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm


PAGE = PageSetup()

# Two-column tables: header (issuer | Quốc hiệu) and the end (Nơi nhận |
# signer); see :func:`header_geometry` for the header's columns.
SIGNATURE_COLUMNS_MM = (80.0, PAGE.text_width_mm - 80.0)
SIGNATURE_SPACE_MM = 26.0  # between the title and the name: signature, seal

# Sizes in points (App. I §II, §V; the Decree's own sample sizes where the
# rule gives a range).
SIZE_BODY = 14
SIZE_MOTTO = 14
HEADER_SIZES = (13, 12)  # issuer and Quốc hiệu: 13 pt if it fits, else 12
HEADER_MAX_OVERHANG_MM = 10.0  # how far the header may reach into the left margin
CELL_PADDING_MM = 0.5  # each side of a layout table's cell
SIZE_NUMBER = 13
SIZE_DATE = 14
SIZE_TYPE = 14
SIZE_TITLE = 14
SIZE_SUBJECT = 12
SIZE_SIGNER = 14
SIZE_RECIPIENTS_LABEL = 12
SIZE_RECIPIENTS = 11
SIZE_PAGE_NUMBER = 13
FIRST_LINE_INDENT_MM = 12.7
PARAGRAPH_SPACING_PT = 6
LINE_SPACING = 1.0  # single; Decree 30 allows single to 1.5 lines
RULE_WEIGHT_PT = 0.75


@functools.cache
def _metrics(bold: bool, italic: bool) -> tuple[dict[int, int], float] | None:
    path = FONT_DIR / FONT_FILES[(bold, italic)]
    if not path.exists():
        return None
    from fontTools.ttLib import TTFont  # noqa: PLC0415 -- loaded once, on first use

    with TTFont(str(path), lazy=True) as font:
        hmtx = font["hmtx"]
        widths = {code: hmtx[name][0] for code, name in font.getBestCmap().items()}
        return widths, float(font["head"].unitsPerEm)


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Width of one line of text set in Times New Roman."""
    text = unicodedata.normalize("NFC", text)
    metrics = _metrics(bold, False)
    if metrics is None:  # no font file: an average Times glyph is ~0.5 em
        return len(text) * 0.5 * size_pt * MM_PER_PT
    widths, units = metrics
    default = units / 2
    total = sum(widths.get(ord(c), default) for c in text)
    return total / units * size_pt * MM_PER_PT


def wrapped_width_mm(
    text: str, size_pt: float, box_mm: float, *, bold: bool = False
) -> float:
    """Width of the longest line of ``text`` wrapped into ``box_mm``."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width_mm(candidate, size_pt, bold=bold) <= box_mm:
            lines[-1] = candidate
        else:
            lines.append(word)
    return max((text_width_mm(ln, size_pt, bold=bold) for ln in lines), default=0.0)


def short_rule_mm(text: str, size_pt: float, box_mm: float, *, bold: bool) -> float:
    """Length of the short rule under the issuing body or the trích yếu:
    between a third and a half of the text's width (App. I §II.2, §II.5)."""
    width = wrapped_width_mm(text, size_pt, box_mm, bold=bold)
    return max(min(width * 0.4, box_mm * 0.5), 20.0)


@dataclass(frozen=True)
class HeaderGeometry:
    size_pt: float  # parent, issuing body and Quốc hiệu
    columns_mm: tuple[float, float]
    overhang_mm: float  # into the left margin (0 when it fits the text width)

    @property
    def width_mm(self) -> float:
        return sum(self.columns_mm)


def header_geometry(parent: str, issuer: str, nation: str) -> HeaderGeometry:
    """Sizes and columns of the header table so that the issuing body and
    the Quốc hiệu each stay on one line where they can.

    At 13 pt the Quốc hiệu is 96 mm wide and "SỞ THÔNG TIN VÀ TRUYỀN
    THÔNG" 80 mm: more than the 165 mm text width. Decree 30 allows
    12–13 pt (its own sample is 12), so 12 pt is used when 13 does not fit,
    and, as clerks do in Word, the table may reach a little into the left
    margin. A name too long even then wraps in its column.
    """
    pad = 2 * CELL_PADDING_MM + 0.5
    text = PAGE.text_width_mm
    for size in HEADER_SIZES:
        right = text_width_mm(nation, size, bold=True) + pad
        left = (
            max(
                text_width_mm(parent, size) if parent else 0.0,
                text_width_mm(issuer, size, bold=True) if issuer else 0.0,
                50.0,
            )
            + pad
        )
        overhang = max(left + right + 4.0 - text, 0.0)  # 4 mm to breathe
        if overhang <= HEADER_MAX_OVERHANG_MM:
            return HeaderGeometry(size, (text + overhang - right, right), overhang)
    # Too long even at 12 pt: the issuing body wraps in its column.
    overhang = HEADER_MAX_OVERHANG_MM
    return HeaderGeometry(size, (text + overhang - right, right), overhang)
