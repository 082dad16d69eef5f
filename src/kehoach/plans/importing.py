"""Helpers of the import flow that only read: the phrases a parsed
document uses for units, and the units the Office may map them to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kehoach.orgs.models import Agency, Unit
from kehoach.orgs.resolution import UnitDirectory


def phrases_of(parsed: Mapping[str, Any]) -> list[str]:
    """Every distinct way the document names a unit, in order of
    appearance: leads, supports, duty addressees, then recipients."""
    seen: dict[str, None] = {}
    for activity in parsed.get("activities") or []:
        for phrase in [*(activity.get("lead") or []), *(activity.get("support") or [])]:
            seen.setdefault(phrase, None)
    for duty in parsed.get("duties") or []:
        for phrase in duty.get("units") or []:
            seen.setdefault(phrase, None)
    for recipient in parsed.get("recipients") or []:
        if recipient.get("name"):
            seen.setdefault(recipient["name"], None)
    return [p for p in seen if p.strip()]


def assignment_phrases_of(parsed: Mapping[str, Any]) -> set[str]:
    """Phrases that lead to tasks (not recipients only)."""
    out: set[str] = set()
    for activity in parsed.get("activities") or []:
        out.update(activity.get("lead") or [])
        out.update(activity.get("support") or [])
    for duty in parsed.get("duties") or []:
        out.update(duty.get("units") or [])
    return out


def mappable_units(agency: Agency) -> list[Unit]:
    """Units the Office can choose from: what an alias may point to (the
    agency's own units and the related agencies as whole agencies), own
    units first."""
    units = UnitDirectory(agency).mappable_units
    return sorted(
        units, key=lambda u: (u.agency_id != agency.pk, u.agency.name, u.order, u.name)
    )
