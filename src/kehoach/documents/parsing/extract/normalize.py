"""Text normalisation shared by the extractor steps. Pure Python."""

from __future__ import annotations

import re
import unicodedata

from kehoach.lib.text import strip_diacritics

_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")

# Old vs new tone placement (Decree 30 itself writes both "HOÀ" and "HÒA",
# "uỷ" and "ủy"); NFC does not unify them, so matching keys map the old
# placement onto the new one.
_TONE_PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ủy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(sorted(_TONE_PAIRS, key=len, reverse=True)))


def clean(text: str) -> str:
    """NFC, white space folded to single spaces, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def tone_key(text: str) -> str:
    """Lower case with the new tone placement: for comparing words."""
    low = clean(text).lower()
    return _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], low)


def fold(text: str) -> str:
    """Search key without diacritics, lower case, single spaces."""
    return _SPACES.sub(" ", strip_diacritics(text).casefold()).strip()


def is_upper_text(text: str) -> bool:
    """True when every cased letter is upper case (and there is one)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(not c.islower() for c in letters)


def strip_end(text: str) -> str:
    """Trim and drop trailing punctuation such as ``.``, ``;``, ``,``."""
    return text.strip().rstrip(" .;:,").strip()
