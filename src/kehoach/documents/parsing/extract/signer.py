"""The closing part: ``Nơi nhận`` (cell 9b, left) and the signature block
(cells 7a/7b, right).

The signature block is: 0–2 authority lines (``TM. ỦY BAN NHÂN DÂN``,
``KT. CHỦ TỊCH``, ``TL.``, ``TUQ.``, ``Q.``, Party ``K/T``), the signer's
title (``PHÓ CHỦ TỊCH``) and the name in title case. When a reader
flattens the two columns, signer lines and Nơi nhận lines may come in
either order or interleaved, so every closing line is classified on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.documents.parsing.extract.lines import Line
from kehoach.documents.parsing.extract.normalize import clean, fold, is_upper_text
from kehoach.documents.parsing.extract.recipients import (
    is_archive_line,
    parse_archive,
    parse_recipients,
)
from kehoach.documents.parsing.types import Recipient, Signer

AUTHORITY = re.compile(
    r"^(TM|KT|TL|TUQ|Q|K/T|T/M|T/L|T\.M|K\.T)\s*[.:]?\s+(?=[A-ZĐÀ-Ỹ])"
)
_PREFIX = r"(?:TM|KT|TL|TUQ|K/T)\."
_AUTH_INLINE = re.compile(rf"\s(?={_PREFIX}\s+(?!{_PREFIX})[A-ZĐÀ-Ỹ]{{2,}})")
# "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" flattened: the deputy's title starts at "PHÓ".
_DEPUTY = re.compile(r"\s(?=PHÓ\s+[A-ZĐÀ-Ỹ]{2,})")
NOI_NHAN = re.compile(
    r"^(?:[-–]\s*)?Nơi\s+nhận\s*(?::\s*(?P<rest>.*))?$", re.IGNORECASE
)
_DASH = re.compile(r"^[-–—+•*]\s*")
_ENTRY_BREAK = re.compile(r"(?<=[;,.)])\s+(?=[-–—+•]\s)")
_SIGNED = re.compile(
    r"^[(\[]?\s*(da ky|ky|chu ky|ky ten|ky, ghi ro|daky|\(da ky\))", re.I
)
_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]*\.?$")
_POSITION = re.compile(
    r"^(PHÓ\s+)?(GIÁM ĐỐC|CHỦ TỊCH|BỘ TRƯỞNG|THỨ TRƯỞNG|TRƯỞNG BAN|TRƯỞNG PHÒNG|"
    r"CHÁNH VĂN PHÒNG|CHÁNH THANH TRA|CỤC TRƯỞNG|VỤ TRƯỞNG|HIỆU TRƯỞNG|VIỆN TRƯỞNG|"
    r"TỔNG GIÁM ĐỐC|BÍ THƯ|THỦ TRƯỞNG|CHỦ NHIỆM|TỔNG CỤC TRƯỞNG|CHI CỤC TRƯỞNG|"
    r"GIÁM ĐỐC SỞ|TRƯỞNG ĐOÀN|CHÁNH ÁN|VIỆN TRƯỞNG|KẾ TOÁN TRƯỞNG|TRƯỞNG TRẠM|"
    r"THỦ TƯỚNG|PHÓ THỦ TƯỚNG|TRƯỞNG KHOA|CHỦ TỊCH HỘI ĐỒNG)\b"
)


def is_name(text: str) -> bool:
    """A person's name in title case: ``Trần Văn Thương``."""
    words = text.split()
    if not 2 <= len(words) <= 7 or any(ch.isdigit() for ch in text):
        return False
    if is_upper_text(text) or text.endswith((";", ",", ":")):
        return False
    return all(_NAME_WORD.match(w) for w in words)


def is_title_line(text: str) -> bool:
    return (
        is_upper_text(text)
        and len(text.split()) <= 10
        and not _DASH.match(text)
        and not any(ch.isdigit() for ch in text)
        and not NOI_NHAN.match(text)
    )


def is_tail_start(text: str) -> bool:
    return bool(NOI_NHAN.match(text) or (AUTHORITY.match(text) and is_upper_text(text)))


@dataclass
class Tail:
    recipients: tuple[Recipient, ...] = ()
    archive: tuple[str, ...] = ()
    signer: Signer = field(default_factory=Signer)
    end: int = 0  # index after the last closing line used


def _split_entries(text: str) -> list[str]:
    """``- A; - B`` in one line → two entries."""
    parts = _ENTRY_BREAK.split(text)
    return [p for p in parts if p.strip()]


def _split_tail_line(text: str) -> list[str]:
    """Cut a flattened closing line before signer prefixes and entries."""
    out: list[str] = []
    for part in _AUTH_INLINE.split(text):
        if AUTHORITY.match(part) and is_upper_text(part):
            out.extend(_DEPUTY.split(part, maxsplit=1))
        else:
            out.extend(_split_entries(part))
    return out or [text]


def parse_tail(lines: list[Line], start: int, stop: int) -> Tail:
    tail = Tail(end=start)
    entries: list[str] = []
    authority: list[str] = []
    title: str | None = None
    name: str | None = None
    in_rec = False
    seen_rec = False
    i = start
    while i < stop:
        ln = lines[i]
        if ln.table is not None:
            break
        if name and (not in_rec or (seen_rec and tail.archive)):
            break
        pieces = _split_tail_line(ln.text)
        for piece in pieces:
            text = clean(piece)
            m = NOI_NHAN.match(text)
            if m:
                in_rec = seen_rec = True
                rest = (m.group("rest") or "").strip()
                for part in _split_entries(rest) if rest else []:
                    entries.append(part)
                continue
            if is_archive_line(text):
                tail.archive = parse_archive(text)
                in_rec = False
                continue
            if AUTHORITY.match(text) and is_upper_text(text) and title is None:
                authority.append(text)
                continue
            if (
                authority
                and authority[-1].endswith(",")
                and is_title_line(text)
                and title is None
            ):
                authority[-1] = f"{authority[-1]} {text}"
                continue
            if in_rec and _DASH.match(text):
                entries.append(text)
                continue
            if _SIGNED.match(fold(text)):
                continue
            if title is None and is_title_line(text):
                title = text
                continue
            if (title is not None or authority) and name is None and is_name(text):
                name = text
                continue
            if in_rec and entries:
                entries[-1] = f"{entries[-1]} {text}"
        i += 1
    tail.end = i
    tail.recipients = parse_recipients(entries)
    tail.signer = Signer(
        authority=clean(" ".join(authority)) or None, title=title, name=name
    )
    return tail


def find_tail_start(lines: list[Line], start: int) -> int | None:
    """Index of the first closing line (Nơi nhận or a signer prefix)."""
    for i in range(start, len(lines)):
        text = lines[i].text
        if text and is_tail_start(text):
            return i
    # No Nơi nhận and no prefix: a bare position line followed by a name.
    for i in range(len(lines) - 2, start - 1, -1):
        if _POSITION.match(lines[i].text) and is_name(lines[i + 1].text):
            return i
    return None
