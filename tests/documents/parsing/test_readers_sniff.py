import io
import zipfile

import pytest

from kehoach.documents.parsing import ParseError, parse, read_bytes
from kehoach.documents.parsing.readers import choose_reader
from tests.documents.parsing import helpers


@pytest.mark.parametrize(
    ("data", "filename", "reader"),
    [
        (lambda: helpers.build_pdf(["Kế hoạch"]), "ke-hoach.docx", "pdf"),
        (helpers.build_docx, "ke-hoach.pdf", "docx"),
        (helpers.build_docx, None, "docx"),
        ("<!DOCTYPE html><p>Kế hoạch</p>".encode, "a.txt", "html"),
        ("Kế hoạch số 1".encode, "a.pdf", "txt"),
        (lambda: helpers.png_bytes(_tiny_image()), "scan.txt", "image"),
    ],
)
def test_reader_is_chosen_by_content_not_by_name(data, filename, reader):
    payload = data()

    assert choose_reader(payload[:8192], filename).name == reader


def _zip(**members: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _zip(**{"a.txt": b"hello"}),
        _zip(**{"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}),
        b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200),
        bytes(range(256)) * 16,
    ],
    ids=["zip", "xlsx", "elf", "exe", "binary"],
)
def test_binary_that_is_no_document_is_refused(data):
    with pytest.raises(ParseError) as caught:
        read_bytes(data, filename="x.docx")

    assert caught.value.code == "not_document"
    assert caught.value.message  # Vietnamese
    assert caught.value.message_en


def test_password_protected_docx_is_encrypted():
    # Office wraps an encrypted DOCX in an OLE2 file with these streams.
    streams = "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode(
        "utf-16-le"
    )
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000) + streams + bytes(500)

    with pytest.raises(ParseError) as caught:
        read_bytes(data, filename="mat.docx")

    assert caught.value.code == "encrypted"


def test_word_97_document_is_unsupported():
    with pytest.raises(ParseError) as caught:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), filename="a.doc")

    assert caught.value.code == "unsupported"


@pytest.mark.parametrize("data", [b"", b"   \n\n  \t", "\ufeff\n".encode()])
def test_no_text_is_empty(data):
    with pytest.raises(ParseError) as caught:
        read_bytes(data)

    assert caught.value.code == "empty"


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)

    with pytest.raises(ParseError) as caught:
        parse(path, max_bytes=1024)

    assert caught.value.code == "too_large"


def test_missing_file_is_a_parse_error(tmp_path):
    with pytest.raises(ParseError) as caught:
        parse(tmp_path / "none.txt")

    assert caught.value.code == "unreadable"


def _tiny_image():
    from PIL import Image

    return Image.new("L", (40, 40), 255)
