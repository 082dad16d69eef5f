import pytest

from kehoach.documents.parsing import read_bytes, read_path
from kehoach.documents.parsing.encodings import encode_tcvn3
from kehoach.documents.parsing.types import Paragraph, ParseError, Table
from tests.documents.parsing.helpers import corpus, corpus_text, growth


def test_txt_one_paragraph_per_line_with_blank_lines_kept():
    raw = read_bytes("KẾ HOẠCH  \r\n\r\nTổ chức\n".encode())

    assert raw.blocks == (Paragraph("KẾ HOẠCH"), Paragraph(""), Paragraph("Tổ chức"))
    assert (raw.format, raw.encoding, raw.ocr) == ("txt", "utf-8", False)


def test_txt_pipe_rows_become_one_table():
    raw = read_path(corpus("103.txt"))

    tables = [b for b in raw.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert tables[0].rows[0] == (
        "TT",
        "Nội dung/nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
    )
    assert len(tables[0].rows) == 7
    assert all(len(row) == 5 for row in tables[0].rows)


def test_txt_trailing_empty_cell_is_kept():
    raw = read_path(corpus("105.txt"))

    table = next(b for b in raw.blocks if isinstance(b, Table))
    assert table.rows[1] == ("I", "NHÓM XÃ, PHƯỜNG", "115", "")


def test_txt_single_pipe_line_stays_a_paragraph():
    raw = read_bytes(b"Noi dung | ghi chu\nTiep theo")

    assert raw.blocks == (Paragraph("Noi dung | ghi chu"), Paragraph("Tiep theo"))


def test_txt_markdown_table_rule_rows_are_dropped():
    raw = read_bytes("| STT | Nội dung |\n|---|---|\n| 1 | Họp |\n".encode())

    assert raw.blocks == (Table((("STT", "Nội dung"), ("1", "Họp"))),)


def test_txt_in_tcvn3_reads_like_the_unicode_file():
    unicode_raw = read_path(corpus("000.txt"))

    legacy_raw = read_bytes(encode_tcvn3(corpus_text("000.txt")), filename="000.txt")

    assert legacy_raw.encoding == "tcvn3"
    assert legacy_raw.blocks == unicode_raw.blocks


def test_txt_reading_work_is_linear_in_size():
    unit = corpus_text("103.txt").encode()

    ratio = growth(lambda n: unit * n, read_bytes, 3)

    assert 3.5 < ratio < 4.4  # 4x the text: 4x the work (speed: bench/parse.py)


def test_binary_with_nul_every_other_byte_is_not_taken_for_utf16():
    with pytest.raises(ParseError) as caught:
        read_bytes(b"\x00\x01\x02\xff" * 500, filename="anh.bin")
    assert caught.value.code == "not_document"
