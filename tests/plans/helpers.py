"""Building plans for tests from the hand annotation of the worked example
(so plan tests do not depend on the parser)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from kehoach.documents.services import register_document
from kehoach.orgs import services as org_services
from kehoach.orgs.enums import AgencyKind, MembershipRole, Role, UnitKind
from kehoach.orgs.resolution import resolve_unit_phrases
from kehoach.plans.importing import phrases_of
from kehoach.plans.models import Plan
from kehoach.plans.services import create_plan_from_document

PARSED: dict[str, Any] = json.loads(
    (Path(__file__).parent.parent / "fixtures" / "plans" / "000.parsed.json").read_text(
        "utf-8"
    )
)


def parsed_copy(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(PARSED)
    data.update(changes)
    return data


def make_plan(
    agency: Any, actor: Any, parsed: dict[str, Any] | None = None, **kw: Any
) -> Plan:
    parsed = parsed or PARSED
    document = register_document(
        parsed, agency=agency, direction=kw.pop("direction", "outgoing"), actor=actor
    )
    # With resolve=False only the given units get tasks: tests that count
    # tasks stay independent of how the resolver reads the other phrases.
    units: dict[str, list[Any]] = {}
    if kw.pop("resolve", True):
        resolved = resolve_unit_phrases(agency, phrases_of(parsed))
        units = {p: list(r.units) for p, r in resolved.items()}
    units.update(kw.pop("units", {}))
    return create_plan_from_document(document, actor=actor, units=units, **kw)


def make_other_agency() -> dict[str, Any]:
    """A second department in the same installation, with its own office
    clerk and unit member, that must never see the demo agency's data."""
    agency = org_services.create_agency(
        "Sở Thông tin và Truyền thông tỉnh Lâm Đồng",
        kind=AgencyKind.DEPARTMENT,
        short_name="Sở TTTT Lâm Đồng",
        abbreviation="STTTTLD",
        place="Lâm Đồng",
    )
    office = org_services.create_unit(agency, name="Văn phòng Sở", kind=UnitKind.OFFICE)
    union = org_services.create_unit(
        agency, name="Công đoàn cơ sở", kind=UnitKind.UNION
    )
    clerk = org_services.create_person(
        agency,
        full_name="Văn thư Lâm Đồng",
        username="ld_clerk",
        password="pw-ld-12345",
        memberships=[(office, MembershipRole.CLERK)],
        roles=[Role.CLERK],
    )
    member = org_services.create_person(
        agency,
        full_name="Cán bộ Lâm Đồng",
        username="ld_member",
        password="pw-ld-12345",
        memberships=[(union, MembershipRole.MEMBER)],
        roles=[Role.UNIT_MEMBER],
    )
    return {
        "agency": agency,
        "office": office,
        "union": union,
        "clerk": clerk,
        "member": member,
    }
