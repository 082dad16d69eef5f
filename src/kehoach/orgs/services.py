"""Every write to the directory. Each runs in a transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.lib.exceptions import ActionRefused
from kehoach.orgs.enums import AgencyKind, MembershipRole, Role, UnitKind
from kehoach.orgs.models import Agency, Membership, Person, RoleAssignment, Unit


@transaction.atomic
def create_agency(
    name: str,
    *,
    kind: str,
    short_name: str = "",
    abbreviation: str = "",
    parent: Agency | None = None,
    place: str = "",
    email: str = "",
) -> Agency:
    """Create an agency and its root unit (the unit that stands for it whole).

    Used by the directory import and the demo; no permission check here
    because only admin paths call it (the import service checks first).
    """
    if kind not in AgencyKind.values:
        raise ActionRefused(_("Loại cơ quan không hợp lệ: {kind}.").format(kind=kind))
    agency = Agency(
        name=name.strip(),
        kind=kind,
        short_name=short_name.strip(),
        abbreviation=abbreviation.strip(),
        parent=parent,
        place=place.strip(),
        email=email.strip(),
    )
    agency.full_clean()
    agency.save()
    Unit.objects.create(
        agency=agency,
        name=agency.name,
        short_name=agency.short_name,
        abbreviation=agency.abbreviation,
        kind=UnitKind.AGENCY,
        email=agency.email,
    )
    return agency


def root_unit(agency: Agency) -> Unit:
    return Unit.objects.get(agency=agency, kind=UnitKind.AGENCY)


@transaction.atomic
def create_unit(
    agency: Agency,
    *,
    name: str,
    kind: str,
    short_name: str = "",
    abbreviation: str = "",
    parent: Unit | None = None,
    email: str = "",
    order: int = 0,
) -> Unit:
    """Create a unit under ``parent`` (default: the agency's root unit)."""
    if kind == UnitKind.AGENCY:
        raise ActionRefused(_("Mỗi cơ quan chỉ có một đơn vị gốc."))
    if parent is not None and parent.agency_id != agency.pk:
        raise ActionRefused(_("Đơn vị cấp trên phải thuộc cùng cơ quan."))
    unit = Unit(
        agency=agency,
        parent=parent or root_unit(agency),
        name=name.strip(),
        kind=kind,
        short_name=short_name.strip(),
        abbreviation=abbreviation.strip(),
        email=email.strip(),
        order=order,
    )
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def create_person(
    agency: Agency,
    *,
    full_name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
    username: str | None = None,
    password: str | None = None,
    memberships: Iterable[tuple[Unit, str]] = (),
    roles: Iterable[str] = (),
    can_sign: bool = False,
    language: str = "vi",
) -> Person:
    """Create a person, optionally with a login, unit memberships and roles."""
    user: Any = None
    if username:
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            raise ActionRefused(
                _("Tên đăng nhập {username} đã có người dùng.").format(
                    username=username
                )
            )
        user = user_model.objects.create_user(
            username=username, email=email, password=password, language=language
        )
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
    person = Person(
        agency=agency,
        user=user,
        full_name=full_name.strip(),
        position=position.strip(),
        email=email.strip(),
        phone=phone.strip(),
        can_sign=can_sign,
    )
    person.full_clean()
    person.save()
    for unit, role in memberships:
        add_membership(person, unit=unit, role=role)
    for role in roles:
        grant_role(person, role=role)
    return person


@transaction.atomic
def add_membership(
    person: Person, *, unit: Unit, role: str = MembershipRole.MEMBER
) -> Membership:
    if unit.agency_id != person.agency_id:
        raise ActionRefused(
            _("Cán bộ chỉ là thành viên của đơn vị thuộc cơ quan mình.")
        )
    if role not in MembershipRole.values:
        raise ActionRefused(
            _("Vai trò trong đơn vị không hợp lệ: {role}.").format(role=role)
        )
    membership, created = Membership.objects.get_or_create(
        person=person, unit=unit, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def grant_role(person: Person, *, role: str) -> RoleAssignment:
    if role not in Role.values:
        raise ActionRefused(_("Vai trò không hợp lệ: {role}.").format(role=role))
    assignment, _created = RoleAssignment.objects.get_or_create(
        person=person, role=role
    )
    return assignment
