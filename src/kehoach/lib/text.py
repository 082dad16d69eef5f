"""Vietnamese text helpers: folding for search and matching. Pure Python."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """``"Kế hoạch Đắk Nông"`` → ``"Ke hoach Dak Nong"``.

    NFD leaves Đ/đ whole (they have no decomposition), so they are mapped by
    hand.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("Đ", "D").replace("đ", "d")


def fold(text: str) -> str:
    """Search key: no diacritics, lower case, single spaces.

    ``fold("Kế hoạch  Ngày truyền thống")`` → ``"ke hoach ngay truyen thong"``.
    """
    return _SPACES.sub(" ", strip_diacritics(text).casefold()).strip()


def fold_words(text: str) -> str:
    """Like :func:`fold` but punctuation becomes space (for phrase matching)."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", fold(text))).strip()
