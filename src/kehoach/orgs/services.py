"""Every write to the directory. Each runs in a transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.api.auth import TOKEN_PREFIX_LENGTH, hash_token, new_token_key
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.orgs import permissions
from kehoach.orgs.enums import AgencyKind, MembershipRole, Role, UnitKind
from kehoach.orgs.models import (
    Agency,
    ApiToken,
    Membership,
    Person,
    RoleAssignment,
    Unit,
    UnitAlias,
)
from kehoach.orgs.viewer import viewer_for


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


@transaction.atomic
def remember_unit_alias(
    agency: Agency, phrase: str, units: Iterable[Unit], *, actor: Any
) -> UnitAlias:
    """Remember that ``phrase`` means ``units`` in ``agency``'s documents.

    Stored under the phrase's normalised key, so "BCH CĐ Sở" and "BCH CĐ Sở
    TTTT" share one alias. Idempotent: mapping the same key again replaces
    its units. Units must be the agency's own or a related agency's root
    unit (what resolution may return). Who: ``can_map_unit_names``.
    """
    # Inline: resolution imports models and enums only, but reads the
    # directory; keeping it out of module import keeps services light.
    from kehoach.orgs.resolution import UnitDirectory, phrase_key  # noqa: PLC0415 -- see above

    viewer = viewer_for(actor)
    if not permissions.can_map_unit_names(viewer, agency):
        raise PermissionRefused(
            _("Bạn không có quyền ghép tên đơn vị của cơ quan này.")
            + " / You may not map unit names for this agency."
        )
    key = phrase_key(agency, phrase)
    if not key:
        raise ActionRefused(
            _(
                "Cụm từ này chỉ chính cơ quan, không cần ghép."
                " / This phrase means the agency itself."
            )
        )
    wanted = list(dict.fromkeys(units))
    if not wanted:
        raise ActionRefused(_("Chọn ít nhất một đơn vị. / Choose at least one unit."))
    allowed = {u.pk for u in UnitDirectory(agency).mappable_units}
    if any(u.pk not in allowed for u in wanted):
        raise ActionRefused(
            _(
                "Chỉ ghép với đơn vị của cơ quan hoặc cơ quan liên quan."
                " / Only the agency's units or related agencies may be chosen."
            )
        )
    alias, created = UnitAlias.objects.get_or_create(
        agency=agency,
        key=key,
        defaults={"phrase": phrase.strip()[:255], "created_by": actor},
    )
    if not created and alias.phrase != phrase.strip()[:255]:
        alias.phrase = phrase.strip()[:255]
        alias.save(update_fields=["phrase"])
    alias.units.set(wanted)
    return alias


@transaction.atomic
def create_api_token(user: Any, *, name: str) -> tuple[ApiToken, str]:
    """Create an API token for ``user`` (who creates it for themselves).

    Returns the record and the key; the key is shown once and only its hash
    is kept.
    """
    name = name.strip()
    if not name:
        raise ActionRefused(_("Đặt tên cho mã truy cập. / Name the token."))
    if not getattr(user, "is_active", False):
        raise PermissionRefused(_("Tài khoản không hoạt động. / Inactive account."))
    key = new_token_key()
    token = ApiToken(
        user=user,
        name=name[:100],
        prefix=key[:TOKEN_PREFIX_LENGTH],
        key_hash=hash_token(key),
    )
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: Any) -> ApiToken:
    """Revoke a token. Its owner (or a superuser) may. Idempotent."""
    if token.user_id != actor.pk and not actor.is_superuser:
        raise PermissionRefused(_("Đây không phải mã truy cập của bạn."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
