"""Dates and deadline wording → ISO strings and :class:`Due`.

Vietnamese documents write dates as ``25/8/2023``, ``25-8-2023``,
``25.8.2023`` or ``ngày 25 tháng 8 năm 2023``; periods as ``Quý III/2023``,
``tháng 9/2023``, ``6 tháng đầu năm 2024``, ``năm 2025``,
``giai đoạn 2025 - 2030``. A deadline's ``date`` is the end of the period.

A plan often leaves the year out of its deadlines ("trước ngày 25/8",
"tháng 9", "Quý III"): it is the plan's own year. :func:`parse_due` takes
that year (``year``) when the caller knows it, and never guesses one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Literal

from kehoach.documents.parsing.extract.normalize import clean, fold
from kehoach.documents.parsing.types import Due

Kind = Literal["before", "on", "planned", "period", "recurring", "other"]

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_DAY_MONTH_YEAR = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?![\d/])"
)
_WORDY_DATE = re.compile(
    r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:,\s*)?nam\s+(\d{4})"
)
# The same without the year: "25/8", "ngày 25 tháng 8".
_DAY_MONTH = re.compile(r"(?<![\d/.-])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/.-])")
_WORDY_DAY_MONTH = re.compile(
    r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\b(?!\s*(?:,\s*)?(?:/|-|nam)\s*\d)"
)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]`` without the weekday."""
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month]


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """``2023``, ``2023-08`` or ``2023-08-25``; None for impossible dates."""
    if not 1900 <= year <= 2200:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= _days_in(year, month):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def month_end(year: int, month: int) -> str | None:
    if not 1 <= month <= 12:
        return None
    return iso(year, month, _days_in(year, month))


def find_date(text: str) -> tuple[str | None, int, int]:
    """First full date in ``text`` as ISO, with its span in ``text``.

    ``text`` is searched in folded form; spans refer to the folded string,
    which keeps the length of NFC Vietnamese text (one letter per letter).
    """
    folded = fold(text)
    best: tuple[str | None, int, int] = (None, -1, -1)
    for rx in (_DAY_MONTH_YEAR, _WORDY_DATE):
        if rx is _WORDY_DATE and "thang" not in folded:
            break  # the written-out form needs the word "tháng"
        m = rx.search(folded)
        if m and (best[1] < 0 or m.start() < best[1]):
            d, mo, y = (int(g) for g in m.groups())
            best = (iso(y, mo, d), m.start(), m.end())
    return best


# --- deadline wording ------------------------------------------------------

_RECURRING = re.compile(
    r"\b(hang|hang) (nam|quy|thang|tuan|ngay)\b|\bdinh ky\b|\bthuong xuyen\b|"
    r"\bcac nam tiep theo\b|\bnhung nam tiep theo\b|\bnam tiep theo\b|\bhang nam\b"
)
_OTHER = re.compile(
    r"^(theo|sau khi|khi co|ngay sau|truoc khi|dong thoi|tuy theo|can cu)\b"
)
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam|-)?\s*(\d{4})?")
_MONTH = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|-|nam)\s*(\d{4})")
_MONTH_NO_YEAR = re.compile(r"\bthang\s+(\d{1,2})\b(?!\s*(?:/|-|nam)\s*\d)")
_HALF = re.compile(r"\b(?:0?6|sau) thang (dau|cuoi) nam\s*(\d{4})?")
_YEAR_RANGE = re.compile(r"\b(\d{4})\s*(?:-|–|den|đen)\s*(?:nam\s+)?(\d{4})\b")
_YEAR = re.compile(r"\bnam\s+(\d{4})\b|^(\d{4})\b")
_END_OF_YEAR = re.compile(r"\bcuoi nam\s*(\d{4})")
_FROM = re.compile(r"^(tu|bat dau tu)\b")
_MONTH_RANGE = re.compile(
    r"\bthang\s+(\d{1,2})\s*(?:-|–|den)\s*(?:thang\s+)?(\d{1,2})\s*(?:/|-|nam)\s*(\d{4})"
)
_QUARTER_RANGE = re.compile(
    r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:,|-|–|va|den)\s*(?:quy\s+)?(iv|iii|ii|i|[1-4])"
    r"\s*(?:/|-|nam)\s*(\d{4})"
)
_FOUR_DIGITS = re.compile(r"(\d{4})")
_BEFORE_START = re.compile(r"^(truoc|cham nhat)")
_BEFORE_WORD = re.compile(r"\b(truoc|cham nhat|khong qua|han cuoi)\b")
_PLANNED_WORD = re.compile(r"\bdu kien\b")


@dataclass(frozen=True)
class _Span:
    start: str | None
    end: str | None
    closed: bool = False  # a written range: "tháng 10-12/2025", "Quý I, II"


def _quarter(q: str, year: int) -> _Span:
    n = _ROMAN.get(q) or int(q)
    first = (n - 1) * 3 + 1
    return _Span(iso(year, first, 1), month_end(year, first + 2))


def _spans(folded: str, year: int | None = None) -> list[tuple[int, _Span]]:
    """Every date/period expression with its position, in text order;
    ``year`` completes the expressions that leave it out."""
    found: list[tuple[int, _Span]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], span: _Span) -> None:
        if any(a < m.end() and m.start() < b for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        found.append((m.start(), span))

    # Ranges of months and quarters first: "tháng 10-12/2025" is not the
    # date 10/12/2025.
    for m in _MONTH_RANGE.finditer(folded):
        a, b, y = (int(g) for g in m.groups())
        if 1 <= a < b <= 12:
            add(m, _Span(iso(y, a, 1), month_end(y, b), closed=True))
    for m in _QUARTER_RANGE.finditer(folded):
        first_q, last_q = _quarter(m.group(1), 2000), _quarter(m.group(2), 2000)
        if first_q.start and last_q.end and first_q.start < last_q.end:
            y = int(m.group(3))
            start, end = _quarter(m.group(1), y).start, _quarter(m.group(2), y).end
            add(m, _Span(start, end, closed=True))
    for m in _DAY_MONTH_YEAR.finditer(folded):
        d, mo, y = (int(g) for g in m.groups())
        day = iso(y, mo, d)
        add(m, _Span(day, day))
    for m in _WORDY_DATE.finditer(folded):
        d, mo, y = (int(g) for g in m.groups())
        day = iso(y, mo, d)
        add(m, _Span(day, day))
    if year is not None:
        for rx in (_WORDY_DAY_MONTH, _DAY_MONTH):
            for m in rx.finditer(folded):
                d, mo = (int(g) for g in m.groups())
                day = iso(_year_after(folded, m) or year, mo, d)
                if day:
                    add(m, _Span(day, day))
    for m in _HALF.finditer(folded):
        half_year = int(m.group(2)) if m.group(2) else _year_after(folded, m) or year
        if half_year:
            first = m.group(1) == "dau"
            end = month_end(half_year, 6 if first else 12)
            add(m, _Span(iso(half_year, 1 if first else 7, 1), end))
    for m in _QUARTER.finditer(folded):
        q_year = int(m.group(2)) if m.group(2) else _year_after(folded, m) or year
        if q_year:
            add(m, _quarter(m.group(1), q_year))
    for m in _MONTH.finditer(folded):
        mo, y = int(m.group(1)), int(m.group(2))
        add(m, _Span(iso(y, mo, 1), month_end(y, mo)))
    for m in _MONTH_NO_YEAR.finditer(folded):
        m_year = _year_after(folded, m) or year
        if m_year:
            mo = int(m.group(1))
            add(m, _Span(iso(m_year, mo, 1), month_end(m_year, mo)))
    for m in _END_OF_YEAR.finditer(folded):
        y = int(m.group(1))
        add(m, _Span(iso(y, 7, 1), iso(y, 12, 31)))
    for m in _YEAR_RANGE.finditer(folded):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b:
            add(m, _Span(iso(a), iso(b, 12, 31)))
    for m in _YEAR.finditer(folded):
        y = int(m.group(1) or m.group(2))
        add(m, _Span(iso(y), iso(y, 12, 31)))
    found.sort(key=lambda item: item[0])
    return found


def _year_after(folded: str, m: re.Match[str]) -> int | None:
    """A year written later in the same expression (``tháng 6 đến tháng 9/2023``)."""
    rest = folded[m.end() : m.end() + 40]
    y = _FOUR_DIGITS.search(rest)
    return int(y.group(1)) if y else None


def parse_due(text: str, year: int | None = None) -> Due | None:
    """A deadline phrase as written → :class:`Due` (None for empty text).
    ``year``: the document's own year, for a day, month, quarter or half
    written without one."""
    text = clean(text)
    if not text:
        return None
    folded = fold(text)
    spans = _spans(folded, year)
    if _RECURRING.search(folded):
        start = spans[0][1].start if spans else None
        return Due(text=text, date=None, kind="recurring", start=start)
    if not spans:
        return Due(text=text, date=None, kind="other")
    if _OTHER.match(folded) and not _BEFORE_START.match(folded):
        # "Theo tiến độ…", "Sau khi … ban hành": conditional, no fixed date.
        return Due(text=text, date=None, kind="other")
    first_pos, first = spans[0]
    last = spans[-1][1]
    kind: Kind
    if _BEFORE_WORD.search(folded[: first_pos + 1]):
        kind = "before"
    elif _PLANNED_WORD.search(folded):  # "dự kiến Quý III", "tháng 9 (dự kiến)"
        kind = "planned"
    elif _FROM.match(folded) and len(spans) == 1 and not first.closed:
        return Due(text=text, date=None, kind="recurring", start=first.start)
    elif len(spans) > 1 or first.closed:
        return Due(text=text, date=last.end, kind="period", start=first.start)
    elif first.start == first.end:
        kind = "on"
    else:
        kind = "period"
    # A start is kept only for real ranges ("giai đoạn 2025 - 2030").
    ranged = kind == "period" and _YEAR_RANGE.search(folded) is not None
    return Due(
        text=text, date=first.end, kind=kind, start=first.start if ranged else None
    )


def document_year(issued: str | None, title: str | None) -> int | None:
    """The year a document's undated deadlines belong to: the year its title
    names ("Kế hoạch … năm 2023" — a plan for next year is often issued in
    December), else its issue date's, else None."""
    found = _YEAR.findall(fold(title or ""))
    years = [int(a or b) for a, b in found if 1945 <= int(a or b) <= 2100]
    if years:
        return years[-1]
    if issued and issued[:4].isdigit():
        return int(issued[:4])
    return None
