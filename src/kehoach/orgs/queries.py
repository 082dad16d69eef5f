"""Reads of the directory for pages and the API, already filtered by what
the viewer may see (``orgs.permissions``). Each returns a prefetched
queryset or plain data, so a page costs the same number of queries whatever
the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When

from kehoach.lib.text import fold
from kehoach.orgs import permissions
from kehoach.orgs.enums import MembershipRole, UnitKind
from kehoach.orgs.models import Agency, ApiToken, Membership, Person, Unit
from kehoach.orgs.viewer import Viewer

HEAD_ROLES = (MembershipRole.HEAD, MembershipRole.DEPUTY)
ROLE_ORDER = (
    MembershipRole.HEAD,
    MembershipRole.DEPUTY,
    MembershipRole.CLERK,
    MembershipRole.MEMBER,
)


def _search_q(q: str, field_name: str = "search_text") -> Q:
    """Every folded word must occur: "cong doan" finds "Công đoàn"."""
    condition = Q()
    for word in fold(q).split():
        condition &= Q(**{f"{field_name}__contains": word})
    return condition


def _role_rank() -> Case:
    """Heads first, then deputies, clerks, members."""
    return Case(
        *[When(role=role, then=Value(i)) for i, role in enumerate(ROLE_ORDER)],
        default=Value(len(ROLE_ORDER)),
    )


def _heads_prefetch() -> Prefetch[str, QuerySet[Membership], str]:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(role__in=HEAD_ROLES)
        .select_related("person")
        .annotate(rank=_role_rank())
        .order_by("rank", "person__full_name"),
        to_attr="heads",
    )


def visible_agencies(viewer: Viewer, *, q: str = "") -> QuerySet[Agency]:
    """Agencies the viewer may see, optionally searched."""
    return (
        permissions.visible_agencies(viewer)
        .filter(_search_q(q))
        .select_related("parent")
        .order_by("name")
    )


def units_for_agency(agency: Agency, *, viewer: Viewer, q: str = "") -> QuerySet[Unit]:
    """The agency's units the viewer may see, with their heads (``heads``:
    memberships of heads and deputies) when the viewer may see people."""
    units = (
        permissions.visible_units(viewer)
        .filter(agency=agency, is_active=True)
        .filter(_search_q(q))
        .select_related("agency")
        .order_by("order", "name")
    )
    if agency.pk == viewer.agency_id or viewer.is_superuser:
        units = units.prefetch_related(_heads_prefetch())
    return units


def visible_units(
    viewer: Viewer, *, q: str = "", agency_id: int | None = None
) -> QuerySet[Unit]:
    """All units the viewer may see (the API's list)."""
    units = permissions.visible_units(viewer).filter(_search_q(q))
    if agency_id is not None:
        units = units.filter(agency_id=agency_id)
    return units.select_related("agency", "parent").order_by(
        "agency__name", "order", "name"
    )


def _people(queryset: QuerySet[Person]) -> QuerySet[Person]:
    return queryset.select_related("agency").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("unit").order_by(
                "unit__order", "unit__name"
            ),
        ),
        "role_assignments",
    )


def people_for_agency(
    agency: Agency, *, viewer: Viewer, q: str = ""
) -> QuerySet[Person]:
    """The agency's active people, if the viewer may see them, with their
    units."""
    people = permissions.visible_people(viewer).filter(agency=agency, is_active=True)
    return _people(people.filter(_search_q(q)).order_by("full_name"))


def visible_people(
    viewer: Viewer,
    *,
    q: str = "",
    agency_id: int | None = None,
    unit_id: int | None = None,
) -> QuerySet[Person]:
    """All people the viewer may see (the API's list)."""
    people = permissions.visible_people(viewer).filter(_search_q(q))
    if agency_id is not None:
        people = people.filter(agency_id=agency_id)
    if unit_id is not None:
        people = people.filter(memberships__unit_id=unit_id)
    return _people(people.order_by("agency__name", "full_name").distinct())


def members_of_unit(unit: Unit, *, viewer: Viewer) -> QuerySet[Membership]:
    """Memberships of a unit, heads first; empty unless the viewer may see
    the unit's people."""
    if not permissions.can_see_members(viewer, unit):
        return Membership.objects.none()
    return (
        Membership.objects.filter(unit=unit, person__is_active=True)
        .select_related("person")
        .annotate(rank=_role_rank())
        .order_by("rank", "person__full_name")
    )


def related_agencies(agency: Agency, *, viewer: Viewer) -> dict[str, list[Agency]]:
    """The agency that directs ``agency`` and those it directs, as far as
    the viewer may see them: ``{"parent": [...], "children": [...]}``."""
    visible = permissions.visible_agencies(viewer)
    children = list(
        visible.filter(parent=agency, is_active=True).order_by("kind", "name")
    )
    parent = list(visible.filter(pk=agency.parent_id)) if agency.parent_id else []
    return {"parent": parent, "children": children}


@dataclass
class UnitNode:
    unit: Unit
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(units: list[Unit]) -> list[UnitNode]:
    """Nest units under their parents. The agency's root unit is left out
    (it is the agency itself); units whose parent is not in the list become
    top-level nodes."""
    nodes = {u.pk: UnitNode(u) for u in units if u.kind != UnitKind.AGENCY}
    roots: list[UnitNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def child_units(unit: Unit, *, viewer: Viewer) -> QuerySet[Unit]:
    """Sub-units of ``unit`` the viewer may see."""
    return (
        permissions.visible_units(viewer)
        .filter(parent=unit, is_active=True)
        .order_by("order", "name")
    )


def api_tokens_of(user: Any) -> QuerySet[ApiToken]:
    """A user's own API tokens, newest first."""
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at")
