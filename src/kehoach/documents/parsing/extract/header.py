"""The header of a Decree 30 document (cells 1–5 of Appendix I).

Left column: parent body, issuing body, ``Số: n/ký-hiệu``, for a công văn
the ``V/v …`` line. Right column: Quốc hiệu and Tiêu ngữ (or, for Party
documents, ``ĐẢNG CỘNG SẢN VIỆT NAM``), then ``<Place>, ngày … tháng …
năm …``. Then, centred, the type name (``KẾ HOẠCH``) and the trích yếu.

Readers may give the two columns one after the other, interleaved line by
line, or flattened into one long line; words may be soft-wrapped
(``VĂN`` / ``PHÒNG CHÍNH PHỦ``). So the header is first cut into pieces at
the fixed anchors (Quốc hiệu, Tiêu ngữ, ``Số``, the date, the type name)
and each piece is then classified.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from kehoach.documents.parsing.extract.dates import iso
from kehoach.documents.parsing.extract.lines import Line
from kehoach.documents.parsing.extract.normalize import clean, fold, is_upper_text

# Appendix III type codes, plus those of legal documents and Party texts.
TYPE_CODES = frozenset(
    [
        "NQ",
        "QĐ",
        "CT",
        "QC",
        "QyĐ",
        "TC",
        "TB",
        "HD",
        "CTr",
        "KH",
        "PA",
        "ĐA",
        "DA",
        "BC",
        "BB",
        "TTr",
        "HĐ",
        "CĐ",
        "BGN",
        "BTT",
        "GUQ",
        "GM",
        "GGT",
        "GNP",
        "PG",
        "PC",
        "PB",
        "SY",
        "TrS",
        "SL",
        "NĐ",
        "TT",
        "TTLT",
        "KL",
        "QCPH",
        "QĐi",
        "L",
        "PL",
        "LCT",
        "TTg",
    ]
)
# Type names (folded) → code. Longest first when matching.
TYPE_NAMES = {
    "nghi quyet": "NQ",
    "quyet dinh": "QĐ",
    "chi thi": "CT",
    "quy che": "QC",
    "quy dinh": "QyĐ",
    "thong cao": "TC",
    "thong bao": "TB",
    "huong dan": "HD",
    "chuong trinh": "CTr",
    "ke hoach": "KH",
    "phuong an": "PA",
    "de an": "ĐA",
    "du an": "DA",
    "bao cao": "BC",
    "bien ban": "BB",
    "to trinh": "TTr",
    "hop dong": "HĐ",
    "cong van": "CV",
    "cong dien": "CĐ",
    "ban ghi nho": "BGN",
    "ban thoa thuan": "BTT",
    "giay uy quyen": "GUQ",
    "giay moi": "GM",
    "giay gioi thieu": "GGT",
    "giay nghi phep": "GNP",
    "phieu gui": "PG",
    "phieu chuyen": "PC",
    "phieu bao": "PB",
    "nghi dinh": "NĐ",
    "thong tu": "TT",
    "thong tu lien tich": "TTLT",
    "ket luan": "KL",
    "luat": "Luật",
    "quy che phoi hop": "QCPH",
    "van ban": "CV",
    "thu cong": "CV",
}

_MOTTOS = (
    "cong hoa xa hoi chu nghia viet nam",
    "doc lap - tu do - hanh phuc",
    "dang cong san viet nam",
)
_SEPARATOR = re.compile(r"^[-_=*~.…·•]{1,}$|^[-_=*\s]{3,}$")
_NUMBER = re.compile(
    r"^Số\b\s*:?\s*(?P<num>\d*)[\s._…]*(?P<sep>[/-])\s*(?P<sym>[0-9A-ZĐa-zđ][^\s]*)"
)
_DATE_LINE = re.compile(
    r"^(?P<place>[^,]{0,60}?),?\s*ngày\s*(?P<d>\d{1,2})?[\s._…]*"
    r"tháng\s*(?P<m>\d{1,2})?[\s._…]*năm\s*(?P<y>\d{4})",
    re.IGNORECASE,
)
_VV = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\s*:?\s*(?P<rest>.*)$")
_TYPE_LINE = re.compile(
    r"^(NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ|QUY CHẾ|QUY ĐỊNH|THÔNG CÁO|THÔNG BÁO|"
    r"HƯỚNG DẪN|CHƯƠNG TRÌNH|KẾ HOẠCH|PHƯƠNG ÁN|ĐỀ ÁN|DỰ ÁN|BÁO CÁO|BIÊN BẢN|"
    r"TỜ TRÌNH|HỢP ĐỒNG|CÔNG ĐIỆN|BẢN GHI NHỚ|BẢN THỎA THUẬN|BẢN THOẢ THUẬN|"
    r"GIẤY ỦY QUYỀN|GIẤY MỜI|GIẤY GIỚI THIỆU|GIẤY NGHỈ PHÉP|PHIẾU GỬI|"
    r"PHIẾU CHUYỂN|PHIẾU BÁO|THÔNG TƯ|NGHỊ ĐỊNH|KẾT LUẬN|CÔNG VĂN)"
    r"(?:\s+(?P<rest>.*))?$"
)
_BODY_START = re.compile(
    r"^(Căn cứ|Thực hiện|Triển khai|Kính gửi|Xét|Theo|Nhằm|Để|Trong|Hiện nay|"
    r"Ngày|Thời gian|Tiếp|Sau|Qua|Trên cơ sở|"
    r"(?:Phần|PHẦN|Chương|CHƯƠNG)\s+(?:[IVXLC]+|\d+)\b|Điều\s+\d|"
    r"[IVX]+\.\s|\d+\.\s|\(Ban hành|\(Kèm theo|QUYẾT ĐỊNH:|Nơi nhận)"
)
# Lines that can only open the body, never be a trích yếu.
_ONLY_BODY = re.compile(
    r"^(Căn cứ|Kính gửi|Xét|(?:Phần|PHẦN|Chương|CHƯƠNG)\s+(?:[IVXLC]+|\d+)\b|"
    r"Điều\s+\d|[IVX]+\.\s|\d+\.\s|\(Ban hành|\(Kèm theo|QUYẾT ĐỊNH:|Nơi nhận)"
)


def _title_like(text: str) -> bool:
    """A line right under the type name that reads as its trích yếu even
    though it begins like a body sentence (``KẾ HOẠCH`` / ``Triển khai …``,
    ``Thực hiện …``, ``Tổ chức …``): short, no end mark, no citation lead."""
    return (
        not _ONLY_BODY.match(text)
        and not text.endswith((".", ";", ":", ","))
        and len(text.split()) <= 40
    )


# Fixed phrases where a flattened header is cut.
_CUTS = [
    re.compile(r"(CỘNG\s*HÒA|CỘNG\s*HOÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM"),
    re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc"),
    re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM"),
    re.compile(r"(?<!\w)Số\s*:?\s*\d*[\s._…]*[/-]\s*[0-9A-ZĐ][^\s]*"),
    re.compile(r"(?<=\s)(?=(?:V/v|V/V)\b)"),
    re.compile(
        r"(?<![\w/-])[A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+(?:[A-ZĐÀ-Ỹ][^\W\d_]*|phố|xã|thị|trấn)){0,5},\s*"
        r"ngày[\s\d._…]*tháng[\s\d._…]*năm\s*\d{4}"
    ),
]
# A word each anchor of _CUTS contains: a line without it has no such anchor.
_CUT_LITERALS = ("CỘNG", "Độc", "ĐẢNG", "Số", "V/", "ngày")
# Body words that head an issuer line (used to split a flattened line).
_ISSUER_HEAD = re.compile(
    r"(?<!CƠ )(?<!XÃ )(?<!MÔI )(?<!NHIỆM )(?<!DỊCH )(?<!NỘI )(?<!PHỤC )(?<!QUỐC )"
    r"\b(ỦY BAN|UỶ BAN|UBND|HĐND|HỘI ĐỒNG|VĂN PHÒNG|BỘ CHỈ HUY|SỞ|BỘ|BAN|"
    r"CHI CỤC|TỔNG CỤC|CỤC|VỤ|PHÒNG|TRUNG TÂM|BỆNH VIỆN|TRƯỜNG|VIỆN|ĐÀI|BÁO|"
    r"CÔNG AN|THANH TRA|KHO BẠC|ĐẢNG ỦY|ĐẢNG UỶ|CÔNG ĐOÀN|LIÊN ĐOÀN|ĐOÀN|HỘI|"
    r"CHI NHÁNH|TỔNG CÔNG TY|CÔNG TY)\b"
)
_LOCALITY = re.compile(
    r"^(TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU|KHU VỰC)\b"
)


@dataclass
class Header:
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    parent: str | None = None
    name: str | None = None
    place: str | None = None
    issued: str | None = None
    title: str | None = None
    body_start: int = 0  # index of the first body line
    notes: list[str] = field(default_factory=list)


_MOTTO_WORDS = (
    "CỘNG",
    "HÒA",
    "HOÀ",
    "XÃ",
    "HỘI",
    "CHỦ",
    "NGHĨA",
    "VIỆT",
    "NAM",
    "Độc",
    "lập",
    "Tự",
    "do",
    "Hạnh",
    "phúc",
    "ĐẢNG",
    "SẢN",
    "-",
)


def _heal_wrapped_mottos(texts: list[str]) -> list[str]:
    """Move the rest of a Quốc hiệu/Tiêu ngữ wrapped onto the next line back
    onto its line, so that the anchors match whole."""
    out = list(texts)
    for i in range(len(out) - 1):
        if not out[i].endswith(_MOTTO_WORDS) and not out[i + 1].startswith(
            _MOTTO_WORDS
        ):
            continue
        joined = f"{out[i]} {out[i + 1]}"
        for literal, rx in zip(_CUT_LITERALS[:3], _CUTS[:3], strict=True):
            if literal not in joined:
                continue  # cannot hold this motto
            m = rx.search(joined)
            if m and m.start() < len(out[i]) < m.end():
                out[i], out[i + 1] = joined[: m.end()], joined[m.end() :].strip()
                break
    return out


def _cut_pieces(text: str) -> list[str]:
    """Split one header line at the fixed anchors it contains."""
    bounds = {0, len(text)}
    for literal, rx in zip(_CUT_LITERALS, _CUTS, strict=True):
        if literal not in text:
            continue  # the anchor cannot be in this line
        for m in rx.finditer(text):
            bounds.add(m.start())
            bounds.add(m.end())
    # "… năm 2023 KẾ HOẠCH Tổ chức …": cut before and after a type name.
    for m in _AFTER_YEAR.finditer(text):
        bounds.add(m.end())
    pos = sorted(bounds)
    pieces = [text[a:b].strip(" ,") for a, b in itertools.pairwise(pos)]
    return [p for p in pieces if p]


def is_type_name(text: str) -> bool:
    """A type-name line in capitals: ``KẾ HOẠCH``, ``QUY CHẾ …``."""
    return bool(_TYPE_LINE.match(text)) and is_upper_text(text)


def _bare_type_name(text: str) -> bool:
    """``KẾ HOẠCH`` alone, its trích yếu still to come."""
    m = _TYPE_LINE.match(text)
    return m is not None and not m.group("rest")


def _type_split(text: str) -> list[str]:
    """``KẾ HOẠCH Tổ chức …`` → [``KẾ HOẠCH``, ``Tổ chức …``]."""
    m = _TYPE_LINE.match(text)
    if m and m.group("rest") and not is_upper_text(text):
        return [text[: m.start("rest")].strip(), m.group("rest")]
    return [text]


_LONG_DASHES = re.compile(r"[–—]")
_WHITE = re.compile(r"\s+")
_AFTER_YEAR = re.compile(r"(?<=\d{4})\s+(?=[A-ZĐ]{2,})")
_SYMBOL_GROUPS = re.compile(r"[-/]")


def _is_motto(text: str) -> bool:
    if len(text) > 60 and "  " not in text and text.isprintable():
        return False  # longer than any motto, even folded
    key = " " + _LONG_DASHES.sub("-", fold(text)) + " "
    key = _WHITE.sub(" ", key)
    return any(key in f" {m} " for m in _MOTTOS) and len(key.strip()) > 1


def _merge_issuer_lines(lines: list[str]) -> list[str]:
    """Join the wrapped pieces of one body name."""
    out: list[str] = []
    for ln in lines:
        if out and (
            len(out[-1].split()) == 1
            or out[-1].endswith((" VÀ", "&", ",", "-"))
            or ln.startswith(("VÀ ", "& ", "- "))
            or _LOCALITY.match(ln)
        ):
            out[-1] = f"{out[-1]} {ln}"
        else:
            out.append(ln)
    return out


def _issuer(lines: list[str]) -> tuple[str | None, str | None]:
    names = _merge_issuer_lines(lines)
    if not names:
        return None, None
    if len(names) == 1:
        heads = [m.start() for m in _ISSUER_HEAD.finditer(names[0]) if m.start() > 0]
        heads = [h for h in heads if len(names[0][:h].split()) >= 2]
        if heads:
            cut = heads[-1]
            return clean(names[0][:cut]), clean(names[0][cut:])
        return None, names[0]
    return names[-2], names[-1]


def _symbol_code(symbol: str) -> str | None:
    """The Appendix III code inside a ký hiệu (``KH-BTTTT`` → ``KH``)."""
    for group in _SYMBOL_GROUPS.split(_WHITE.sub("", symbol)):
        if group in TYPE_CODES:
            return group
        if group.isdigit():
            continue
        return None
    return None


def doc_type_of(symbol: str | None, type_name: str | None) -> str | None:
    """Type from the type-name line, else the symbol's code, else công văn."""
    if type_name:
        code = TYPE_NAMES.get(fold(type_name))
        if code:
            return code
    if symbol:
        code = _symbol_code(symbol)
        return code or "CV"
    return None


def parse_header(lines: list[Line]) -> Header:
    """Header fields from the first lines of a document."""
    head = Header()
    pieces: list[tuple[int, str]] = []  # (line index, piece)
    limit = min(len(lines), 40)
    texts = _heal_wrapped_mottos([ln.text for ln in lines[:limit]])
    for i in range(limit):
        ln = lines[i]
        if ln.table is not None:
            break
        if (
            i > 0
            and _BODY_START.match(texts[i])
            and any(_TYPE_LINE.match(p) or _NUMBER.match(p) for _, p in pieces)
            and not (_bare_type_name(pieces[-1][1]) and _title_like(texts[i]))
        ):
            break
        for piece in _cut_pieces(texts[i]):
            for part in _type_split(piece):
                pieces.append((i, part))

    issuer_lines: list[str] = []
    type_name: str | None = None
    title_parts: list[str] = []
    title_open = False
    title_line = -1
    vv = False
    last_header_line = -1
    seen_number = seen_date = False
    for i, text in pieces:
        if _SEPARATOR.match(text) or text == "*":
            if title_parts:
                title_open = False
            continue
        if _is_motto(text):
            last_header_line = max(last_header_line, i)
            continue
        m = _NUMBER.match(text)
        if m and not seen_number:
            seen_number = True
            head.number = m.group("num") or None
            head.symbol = m.group("sym").rstrip(".,;")
            last_header_line = max(last_header_line, i)
            title_open = False
            continue
        m = _DATE_LINE.match(text)
        if m and not seen_date and len(text) < 120:
            seen_date = True
            place = clean(m.group("place")).strip(" ,")
            head.place = place or None
            year = int(m.group("y"))
            month = int(m.group("m")) if m.group("m") else None
            day = int(m.group("d")) if m.group("d") and month else None
            head.issued = iso(year, month, day) or iso(year)
            last_header_line = max(last_header_line, i)
            title_open = False
            continue
        m = _VV.match(text)
        if m and not title_parts and type_name is None:
            vv = True
            title_parts = [m.group("rest")] if m.group("rest") else []
            title_open = True
            title_line = i
            last_header_line = max(last_header_line, i)
            continue
        tm = _TYPE_LINE.match(text)
        if (
            tm
            and not tm.group("rest")
            and type_name is None
            and not (title_open and vv)
        ):
            type_name = text
            title_parts = []
            title_open = True
            title_line = i
            last_header_line = max(last_header_line, i)
            continue
        if title_open:
            if (
                (i > title_line and lines[i].gap and title_parts)
                or (_BODY_START.match(text) and (title_parts or not _title_like(text)))
                or text.startswith("Kính gửi")
                or (
                    title_parts and is_upper_text(title_parts[0]) != is_upper_text(text)
                )
            ):
                title_open = False
            else:
                title_parts.append(text)
                last_header_line = max(last_header_line, i)
                title_line = i
                continue
        if not seen_number and type_name is None and not vv and is_upper_text(text):
            issuer_lines.append(text)
            last_header_line = max(last_header_line, i)
            continue
        if type_name is not None or vv:
            break  # first text after the title: the body begins here
    head.parent, head.name = _issuer(issuer_lines)
    if title_parts:
        head.title = clean(" ".join(title_parts)) or None
    head.doc_type = (
        doc_type_of(head.symbol, type_name) if (type_name or head.symbol) else None
    )
    if head.doc_type is None and vv:
        head.doc_type = "CV"
    head.body_start = last_header_line + 1
    return head
