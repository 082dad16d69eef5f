"""The neutral render tree of a Decree 30 document, and the rules that fill
its lines (number, date, signer, Nơi nhận).

DOCX and PDF are both written from a :class:`RenderDocument`, so the two
formats say the same thing in the same places. Nothing here knows Django
models; adapters in :mod:`.build` produce the tree.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field

from kehoach.lib.text import strip_diacritics

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"
# Name of the empty signature field a rendered PDF carries in the signer's
# space (cell 7c), which ``sign_pdf`` fills.
SIGNATURE_FIELD = "ChuKySo"

# Blank left for the number of a draft, and for a day or month not yet
# given. Decree 30 models print a few spaces; three keep the two parts of
# the line one phrase for readers that split columns at wide gaps.
BLANK = "\u00a0" * 3


class BlockKind(enum.StrEnum):
    """What a body paragraph is, which decides its typography."""

    PART = "part"  # "I. MỤC ĐÍCH, YÊU CẦU": caps, bold
    HEADING = "heading"  # "1. Hoạt động thông tin": bold
    ITEM = "item"  # "1. Các phòng, đơn vị: …" (a numbered sentence)
    POINT = "point"  # "a) …"
    BULLET = "bullet"  # "- …", "+ …"
    BASIS = "basis"  # "Căn cứ …;": italic
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    level: int = 0  # depth in the section tree (0 = top)


@dataclass(frozen=True)
class Header:
    """Cells 1–4 of Decree 30: issuer (left), Quốc hiệu (right), number and
    date (second row, left and right)."""

    parent: str
    issuer: str
    number_line: str
    date_line: str
    subject_line: str = ""  # cell 5b, "V/v …" of a công văn
    nation: str = NATION
    motto: str = MOTTO
    size_pt: float = 13  # parent, issuing body and Quốc hiệu
    columns_mm: tuple[float, float] = (64.0, 101.0)
    overhang_mm: float = 0.0  # how far the table reaches into the left margin
    issuer_rule_mm: float = 0.0  # short rule under the issuing body
    motto_rule_mm: float = 0.0  # rule under the Tiêu ngữ, as long as it


@dataclass(frozen=True)
class SignerBlock:
    """Cells 7a/7b: ``("KT. GIÁM ĐỐC",)``, ``"PHÓ GIÁM ĐỐC"``, name."""

    authority_lines: tuple[str, ...]
    title: str
    name: str

    @property
    def lines(self) -> tuple[str, ...]:
        return (*self.authority_lines, *((self.title,) if self.title else ()))


@dataclass(frozen=True)
class RenderDocument:
    header: Header
    type_name: str  # "KẾ HOẠCH"; empty for a công văn
    title: str  # trích yếu
    title_rule_mm: float
    body: tuple[Block, ...]
    signer: SignerBlock | None
    recipient_lines: tuple[str, ...]  # "- Bộ TTTT (b/c);"
    archive_line: str  # "- Lưu: VT, VP."
    file_stem: str = "van-ban"
    language: str = "vi"
    meta: dict[str, str] = field(default_factory=dict)


# --- the lines -------------------------------------------------------------


def format_number(number: str | None) -> str:
    """``"1"`` → ``"01"``, ``"0012"`` → ``"12"``; numbers below 10 take a
    leading zero (Decree 30, App. I §II.3). Non-numeric numbers are kept."""
    if number is None or not number.strip():
        return ""
    text = number.strip()
    if text.isdigit():
        value = int(text)
        return f"{value:02d}"
    return text


def number_line(number: str | None, symbol: str | None) -> str:
    """``"Số: 01/KH-STTTT"``; a draft keeps the blank: ``"Số:   /KH-STTTT"``."""
    num = format_number(number) or BLANK
    if symbol:
        return f"Số: {num}/{symbol.strip()}"
    return f"Số: {num}"


def _month(month: int) -> str:
    # Zero-padded for January and February only (App. I §II.4b).
    return f"{month:02d}" if month < 3 else str(month)


def date_line(place: str, date: dt.date | None, precision: str = "day") -> str:
    """``"Đắk Nông, ngày 05 tháng 8 năm 2023"``. A draft leaves what is not
    known blank: ``"Đắk Nông, ngày   tháng 8 năm 2023"``."""
    if date is None:
        text = f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    elif precision == "year":
        text = f"ngày {BLANK} tháng {BLANK} năm {date.year}"
    elif precision == "month":
        text = f"ngày {BLANK} tháng {_month(date.month)} năm {date.year}"
    else:
        text = f"ngày {date.day:02d} tháng {_month(date.month)} năm {date.year}"
    place = place.strip()
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


class Authority(enum.StrEnum):
    """Signing-authority prefixes of Decree 30 (App. I §II.7b; Art. 13)."""

    NONE = ""
    TM = "TM."  # on behalf of a collective
    KT = "KT."  # a deputy signs for the head
    Q = "Q."  # acting head
    TL = "TL."  # by order
    TUQ = "TUQ."  # by written authorisation


def signer_fields(
    authority: Authority | str,
    *,
    head_title: str,
    signer_title: str,
    collective: str = "",
) -> tuple[str, str]:
    """The two stored signer fields (``signer_authority``, ``signer_title``)
    for a way of signing.

    ``signer_fields(Authority.KT, head_title="Giám đốc",
    signer_title="Phó Giám đốc")`` → ``("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")``.
    The head signing himself: ``(Authority.NONE, head_title=…,
    signer_title="Giám đốc")`` → ``("", "GIÁM ĐỐC")``. A collective puts its
    name first (``TM. ỦY BAN NHÂN DÂN``) and, when a deputy signs, the head's
    title under it (``KT. CHỦ TỊCH``), on two lines.
    """
    prefix = Authority(authority)
    head = head_title.strip().upper()
    title = signer_title.strip().upper()
    if prefix == Authority.NONE:
        return "", title
    if prefix == Authority.TM:
        lines = [f"TM. {collective.strip().upper() or head}"]
        if title != head and collective:
            lines.append(f"KT. {head}")
        return "\n".join(lines), title
    return f"{prefix.value} {head}", title


def signer_block(authority: str, title: str, name: str) -> SignerBlock | None:
    lines = tuple(ln.strip() for ln in (authority or "").splitlines() if ln.strip())
    title, name = (title or "").strip(), (name or "").strip()
    if not (lines or title or name):
        return None
    return SignerBlock(
        authority_lines=tuple(ln.upper() for ln in lines),
        title=title.upper(),
        name=name,
    )


def recipient_line(name: str, purpose: str | None) -> str:
    name = name.strip().rstrip(";.")
    return f"- {name} ({purpose.strip()});" if purpose else f"- {name};"


def archive_line(archive: list[str] | tuple[str, ...]) -> str:
    """``"- Lưu: VT, VP."``. The clerk's copy (VT) is always kept."""
    items = [a.strip().rstrip(".;,") for a in archive if a and a.strip()]
    return f"- Lưu: {', '.join(items or ['VT'])}."


_SLUG = re.compile(r"[^A-Za-z0-9]+")


def file_stem(symbol: str, number: str | None, year: int | None) -> str:
    """``"KH-STTTT-01-2023"``, ``"KH-STTTT-du-thao"``: an ASCII file name."""
    parts = [symbol or "van-ban", format_number(number) or "du-thao"]
    if year:
        parts.append(str(year))
    stem = _SLUG.sub("-", strip_diacritics("-".join(parts))).strip("-")
    return stem or "van-ban"
