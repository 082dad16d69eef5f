from __future__ import annotations

import pytest

from kehoach.documents.parsing.extract import extract
from kehoach.documents.parsing.extract.recipients import parse_archive, parse_entry
from kehoach.documents.parsing.types import Recipient, Signer
from tests.documents.parsing.extract.txt_helper import raw_from_text


@pytest.mark.parametrize(
    ("line", "recipient"),
    [
        ("- Bộ TTTT (b/c);", Recipient("Bộ TTTT", "b/c")),
        ("- Như trên;", Recipient("Như trên")),
        (
            "- Bộ Giáo dục và Đào tạo; (để báo cáo)",
            Recipient("Bộ Giáo dục và Đào tạo", "để báo cáo"),
        ),
        (
            "- Bộ Công an (qua Cục A03) (để báo cáo)",
            Recipient("Bộ Công an (qua Cục A03)", "để báo cáo"),
        ),
        ("- VPUBND TP (2C, 3C);", Recipient("VPUBND TP (2C, 3C)")),
        (
            "- Bộ Chính trị, Ban Bí thư (để báo cáo),",
            Recipient("Bộ Chính trị, Ban Bí thư", "để báo cáo"),
        ),
        (
            "- TT. Tỉnh ủy; TT. HĐND tỉnh (b/c);",
            Recipient("TT. Tỉnh ủy; TT. HĐND tỉnh", "b/c"),
        ),
    ],
)
def test_parse_entry(line: str, recipient: Recipient) -> None:
    assert parse_entry(line) == recipient


@pytest.mark.parametrize(
    ("line", "archive"),
    [
        ("- Lưu: VT, VP.", ("VT", "VP")),
        ("- Lưu: VT, HC (2).", ("VT", "HC (2)")),
        ("- Lưu: VT, (VX/MT.Tấn).", ("VT", "(VX/MT.Tấn)")),
        ("- Lưu: VTUB, NC (TP, Vinh).", ("VTUB", "NC (TP, Vinh)")),
        ("- Lưu HCTĐKT.", ("HCTĐKT",)),
        ("- Lưu: VT, TH, VX", ("VT", "TH", "VX")),
    ],
)
def test_parse_archive(line: str, archive: tuple[str, ...]) -> None:
    assert parse_archive(line) == archive


_BODY = "KẾ HOẠCH\nThử nghiệm\n\nI. NỘI DUNG\n\n1. Một việc.\n\n"


def _closing(text: str) -> tuple[tuple[Recipient, ...], tuple[str, ...], Signer]:
    doc = extract(raw_from_text(_BODY + text))
    return doc.recipients, doc.archive, doc.signer


def test_closing_double_prefix_signer_and_wrapped_entry() -> None:
    recipients, archive, signer = _closing(
        "Nơi nhận:\n- Ban Thi đua - Khen thưởng Trung ương\n(b/c);\n- UBND các xã;\n"
        "- Lưu: VT, NV.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐào Mỹ\n"
    )

    assert [r.name for r in recipients] == [
        "Ban Thi đua - Khen thưởng Trung ương",
        "UBND các xã",
    ]
    assert recipients[0].purpose == "b/c"
    assert archive == ("VT", "NV")
    assert signer == Signer(
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Đào Mỹ"
    )


def test_closing_signer_before_recipients_interleaved() -> None:
    recipients, archive, signer = _closing(
        "Nơi nhận:\nKT. GIÁM ĐỐC\n- Bộ TTTT (b/c);\nPHÓ GIÁM ĐỐC\n- Lưu: VT, "
        "VP.\nNguyễn Văn An\n"
    )

    assert [r.name for r in recipients] == ["Bộ TTTT"]
    assert archive == ("VT", "VP")
    assert signer == Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An")


def test_closing_flattened_into_one_line() -> None:
    recipients, archive, signer = _closing(
        "Nơi nhận: - Sở Tài chính; - UBND các xã; - Lưu: VT, KT. KT. GIÁM ĐỐC PHÓ GIÁM "
        "ĐỐC\nLê Thị Hoa\n"
    )

    assert [r.name for r in recipients] == ["Sở Tài chính", "UBND các xã"]
    assert archive == ("VT", "KT")
    assert signer == Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Thị Hoa")


@pytest.mark.parametrize(
    ("block", "signer"),
    [
        (
            "KT. BỘ TRƯỞNG,\nCHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nMai Thị Thu Vân",
            Signer("KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "Mai Thị Thu Vân"),
        ),
        (
            "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\nPhạm Tất Thắng",
            Signer("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Phạm Tất Thắng"),
        ),
        (
            "TL. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG\n(Đã ký)\nPhạm Thị Thu Hà",
            Signer("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "Phạm Thị Thu Hà"),
        ),
        (
            "Q. GIÁM ĐỐC\nNgô Quang Trung",
            Signer("Q. GIÁM ĐỐC", None, "Ngô Quang Trung"),
        ),
        ("GIÁM ĐỐC\nTrần Văn Thương", Signer(None, "GIÁM ĐỐC", "Trần Văn Thương")),
    ],
)
def test_signer_blocks(block: str, signer: Signer) -> None:
    _, _, got = _closing("Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\n" + block + "\n")

    assert got == signer
