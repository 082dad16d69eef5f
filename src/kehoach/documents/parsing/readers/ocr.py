"""OCR with Tesseract's Vietnamese model, through pytesseract.

The binary is ``tesseract`` on the PATH, or ``KEHOACH_TESSERACT_CMD``;
when it (or its ``vie`` model) is missing, scans are refused with
``needs_ocr`` rather than read into garbage.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from kehoach.documents.parsing.readers.base import needs_ocr, unreadable
from kehoach.documents.parsing.readers.layout import (
    Segment,
    Word,
    group_lines,
    join_pages,
    page_blocks,
    split_segments,
)
from kehoach.documents.parsing.types import Block

if TYPE_CHECKING:
    from PIL.Image import Image

LANG = "vie"
DPI = 300
# Tesseract is told the resolution; pages are rendered at DPI.
_CONFIG = f"--psm 3 --dpi {DPI}"
_TIMEOUT_PER_PAGE = 120


def tesseract_cmd() -> str:
    return os.environ.get("KEHOACH_TESSERACT_CMD") or "tesseract"


def check_available() -> None:
    """Raise ``needs_ocr`` unless Tesseract and its ``vie`` model run."""
    problem = _problem(tesseract_cmd())
    if problem is not None:
        raise needs_ocr(*problem)


@lru_cache(maxsize=4)
def _problem(cmd: str) -> tuple[str, str] | None:
    path = shutil.which(cmd)
    if path is None:
        return (f"không tìm thấy lệnh {cmd}", f"{cmd} not found")
    try:
        listed = subprocess.run(  # noqa: S603 -- fixed argv, no shell
            [path, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return (f"không chạy được {cmd}", f"{cmd} does not run")
    langs = {ln.strip() for ln in (listed.stdout + listed.stderr).splitlines()}
    if LANG not in langs:
        return ("thiếu dữ liệu tiếng Việt (tesseract-ocr-vie)", "no 'vie' model")
    return None


def ocr_pages(images: Iterable[Image]) -> list[Block]:
    """OCR each page image; blocks of all pages in order."""
    check_available()
    import pytesseract  # noqa: PLC0415 -- heavy, only for scans

    pytesseract.pytesseract.tesseract_cmd = tesseract_cmd()
    # Tesseract's OpenMP threads cost more than they give on one page.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    blocks: list[Block] = []
    for image in images:
        gray = image.convert("L")
        try:
            data = pytesseract.image_to_data(
                gray,
                lang=LANG,
                config=_CONFIG,
                output_type=pytesseract.Output.DICT,
                timeout=_TIMEOUT_PER_PAGE,
            )
        except (RuntimeError, OSError, pytesseract.TesseractError) as exc:
            raise unreadable(f"OCR: {exc}") from exc
        blocks = join_pages(blocks, page_blocks(_segments(data)))
    return blocks


def _segments(data: dict[str, list[object]]) -> list[Segment]:
    """Tesseract's words, grouped by its own block/paragraph/line ids."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for i, raw in enumerate(data["text"]):
        text = str(raw).strip()
        if not text or float(str(data["conf"][i])) < 0:
            continue
        key = (
            int(str(data["block_num"][i])),
            int(str(data["par_num"][i])),
            int(str(data["line_num"][i])),
        )
        left, top = int(str(data["left"][i])), int(str(data["top"][i]))
        width, height = int(str(data["width"][i])), int(str(data["height"][i]))
        lines.setdefault(key, []).append(
            Word(left, left + width, top, top + height, text)
        )
    segments: list[Segment] = []
    for words in lines.values():
        for line in group_lines(words):
            segments.extend(split_segments(line))
    return segments
