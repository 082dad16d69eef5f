"""Shared data and page checks of the rendering and signing tests."""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import Any

import pytest
from PIL import Image

from tests.plans.helpers import parsed_copy

ISSUER = {"parent": "UBND TỈNH ĐẮK NÔNG", "name": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"}

# The worked example's body as the parser's section tree (abridged), so the
# rendering tests do not depend on the parser.
SECTIONS: list[dict[str, Any]] = [
    {
        "label": None,
        "heading": None,
        "paragraphs": [
            "Thực hiện Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023 của Bộ Thông tin và "
            "Truyền thông về việc tổ chức các hoạt động kỷ niệm Ngày truyền thống "
            "ngành Thông tin và Truyền thông; Công văn số 696/TTCS-VP ngày 07/8/2023 "
            "của Cục Thông tin cơ sở. Sở Thông tin và Truyền thông ban hành Kế hoạch "
            "tổ chức các hoạt động kỷ niệm; cụ thể như sau:"
        ],
        "children": [],
    },
    {
        "label": "I",
        "heading": "Mục đích, ý nghĩa",
        "paragraphs": [],
        "children": [
            {
                "label": "-",
                "heading": "Là dịp để công chức, viên chức và người lao động trong ngành "
                "TTTT tỉnh Đắk Nông gặp gỡ, giao lưu cùng ôn lại truyền thống vẻ vang "
                "qua 78 năm xây dựng, trưởng thành của ngành TTTT.",
                "paragraphs": [],
                "children": [],
            }
        ],
    },
    {
        "label": "III",
        "heading": "NỘI DUNG CÁC HOẠT ĐỘNG",
        "paragraphs": [],
        "children": [
            {
                "label": "3.1",
                "heading": "Tri ân, thăm hỏi đến công chức, viên chức, người lao động "
                "đang công tác tại Sở Thông tin và Truyền thông.",
                "paragraphs": [],
                "children": [
                    {
                        "label": "-",
                        "heading": "Đơn vị chủ trì: Công đoàn cơ sở sở TTTT",
                        "paragraphs": [],
                        "children": [],
                    },
                    {
                        "label": "-",
                        "heading": "Thời gian hoàn thành: trước ngày 25/8/2023.",
                        "paragraphs": [],
                        "children": [],
                    },
                ],
            },
            {
                "label": "a",
                "heading": "Thăm hỏi người lao động ốm đau.",
                "paragraphs": [],
                "children": [],
            },
        ],
    },
    {
        "label": "IV",
        "heading": "TỔ CHỨC THỰC HIỆN",
        "paragraphs": [
            "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các phòng, đơn vị "
            "phản ánh kịp thời về Sở Thông tin và Truyền thông (qua Văn phòng Sở)."
        ],
        "children": [
            {
                "label": "1",
                "heading": "Văn phòng Sở phối hợp chặt chẽ với Ban chấp hành Công đoàn "
                "cơ sở Sở để triển khai các hoạt động kỷ niệm.",
                "paragraphs": [],
                "children": [],
            }
        ],
    },
]


def parsed_with_body(**changes: Any) -> dict[str, Any]:
    return parsed_copy(**{"issuer": dict(ISSUER), "sections": SECTIONS, **changes})


def page_image(pdf: bytes, page: int = 1, dpi: int = 40) -> Image.Image:
    """One page of a PDF as a greyscale image (poppler's pdftoppm)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed (apt install poppler-utils)")
    result = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return Image.open(io.BytesIO(result.stdout)).convert("L")


def dark_fraction(image: Image.Image, box: tuple[float, float, float, float]) -> float:
    """Share of dark pixels in a region given as fractions of the page
    (left, top, right, bottom)."""
    width, height = image.size
    region = image.crop(
        (
            int(box[0] * width),
            int(box[1] * height),
            int(box[2] * width),
            int(box[3] * height),
        )
    )
    histogram = region.histogram()  # 256 bins of a greyscale image
    return sum(histogram[:128]) / max(sum(histogram), 1)
