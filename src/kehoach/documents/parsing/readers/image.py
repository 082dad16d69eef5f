"""Scanned pages as images (PNG, JPEG, TIFF incl. multi-page, BMP, GIF, WebP)."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from kehoach.documents.parsing.readers import ocr
from kehoach.documents.parsing.readers.base import (
    too_many_pixels,
    unreadable,
)
from kehoach.documents.parsing.types import RawDocument

if TYPE_CHECKING:
    from PIL.Image import Image

# A4 at 600 dpi is 35 Mpx; anything far beyond is not a page scan.
MAX_PIXELS = 120_000_000
MAX_PAGES = 500

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"BM", "image/bmp"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def image_type(head: bytes) -> str | None:
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            if (
                mime == "image/bmp"
                and len(head) > 14
                and head[6:10] != b"\x00\x00\x00\x00"
            ):
                continue  # "BM" at the start of a text, not a bitmap
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


class ImageReader:
    name = "image"

    def supported_mime_types(self) -> Mapping[str, str]:
        return {
            "image/png": ".png",
            "image/jpeg": ".jpg",
            "image/tiff": ".tif",
            "image/bmp": ".bmp",
            "image/gif": ".gif",
            "image/webp": ".webp",
        }

    def score(self, head: bytes, filename: str | None) -> int:
        return 100 if image_type(head) else 0

    def read(self, data: bytes) -> RawDocument:
        ocr.check_available()  # refuse before decoding anything
        blocks = ocr.ocr_pages(_pages(data))
        return RawDocument(tuple(blocks), "image", None, ocr=True)


def _pages(data: bytes) -> Iterator[Image]:
    from PIL import Image, ImageSequence, UnidentifiedImageError  # noqa: PLC0415 -- heavy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise too_many_pixels(width * height, MAX_PIXELS)
            for n, frame in enumerate(ImageSequence.Iterator(image)):
                if n >= MAX_PAGES:
                    break
                frame.load()
                yield _normalised(frame)
        except (UnidentifiedImageError, OSError, ValueError, EOFError) as exc:
            raise unreadable(f"ảnh/image: {exc}") from exc
        except Image.DecompressionBombError as exc:
            raise too_many_pixels(MAX_PIXELS + 1, MAX_PIXELS) from exc


def _normalised(frame: Image) -> Image:
    """Grey scale, at least 300 dpi-like size for small scans."""
    page = frame.convert("L")
    dpi = frame.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and 0 < float(dpi[0]) < 200:
        factor = min(300 / float(dpi[0]), 4.0)
        page = page.resize((int(page.width * factor), int(page.height * factor)))
    return page
