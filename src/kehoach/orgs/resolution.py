"""Unit-name resolution: which unit(s) a phrase of a document means.

The same unit is written many ways ("Công đoàn cơ sở Sở TTTT", "BCH Công
đoàn Sở", "CĐCS"). Every import calls :func:`resolve_unit_phrases` once per
document with all its lead/support/duty/recipient phrases.

How a phrase is read, in order (the first rule that answers wins):

1. **normalise**: drop a leading bullet or number, a leading verb or
   politeness ("đề nghị", "giao", "mời" → ``role_hint="invite"``), a trailing
   purpose "(b/c)", "(t/h)", "(p/h)"; fold diacritics and case; normalise
   "TT&TT"/"TT và TT"/"TTTT"/"Thông tin và Truyền thông"; expand common
   abbreviations (BCH, CĐCS, CNTT, VP, UBND, DN, BGĐ, TT…); drop "và"; strip
   trailing references to the agency itself ("Sở", "Sở TTTT", "thuộc Sở",
   "trên địa bàn tỉnh") and a leading "Ban chấp hành"/"Lãnh đạo" of a body.
   The result is the phrase's ``key`` (what a :class:`UnitAlias` stores).
2. **alias**: a mapping the Office made earlier (aliases win over rules).
3. **self**: nothing left means the agency itself (its root unit).
4. **group**: "Các phòng, đơn vị thuộc Sở", "các doanh nghiệp ngành TTTT"…
   → every unit of those kinds, or the root units of the agency's
   enterprises / press / associations. A group with a word we do not know
   stays unresolved.
5. **name / abbreviation**: equal keys of the agency's units (name, short
   name, abbreviation), then of related agencies' root units (the parent,
   grandparent, siblings under the parent, and the agencies it directs).
6. **kind**: a bare kind word ("Lãnh đạo", "Công đoàn", "Cấp ủy") when the
   agency has exactly one unit of that kind.
7. **fuzzy**: the phrase's words are a subset of one unit's name words,
   starting with the same head word ("Phòng", "Trung tâm", "Bộ"…); resolves
   only when exactly one unit fits.

Anything ambiguous or unknown is ``"unresolved"`` (with ``candidates`` when
several fitted): a wrong guess would send a task to the wrong unit.

Pure reads; the only write (:func:`remember_unit_alias`) lives in
``orgs.services``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Q

from kehoach.lib.text import fold, nfc
from kehoach.orgs.enums import AgencyKind, UnitKind
from kehoach.orgs.models import Agency, Unit, UnitAlias

Status = Literal["unit", "group", "unresolved"]

# --- vocabulary ------------------------------------------------------------

# Single-token abbreviations, folded. A token is expanded when it cannot be a
# Vietnamese word (no vowel), when it is in ALWAYS_EXPAND, or when it was
# written in capitals inside a phrase that is not all capitals ("TU" vs "tư").
ABBREVIATIONS: dict[str, str] = {
    "bch": "ban chap hanh",
    "cdcs": "cong doan co so",
    "cd": "cong doan",
    "cntt": "cong nghe thong tin",
    "tttt": "thong tin truyen thong",
    "vp": "van phong",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "dn": "doanh nghiep",
    "dns": "doanh nghiep",
    "bgd": "ban giam doc",
    "bld": "ban lanh dao",
    "tt": "trung tam",
    "mttq": "mat tran to quoc",
    "bql": "ban quan ly",
    "cq": "co quan",
    "tp": "thanh pho",
    "tu": "tinh uy",
    "hu": "huyen uy",
    "du": "dang uy",
}
ALWAYS_EXPAND = frozenset({"ubnd", "hdnd"})
# "X&Y" compounds, folded, joined without spaces.
COMPOUNDS: dict[str, str] = {
    "tt&tt": "thong tin truyen thong",
    "ttvatt": "thong tin truyen thong",
    "cntt&tt": "cong nghe thong tin truyen thong",
    "kh&cn": "khoa hoc cong nghe",
    "gd&dt": "giao duc dao tao",
    "vh&tt": "van hoa thong tin",
    "ld&tbxh": "lao dong thuong binh xa hoi",
    "tn&mt": "tai nguyen moi truong",
    "nn&ptnt": "nong nghiep phat trien nong thon",
}
STOPWORDS = frozenset({"va"})
VOWELS = frozenset("aeiouy")

# Leading verbs and politeness, lower case with diacritics (so "mời" is not
# "môi"). The hint tells the caller how the unit is involved.
LEADING_VERBS: tuple[tuple[str, str | None], ...] = (
    ("trân trọng kính mời", "invite"),
    ("kính mời", "invite"),
    ("mời", "invite"),
    ("kính gửi", None),
    ("kính đề nghị", None),
    ("đề nghị", None),
    ("yêu cầu", None),
    ("giao cho", None),
    ("giao", None),
    ("phân công", None),
    ("chỉ đạo", None),
)
# "giao" is a verb unless it starts a noun ("giao thông", "giáo dục"…).
NOT_AFTER_GIAO = frozenset({"thông", "dịch", "lưu", "nhận", "ban", "tiếp"})
PURPOSES: dict[str, str] = {
    "b/c": "report",
    "bc": "report",
    "de bao cao": "report",
    "t/h": "execute",
    "th": "execute",
    "de thuc hien": "execute",
    "thuc hien": "execute",
    "p/h": "support",
    "ph": "support",
    "de phoi hop": "support",
    "phoi hop": "support",
    "de biet": "info",
    "d/b": "info",
    "biet": "info",
}

# Head words an agency's name starts with; a trailing one means "us".
AGENCY_HEADS: tuple[tuple[str, ...], ...] = (
    ("uy", "ban", "nhan", "dan"),
    ("tong", "cuc"),
    ("chi", "cuc"),
    ("cong", "ty"),
    ("so",),
    ("bo",),
    ("cuc",),
    ("vien",),
)
# A head word that ends a compound is not a reference ("cơ sở" ≠ "Sở").
PROTECTED_ENDINGS = frozenset({("co", "so")})
CONNECTORS: tuple[tuple[str, ...], ...] = (
    ("truc", "thuoc"),
    ("thuoc",),
    ("cua",),
    ("tai",),
)
REGION_WORDS: tuple[tuple[str, ...], ...] = (
    ("thanh", "pho"),
    ("thi", "xa"),
    ("tinh",),
    ("huyen",),
    ("quan",),
    ("xa",),
    ("phuong",),
)
# "Ban chấp hành Công đoàn" is the union; "Lãnh đạo Văn phòng" the office.
BODY_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("ban", "chap", "hanh"),
    ("thuong", "truc"),
    ("lanh", "dao"),
)
KIND_WORDS: dict[tuple[str, ...], str] = {
    ("lanh", "dao"): UnitKind.LEADERSHIP,
    ("ban", "lanh", "dao"): UnitKind.LEADERSHIP,
    ("van", "phong"): UnitKind.OFFICE,
    ("cong", "doan"): UnitKind.UNION,
    ("chi", "bo"): UnitKind.PARTY,
    ("dang", "bo"): UnitKind.PARTY,
    ("cap", "uy"): UnitKind.PARTY,
    ("chi", "uy"): UnitKind.PARTY,
    ("dang", "uy"): UnitKind.PARTY,
}

WORKING_UNITS = frozenset({UnitKind.DIVISION, UnitKind.OFFICE, UnitKind.CENTER})
# Group nouns after "các": own unit kinds, or kinds of the agencies it directs.
GROUP_NOUNS: tuple[tuple[tuple[str, ...], frozenset[str], frozenset[str]], ...] = (
    (("phong", "chuyen", "mon"), WORKING_UNITS, frozenset()),
    (("don", "vi", "truc", "thuoc"), WORKING_UNITS, frozenset()),
    (("don", "vi"), WORKING_UNITS, frozenset()),
    (("phong",), frozenset({UnitKind.DIVISION, UnitKind.OFFICE}), frozenset()),
    (("trung", "tam"), frozenset({UnitKind.CENTER}), frozenset()),
    (("doanh", "nghiep"), frozenset(), frozenset({AgencyKind.ENTERPRISE})),
    (("co", "quan", "bao", "chi"), frozenset(), frozenset({AgencyKind.PRESS})),
    (("bao", "chi"), frozenset(), frozenset({AgencyKind.PRESS})),
    (("hiep", "hoi"), frozenset(), frozenset({AgencyKind.ASSOCIATION})),
    (("hoi",), frozenset(), frozenset({AgencyKind.ASSOCIATION})),
)
# Nouns that make a group even without "các" ("Doanh nghiệp ngành TTTT").
BARE_GROUP_HEADS = frozenset({("doanh", "nghiep"), ("co", "quan", "bao", "chi")})
GROUP_QUALIFIERS: tuple[tuple[str, ...], ...] = (
    ("tren", "dia", "ban"),
    ("dia", "ban"),
    ("co", "lien", "quan"),
    ("lien", "quan"),
    ("hoat", "dong"),
    ("truc", "thuoc"),
    ("chuyen", "mon"),
    ("linh", "vuc"),
    ("nganh",),
    ("thuoc",),
    ("tinh",),
    ("toan",),
    ("trong",),
)
GROUP_STARTS: tuple[tuple[str, ...], ...] = (("tat", "ca", "cac"), ("cac",))

_WORD = re.compile(r"\w+|&", re.UNICODE)
_LEADING_NOISE = re.compile(r"^\s*(?:[-–—+•*]+|\d+(?:\.\d+)*[.)]?|[a-zđ]\))\s*", re.I)
_TRAILING_PAREN = re.compile(r"\(([^()]*)\)[\s;.,:]*$")

Tokens = tuple[str, ...]


# --- results ---------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    """What a phrase means. ``units`` is empty unless resolved.

    ``via`` says which rule answered: ``alias``, ``self``, ``group``,
    ``name``, ``abbreviation``, ``kind``, ``fuzzy`` (empty when unresolved).
    ``candidates`` lists the units that fitted equally when ambiguous, for
    the Office's mapping page.
    """

    phrase: str
    key: str
    status: Status
    units: tuple[Unit, ...] = ()
    via: str = ""
    role_hint: str | None = None
    candidates: tuple[Unit, ...] = field(default=(), compare=False)

    @property
    def is_resolved(self) -> bool:
        return self.status != "unresolved"


# --- normalisation -----------------------------------------------------------


def _is_upper(word: str) -> bool:
    return word.isupper() and len(word) >= 2


def canonical_tokens(text: str) -> Tokens:
    """Fold, normalise compounds and expand abbreviations; drop "và".

    ``"BCH CĐCS Sở TT&TT"`` → ``("ban", "chap", "hanh", "cong", "doan",
    "co", "so", "so", "thong", "tin", "truyen", "thong")``.
    """
    text = nfc(text)
    words = _WORD.findall(text)
    letters = [ch for ch in text if ch.isalpha()]
    all_caps = bool(letters) and all(ch.isupper() for ch in letters)
    out: list[str] = []
    i = 0
    while i < len(words):
        # "X & Y" and "TT và TT" compounds
        if i + 2 < len(words) and words[i + 1] in {"&", "và", "va"}:
            compound = (
                fold(words[i])
                + ("&" if words[i + 1] == "&" else "va")
                + fold(words[i + 2])
            )
            if compound in COMPOUNDS:
                out.extend(COMPOUNDS[compound].split())
                i += 3
                continue
        word = words[i]
        i += 1
        if word == "&":
            continue
        token = fold(word)
        expansion = ABBREVIATIONS.get(token)
        if expansion and (
            not (set(token) & VOWELS)
            or token in ALWAYS_EXPAND
            or (_is_upper(word) and not all_caps)
        ):
            out.extend(expansion.split())
        elif token not in STOPWORDS:
            out.append(token)
    return tuple(out)


def compact_key(text: str) -> str:
    """Letters and digits only, folded: ``"CĐCS"`` → ``"cdcs"``,
    ``"TT&TT"`` → ``"tttt"``. Used to compare abbreviations."""
    return "".join(fold(w) for w in _WORD.findall(nfc(text)) if w != "&")


def _ends_with(tokens: Tokens, tail: Tokens) -> bool:
    return bool(tail) and len(tokens) >= len(tail) and tokens[-len(tail) :] == tail


def _starts_with(tokens: Tokens, head: Tokens) -> bool:
    return bool(head) and tokens[: len(head)] == head


def _strip_region_words(tokens: Tokens) -> Tokens:
    """Cut "tỉnh Đắk Nông" (any region word and what follows it) off a name."""
    for i in range(len(tokens) - 1, 0, -1):
        for word in REGION_WORDS:
            if tokens[i : i + len(word)] == word and i + len(word) < len(tokens):
                return tokens[:i]
    return tokens


@dataclass(frozen=True)
class SelfRefs:
    """The ways an agency refers to itself at the end of a phrase."""

    tails: tuple[Tokens, ...]
    domain: frozenset[str]
    place: Tokens

    @classmethod
    def of(cls, agency: Agency) -> SelfRefs:
        name = canonical_tokens(agency.name)
        bare = _strip_region_words(name)
        tails: set[Tokens] = {name, bare}
        for text in (agency.short_name, agency.abbreviation):
            if text:
                tails.add(canonical_tokens(text))
                tails.add(_strip_region_words(canonical_tokens(text)))
        head: Tokens = ()
        for candidate in AGENCY_HEADS:
            if _starts_with(bare, candidate):
                head = candidate
                tails.add(candidate)
                break
        domain = frozenset(bare[len(head) :])
        tails.discard(())
        ordered = tuple(sorted(tails, key=len, reverse=True))
        return cls(tails=ordered, domain=domain, place=canonical_tokens(agency.place))

    def _region_tails(self) -> tuple[Tokens, ...]:
        tails: list[Tokens] = []
        if self.place:
            tails += [
                ("tren", "dia", "ban", "tinh", *self.place),
                ("tren", "dia", "ban", *self.place),
                ("tinh", *self.place),
            ]
        tails += [
            ("tren", "dia", "ban", "tinh"),
            ("tren", "dia", "ban"),
            ("toan", "tinh"),
        ]
        return tuple(tails)

    def strip(self, tokens: Tokens) -> Tokens:
        """Strip trailing self references, repeatedly ("…thuộc Sở TTTT trên
        địa bàn tỉnh" → "…")."""
        changed = True
        while changed and tokens:
            changed = False
            for tail in (*self._region_tails(), *self.tails):
                if not _ends_with(tokens, tail):
                    continue
                rest = tokens[: -len(tail)]
                if rest and (rest[-1], *tail)[:2] in PROTECTED_ENDINGS:
                    continue
                for connector in CONNECTORS:
                    if _ends_with(rest, connector):
                        rest = rest[: -len(connector)]
                        break
                tokens = rest
                changed = True
                break
        return tokens


def _strip_body_prefix(tokens: Tokens) -> Tokens:
    for prefix in BODY_PREFIXES:
        if _starts_with(tokens, prefix) and len(tokens) > len(prefix):
            return tokens[len(prefix) :]
    return tokens


def normalise(tokens: Tokens, refs: SelfRefs) -> Tokens:
    tokens = refs.strip(tokens)
    stripped = _strip_body_prefix(tokens)
    if stripped != tokens:
        tokens = refs.strip(stripped)
    return tokens


@dataclass(frozen=True)
class _Phrase:
    text: str
    key: Tokens
    raw: Tokens
    compact: str
    role_hint: str | None


def _read_phrase(phrase: str, refs: SelfRefs) -> _Phrase:
    text = nfc(phrase).strip()
    role_hint: str | None = None
    match = _TRAILING_PAREN.search(text)
    if match:
        purpose = fold(match.group(1)).strip()
        if purpose in PURPOSES:
            role_hint = PURPOSES[purpose]
            text = text[: match.start()].strip()
    text = text.rstrip(" ;.,:")
    while True:
        cleaned = _LEADING_NOISE.sub("", text, count=1)
        if cleaned == text:
            break
        text = cleaned
    lower = text.lower()
    for verb, hint in LEADING_VERBS:
        if not lower.startswith(verb + " "):
            continue
        following = lower[len(verb) + 1 :].split(" ", 1)[0]
        if verb == "giao" and following in NOT_AFTER_GIAO:
            continue
        text = text[len(verb) + 1 :].strip()
        role_hint = hint or role_hint
        break
    raw = canonical_tokens(text)
    return _Phrase(
        text=text,
        key=normalise(raw, refs),
        raw=raw,
        compact=compact_key(text),
        role_hint=role_hint,
    )


def phrase_key(agency: Agency, phrase: str) -> str:
    """The key under which ``phrase`` is looked up and aliased."""
    return " ".join(_read_phrase(phrase, SelfRefs.of(agency)).key)


# --- the directory snapshot --------------------------------------------------


@dataclass
class _Candidate:
    unit: Unit
    keys: tuple[Tokens, ...]
    abbreviation: str
    own: bool


def _related_roots_q(agency: Agency) -> Q:
    q = Q(agency__parent_id=agency.pk) | Q(agency__children__children=agency.pk)
    if agency.parent_id is not None:
        q |= Q(agency_id=agency.parent_id) | Q(agency__parent_id=agency.parent_id)
    return q


class UnitDirectory:
    """Everything resolution needs about one agency, loaded in three queries:
    its units, related agencies' root units, its aliases (with units)."""

    def __init__(self, agency: Agency) -> None:
        self.agency = agency
        self.refs = SelfRefs.of(agency)
        self.own_units = list(
            Unit.objects.filter(agency=agency, is_active=True).select_related("agency")
        )
        self.related_roots = list(
            Unit.objects.filter(kind=UnitKind.AGENCY, agency__is_active=True)
            .filter(_related_roots_q(agency))
            .exclude(agency_id=agency.pk)
            .select_related("agency")
            .distinct()
        )
        self.aliases: dict[str, list[Unit]] = {}
        through = UnitAlias.units.through.objects.filter(
            unitalias__agency=agency
        ).select_related("unit__agency", "unitalias")
        for row in through:
            self.aliases.setdefault(row.unitalias.key, []).append(row.unit)
        self.root = next((u for u in self.own_units if u.kind == UnitKind.AGENCY), None)
        self._candidates = [
            self._candidate(u, own=True)
            for u in self.own_units
            if u.kind != UnitKind.AGENCY
        ] + [self._candidate(u, own=False) for u in self.related_roots]

    @property
    def mappable_units(self) -> list[Unit]:
        """Units an alias may point to: the agency's own and related roots."""
        return self.own_units + self.related_roots

    def _candidate(self, unit: Unit, *, own: bool) -> _Candidate:
        keys: set[Tokens] = set()
        for text in (unit.name, unit.short_name):
            if not text:
                continue
            tokens = canonical_tokens(text)
            keys.add(tokens)
            keys.add(
                normalise(tokens, self.refs) if own else _strip_region_words(tokens)
            )
        keys.discard(())
        abbreviation = compact_key(unit.abbreviation) if unit.abbreviation else ""
        if not own and not abbreviation and unit.agency.abbreviation:
            abbreviation = compact_key(unit.agency.abbreviation)
        return _Candidate(unit, tuple(keys), abbreviation, own)

    # --- rules ---

    def resolve(self, phrase: str) -> Resolution:
        read = _read_phrase(phrase, self.refs)
        key = " ".join(read.key)
        result = Resolution(
            phrase=phrase, key=key, status="unresolved", role_hint=read.role_hint
        )

        def found(
            units: Sequence[Unit], via: str, status: Status = "unit"
        ) -> Resolution:
            return Resolution(
                phrase=phrase,
                key=key,
                status=status,
                units=tuple(units),
                via=via,
                role_hint=read.role_hint,
            )

        if not read.raw:
            return result
        if key in self.aliases:
            units = self.aliases[key]
            return found(units, "alias", "unit" if len(units) == 1 else "group")
        if not read.key:
            return found([self.root], "self") if self.root else result
        group = self._group(read.key)
        if group is not None:
            return found(group, "group", "group") if group else result
        for rule in (self._exact, self._kind, self._fuzzy):
            units, via = rule(read)
            if len(units) == 1:
                return found(units, via)
            if len(units) > 1:
                return Resolution(
                    phrase=phrase,
                    key=key,
                    status="unresolved",
                    role_hint=read.role_hint,
                    candidates=tuple(units),
                )
        return result

    def _exact(self, read: _Phrase) -> tuple[list[Unit], str]:
        forms = {read.key, read.raw}
        for own in (True, False):
            pool = [c for c in self._candidates if c.own is own]
            by_name = [c.unit for c in pool if any(k in forms for k in c.keys)]
            if by_name:
                return by_name, "name"
            by_abbr = [
                c.unit
                for c in pool
                if c.abbreviation and c.abbreviation == read.compact
            ]
            if by_abbr:
                return by_abbr, "abbreviation"
        return [], ""

    def _kind(self, read: _Phrase) -> tuple[list[Unit], str]:
        kind = KIND_WORDS.get(read.key)
        if kind is None:
            return [], ""
        units = [u for u in self.own_units if u.kind == kind]
        return units, "kind"

    def _fuzzy(self, read: _Phrase) -> tuple[list[Unit], str]:
        words = read.key
        wanted = set(words)

        def fits(candidate: _Candidate) -> bool:
            return any(k[0] == words[0] and wanted <= set(k) for k in candidate.keys)

        own = [c.unit for c in self._candidates if c.own and fits(c)]
        if own:
            return own, "fuzzy"
        return [c.unit for c in self._candidates if not c.own and fits(c)], "fuzzy"

    def _group(self, tokens: Tokens) -> list[Unit] | None:
        """Units of a plural phrase; ``None`` when it is not a group."""
        rest: Tokens | None = None
        for start in GROUP_STARTS:
            if _starts_with(tokens, start):
                rest = tokens[len(start) :]
                break
        if rest is None:
            if not any(_starts_with(tokens, head) for head in BARE_GROUP_HEADS):
                return None
            rest = tokens
        unit_kinds: set[str] = set()
        agency_kinds: set[str] = set()
        qualifiers = (
            *GROUP_QUALIFIERS,
            *((word,) for word in self.refs.domain),
            *((word,) for word in self.refs.place),
        )
        i = 0
        while i < len(rest):
            for noun, kinds, agencies in GROUP_NOUNS:
                if rest[i : i + len(noun)] == noun:
                    unit_kinds |= kinds
                    agency_kinds |= agencies
                    i += len(noun)
                    break
            else:
                for qualifier in qualifiers:
                    if rest[i : i + len(qualifier)] == qualifier:
                        i += len(qualifier)
                        break
                else:
                    return []  # a word we do not know: do not guess
        if not unit_kinds and not agency_kinds:
            return []
        units = [u for u in self.own_units if u.kind in unit_kinds]
        units += [
            u
            for u in self.related_roots
            if u.agency.parent_id == self.agency.pk and u.agency.kind in agency_kinds
        ]
        return units


# --- public API ----------------------------------------------------------------


def resolve_unit_phrases(
    agency: Agency, phrases: Iterable[str]
) -> dict[str, Resolution]:
    """Resolve many phrases of one agency's document in a constant number of
    queries (three, whatever the number of phrases)."""
    phrases = list(phrases)
    if not phrases:
        return {}
    directory = UnitDirectory(agency)
    return {phrase: directory.resolve(phrase) for phrase in phrases}


def resolve_unit_phrase(agency: Agency, phrase: str) -> Resolution:
    """Resolve one phrase (see the module docstring for the rules)."""
    return resolve_unit_phrases(agency, [phrase])[phrase]
