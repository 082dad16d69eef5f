import io
import zipfile

import pytest

from kehoach.lib.exceptions import ActionRefused
from kehoach.plans.evidence import (
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    check_file,
    check_link,
    sniff_content_type,
)
from tests.plans.task_helpers import (
    PDF_BYTES,
    docx_bytes,
    jpeg_bytes,
    png_bytes,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: PDF_BYTES, PDF),
        (docx_bytes, DOCX),
        (xlsx_bytes, XLSX),
        (jpeg_bytes, JPEG),
        (png_bytes, PNG),
    ],
)
def test_sniff_reads_the_type_from_content(make, expected):
    assert sniff_content_type(io.BytesIO(make())) == expected


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 this is a windows program",
        b"<html><script>alert(1)</script></html>",
        b"\x89PNG\r\n\x1a\n but not really a png",
        b"\xff\xd8\xff\xe0 broken jpeg",
        _zip(["hello.txt"]),
        _zip(["[Content_Types].xml", "ppt/presentation.xml"]),
        b"PK\x03\x04 truncated zip",
    ],
)
def test_sniff_refuses_anything_else(data):
    assert sniff_content_type(io.BytesIO(data)) is None


def test_check_file_ignores_the_name_and_refuses_a_disguised_file():
    with pytest.raises(ActionRefused) as refused:
        check_file(io.BytesIO(b"<svg onload=alert(1)>"), "anh.png")
    assert refused.value.status == 415
    assert "anh.png" in str(refused.value.message)
    checked = check_file(io.BytesIO(png_bytes()), "bao-cao.pdf")
    assert checked.content_type == PNG
    assert checked.extension == "png"
    assert len(checked.sha256) == 64


def test_check_file_enforces_the_size_limit(settings):
    settings.KEHOACH_MAX_EVIDENCE_BYTES = 1024 * 1024
    big = io.BytesIO(PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(ActionRefused) as refused:
        check_file(big, "lon.pdf")
    assert refused.value.status == 413
    assert "tối đa 1 MB" in str(refused.value.message)


def test_check_file_strips_paths_from_names():
    assert (
        check_file(io.BytesIO(PDF_BYTES), "../../etc/passwd.pdf").name == "passwd.pdf"
    )
    assert check_file(io.BytesIO(PDF_BYTES), "C:\\Users\\a\\b.pdf").name == "b.pdf"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.vn/a",
        "file:///etc/passwd",
        "không phải url",
    ],
)
def test_check_link_refuses_non_http_urls(url):
    with pytest.raises(ActionRefused) as refused:
        check_link(url)
    assert refused.value.code == "invalid_url"


def test_check_link_accepts_http_and_https():
    assert check_link(" https://stttt.daknong.gov.vn/tin/1 ").url == (
        "https://stttt.daknong.gov.vn/tin/1"
    )
    assert check_link("http://example.vn").url == "http://example.vn"
