"""Citations of other documents (căn cứ, thực hiện, theo …).

A citation is a number and ký hiệu — ``2863/KH-BTTTT``, Party style
``12-NQ/TU``, legal documents with the year ``30/2020/NĐ-CP`` or
``45/2019/QH14`` — usually after a type name and ``số`` (``Kế hoạch số …``,
``Luật … số …``, ``các Quyết định: số …, số …``), then ``ngày …`` and
``của <issuer>``. Stray spaces inside a symbol (``TT- BTC``) are accepted.
Each document is listed once, at its first mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kehoach.documents.parsing.extract.dates import find_date
from kehoach.documents.parsing.extract.header import TYPE_CODES, TYPE_NAMES
from kehoach.documents.parsing.extract.normalize import clean, fold
from kehoach.documents.parsing.types import Reference

# Cited types are capitalised in running text (Appendix II); "văn bản" is
# the generic word.
_TYPE_WORDS = (
    r"Nghị quyết liên tịch|Nghị quyết|Nghị định|Quyết định|Chỉ thị|Thông tư liên tịch|"
    r"Thông tư|Kế hoạch|Công văn|Văn bản|văn bản|Thông báo|Kết luận|Hướng dẫn|Quy định|"
    r"Quy chế phối hợp|Quy chế|Chương trình|Luật|Bộ luật|Pháp lệnh|Báo cáo|Tờ trình|"
    r"Công điện|Phương án|Đề án|Thông tri|Lệnh|Biên bản|Hiến pháp"
)
# The look-ahead (every type word's first letter) only lets the scan skip
# most positions quickly.
_TYPE_RE = re.compile(rf"\b(?=[BCHKLNPQTVvĐ])(?:{_TYPE_WORDS})\b")
# The number and ký hiệu; what precedes it ("Kế hoạch số") is looked up in
# a short window before the match, which keeps the scan linear.
_NUMSYM = re.compile(
    r"\b(?P<num>\d{1,6})\s?(?P<sep>[/-])\s?"
    r"(?P<sym>(?:\d{4}\s?/\s?)?[A-ZĐ][A-Za-zĐđ0-9&]*"
    r"(?:(?:\s?[-/]\s?|-)[A-ZĐ0-9][A-Za-zĐđ0-9&]*(?:\.[A-ZĐ][A-Za-zĐđ]*)?)*)"
)
_SO_BEFORE = re.compile(r"\bsố\s*:?\s*$")
_TYPE_GAP = re.compile(r"^[^.;:\d]{0,60}$")
_WINDOW = 90
_ISSUER = re.compile(
    r"^\s*,?\s*của\s+(?P<issuer>[^,;:.(“\"”]{2,90}?)"
    r"(?=\s+(?:về|v/v|quy định|ban hành|phê duyệt|hướng dẫn|sửa đổi|triển khai|"
    r"thực hiện|tổ chức|thông qua|đã|đối với|tại|khóa \w+ về)\b|"
    rf"\s+(?:và|hoặc)\s+(?:{_TYPE_WORDS})\b|[,;:.(“\"”]|$)"
)
_SPACE = re.compile(r"\s+")
_DATE_AFTER = re.compile(r"^\s*,?\s*(?:được\s+)?(?:ban hành\s+)?ngày\s+")
_CODE_WITH_ISSUER = re.compile(r"[A-Za-zĐđ][A-Za-zĐđ0-9&]*\s?[-/]\s?[A-ZĐ0-9]")
_YEAR_CODE = re.compile(r"\d{4}\s?/\s?[A-ZĐ]")
_GROUPS = re.compile(r"[-/]")
_CAPITAL = re.compile(r"[A-ZĐ]")
_LAST_LETTER_GROUP = re.compile(r"\s?[-/]\s?[A-ZĐ]$")
_GLUED_RUN = re.compile(r"[a-z]+$")
_NEXT_WORDS = ("ngày", "về", "của", "năm", "và", "ban hành", "quy định")


def _unglue(text: str, sym: str, sym_start: int) -> tuple[str, int]:
    """A symbol glued to the next word, as crawled text may have it
    ("12/KH-UBNDngày 5/3/2025", "9/QĐ-TTgvề …"): the symbol ends where
    one of the words that follow citations begins."""
    run = _GLUED_RUN.search(sym)
    if run is not None:
        for k in range(run.start(), len(sym)):
            if text.startswith(_NEXT_WORDS, sym_start + k):
                return sym[:k], sym_start + k
    return sym, sym_start + len(sym)


def _strong_symbol(sym: str) -> bool:
    """``KH-UBND``, ``KL/TW``, ``2020/NĐ-CP``: a code with an issuer part."""
    return bool(_CODE_WITH_ISSUER.search(sym)) or bool(_YEAR_CODE.match(sym))


@lru_cache(maxsize=4096)
def _ref_type(type_word: str | None, symbol: str) -> str:
    """The type code of a citation: its symbol's code, else its type word."""
    groups = [g for g in _GROUPS.split(_SPACE.sub("", symbol)) if g]
    code = next((g for g in groups if not g.isdigit()), None)
    name_code = TYPE_NAMES.get(fold(type_word)) if type_word else None
    if name_code == "QyĐ" and code == "QĐ":
        return "QyĐ"  # Party "Quy định số 178-QĐ/TW"
    if code in TYPE_CODES:
        return code
    if name_code and name_code != "CV":
        return name_code
    return "CV"


def _separators(text: str) -> list[int]:
    """Positions of every ``/`` and ``-`` in ``text``, in order."""
    found: list[int] = []
    for ch in "/-":
        find = text.find
        pos = find(ch)
        while pos >= 0:
            found.append(pos)
            pos = find(ch, pos + 1)
    found.sort()
    return found


def _number_symbols(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_NUMSYM.finditer(text)``, found faster.

    A match starts at a digit at most seven characters before a ``/`` or
    ``-`` (up to six digits, an optional space), so the pattern is tried
    only there instead of at every position of a long text; positions are
    tried in order and never inside an earlier match, as ``finditer`` does.
    """
    end = 0  # where the last match ended
    tried = -1  # the last start position tried
    for sep in _separators(text):
        last = sep - 1  # the number's last digit: before the separator…
        if last >= 0 and text[last].isspace():
            last -= 1  # …or before one space
        if last < 0 or not text[last].isdigit():
            continue
        for start in range(max(sep - 7, end, tried + 1), last + 1):
            tried = start
            if not text[start].isdigit():
                continue
            m = _NUMSYM.match(text, start)
            if m:
                end = m.end()
                tried = end - 1
                yield m
                break


def find_references(
    text: str, *, own: tuple[str | None, str | None] = (None, None)
) -> tuple[Reference, ...]:
    """Citations in ``text`` in order of first mention, each once."""
    seen: set[str] = set()
    own_key = _key(own[0], own[1]) if own[1] else None
    out: list[Reference] = []
    for m in _number_symbols(text):
        if m.start() and text[m.start() - 1] in "/.-":
            continue
        sym_end = m.end()
        sym = m.group("sym")
        if sym_end < len(text) and text[sym_end].isalpha():
            # A last group of one capital is the first letter of a word:
            # "06/QĐ-TTg - Đơn vị …" where a line ended after the symbol.
            # Drop that group, or the whole match when it is all there is.
            cut = _LAST_LETTER_GROUP.search(sym)
            if cut is not None:
                sym, sym_end = sym[: cut.start()], m.start("sym") + cut.start()
            elif len(sym) == 1:
                continue  # "Đề án 06 - Đơn vị": no symbol at all
            else:
                sym, sym_end = _unglue(text, sym, m.start("sym"))
        sym = sym.rstrip(".")
        number = m.group("num")
        key = _key(number, sym)
        if key in seen or key == own_key:
            continue  # cited before (or the document itself): nothing to add
        before = text[max(0, m.start() - _WINDOW) : m.start()]
        so = _SO_BEFORE.search(before) if "số" in before else None
        head = before[: so.start()] if so else before
        type_match = None
        for tm in _TYPE_RE.finditer(head):
            if _TYPE_GAP.match(head[tm.end() :]):
                type_match = tm
                break
        if not (so or type_match or _strong_symbol(sym)):
            continue
        if not _CAPITAL.search(sym):
            continue
        if m.group("sep") == "-" and "/" not in sym and not type_match:
            continue  # "2021-2025" style ranges and codes, not citations
        seen.add(key)
        end = sym_end
        issued = None
        rest = text[end : end + 160]
        dm = _DATE_AFTER.match(rest)
        if dm:
            date, _, dend = find_date(rest[dm.end() : dm.end() + 40])
            if date and dend >= 0:
                issued = date
                end += dm.end() + dend
                rest = text[end : end + 160]
        issuer = None
        im = _ISSUER.match(rest)
        if im:
            issuer = clean(im.group("issuer"))
            end += im.end("issuer")
        offset = m.start() - len(before)
        type_word = None
        if type_match:
            # The type word nearest the number ("… báo cáo theo Chỉ thị số").
            near = list(_TYPE_RE.finditer(head, type_match.start()))
            start, type_word = offset + near[-1].start(), near[-1].group(0)
        else:
            start = offset + so.start() if so else m.start()
        out.append(
            Reference(
                doc_type=_ref_type(type_word, sym),
                number=number,
                symbol=clean(sym),
                issued=issued,
                issuer=issuer,
                text=clean(text[start:end]),
            )
        )
    return tuple(out)


def _key(number: str | None, symbol: str | None) -> str:
    compact = _SPACE.sub("", symbol or "").casefold()
    return f"{number or ''}/{compact}"
