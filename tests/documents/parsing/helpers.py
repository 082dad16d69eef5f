"""Test data builders for the parser tests: corpus paths, DOCX, PDF, page
images. Real files, built with the same libraries a clerk's tools use."""

from __future__ import annotations

import gc
import importlib.util
import io
import os
import signal
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)


@cache
def shared_dir() -> Path:
    """The team's shared folder: beside the repository (CI), or its parents."""
    candidates = [os.environ.get("KEHOACH_SHARED", ""), REPO.parent / "shared"]
    candidates += [REPO.parent.parent / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "corpus").is_dir():
            return Path(candidate)
    pytest.skip("shared/corpus not found (set KEHOACH_SHARED)")


def corpus(name: str) -> Path:
    return shared_dir() / "corpus" / name


def corpus_text(name: str = "000.txt") -> str:
    return corpus(name).read_text(encoding="utf-8")


def font_path(*names: str) -> Path:
    for folder in FONT_DIRS:
        for name in names or ("DejaVuSerif.ttf", "LiberationSerif-Regular.ttf"):
            if (folder / name).exists():
                return folder / name
    pytest.skip("no Vietnamese-capable TTF font installed (fonts-dejavu)")


def extraction_is_stub() -> bool:
    from kehoach.documents.parsing import extract

    return bool(getattr(extract, "IS_STUB", False))


def score_module() -> ModuleType:
    """``shared/tools/score_parse.py``, for its field-by-field comparison."""
    path = shared_dir() / "tools" / "score_parse.py"
    spec = importlib.util.spec_from_file_location("score_parse", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def field_agreement(
    expected: dict[str, Any], got: dict[str, Any]
) -> tuple[int, int, list[str]]:
    """(right, total, notes) over the fields ``score_parse`` scores."""
    scorer = score_module()
    tally = scorer.Tally()
    notes: list[str] = []
    scorer.score_doc(expected, got, tally, notes)
    return sum(tally.ok.values()), sum(tally.n.values()), notes


# --- a document in three shapes ------------------------------------------------

HEADER_ROWS = (
    (("UBND TỈNH ĐẮK NÔNG", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"),
     ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")),
    (("Số: /KH-STTTT",), ("Đắk Nông, ngày tháng 8 năm 2023",)),
)  # fmt: skip
ASSIGNMENT_TABLE = (
    ("STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"),
    ("1", "Tri ân, thăm hỏi công chức", "Công đoàn cơ sở Sở TTTT", "Văn phòng Sở",
     "25/8/2023"),
    ("2", "Tổ chức Hội thao", "Công đoàn cơ sở Sở TTTT", "Các phòng, đơn vị",
     "Dự kiến 25/8/2023"),
)  # fmt: skip


def body_lines() -> list[str]:
    """000.txt from its type name on (its header has no issuer lines)."""
    lines = corpus_text().splitlines()
    return lines[lines.index("KẾ HOẠCH") :]


def header_text_lines() -> list[str]:
    """The header as plain-text copies write it: each cell's lines, then a
    blank line, row by row."""
    out: list[str] = []
    for row in HEADER_ROWS:
        for cell in row:
            out.extend(cell)
            out.append("")
    return out


def document_text() -> str:
    """Header, the body of 000.txt, and the assignment table, as a TXT."""
    body = body_lines()
    cut = body.index("IV. TỔ CHỨC THỰC HIỆN")
    table = [" | ".join(row) for row in ASSIGNMENT_TABLE]
    lines = [*header_text_lines(), *body[:cut], *table, "", *body[cut:]]
    return "\n".join(lines) + "\n"


def build_docx(
    *,
    with_header: bool = True,
    with_table: bool = True,
    soft_breaks: bool = False,
) -> bytes:
    """The same document as :func:`document_text`, laid out as a clerk would
    in Word: a borderless two-column header table, body paragraphs and an
    assignment table."""
    import docx

    document = docx.Document()
    if with_header:
        grid = document.add_table(rows=len(HEADER_ROWS), cols=2)
        for r, row in enumerate(HEADER_ROWS):
            for c, lines in enumerate(row):
                cell = grid.cell(r, c)
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    body = body_lines()
    cut = body.index("IV. TỔ CHỨC THỰC HIỆN")
    _add_lines(document, body[:cut], soft_breaks)
    if with_table:
        table = document.add_table(
            rows=len(ASSIGNMENT_TABLE), cols=len(ASSIGNMENT_TABLE[0])
        )
        for r, row in enumerate(ASSIGNMENT_TABLE):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        document.add_paragraph("")
    _add_lines(document, body[cut:], soft_breaks)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_lines(document: Any, lines: Sequence[str], soft_breaks: bool) -> None:
    """One paragraph per line; with ``soft_breaks``, the bullet lists that
    follow an item are one paragraph with line breaks (Shift+Enter)."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if soft_breaks and line.startswith("- ") and i + 1 < len(lines):
            group = [line]
            while i + 1 < len(lines) and lines[i + 1].startswith("- "):
                i += 1
                group.append(lines[i])
            paragraph = document.add_paragraph()
            for k, item in enumerate(group):
                run = paragraph.add_run(item)
                if k < len(group) - 1:
                    run.add_break()
        else:
            document.add_paragraph(line)
        i += 1


def build_pdf(
    lines: Sequence[str], *, header: bool = False, **encryption: str
) -> bytes:
    data = _build_pdf(lines, header=header, **encryption)
    quiet_font_files()
    return data


def quiet_font_files() -> None:
    """fontTools leaves the TTF it read open until the garbage collector
    runs; collect now, while its ResourceWarning is ignored."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def _build_pdf(lines: Sequence[str], *, header: bool, **encryption: str) -> bytes:
    """A born-digital A4 PDF of ``lines`` in DejaVu Serif (embedded).

    With ``header``, the two-column Decree 30 header is set first, each
    column centred in its half of the page, as word processors print it.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 18)
    pdf.add_font("Serif", fname=str(font_path()))
    pdf.set_font("Serif", size=12)
    pdf.add_page()
    if encryption:
        pdf.set_encryption(**encryption)
    if header:
        usable = pdf.w - pdf.l_margin - pdf.r_margin
        widths = (0.4 * usable, 0.6 * usable)  # the usual 40/60 header grid
        pdf.set_font_size(11)
        for row in HEADER_ROWS:
            top = pdf.get_y()
            bottom = top
            for c, cell in enumerate(row):
                pdf.set_xy(pdf.l_margin + (widths[0] if c else 0), top)
                for line in cell:
                    pdf.cell(widths[c], 6, line, align="C", new_x="LEFT", new_y="NEXT")
                bottom = max(bottom, pdf.get_y())
            pdf.set_xy(pdf.l_margin, bottom + 6)
        pdf.set_font_size(12)
    for line in lines:
        if line:
            pdf.multi_cell(0, 6, line, align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(6)
    return bytes(pdf.output())


# --- scans -----------------------------------------------------------------------

DPI = 300


def page_images(text: str, *, size_pt: float = 11) -> list[Any]:
    """``text`` typeset on A4 pages at 300 dpi, black on white, as a scanner
    would give them (wrapped lines, blank lines kept)."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * DPI), int(11.69 * DPI)
    margin_left, margin_right, margin_top = (
        int(1.1 * DPI),
        int(0.7 * DPI),
        int(0.6 * DPI),
    )
    font = ImageFont.truetype(str(font_path()), int(size_pt * DPI / 72))
    line_height = int(size_pt * DPI / 72 * 1.25)
    usable = width - margin_left - margin_right
    rows: list[str] = []
    for line in text.splitlines():
        current = ""
        for word in line.split():
            candidate = f"{current} {word}" if current else word
            if current and font.getlength(candidate) > usable:
                rows.append(current)
                current = word
            else:
                current = candidate
        rows.append(current)
    per_page = (height - 2 * margin_top) // line_height
    pages = []
    for start in range(0, len(rows), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for k, row in enumerate(rows[start : start + per_page]):
            draw.text(
                (margin_left, margin_top + k * line_height), row, font=font, fill=0
            )
        pages.append(page)
    return pages


def tiff_bytes(pages: Sequence[Any]) -> bytes:
    out = io.BytesIO()
    pages[0].save(
        out, format="TIFF", save_all=True, append_images=list(pages[1:]),
        dpi=(DPI, DPI), compression="tiff_lzw",
    )  # fmt: skip
    return out.getvalue()


def png_bytes(page: Any) -> bytes:
    out = io.BytesIO()
    page.save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def image_pdf(pages: Sequence[Any]) -> bytes:
    """A PDF whose pages are only images: no text layer at all."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for page in pages:
        pdf.add_page()
        pdf.image(page, x=0, y=0, w=pdf.w, h=pdf.h)
    data = bytes(pdf.output())
    quiet_font_files()
    return data


def renamed_font(tmp_dir: Path, name: str) -> Path:
    """DejaVu Serif under another font name (``.VnTimeH``, ``VNI-Times``),
    as legacy-font PDFs carry them; it draws the byte-view characters."""
    from fontTools.ttLib import TTFont

    out = tmp_dir / f"{name.strip('.')}.ttf"
    font = TTFont(str(font_path("DejaVuSerif.ttf")))
    table = font["name"]
    table.names = [r for r in table.names if r.nameID not in (16, 17)]
    for record in table.names:
        if record.nameID in (1, 4, 6):
            record.string = name
    font.save(str(out))
    font.close()
    return out


# --- work done, counted instead of timed ----------------------------------------


def calls(func: Callable[[], object]) -> int:
    """How many function calls (Python and built-in) ``func()`` makes.

    A measure of work that does not depend on the machine or its load:
    tests check complexity with it (the work for 4× the input stays near 4×
    the work), the speed itself is measured in ``bench/``. ``func`` runs
    once before counting, so that caches are as warm as in real use.
    """
    import cProfile

    func()
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        func()
    finally:
        profiler.disable()
    return sum(entry.callcount for entry in profiler.getstats())


def growth(
    make: Callable[[int], object], func: Callable[[Any], object], n: int
) -> float:
    """Work on ``make(4 * n)`` over work on ``make(n)``: 4 when linear."""
    small, large = make(n), make(4 * n)
    return calls(lambda: func(large)) / calls(lambda: func(small))


@contextmanager
def hang_guard(seconds: int = 30) -> Iterator[None]:
    """Fail (TimeoutError) instead of hanging when the body runs away — a
    regular expression backtracking without end, say. Generous on purpose:
    a guard against blow-ups, not a speed test."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
