"""The directory over the API: agencies, units, people (read-only, paged)
and the directory import. Same visibility as the pages
(``orgs.permissions`` / ``orgs.queries``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs import permissions, queries
from kehoach.orgs.directory_import import import_directory
from kehoach.orgs.enums import UnitKind
from kehoach.orgs.models import Agency, Person, Unit
from kehoach.orgs.viewer import Viewer, viewer_for

router = Router(tags=["orgs"])


def _viewer(request: HttpRequest) -> Viewer:
    return viewer_for(getattr(request, "auth", None) or request.user)


# --- output schemas ----------------------------------------------------------


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    abbreviation: str
    kind: str
    parent_id: int | None
    place: str
    email: str


class AgencyDetailOut(AgencyOut):
    phone: str
    address: str
    root_unit_id: int | None

    @staticmethod
    def resolve_root_unit_id(agency: Agency) -> int | None:
        return (
            agency.units.filter(kind=UnitKind.AGENCY)
            .values_list("pk", flat=True)
            .first()
        )


class UnitOut(Schema):
    id: int
    agency_id: int
    parent_id: int | None
    name: str
    short_name: str
    abbreviation: str
    kind: str
    email: str


class UnitDetailOut(UnitOut):
    children: list[UnitOut]

    @staticmethod
    def resolve_children(unit: Unit, context: dict[str, Any]) -> list[Unit]:
        viewer = _viewer(context["request"])
        return list(
            permissions.visible_units(viewer)
            .filter(parent=unit)
            .order_by("order", "name")
        )


class MembershipOut(Schema):
    unit_id: int
    unit_name: str
    role: str


class PersonOut(Schema):
    id: int
    agency_id: int
    full_name: str
    position: str
    email: str
    phone: str
    can_sign: bool
    units: list[MembershipOut]
    roles: list[str]

    @staticmethod
    def resolve_units(person: Person) -> list[dict[str, Any]]:
        return [
            {"unit_id": m.unit_id, "unit_name": m.unit.name, "role": m.role}
            for m in person.memberships.all()
        ]

    @staticmethod
    def resolve_roles(person: Person) -> list[str]:
        return sorted(r.role for r in person.role_assignments.all())


class ImportIssueOut(Schema):
    sheet: str
    row: int | None
    code: str
    message: str
    message_en: str


class ImportChangeOut(Schema):
    record: str
    action: str
    label: str
    sheet: str
    row: int
    fields: list[str]


class ImportOut(Schema):
    ok: bool
    dry_run: bool
    applied: bool
    created: int
    updated: int
    unchanged: int
    changes: list[ImportChangeOut]
    errors: list[ImportIssueOut]


# --- endpoints -------------------------------------------------------------------


@router.get("/agencies", response=list[AgencyOut])
@paginate
def agency_list(request: HttpRequest, q: str = "") -> Any:
    """Agencies the caller may see: their own, its parent, those it directs."""
    return queries.visible_agencies(_viewer(request), q=q)


@router.get("/agencies/{agency_id}", response=AgencyDetailOut)
def agency_detail(request: HttpRequest, agency_id: int) -> Any:
    return permissions.get_agency_for(_viewer(request), agency_id)


@router.get("/units", response=list[UnitOut])
@paginate
def unit_list(request: HttpRequest, q: str = "", agency: int | None = None) -> Any:
    """Units the caller may see: all of their agency's, and the root unit of
    each other agency they may see."""
    return queries.visible_units(_viewer(request), q=q, agency_id=agency)


@router.get("/units/{unit_id}", response=UnitDetailOut)
def unit_detail(request: HttpRequest, unit_id: int) -> Any:
    return permissions.get_unit_for(_viewer(request), unit_id)


@router.get("/people", response=list[PersonOut])
@paginate
def person_list(
    request: HttpRequest,
    q: str = "",
    agency: int | None = None,
    unit: int | None = None,
) -> Any:
    """People of the caller's own agency (never another agency's)."""
    return queries.visible_people(_viewer(request), q=q, agency_id=agency, unit_id=unit)


@router.get("/people/{person_id}", response=PersonOut)
def person_detail(request: HttpRequest, person_id: int) -> Any:
    return permissions.get_person_for(_viewer(request), person_id)


@router.post("/directory/import", response={200: ImportOut, 400: ImportOut})
def directory_import(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Any:
    """Import agencies, units and people from CSV or XLSX (the format of
    ``kehoach.orgs.directory_import``). ``dry_run`` (default) only reports
    what would change. 400 with the error list when any row is invalid:
    nothing is written then."""
    user = getattr(request, "auth", None) or request.user
    if file.size and file.size > settings.KEHOACH_MAX_UPLOAD_BYTES:
        raise ActionRefused(_("Tệp quá lớn. / File too large."), status=413)
    result = import_directory(
        file.read(), filename=file.name or "", actor=user, dry_run=dry_run
    )
    body = {
        "ok": result.ok,
        "dry_run": result.dry_run,
        "applied": result.applied,
        "created": result.count("create"),
        "updated": result.count("update"),
        "unchanged": result.count("unchanged"),
        "changes": [c.as_dict() for c in result.changes],
        "errors": [e.as_dict() for e in result.errors],
    }
    return Status(200 if result.ok else 400, body)
