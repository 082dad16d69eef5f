"""Text normalisation shared by the extractor steps. Pure Python."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")

# Old vs new tone placement (Decree 30 itself writes both "HOÀ" and "HÒA",
# "uỷ" and "ủy"); NFC does not unify them, so matching keys map the old
# placement onto the new one.
_TONE_PAIRS = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ủy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(sorted(_TONE_PAIRS, key=len, reverse=True)))


def nfc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, white space folded to single spaces, trimmed."""
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(nfc(text).split())


def tone_key(text: str) -> str:
    """Lower case with the new tone placement: for comparing words."""
    low = clean(text).lower()
    return _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], low)


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics → base letter (Đ/đ too, which NFD keeps)."""
    table: dict[int, str] = {ord("Đ"): "d", ord("đ"): "d"}
    for code in range(0xC0, 0x1F00):
        ch = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)
        )
        if base != ch and base.isascii():
            table[code] = base.lower()
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Search key without diacritics, lower case, single spaces.

    Same result as :func:`kehoach.lib.text.fold` on NFC text, but through a
    translation table: the extractor folds every line, so speed matters.
    """
    return " ".join(nfc(text).translate(_FOLD).casefold().split())


def is_upper_text(text: str) -> bool:
    """True when every cased letter is upper case (and there is one)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(not c.islower() for c in letters)


def strip_end(text: str) -> str:
    """Trim and drop trailing punctuation such as ``.``, ``;``, ``,``."""
    return text.strip().rstrip(" .;:,").strip()
