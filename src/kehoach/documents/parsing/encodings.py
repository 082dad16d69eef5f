"""Decoding text bytes into NFC Unicode.

Handles UTF-8 (with or without BOM), UTF-16 (LE/BE, with or without BOM),
Windows-1258 (precomposed shape letters + combining tone bytes), and the two
legacy 8-bit font encodings still found in Vietnamese offices: TCVN3 (ABC,
fonts ``.VnTime``/``.VnTimeH``) and VNI (VNI-Windows, fonts ``VNI-Times``).
No PyPI package converts TCVN3/VNI completely, so the tables below are our
own, written from the byte tables in ``docs/vn-admin-docs.md`` §4.2/§4.3.

Legacy text is handled in its *byte view*: a ``str`` whose characters stand
for bytes (Latin-1 for 0xA0–0xFF, CP1252 for 0x80–0x9F), which is what a
file read as Latin-1, a DOCX run in a ``.VnTime`` font or a PDF string in a
``VNI-Times`` font gives.

Detection scores each candidate decoding by how many of its words are valid
Vietnamese syllables, with signature words (``Céng hoµ``, ``Coäng hoøa``)
as extra evidence and guards against Western European text (letters f, j,
w, z; words that are not syllables), so Spanish or German Latin-1 text is
never taken for TCVN3/VNI.
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

LegacyEncoding = Literal["tcvn3", "vni"]

# Tone marks in the column order of the tables: huyền, hỏi, ngã, sắc, nặng.
GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONES: Final = (GRAVE, HOOK, TILDE, ACUTE, DOT)
_TONE_SET: Final = frozenset(TONES)

# The twelve vowels and the seven non-ASCII bare letters.
VOWELS: Final = "aăâeêioôơuưy"
SHAPE_LETTERS: Final = "ăâêôơưđ"


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def vietnamese_letters() -> tuple[str, ...]:
    """The 67 lower-case non-ASCII Vietnamese letters, then their capitals.

    12 vowels x 5 tones + the 7 shape letters (ă â ê ô ơ ư đ) = 67, and the
    same in upper case: 134 letters.
    """
    lower = [_toned(v, t) for v in VOWELS for t in TONES] + list(SHAPE_LETTERS)
    return tuple(lower + [ch.upper() for ch in lower])


# --- TCVN3 (TCVN 5712:1993 VN3, "ABC") -------------------------------------

# Bytes of each vowel with huyền, hỏi, ngã, sắc, nặng (§4.2).
_TCVN3_TONED: Final[dict[str, tuple[int, int, int, int, int]]] = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_BARE: Final[dict[str, int]] = {
    "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE,
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
}  # fmt: skip


def _tcvn3_letter_bytes() -> dict[str, int]:
    table = dict(_TCVN3_BARE)
    for vowel, codes in _TCVN3_TONED.items():
        for tone, code in zip(TONES, codes, strict=True):
            table[_toned(vowel, tone)] = code
    return table


TCVN3_ENCODE: Final[dict[str, int]] = _tcvn3_letter_bytes()
_TCVN3_DECODE: Final = str.maketrans({chr(b): ch for ch, b in TCVN3_ENCODE.items()})


# --- VNI (VNI-Windows) ------------------------------------------------------

# Modifier bytes (lower case; capitals are 0x20 lower) in tone order
# huyền, hỏi, ngã, sắc, nặng (§4.3).
_VNI_TONE: Final = (0xF8, 0xFB, 0xF5, 0xF9, 0xEF)
_VNI_CIRC, _VNI_CIRC_TONE = 0xE2, (0xE0, 0xE5, 0xE3, 0xE1, 0xE4)
_VNI_BREVE, _VNI_BREVE_TONE = 0xEA, (0xE8, 0xFA, 0xFC, 0xE9, 0xEB)
# Letters that are one byte of their own.
_VNI_SINGLE: Final[dict[str, int]] = {
    "ơ": 0xF4, "ư": 0xF6, "đ": 0xF1,
    "ì": 0xEC, "ỉ": 0xE6, "ĩ": 0xF3, "í": 0xED, "ị": 0xF2, "ỵ": 0xEE,
}  # fmt: skip


def _vni_letter_sequences() -> dict[str, str]:
    """Every non-ASCII Vietnamese letter → its VNI byte view (for encoding)."""
    table: dict[str, str] = {}

    def add(letter: str, base: str, modifier: int | None) -> None:
        tail = "" if modifier is None else chr(modifier)
        table[letter] = base + tail
        up_tail = "" if modifier is None else chr(modifier - 0x20)
        table[letter.upper()] = base.upper() + up_tail

    for letter, code in _VNI_SINGLE.items():
        table[letter] = chr(code)
        table[letter.upper()] = chr(code - 0x20)
    for base in "aeouy":
        for tone, code in zip(TONES, _VNI_TONE, strict=True):
            letter = _toned(base, tone)
            if letter not in table:  # ỵ is the single byte î
                add(letter, base, code)
    for base, shaped in (("a", "â"), ("e", "ê"), ("o", "ô")):
        add(shaped, base, _VNI_CIRC)
        for tone, code in zip(TONES, _VNI_CIRC_TONE, strict=True):
            add(_toned(shaped, tone), base, code)
    add("ă", "a", _VNI_BREVE)
    for tone, code in zip(TONES, _VNI_BREVE_TONE, strict=True):
        add(_toned("ă", tone), "a", code)
    for shaped in "ơư":
        single = chr(_VNI_SINGLE[shaped])
        for tone, code in zip(TONES, _VNI_TONE, strict=True):
            letter = _toned(shaped, tone)
            table[letter] = single + chr(code)
            table[letter.upper()] = chr(ord(single) - 0x20) + chr(code - 0x20)
    return table


VNI_ENCODE: Final[dict[str, str]] = _vni_letter_sequences()


def _vni_decode_map() -> dict[str, str]:
    """Byte-view sequences → letter; the case of a letter is its base's.

    Writers sometimes pair a base with a modifier of the other case, and
    ``yï`` is a common (non-standard) spelling of ỵ: both are accepted.
    """
    decode: dict[str, str] = {}
    for letter, seq in VNI_ENCODE.items():
        decode[seq] = letter
        if len(seq) == 2:
            flipped = chr(ord(seq[1]) ^ 0x20)
            decode.setdefault(seq[0] + flipped, letter)
    for base, dot in (("y", "ỵ"), ("Y", "Ỵ")):
        decode.setdefault(base + chr(_VNI_TONE[4]), dot)
        decode.setdefault(base + chr(_VNI_TONE[4] - 0x20), dot)
    return decode


_VNI_DECODE: Final = _vni_decode_map()
_VNI_PATTERN: Final = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_DECODE, key=len, reverse=True))
)


# --- byte views ---------------------------------------------------------------


def byte_view(data: bytes) -> str:
    """Bytes as the characters a legacy-font document shows without its font.

    0x80–0x9F become their CP1252 characters where CP1252 defines one
    (that is what Word stores for them), everything else Latin-1.
    """
    return data.decode("latin-1").translate(_C1_TO_CP1252)


def _c1_to_cp1252() -> dict[int, str]:
    table: dict[int, str] = {}
    for b in range(0x80, 0xA0):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


_C1_TO_CP1252: Final = str.maketrans(_c1_to_cp1252())


# --- decoding legacy text -----------------------------------------------------


def decode_legacy(text: str, encoding: LegacyEncoding, *, upper: bool = False) -> str:
    """Convert the byte view of TCVN3 or VNI text to NFC Unicode.

    ``upper`` upper-cases the result, as fonts whose name ends in ``H``
    (``.VnTimeH``) draw lower-case codes as capitals. Plain TCVN3 text has
    no toned capitals; words set in capitals are restored from their
    context (see :func:`_restore_tcvn3_capitals`).
    """
    if encoding == "tcvn3":
        out = text.translate(_TCVN3_DECODE)
        out = out if upper else _restore_tcvn3_capitals(out)
    else:
        out = _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text)
    out = unicodedata.normalize("NFC", out)
    return out.upper() if upper else out


_WORD = re.compile(r"[^\W\d_]+")
_LINE_MAY_HAVE_CAPS = re.compile(r"[A-ZĂÂÊÔƠƯĐ]")
_ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


def _restore_tcvn3_capitals(text: str) -> str:
    """Upper-case words typed in capitals whose toned letters had to be lower.

    TCVN3 (VN3) has capitals only for ĂÂÊÔƠƯĐ; a heading typed in capitals
    keeps its toned letters in lower-case codes (``KÕ HO¹CH``). A word with
    two or more ASCII capitals and no ASCII lower-case letter (``HO¹CH``)
    votes for a line in capitals; on such a line, the words without ASCII
    lower-case letters (``KÕ``, ``§èC``) are upper-cased too. ``Bé``
    (Bộ) in an ordinary sentence stays as it is.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _LINE_MAY_HAVE_CAPS.search(line):
            lines[i] = _restore_line_capitals(line)
    return "\n".join(lines)


def _restore_line_capitals(line: str) -> str:
    words = list(_WORD.finditer(line))
    caps_votes = lower_votes = 0
    kinds: list[str] = []
    for match in words:
        word = match.group()
        n_upper = sum(1 for c in word if c in _ASCII_UPPER)
        has_lower = any(c in _ASCII_LOWER for c in word)
        has_other = any(not c.isascii() for c in word)
        if has_lower:
            lower_votes += 1
            kinds.append("lower")
        elif n_upper >= 2 and has_other:
            caps_votes += 1
            kinds.append("caps")
        else:
            kinds.append("maybe")
    caps_line = caps_votes > lower_votes
    if not caps_votes:
        return line
    pieces: list[str] = []
    last = 0
    for match, kind in zip(words, kinds, strict=True):
        if kind == "caps" or (kind == "maybe" and caps_line):
            pieces.append(line[last : match.start()])
            pieces.append(match.group().upper())
            last = match.end()
    pieces.append(line[last:])
    return "".join(pieces)


# --- encoders (for building test data and for export) ------------------------


def encode_tcvn3(text: str) -> bytes:
    """NFC text → TCVN3 bytes. Toned capitals get lower-case codes, as
    typists wrote them with a ``.VnTimeH`` font; other characters go through
    CP1252. Raises ``UnicodeEncodeError`` for what TCVN3 cannot hold."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = TCVN3_ENCODE.get(ch)
        if code is None and ch.isupper():
            code = TCVN3_ENCODE.get(ch.lower()) if ch not in TCVN3_ENCODE else None
        if code is not None:
            out.append(code)
        elif ord(ch) < 0x80:
            out.append(ord(ch))
        else:
            out += _encode_other(ch, "tcvn3", _TCVN3_TAKEN)
    return bytes(out)


def encode_vni(text: str) -> bytes:
    """NFC text → VNI bytes (Vietnamese letters as base + modifier)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        seq = VNI_ENCODE.get(ch)
        if seq is not None:
            out += seq.encode("latin-1")
        elif ord(ch) < 0x80:
            out.append(ord(ch))
        else:
            out += _encode_other(ch, "vni", _VNI_TAKEN)
    return bytes(out)


_TCVN3_TAKEN: Final = frozenset(TCVN3_ENCODE.values())
_VNI_TAKEN: Final = frozenset(
    ord(c) for seq in VNI_ENCODE.values() for c in seq if ord(c) >= 0x80
)


def _encode_other(ch: str, encoding: str, taken: frozenset[int]) -> bytes:
    try:
        raw = ch.encode("cp1252")
    except UnicodeEncodeError:
        raw = b""
    if len(raw) != 1 or raw[0] in taken:
        raise UnicodeEncodeError(encoding, ch, 0, 1, "not representable")
    return raw


def encode_cp1258(text: str) -> bytes:
    """NFC text → Windows-1258: shape letters precomposed, tones combining.

    Python's codec refuses precomposed toned letters such as ``ệ``.
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONE_SET)
        shape = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if c not in _TONE_SET)
        )
        out += (shape + tones).encode("cp1258")
    return bytes(out)


# --- Vietnamese syllables, for scoring candidates ----------------------------

_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = (
    "uyê|uya|uyu|iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uêu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|"
    "uy|ưa|ưi|ươ|ưu|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_FINALS = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE: Final = re.compile(f"(?:{_INITIALS})?(?:{_NUCLEI})(?:{_FINALS})?")


def _toneless_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for base in VOWELS:
        for tone in TONES:
            toned = _toned(base, tone)
            table[ord(toned)] = base
            table[ord(toned.upper())] = base
    return table


_TONELESS: Final = str.maketrans(_toneless_table())
_TONED_CHARS: Final = frozenset(
    _toned(v, t) for v in VOWELS for t in TONES
) | frozenset(_toned(v, t).upper() for v in VOWELS for t in TONES)


@lru_cache(maxsize=8192)
def is_syllable(word: str) -> bool:
    """Whether ``word`` (NFC) can be one Vietnamese syllable."""
    if len(word) > 7 or sum(1 for c in word if c in _TONED_CHARS) > 1:
        return False
    bare = word.translate(_TONELESS).lower()
    return _SYLLABLE.fullmatch(bare) is not None


_TCVN3_SIGNATURES: Final = (
    "Céng hoµ", "§éc lËp", "ngµy", "th¸ng", "n¨m", "KÕ ho¹ch", "ViÖt Nam",
    "Sè:", "cña", " vµ ", "c¸c", "®Õn", "®­îc",
)  # fmt: skip
_VNI_SIGNATURES: Final = (
    "Coäng hoøa", "Ñoäc laäp", "ngaøy", "thaùng", "naêm", "Keá hoaïch",
    "Vieät Nam", "Soá:", "cuûa", " vaø ", "caùc", "ñeán", "ñöôïc",
)  # fmt: skip
_FJWZ = frozenset("fjwzFJWZ")
_SAMPLE_CHARS: Final = 65536


@dataclass(frozen=True)
class _Score:
    valid: float  # share of non-ASCII words that are Vietnamese syllables
    words: int  # how many non-ASCII words there were
    signatures: int


def _score(text: str, signatures: Iterable[str] = ()) -> _Score:
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    words = words[:3000]
    valid = sum(1 for w in words if is_syllable(w))
    sigs = sum(1 for s in signatures if s in text)
    return _Score(valid / len(words) if words else 0.0, len(words), sigs)


def _western_letters(text: str) -> float:
    """Share of ASCII words with f, j, w or z: high in English, German,
    Spanish; near nil in Vietnamese, which has none of these letters."""
    words = [w for w in _WORD.findall(text) if w.isascii() and not w.isupper()]
    words = words[:3000]
    if not words:
        return 0.0
    return sum(1 for w in words if _FJWZ.intersection(w)) / len(words)


def _convincing(score: _Score, western: float) -> bool:
    if score.signatures >= 2:
        return score.valid >= 0.5
    if western > 0.03 and not score.signatures:
        return False
    return score.valid >= 0.75 and (score.words >= 3 or score.signatures >= 1)


_LATIN1_HIGH: Final = re.compile("[\u00a0-\u00ff]")
# Letters only Unicode Vietnamese has (ă đ ĩ ũ ơ ư and U+1EA0–U+1EF9); the
# byte view of TCVN3/VNI text is Latin-1 and CP1252 punctuation.
_VIETNAMESE_ONLY: Final = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169"
    "\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)


def detect_legacy(text: str) -> LegacyEncoding | None:
    """Whether Unicode ``text`` is really TCVN3 or VNI shown without its font.

    Returns the encoding only when the converted text is clearly more
    Vietnamese than the text as it stands.
    """
    sample = text[:_SAMPLE_CHARS]
    if _LATIN1_HIGH.search(sample) is None:
        return None
    if sum(1 for _ in itertools.islice(_VIETNAMESE_ONLY.finditer(sample), 5)) >= 5:
        return None  # real Unicode Vietnamese: legacy views have none of these
    as_is = _score(unicodedata.normalize("NFC", sample))
    if as_is.valid >= 0.6 and as_is.words >= 3:
        return None
    western = _western_letters(sample)
    best: tuple[float, LegacyEncoding] | None = None
    candidates: tuple[tuple[LegacyEncoding, tuple[str, ...]], ...] = (
        ("tcvn3", _TCVN3_SIGNATURES),
        ("vni", _VNI_SIGNATURES),
    )
    for name, sigs in candidates:
        score = _score(decode_legacy(sample, name), ())
        score = _Score(score.valid, score.words, sum(1 for s in sigs if s in sample))
        if _convincing(score, western) and score.valid > as_is.valid + 0.2:
            rank = score.valid + 0.1 * min(score.signatures, 3)
            if best is None or rank > best[0]:
                best = (rank, name)
    return None if best is None else best[1]


def legacy_for_paragraph(text: str, document: LegacyEncoding) -> LegacyEncoding | None:
    """In a document known to hold legacy text, the reading that fits one
    paragraph best: ``document``'s encoding, the other one (encodings mix
    when text was pasted from several sources), or none (Unicode)."""
    if _LATIN1_HIGH.search(text) is None or _VIETNAMESE_ONLY.search(text):
        return None
    as_is = _score(unicodedata.normalize("NFC", text)).valid
    other: LegacyEncoding = "vni" if document == "tcvn3" else "tcvn3"
    mine = _score(decode_legacy(text, document)).valid
    theirs = _score(decode_legacy(text, other)).valid
    if theirs > mine and theirs > as_is:
        return other
    return document if mine > as_is else None


def fix_legacy_text(text: str) -> tuple[str, LegacyEncoding | None]:
    """Convert ``text`` if :func:`detect_legacy` finds TCVN3/VNI, then NFC."""
    found = detect_legacy(text)
    if found is None:
        return unicodedata.normalize("NFC", text), None
    return decode_legacy(text, found), found


# --- decoding bytes -----------------------------------------------------------


@dataclass(frozen=True)
class DecodedText:
    text: str  # NFC
    encoding: str  # utf-8, utf-16-le, utf-16-be, cp1258, tcvn3, vni, cp1252


_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII characters leave a zero in every other
    byte; Vietnamese letters (U+1Exx) do not, but text has enough ASCII."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even = sample[0 : pairs * 2 : 2].count(0)
    odd = sample[1 : pairs * 2 : 2].count(0)
    if odd > 0.3 * pairs and even < 0.02 * pairs:
        return "utf-16-le"
    if even > 0.3 * pairs and odd < 0.02 * pairs:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> DecodedText:
    """Decode text bytes of any encoding we know into NFC text.

    Order: BOM; UTF-16 by its zero bytes; strict UTF-8 (then a check for
    TCVN3/VNI text that was stored as UTF-8 without conversion); then the
    8-bit candidates CP1258, TCVN3 and VNI scored against each other, CP1252
    when none is convincing. Never raises for any input.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(name, errors="replace")
            return _finish(text, name)
    utf16 = guess_utf16(data)
    if utf16 is not None:
        try:
            return _finish(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_8bit(data)
    return _finish(text, "utf-8")


def _finish(text: str, encoding: str) -> DecodedText:
    fixed, legacy = fix_legacy_text(text)
    return DecodedText(fixed, legacy or encoding)


def _decode_8bit(data: bytes) -> DecodedText:
    view = byte_view(data)
    sample_bytes = data[:_SAMPLE_CHARS]
    sample = view[:_SAMPLE_CHARS]
    western = _western_letters(sample)
    plain = _score(sample)
    best: tuple[float, str] | None = None
    cp1258 = _score(
        unicodedata.normalize("NFC", sample_bytes.decode("cp1258", errors="replace"))
    )
    candidates: list[tuple[str, _Score]] = [("cp1258", cp1258)]
    for name, sigs in (("tcvn3", _TCVN3_SIGNATURES), ("vni", _VNI_SIGNATURES)):
        legacy: LegacyEncoding = "tcvn3" if name == "tcvn3" else "vni"
        score = _score(decode_legacy(sample, legacy))
        n_sigs = sum(1 for s in sigs if s in sample)
        candidates.append((name, _Score(score.valid, score.words, n_sigs)))
    for name, score in candidates:
        if _convincing(score, western) and score.valid > plain.valid + 0.1:
            rank = score.valid + 0.1 * min(score.signatures, 3)
            if best is None or rank > best[0]:
                best = (rank, name)
    if best is None:
        return DecodedText(unicodedata.normalize("NFC", view), "cp1252")
    name = best[1]
    if name == "cp1258":
        text = data.decode("cp1258", errors="replace")
        return DecodedText(unicodedata.normalize("NFC", text), "cp1258")
    legacy_name: LegacyEncoding = "tcvn3" if name == "tcvn3" else "vni"
    return DecodedText(decode_legacy(view, legacy_name), legacy_name)


# --- tone placement, for comparisons -------------------------------------------


def _tone_placement_map() -> dict[str, str]:
    """Old-style ``oà``/``uỷ`` → new-style ``òa``/``ủy``, all case mixes."""
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in TONES:
            for f in (first, first.upper()):
                for s in (second, second.upper()):
                    old = f + _toned(s, tone)
                    new = _toned(f, tone) + s
                    table[old] = new
    return table


_TONE_PLACEMENT: Final = _tone_placement_map()
_TONE_PLACEMENT_RE: Final = re.compile(
    "(" + "|".join(map(re.escape, _TONE_PLACEMENT)) + r")(?!\w)"
)


def normalize_tone_placement(text: str) -> str:
    """Put tones of word-final ``oa``, ``oe``, ``uy`` on the first vowel.

    ``hoà`` → ``hòa``, ``uỷ ban`` → ``ủy ban``, ``khoẻ`` → ``khỏe``; ``hoàn``
    is left alone. NFC does not unify the two placements, which both occur
    in official texts. Use it to build comparison keys; never to rewrite a
    document's text.
    """
    text = unicodedata.normalize("NFC", text)
    return _TONE_PLACEMENT_RE.sub(lambda m: _TONE_PLACEMENT[m.group(1)], text)


# --- legacy fonts -------------------------------------------------------------

_FONT_STYLE_SUFFIX: Final = re.compile(
    r"(?:[-,\s]+(?:Bd|It|BdIt|BI|B|I)"
    r"|[-,\s]*(?:Bold|Italic|Oblique|Regular|Book|Roman|Normal|Medium))$",
    re.IGNORECASE,
)


def legacy_font(name: str | None) -> tuple[LegacyEncoding, bool] | None:
    """The legacy encoding a font implies, and whether it draws capitals.

    ``.VnTime``/``.VnArial`` (TCVN3), ``.VnTimeH`` (TCVN3, capitals),
    ``VNI-Times`` (VNI). PDF subset prefixes (``ABCDEF+``) and style
    suffixes (``,Bold``, ``-Italic``) are ignored.
    """
    if not name:
        return None
    font = name.split("+", 1)[1] if "+" in name[:8] else name
    font = font.strip()
    if font[:3].lower() == ".vn":
        base = font.split(",", 1)[0].strip()
        for _ in range(3):  # "BoldItalic", "HBook"
            base = _FONT_STYLE_SUFFIX.sub("", base)
        return "tcvn3", base.endswith("H")
    if font[:3].upper() == "VNI":
        return "vni", False
    return None
