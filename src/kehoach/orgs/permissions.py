"""Who may see and change the directory. One function per decision."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kehoach.orgs.enums import Role
from kehoach.orgs.models import Agency, Person, Unit
from kehoach.orgs.viewer import Viewer


def agencies_visible_q(viewer: Viewer) -> Q:
    """Agencies a viewer may see: their own, its parent, and the agencies
    their agency directs (its enterprises), plus the viewer's parent's."""
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
    """Admins and the Office keep their own agency's directory."""
    if viewer.is_superuser:
        return True
    return viewer.agency_id == agency.pk and bool(
        viewer.roles & {Role.ADMIN, Role.OFFICE}
    )


def can_map_unit_names(viewer: Viewer, agency: Agency) -> bool:
    """The Office (and clerks, admins) map unresolved unit names."""
    if viewer.is_superuser:
        return True
    return viewer.agency_id == agency.pk and bool(
        viewer.roles & {Role.ADMIN, Role.OFFICE, Role.CLERK, Role.LEADERSHIP}
    )


def visible_agencies(viewer: Viewer) -> QuerySet[Agency]:
    return Agency.objects.filter(agencies_visible_q(viewer)).distinct()


def get_agency_for(viewer: Viewer, pk: int) -> Agency:
    agency = visible_agencies(viewer).filter(pk=pk).first()
    if agency is None:
        raise Http404(_("Không tìm thấy cơ quan."))
    return agency


def visible_units(viewer: Viewer) -> QuerySet[Unit]:
    return Unit.objects.filter(agency__in=visible_agencies(viewer))


def get_unit_for(viewer: Viewer, pk: int) -> Unit:
    unit = (
        visible_units(viewer).select_related("agency", "parent").filter(pk=pk).first()
    )
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    return unit


def visible_people(viewer: Viewer) -> QuerySet[Person]:
    """People of the viewer's own agency; external users see only their own
    agency's people."""
    if viewer.is_superuser:
        return Person.objects.all()
    if viewer.agency_id is None:
        return Person.objects.none()
    return Person.objects.filter(agency_id=viewer.agency_id)
