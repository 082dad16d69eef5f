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
    if (
        text.isprintable()
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    ):
        # Already clean, the common case: printable text has no white space
        # but the ASCII space (and no U+200B/U+FEFF, which are format
        # characters), so splitting and joining would change nothing.
        return nfc(text)
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


_FOLDED_WORDS: dict[str, str] = {}
_FOLDED_WORDS_MAX = 50_000


def _fold_word(word: str) -> str:
    folded = _FOLDED_WORDS.get(word)
    if folded is None:
        if len(_FOLDED_WORDS) >= _FOLDED_WORDS_MAX:
            _FOLDED_WORDS.clear()
        folded = _FOLDED_WORDS[word] = word.translate(_FOLD).casefold()
    return folded


def fold(text: str) -> str:
    """Search key without diacritics, lower case, single spaces.

    Same result as :func:`kehoach.lib.text.fold` on NFC text, but through a
    translation table: the extractor folds every line, so speed matters.
    Folding maps letters to letters, so it is done word by word, and the
    words of a language repeat: each is folded once and remembered
    (``str.translate`` with a table costs a dictionary look-up per letter).
    """
    known = _FOLDED_WORDS.get
    return " ".join([known(w) or _fold_word(w) for w in nfc(text).split()])


def is_upper_text(text: str) -> bool:
    """True when no letter is lower case (and there is a letter)."""
    if text.isupper():  # a cased letter, none of them lower case
        return True
    for c in text:  # running text: stops at its first lower-case letter
        if c.islower() and c.isalpha():
            return False
    return any(c.isalpha() for c in text)


def strip_end(text: str) -> str:
    """Trim and drop trailing punctuation such as ``.``, ``;``, ``,``."""
    return text.strip().rstrip(" .;:,").strip()
