"""Splitting a written list of units into single units.

Lists of units are joined by ``;``, ``,`` and ``và``, but commas and ``và``
also occur *inside* names (``Sở Văn hóa, Thể thao và Du lịch``, ``Sở Giáo
dục và Đào tạo``) and inside collective phrases (``Các sở, ban, ngành``,
``Ủy ban nhân dân xã, phường, đặc khu``). A comma or ``và`` starts a new
unit only when what follows can begin a unit on its own: a body word
(``Sở Tư pháp``, ``Trung tâm …``, ``Ủy ban …``), an acronym (``UBND``),
a collective (``các cơ quan …``) or another noun phrase that is not one
of the generic words that make up collective phrases.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kehoach.documents.parsing.extract.normalize import strip_end

# Words that always name a body when capitalised.
_STRONG_HEADS = (
    "Ủy ban",
    "Uỷ ban",
    "UBND",
    "HĐND",
    "Hội đồng",
    "Trung tâm",
    "Chi nhánh",
    "Văn phòng",
    "Công an",
    "Bộ Chỉ huy",
    "Bộ chỉ huy",
    "Ngân hàng",
    "Kho bạc",
    "Bảo hiểm",
    "Thanh tra",
    "Tòa án",
    "Toà án",
    "Viện kiểm sát",
    "Mặt trận",
    "Liên đoàn",
    "Công đoàn",
    "Liên hiệp",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Thành ủy",
    "Thành uỷ",
    "Huyện ủy",
    "Huyện uỷ",
    "Đảng ủy",
    "Đảng uỷ",
    "Tỉnh đoàn",
    "Thành đoàn",
    "Huyện đoàn",
    "Quận đoàn",
    "Giám đốc",
    "Hiệu trưởng",
    "Trưởng",
    "Thủ trưởng",
    "Chủ tịch",
    "Lãnh đạo",
    "Người đứng đầu",
    "Cổng",
    "Đài",
    "Báo",
    "Tổng công ty",
    "Công ty",
    "Tập đoàn",
    "Hiệp hội",
    "Bưu điện",
    "Cục",
    "Chi cục",
    "Tổng cục",
    "Doanh nghiệp",
    "Cơ quan",
    "Đơn vị",
    "Hải quan",
    "Kiểm toán",
    "Quỹ",
    "Học viện",
    "Đại học",
    "Chánh",
)
# Words that name a body only when a proper name follows (``Sở Tư pháp``
# but ``Các Sở, Ban, ngành``).
_WEAK_HEADS = (
    "Sở",
    "Bộ",
    "Ban",
    "Phòng",
    "Vụ",
    "Hội",
    "Đoàn",
    "Viện",
    "Trường",
    "Bệnh viện",
    "Chi hội",
    "Chi đoàn",
    "Chi bộ",
)
# Generic lower-case words that continue a collective phrase after a comma.
_GENERIC = {
    "sở",
    "ban",
    "ngành",
    "đơn vị",
    "cơ quan",
    "tổ chức",
    "cá nhân",
    "địa phương",
    "đoàn thể",
    "hội",
    "xã",
    "phường",
    "thị trấn",
    "đặc khu",
    "huyện",
    "quận",
    "thị xã",
    "thành phố",
    "tỉnh",
    "phòng",
    "doanh nghiệp",
    "cộng đồng",
    "hợp tác xã",
    "trường",
    "trường học",
    "bệnh viện",
    "lực lượng",
    "phương tiện",
    "thôn",
    "tổ dân phố",
    "khu phố",
    "ấp",
    "bản",
    "buôn",
    "làng",
    "cấp",
    "thành ủy",
    "tỉnh ủy",
    "đảng ủy",
    "huyện ủy",
    "thành uỷ",
    "tỉnh uỷ",
    "đảng uỷ",
    "huyện uỷ",
    "chi bộ",
    "trung tâm",
    "viện",
    "hiệp hội",
    "ngân hàng",
    "cơ sở",
    "đội",
    "tổ",
    "nhóm",
    "hộ",
    "gia đình",
    "người dân",
    "tp",
    "tổ chức chính trị",
    "ngành chức năng",
}
# Lower-case nouns that begin a new unit after "và".
_AND_NOUNS = (
    "các",
    "những",
    "tất cả",
    "hệ thống",
    "lực lượng",
    "doanh nghiệp",
    "cơ quan",
    "đơn vị",
    "tổ chức",
    "ngân hàng",
    "đoàn thể",
)

_REPEATABLE = (*_WEAK_HEADS, "UBND", "Ủy ban", "Uỷ ban")
_AND_OR = re.compile(r"^(và|hoặc)\s+")
_ACRONYM = re.compile(r"^[A-ZĐ][A-ZĐ0-9&]+\b")
_CAPITAL = re.compile(r"^[A-ZĐÀ-Ỹ]")
_SEPARATORS = re.compile(r";|,\s*|\s+và\s+")


def _mask_parentheses(text: str) -> str:
    """Same length, with bracketed parts blanked so they are never split."""
    if "(" not in text and "[" not in text:
        return text  # nothing opens a bracket: nothing is blanked
    out, depth = [], 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
            out.append("_")
            continue
        out.append("_" if depth else ch)
    return "".join(out)


_SORTED: dict[int, tuple[frozenset[str], tuple[str, ...]]] = {}


def _starts_with(text: str, words: tuple[str, ...] | set[str]) -> str | None:
    key = id(words)
    found = _SORTED.get(key)
    if found is None:
        firsts = frozenset(w.split(" ", 1)[0] for w in words)
        found = _SORTED[key] = (firsts, tuple(sorted(words, key=len, reverse=True)))
    firsts, ordered = found
    if text.split(" ", 1)[0].rstrip(",;.:") not in firsts:
        return None
    for w in ordered:
        if text.startswith(w) and (len(text) == len(w) or not text[len(w)].isalnum()):
            return w
    return None


def _begins_unit(rest: str, *, after_and: bool) -> bool:
    """Whether ``rest`` (text after a comma or "và") starts a new unit."""
    low = rest.lower()
    if low.startswith(("các ", "những ", "tất cả ")):
        return True
    if _ACRONYM.match(rest):
        return True
    if _starts_with(rest, _STRONG_HEADS):
        return True
    weak = _starts_with(rest, _WEAK_HEADS)
    if weak:
        nxt = rest[len(weak) :].strip()
        return bool(_CAPITAL.match(nxt)) or nxt[:1].isdigit()
    if _CAPITAL.match(rest):
        return False  # a capitalised field word inside a name ("Thể thao")
    if after_and:
        return _starts_with(low, _AND_NOUNS) is not None
    return _starts_with(low, _GENERIC) is None


def _split_repeated_head(unit: str) -> list[str]:
    """``Sở Khoa học và Công nghệ Sở Công Thương`` → two units."""
    head = _starts_with(unit, _REPEATABLE)
    if not head or unit.count(head) < 2:
        return [unit]
    parts = re.split(rf"\s+(?={re.escape(head)}\s+[A-ZĐÀ-Ỹ])", unit)
    return [p for p in parts if p]


# "… có điểm du lịch, di tích": a clause of what the units have or hold.
_CLAUSE = re.compile(r"\s(?:có|thuộc)\s")
# "Văn phòng HĐND và UBND xã": one office serving two bodies.
_SHARED_OFFICE = re.compile(r"^Văn phòng\s+(?:[A-ZĐ][A-ZĐ&]+|Đoàn ĐBQH)$")


def _continues(unit: str, clause: bool, rest: str, sep: str) -> bool:
    """Whether the separator stays inside the unit written so far
    (``clause``: the unit holds a ``có …``/``thuộc …`` clause)."""
    if sep == "," and clause and rest[:1].islower():
        low = rest.lower()
        return not low.startswith(("các ", "những ", "tất cả "))
    return (
        sep == "và"
        and len(unit) <= _SHARED_OFFICE_MAX
        and bool(_SHARED_OFFICE.match(unit.strip()))
        and bool(_ACRONYM.match(rest))
    )


_SHARED_OFFICE_MAX = 40


def split_units(text: str) -> list[str]:
    """A written list of units → the units, in order, as written."""
    return list(_split_units(text))


@lru_cache(maxsize=8192)
def _split_units(text: str) -> tuple[str, ...]:
    """:func:`split_units`, remembered: the same lists come back often (a
    lead unit named in every item of a plan)."""
    text = strip_end(text)
    if not text:
        return ()
    masked = _mask_parentheses(text)
    units: list[str] = []
    start = 0
    # Whether the unit so far holds a clause, looked for piece by piece
    # (from the previous separator on) so that a long list stays linear.
    clause, looked = False, 0
    for m in _SEPARATORS.finditer(masked):
        # What follows is only looked at from its start (its first words):
        # a bounded window keeps a long list linear.
        after = _SPACES.match(text, m.end())
        rest_at = after.end() if after else m.end()
        rest = text[rest_at : rest_at + _REST_WINDOW]
        sep = m.group(0).strip()
        clause = clause or bool(_CLAUSE.search(text, max(start, looked), m.start()))
        looked = m.start()
        short = m.start() - start <= _SHARED_OFFICE_MAX
        unit = text[start : m.start()] if short else ""  # only a short one matters
        if sep != ";" and _continues(unit, clause, rest, sep):
            continue
        if sep == ";" or _begins_unit(rest, after_and=sep == "và"):
            units.append(text[start : m.start()])
            start = m.end()
            clause = False
    units.append(text[start:])
    out: list[str] = []
    for unit in units:
        for piece in _split_repeated_head(strip_end(unit)):
            part = strip_end(_AND_OR.sub("", piece.strip()))
            if part:
                out.append(part)
    return tuple(out)


_SPACES = re.compile(r"\s+")
_REST_WINDOW = 120


def begins_with_unit(text: str) -> bool:
    """Whether ``text`` opens with a unit (``Các cơ quan …``, ``UBND tỉnh …``)."""
    text = text.strip()
    return bool(text) and (
        text.lower().startswith(("các ", "những ", "tất cả "))
        or _ACRONYM.match(text) is not None
        or (_begins_unit(text, after_and=True) and not text[:1].islower())
    )
