"""TEMPORARY minimal resolver (exact folded names); replaced by the orgs work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kehoach.lib.text import fold_words
from kehoach.orgs.models import Agency, Unit, UnitAlias


@dataclass(frozen=True)
class Resolution:
    phrase: str
    key: str
    status: str
    units: tuple[Unit, ...] = ()
    via: str = ""
    role_hint: str | None = None


def resolve_unit_phrases(
    agency: Agency, phrases: Iterable[str]
) -> dict[str, Resolution]:
    units = list(Unit.objects.filter(agency=agency))
    aliases = {
        a.key: list(a.units.all())
        for a in UnitAlias.objects.filter(agency=agency).prefetch_related("units")
    }
    out = {}
    for phrase in phrases:
        key = fold_words(phrase)
        if key in aliases:
            out[phrase] = Resolution(phrase, key, "unit", tuple(aliases[key]), "alias")
            continue
        found = [u for u in units if fold_words(u.name) == key]
        out[phrase] = Resolution(
            phrase, key, "unit" if found else "unresolved", tuple(found), "name"
        )
    return out


@transaction.atomic
def remember_unit_alias(
    agency: Agency, phrase: str, units: Iterable[Unit], *, actor: Any
) -> UnitAlias:
    alias, _ = UnitAlias.objects.get_or_create(
        agency=agency, key=fold_words(phrase), defaults={"phrase": phrase}
    )
    alias.units.set(list(units))
    return alias
