"""Amounts of money as Vietnamese documents write them."""

from __future__ import annotations

import re

from kehoach.lib.text import fold

_AMOUNT = re.compile(
    r"(\d{1,3}(?:[.\s]\d{3})+|\d+(?:,\d+)?)\s*(ty|trieu|nghin|ngan)?\s*(dong|vnd|d\b)",
)
_SCALE = {
    "ty": 1_000_000_000,
    "trieu": 1_000_000,
    "nghin": 1_000,
    "ngan": 1_000,
    None: 1,
}


def parse_vnd(text: str | None) -> int | None:
    """First amount in a funding line, in đồng: ``"100 triệu đồng"`` →
    100000000, ``"1.500.000.000 đồng"`` → 1500000000, ``"xã hội hóa"`` →
    None."""
    if not text:
        return None
    match = _AMOUNT.search(fold(text))
    if not match:
        return None
    digits, scale, _unit = match.groups()
    if scale is None:
        value = float(re.sub(r"[.\s]", "", digits))
    else:
        value = (
            float(digits.replace(".", "").replace(",", "."))
            if "," in digits
            else float(digits.replace(".", "").replace(" ", ""))
        )
    return round(value * _SCALE[scale])
