"""PDF: the text layer through pdfplumber, scanned pages through OCR.

pypdf checks the structure and encryption first (the empty user password is
tried, as viewers do); pdfplumber gives positioned words and ruled tables;
pages without a text layer are rendered at 300 dpi with pypdfium2 (which
pdfplumber already depends on) and OCR'd. Words set in ``.VnTime``/``VNI``
fonts are converted from TCVN3/VNI.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kehoach.documents.parsing import encodings
from kehoach.documents.parsing.readers import ocr
from kehoach.documents.parsing.readers.base import (
    encrypted,
    needs_ocr,
    table_blocks,
    unreadable,
)
from kehoach.documents.parsing.readers.layout import (
    Placed,
    Word,
    join_pages,
    line_segments,
    page_blocks,
)
from kehoach.documents.parsing.types import Block, Paragraph, ParseError, RawDocument

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_PAGES = 2000
MAX_OCR_PAGES = 300
# Fewer visible characters than this on a page with an image: a scan.
_MIN_CHARS = 10
_PAGE_NUMBER = re.compile(
    r"^(?:[-–]\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–])?$"
)
# pdfminer's names for the glyphs of TCVN3's 0xAD (ư) and 0xB7 (ã).
_TCVN3_PDF_FIXES = str.maketrans({"\u2212": "\xad", "\u2219": "\xb7"})


class PdfReader:
    name = "pdf"

    def supported_mime_types(self) -> Mapping[str, str]:
        return {"application/pdf": ".pdf"}

    def score(self, head: bytes, filename: str | None) -> int:
        return 100 if b"%PDF-" in head[:1024] else 0

    def read(self, data: bytes) -> RawDocument:
        n_pages = _check_structure(data)
        if n_pages > MAX_PAGES:
            raise unreadable(f"{n_pages} trang / pages (> {MAX_PAGES})")
        return _read_pages(data)


def _check_structure(data: bytes) -> int:
    from pypdf import PdfReader as PypdfReader  # noqa: PLC0415 -- heavy
    from pypdf.errors import DependencyError, PdfReadError  # noqa: PLC0415

    try:
        reader = PypdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise encrypted()
        return len(reader.pages)
    except ParseError:
        raise
    except DependencyError as exc:
        raise encrypted() from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise unreadable(f"PDF: {exc}") from exc
    except RecursionError as exc:
        raise unreadable("PDF: cấu trúc lồng quá sâu / nesting too deep") from exc


def _read_pages(data: bytes) -> RawDocument:
    import pdfplumber  # noqa: PLC0415 -- heavy
    from pdfminer.pdfdocument import PDFPasswordIncorrect  # noqa: PLC0415

    # A page number stands for a scanned page, OCR'd once all are known.
    blocks: list[Block | int] = []
    scans: list[int] = []
    legacy_seen: dict[str, int] = {}
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            pages = list(pdf.pages)
            for number, page in enumerate(pages):
                if _is_scan(page):
                    scans.append(number)
                    blocks.append(number)
                    continue
                page_blocks_ = _text_page(page, legacy_seen)
                page.close()
                blocks = _join(blocks, page_blocks_)
    except PDFPasswordIncorrect as exc:
        raise encrypted() from exc
    except ParseError:
        raise
    except RecursionError as exc:
        raise unreadable("PDF: cấu trúc lồng quá sâu / nesting too deep") from exc
    except Exception as exc:
        raise unreadable(f"PDF: {type(exc).__name__}: {exc}") from exc
    done, warnings = _ocr_scans(data, blocks, scans, total=len(pages))
    encoding = max(legacy_seen, key=lambda k: legacy_seen[k]) if legacy_seen else None
    ocr_done = bool(scans) and not warnings
    return RawDocument(tuple(done), "pdf", encoding, ocr=ocr_done, warnings=warnings)


def _is_scan(page: Any) -> bool:
    """No usable text layer: (almost) no characters over an image, or
    glyphs without a Unicode mapping (pdfminer's ``(cid:N)``), which only
    OCR can read."""
    texts = [str(c.get("text", "")) for c in page.chars]
    visible = [t for t in texts if not t.isspace()]
    if len(visible) < _MIN_CHARS:
        return bool(page.images)
    unmapped = sum(1 for t in visible if t.startswith("(cid:"))
    return unmapped > 0.3 * len(visible)


def _text_page(page: Any, legacy_seen: dict[str, int]) -> list[Block]:
    tables = [t for t in page.find_tables() if t.bbox]
    boxes = [t.bbox for t in tables]
    words: list[Word] = []
    page_legacy: str | None = None
    for raw in page.extract_words(extra_attrs=["fontname"], keep_blank_chars=False):
        x0, x1 = float(raw["x0"]), float(raw["x1"])
        top, bottom = float(raw["top"]), float(raw["bottom"])
        if _inside((x0 + x1) / 2, (top + bottom) / 2, boxes):
            continue
        text, legacy = _convert(str(raw["text"]), str(raw.get("fontname", "")))
        if legacy:
            legacy_seen[legacy] = legacy_seen.get(legacy, 0) + 1
            page_legacy = legacy
        words.append(Word(x0, x1, top, bottom, text))
    placed = [_placed_table(t, page_legacy) for t in tables]
    segments = line_segments(words)
    return _drop_page_numbers(page_blocks(segments, [p for p in placed if p.blocks]))


def _inside(
    x: float, y: float, boxes: Sequence[tuple[float, float, float, float]]
) -> bool:
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def _convert(text: str, fontname: str) -> tuple[str, str | None]:
    found = encodings.legacy_font(fontname)
    if found is None:
        return text, None
    encoding, upper = found
    if encoding == "tcvn3":
        text = text.translate(_TCVN3_PDF_FIXES)
    return encodings.decode_legacy(text, encoding, upper=upper), encoding


def _placed_table(table: Any, legacy: str | None) -> Placed:
    rows = [[str(cell or "") for cell in row] for row in table.extract()]
    if legacy in ("tcvn3", "vni"):
        enc: encodings.LegacyEncoding = "tcvn3" if legacy == "tcvn3" else "vni"
        rows = [[encodings.decode_legacy(cell, enc) for cell in row] for row in rows]
    _x0, top, _x1, bottom = table.bbox
    return Placed(float(top), float(bottom), tuple(table_blocks(rows)))


def _drop_page_numbers(blocks: list[Block]) -> list[Block]:
    """A lone number at the top or bottom of a page is its page number."""
    for index in (0, -1):
        texts = [
            i
            for i, b in enumerate(blocks)
            if not (isinstance(b, Paragraph) and not b.text)
        ]
        if not texts:
            break
        i = texts[index]
        block = blocks[i]
        if isinstance(block, Paragraph) and _PAGE_NUMBER.match(block.text.strip()):
            del blocks[i]
    return blocks


def _ocr_scans(
    data: bytes, blocks: list[Block | int], scans: list[int], total: int
) -> tuple[list[Block], tuple[str, ...]]:
    """OCR the scanned pages in place, or refuse when OCR is not possible.

    Without Tesseract, a PDF that is mostly scans is refused; one with a
    few scanned pages among text pages is read without them, with a
    warning.
    """
    if not scans:
        return [b for b in blocks if not isinstance(b, int)], ()
    text_pages = total - len(scans)
    try:
        ocr.check_available()
    except ParseError:
        if text_pages == 0 or len(scans) * 2 >= total:
            raise
        kept = [b for b in blocks if not isinstance(b, int)]
        return kept, (f"{len(scans)} trang ảnh chưa được OCR / scanned pages skipped",)
    if len(scans) > MAX_OCR_PAGES:
        raise needs_ocr(
            f"quá nhiều trang ảnh ({len(scans)})",
            f"too many scanned pages ({len(scans)})",
        )
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, int):
            out = join_pages(out, ocr.ocr_pages(_render(data, [block])))
        else:
            out.append(block)
    return out, ()


def _join(blocks: list[Block | int], page: list[Block]) -> list[Block | int]:
    """Add a text page; a paragraph cut by the page break is joined."""
    if not blocks or isinstance(blocks[-1], int):
        return [*blocks, *page]
    tail = len(blocks)
    while tail > 0 and not isinstance(blocks[tail - 1], int):
        tail -= 1
    text_blocks = [b for b in blocks[tail:] if not isinstance(b, int)]
    return [*blocks[:tail], *join_pages(text_blocks, page)]


def _render(data: bytes, numbers: Sequence[int]) -> Iterator[Image]:
    import pypdfium2 as pdfium  # noqa: PLC0415 -- heavy, only for scans

    try:
        document = pdfium.PdfDocument(data)
        try:
            for number in numbers:
                page = document[number]
                bitmap = page.render(scale=ocr.DPI / 72, grayscale=True)
                yield bitmap.to_pil()
                page.close()
        finally:
            document.close()
    except pdfium.PdfiumError as exc:
        raise unreadable(f"PDF: {exc}") from exc
