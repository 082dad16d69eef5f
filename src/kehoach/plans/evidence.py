"""Checking evidence before it is stored: the file's type is read from its
content (magic bytes, the ZIP structure of Office files, Pillow for images),
never from its name or the browser's content type; links must be http(s).
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from kehoach.lib.exceptions import ActionRefused

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: "pdf", DOCX: "docx", XLSX: "xlsx", JPEG: "jpg", PNG: "png"}
ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
MAX_NAME = 200
MAX_URL = 2000
_CHUNK = 1024 * 1024
_URL = URLValidator(schemes=["http", "https"])


def max_evidence_bytes() -> int:
    return int(getattr(settings, "KEHOACH_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024))


def _image_type(stream: IO[bytes], expected: str) -> str | None:
    try:
        with Image.open(stream) as image:
            found = {"JPEG": JPEG, "PNG": PNG}.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return found if found == expected else None


def _office_type(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff_content_type(stream: IO[bytes]) -> str | None:
    """The type of an evidence file from its bytes, or None when it is not
    a PDF, DOCX, XLSX, JPEG or PNG. Leaves the stream at position 0."""
    stream.seek(0)
    head = stream.read(1024)
    stream.seek(0)
    try:
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return _image_type(stream, PNG)
        if head.startswith(b"\xff\xd8\xff"):
            return _image_type(stream, JPEG)
        if b"%PDF-" in head:
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _office_type(stream)
        return None
    finally:
        stream.seek(0)


@dataclass
class CheckedFile:
    """A file that passed the checks, ready for storage."""

    stream: Any
    name: str
    size: int
    content_type: str
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


@dataclass(frozen=True)
class CheckedLink:
    url: str
    name: str


def _clean_name(name: str | None) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return (base or _("minh-chung"))[:MAX_NAME]


def _digest(stream: IO[bytes]) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def check_file(stream: Any, name: str | None, size: int | None = None) -> CheckedFile:
    """Refuse (with a Vietnamese message) a file that is empty, larger than
    the limit or not one of the accepted types by content."""
    name = _clean_name(name)
    if size is None:
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
        stream.seek(0)
    limit = max_evidence_bytes()
    if size > limit:
        raise ActionRefused(
            _("Tệp “{name}” quá lớn: tối đa {mb} MB.").format(
                name=name, mb=limit // (1024 * 1024)
            ),
            status=413,
            code="too_large",
        )
    if size == 0:
        raise ActionRefused(
            _("Tệp “{name}” rỗng.").format(name=name), code="empty_file"
        )
    content_type = sniff_content_type(stream)
    if content_type is None:
        raise ActionRefused(
            _(
                "Tệp “{name}” không phải PDF, DOCX, XLSX, JPEG hoặc PNG "
                "(kiểm tra theo nội dung tệp, không theo tên)."
            ).format(name=name),
            status=415,
            code="unsupported_type",
        )
    return CheckedFile(stream, name, size, content_type, _digest(stream))


def check_link(url: str) -> CheckedLink:
    url = url.strip()
    try:
        if len(url) > MAX_URL:
            raise ValidationError("too long")
        _URL(url)
    except ValidationError:
        raise ActionRefused(
            _(
                "Đường dẫn “{url}” không hợp lệ: cần bắt đầu bằng http:// hoặc https://."
            ).format(url=url[:100]),
            code="invalid_url",
        ) from None
    return CheckedLink(url=url, name=url[:MAX_NAME])


def check_links(urls: Iterable[str]) -> list[CheckedLink]:
    return [check_link(u) for u in urls if u and u.strip()]


def check_uploads(files: Iterable[Any]) -> list[CheckedFile]:
    """Django ``UploadedFile`` objects (from a form or the API)."""
    return [check_file(f, f.name, f.size) for f in files]
