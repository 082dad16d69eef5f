"""Who may see and change the directory. One function per decision.

Visibility, in short:

- a person sees their own agency whole: units, people, heads;
- of the agency that directs theirs (the parent) and of the agencies theirs
  directs (its enterprises, press), only the agency itself and its root
  unit: never their internal units or people;
- the superuser sees everything.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kehoach.orgs.enums import Role, UnitKind
from kehoach.orgs.models import Agency, ApiToken, Person, Unit
from kehoach.orgs.viewer import Viewer

DIRECTORY_KEEPERS = frozenset({Role.ADMIN, Role.OFFICE})


def agencies_visible_q(viewer: Viewer) -> Q:
    """Agencies a viewer may see: their own, its parent, and the agencies
    their agency directs (its enterprises)."""
    if viewer.is_superuser:
        return Q()
    if viewer.agency_id is None:
        return Q(pk__in=[])
    return (
        Q(pk=viewer.agency_id)
        | Q(children__pk=viewer.agency_id)
        | Q(parent_id=viewer.agency_id)
    )


def can_manage_directory(viewer: Viewer, agency: Agency) -> bool:
    """Admins and the Office keep their own agency's directory, and the
    entries of the agencies it directs (its enterprises' contacts)."""
    if viewer.is_superuser:
        return True
    if not viewer.roles & DIRECTORY_KEEPERS or viewer.agency_id is None:
        return False
    return viewer.agency_id in {agency.pk, agency.parent_id}


def can_import_directory(viewer: Viewer) -> bool:
    """May open the directory import at all (each row is checked again)."""
    return viewer.is_superuser or (
        viewer.agency_id is not None and bool(viewer.roles & DIRECTORY_KEEPERS)
    )


def can_grant_role(viewer: Viewer, role: str) -> bool:
    """Only admins hand out the admin role; keepers hand out the others."""
    if viewer.is_superuser:
        return True
    if role == Role.ADMIN:
        return Role.ADMIN in viewer.roles
    return bool(viewer.roles & DIRECTORY_KEEPERS)


def can_map_unit_names(viewer: Viewer, agency: Agency) -> bool:
    """The Office (and clerks, leadership, admins) map unresolved unit names."""
    if viewer.is_superuser:
        return True
    return viewer.agency_id == agency.pk and bool(
        viewer.roles & {Role.ADMIN, Role.OFFICE, Role.CLERK, Role.LEADERSHIP}
    )


def can_see_members(viewer: Viewer, unit: Unit) -> bool:
    """People are listed only to their own agency."""
    return viewer.is_superuser or (
        viewer.agency_id is not None and unit.agency_id == viewer.agency_id
    )


def can_see_unit_tasks(viewer: Viewer, unit: Unit) -> bool:
    """A unit's tasks: to its agency, and to the agency that directs it
    (the Department follows what it asked of its enterprises)."""
    if viewer.is_superuser:
        return True
    if viewer.agency_id is None:
        return False
    return viewer.agency_id in {unit.agency_id, unit.agency.parent_id}


def visible_agencies(viewer: Viewer) -> QuerySet[Agency]:
    return Agency.objects.filter(agencies_visible_q(viewer)).distinct()


def get_agency_for(viewer: Viewer, pk: int) -> Agency:
    agency = visible_agencies(viewer).select_related("parent").filter(pk=pk).first()
    if agency is None:
        raise Http404(_("Không tìm thấy cơ quan."))
    return agency


def visible_units(viewer: Viewer) -> QuerySet[Unit]:
    """The viewer's own agency's units, and the root units of the other
    agencies they may see."""
    if viewer.is_superuser:
        return Unit.objects.all()
    if viewer.agency_id is None:
        return Unit.objects.none()
    others = Agency.objects.filter(agencies_visible_q(viewer)).values("pk")
    return Unit.objects.filter(
        Q(agency_id=viewer.agency_id) | Q(kind=UnitKind.AGENCY, agency_id__in=others)
    )


def get_unit_for(viewer: Viewer, pk: int) -> Unit:
    unit = (
        visible_units(viewer)
        .select_related("agency", "agency__parent", "parent")
        .filter(pk=pk)
        .first()
    )
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    return unit


def visible_people(viewer: Viewer) -> QuerySet[Person]:
    """People of the viewer's own agency; never another agency's."""
    if viewer.is_superuser:
        return Person.objects.all()
    if viewer.agency_id is None:
        return Person.objects.none()
    return Person.objects.filter(agency_id=viewer.agency_id)


def get_person_for(viewer: Viewer, pk: int) -> Person:
    person = visible_people(viewer).select_related("agency").filter(pk=pk).first()
    if person is None:
        raise Http404(_("Không tìm thấy cán bộ."))
    return person


def get_api_token_for(user: Any, pk: int) -> ApiToken:
    """A token of the user's own; 404 for anyone else's."""
    token = ApiToken.objects.filter(user_id=user.pk, pk=pk).first()
    if token is None:
        raise Http404(_("Không tìm thấy mã truy cập."))
    return token
