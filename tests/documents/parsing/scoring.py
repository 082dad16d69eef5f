"""Field-by-field comparison with a hand annotation, as the project's
``score_parse.py`` does it (same normalisation and matching rules), so the
tests fail on exactly what the scorer would count as wrong."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

Doc = dict[str, Any]

SCALARS: list[tuple[str, Callable[[Doc], Any]]] = [
    ("doc_type", lambda d: d.get("doc_type")),
    ("number", lambda d: d.get("number")),
    ("symbol", lambda d: d.get("symbol")),
    ("issuer.parent", lambda d: (d.get("issuer") or {}).get("parent")),
    ("issuer.name", lambda d: (d.get("issuer") or {}).get("name")),
    ("place", lambda d: d.get("place")),
    ("issued", lambda d: d.get("issued")),
    ("title", lambda d: d.get("title")),
    ("signer.authority", lambda d: (d.get("signer") or {}).get("authority")),
    ("signer.title", lambda d: (d.get("signer") or {}).get("title")),
    ("signer.name", lambda d: (d.get("signer") or {}).get("name")),
]


def norm(s: Any) -> str | None:
    if s is None:
        return None
    s = unicodedata.normalize("NFC", str(s)).casefold()
    return re.sub(r"\s+", " ", s).strip().strip(" .;:,")


def norm_symbol(s: Any) -> str | None:
    n = norm(s)
    return None if n is None else re.sub(r"\s+", "", n)


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def match_lists(
    exp: Sequence[Any], got: Sequence[Any], key: Callable[[Any], Any], cut: float = 0.9
) -> list[tuple[Any, Any]]:
    ek = [norm(key(e)) or "" for e in exp]
    gk = [norm(key(g)) or "" for g in got]
    pairs, used_e, used_g = [], set(), set()
    for i, a in enumerate(ek):
        for j, b in enumerate(gk):
            if j not in used_g and a == b:
                used_e.add(i)
                used_g.add(j)
                pairs.append((exp[i], got[j]))
                break
    scored = sorted(
        (
            (_ratio(a, b), i, j)
            for i, a in enumerate(ek)
            if i not in used_e
            for j, b in enumerate(gk)
            if j not in used_g and _ratio(a, b) >= cut
        ),
        reverse=True,
    )
    for _, i, j in scored:
        if i not in used_e and j not in used_g:
            used_e.add(i)
            used_g.add(j)
            pairs.append((exp[i], got[j]))
    return pairs


def _units_equal(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and len(
        match_lists(a, b, key=lambda x: x, cut=0.85)
    ) == len(a)


def differences(exp: Doc, got: Doc) -> list[str]:
    """What the scorer would count wrong; empty when the output is perfect."""
    out: list[str] = []
    for name, get in SCALARS:
        e, g = get(exp), get(got)
        if name == "title":
            good = (e is None and g is None) or (
                e is not None
                and g is not None
                and (norm(e) == norm(g) or _ratio(norm(e) or "", norm(g) or "") >= 0.95)
            )
        else:
            same = norm_symbol if name == "symbol" else norm
            good = same(e) == same(g)
        if not good:
            out.append(f"{name}: expected {e!r}, got {g!r}")

    def refkey(r: Doc) -> str:
        return f"{norm(r.get('number'))}/{norm_symbol(r.get('symbol'))}"

    er = {refkey(r) for r in exp.get("references") or []}
    gr = {refkey(r) for r in got.get("references") or []}
    if er != gr:
        out.append(f"references: missing {sorted(er - gr)}, extra {sorted(gr - er)}")
    erc, grc = exp.get("recipients") or [], got.get("recipients") or []
    if len(match_lists(erc, grc, key=lambda r: r.get("name"))) != max(
        len(erc), len(grc)
    ):
        out.append(f"recipients: {[r['name'] for r in grc]}")
    ea = {norm(x) for x in exp.get("archive") or []}
    ga = {norm(x) for x in got.get("archive") or []}
    if ea != ga:
        out.append(
            f"archive: expected {sorted(map(str, ea))}, got {sorted(map(str, ga))}"
        )
    eact, gact = exp.get("activities") or [], got.get("activities") or []
    pairs = match_lists(
        eact, gact, key=lambda a: f"{a.get('ref') or ''} {a.get('title')}", cut=0.8
    )
    if len(pairs) != max(len(eact), len(gact)):
        out.append(
            f"activities: expected {len(eact)}, got {len(gact)}, matched {len(pairs)}"
        )
    for e, g in pairs:
        for f in ("lead", "support"):
            if not _units_equal(e.get(f) or [], g.get(f) or []):
                out.append(f"activity {e.get('ref')} {f}: {e.get(f)} != {g.get(f)}")
        if (e.get("due") or {}).get("date") != (g.get("due") or {}).get("date"):
            out.append(f"activity {e.get('ref')} due: {e.get('due')} != {g.get('due')}")
    edu, gdu = exp.get("duties") or [], got.get("duties") or []
    pairs = match_lists(edu, gdu, key=lambda d: d.get("text"), cut=0.8)
    if len(pairs) != max(len(edu), len(gdu)):
        out.append(f"duties: expected {len(edu)}, got {len(gdu)}, matched {len(pairs)}")
    for e, g in pairs:
        if not _units_equal(e.get("units") or [], g.get("units") or []):
            out.append(
                f"duty {e.get('ref')} units: {e.get('units')} != {g.get('units')}"
            )
    return out
