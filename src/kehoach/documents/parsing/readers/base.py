"""What every reader shares: the ``Reader`` protocol, refusals, table rules."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from kehoach.documents.parsing.types import (
    Block,
    Paragraph,
    ParseError,
    RawDocument,
    Table,
)

MB = 1024 * 1024


class Reader(Protocol):
    """One file format (paperless-ngx's parser shape, reduced to reading).

    ``score`` looks at the first bytes (and the file name, as a tie-breaker)
    and says how sure the reader is that it can read them: 0 means no.
    ``read`` must raise only :class:`ParseError`.
    """

    name: str

    def supported_mime_types(self) -> Mapping[str, str]:
        """MIME type → usual file extension."""
        ...

    def score(self, head: bytes, filename: str | None) -> int: ...

    def read(self, data: bytes) -> RawDocument: ...


def has_extension(filename: str | None, *extensions: str) -> bool:
    return bool(filename) and str(filename).lower().endswith(extensions)


# --- refusals -------------------------------------------------------------------


def not_document(detail_vi: str = "", detail_en: str = "") -> ParseError:
    return ParseError(
        "not_document",
        _join("Tệp không phải là văn bản (không nhận ra định dạng)", detail_vi),
        _join("not a document (unrecognised format)", detail_en),
    )


def unreadable(detail: str = "") -> ParseError:
    return ParseError(
        "unreadable",
        _join("Tệp bị hỏng hoặc không đọc được", detail),
        _join("the file is corrupt or unreadable", detail),
    )


def encrypted() -> ParseError:
    return ParseError(
        "encrypted",
        "Tệp được bảo vệ bằng mật khẩu (mã hóa), không đọc được.",
        "the file is encrypted (password protected).",
    )


def too_large(size: int, limit: int) -> ParseError:
    return ParseError(
        "too_large",
        f"Tệp quá lớn ({size / MB:.1f} MB, giới hạn {limit / MB:.1f} MB).",
        f"file too large ({size / MB:.1f} MB, limit {limit / MB:.1f} MB).",
    )


def too_many_pixels(pixels: int, limit: int) -> ParseError:
    return ParseError(
        "too_large",
        f"Ảnh quá lớn ({pixels / 1e6:.0f} megapixel, giới hạn {limit / 1e6:.0f}).",
        f"image too large ({pixels / 1e6:.0f} megapixels, limit {limit / 1e6:.0f}).",
    )


def empty() -> ParseError:
    return ParseError(
        "empty",
        "Tệp không có nội dung chữ.",
        "the file contains no text.",
    )


def unsupported(what_vi: str, what_en: str) -> ParseError:
    return ParseError(
        "unsupported",
        f"Định dạng chưa được hỗ trợ: {what_vi}.",
        f"unsupported format: {what_en}.",
    )


def needs_ocr(reason_vi: str, reason_en: str) -> ParseError:
    return ParseError(
        "needs_ocr",
        "Tệp cần nhận dạng ký tự (OCR) nhưng máy chưa cài Tesseract "
        f"với dữ liệu tiếng Việt ({reason_vi}).",
        f"needs OCR, but Tesseract with its Vietnamese model is not available "
        f"({reason_en}).",
    )


def _join(message: str, detail: str) -> str:
    return f"{message}: {detail}." if detail else f"{message}."


# --- tables ---------------------------------------------------------------------

_HEADER_WORDS = (
    "stt", "tt", "so tt", "noi dung", "nhiem vu", "ten nhiem vu", "chu tri",
    "co quan chu tri", "don vi chu tri", "phoi hop", "co quan phoi hop",
    "don vi phoi hop", "thoi gian", "thoi han", "ghi chu", "kinh phi",
    "san pham", "tieu chi",
)  # fmt: skip
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    bare = bare.replace("đ", "d").replace("Đ", "D").casefold()
    return _SPACES.sub(" ", re.sub(r"[^\w\s]", " ", bare)).strip()


def is_data_table(rows: Sequence[Sequence[str]]) -> bool:
    """A real table (kept as ``Table``) or a layout grid (read as text).

    Data: three or more columns, or a header row such as ``STT | Nội dung |
    Chủ trì``. Layout: the two-column header (agency | Quốc hiệu) and
    signature (Nơi nhận | signer) grids Decree 30 documents are set in.
    """
    if max((len(r) for r in rows), default=0) >= 3:
        return True
    for row in rows[:2]:
        for cell in row:
            folded = _fold(cell)
            if folded and any(
                folded == w or folded.startswith(w + " ") for w in _HEADER_WORDS
            ):
                return True
    return False


def table_blocks(rows: Sequence[Sequence[str]]) -> list[Block]:
    """Blocks for a table: a ``Table``, or a layout grid's cells as text.

    A layout grid is read row by row, left cell then right cell; each
    non-empty cell gives its lines as paragraphs followed by one blank
    paragraph — the shape plain-text copies of these documents have.
    """
    clean = tuple(tuple(cell.strip() for cell in row) for row in rows)
    clean = tuple(row for row in clean if any(row))
    if not clean:
        return []
    if is_data_table(clean):
        return [Table(clean)]
    blocks: list[Block] = []
    for row in clean:
        for cell in row:
            lines = [ln.rstrip() for ln in cell.split("\n") if ln.strip()]
            if lines:
                blocks.extend(Paragraph(ln) for ln in lines)
                blocks.append(Paragraph(""))
    return blocks


def has_text(blocks: Iterable[Block]) -> bool:
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                return True
        elif any(cell.strip() for row in block.rows for cell in row):
            return True
    return False
