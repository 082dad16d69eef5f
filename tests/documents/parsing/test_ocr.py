import difflib
import re
import shutil

import pytest

from kehoach.documents.parsing import ParseError, parse_bytes, parse_text, read_bytes
from kehoach.documents.parsing.readers import ocr
from kehoach.documents.parsing.types import Paragraph, RawDocument
from tests.documents.parsing import helpers

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Debian tesseract-ocr not installed"
)


@pytest.fixture(scope="module")
def pages():
    return helpers.page_images(helpers.corpus_text("000.txt"), size_pt=10)


@pytest.fixture(scope="module")
def scans(pages):
    """The same pages as a multi-page TIFF and as an image-only PDF."""
    return {"tiff": helpers.tiff_bytes(pages), "pdf": helpers.image_pdf(pages)}


@pytest.fixture(scope="module")
def ocr_read(scans):
    """Each scan read once (OCR is the slow part), shared by the tests."""
    cache: dict[str, RawDocument] = {}

    def read(kind: str) -> RawDocument:
        if kind not in cache:
            cache[kind] = read_bytes(scans[kind])
        return cache[kind]

    return read


def _similarity(blocks) -> float:
    got = " ".join(b.text for b in blocks if isinstance(b, Paragraph))
    expected = helpers.corpus_text("000.txt")

    def fold(s: str) -> str:
        return re.sub(r"\s+", " ", s).strip()

    return difflib.SequenceMatcher(None, fold(expected), fold(got)).ratio()


@pytest.mark.slow
@needs_tesseract
@pytest.mark.parametrize("kind", ["tiff", "pdf"])
def test_scan_is_ocrd_into_the_text(ocr_read, kind):
    raw = ocr_read(kind)

    assert raw.ocr is True
    assert raw.format == ("image" if kind == "tiff" else "pdf")
    assert _similarity(raw.blocks) >= 0.97


@pytest.mark.slow
@needs_tesseract
@pytest.mark.parametrize("kind", ["tiff", "pdf"])
def test_scan_parses_to_at_least_90_percent_of_the_text_fields(ocr_read, kind):
    if helpers.extraction_is_stub():
        pytest.skip("TODO(merge): needs the real extractor on this branch")
    from kehoach.documents.parsing.extract import extract

    expected = parse_text(helpers.corpus_text("000.txt")).to_dict()

    got = extract(ocr_read(kind)).to_dict()

    right, total, notes = helpers.field_agreement(expected, got)
    assert right / total >= 0.9, notes


def test_scan_is_refused_when_tesseract_is_missing(monkeypatch, pages):
    # Configuration, not a mock: point the parser at a binary that is not there.
    monkeypatch.setenv("KEHOACH_TESSERACT_CMD", "/nonexistent/tesseract")
    png = helpers.png_bytes(pages[0])

    for data in (png, helpers.image_pdf(pages[:1])):
        with pytest.raises(ParseError) as caught:
            parse_bytes(data)
        assert caught.value.code == "needs_ocr"
        assert caught.value.message.startswith("Tệp cần nhận dạng ký tự (OCR)")
        assert "OCR" in caught.value.message_en


def test_tesseract_without_vietnamese_model_is_refused(monkeypatch, tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\necho 'List of available languages (1):'\necho eng\n")
    fake.chmod(0o755)
    monkeypatch.setenv("KEHOACH_TESSERACT_CMD", str(fake))

    with pytest.raises(ParseError) as caught:
        ocr.check_available()

    assert caught.value.code == "needs_ocr"
    assert "vie" in caught.value.message_en
