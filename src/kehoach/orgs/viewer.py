"""Who is looking: the person behind a request, their agency, units, roles.

Computed once per request and cached on the user object, so permission
checks and visibility filters cost no extra queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kehoach.orgs.enums import MembershipRole, Role

if TYPE_CHECKING:
    from kehoach.orgs.models import Person

AGENCY_WIDE_ROLES = frozenset({Role.LEADERSHIP, Role.OFFICE, Role.CLERK, Role.ADMIN})


@dataclass(frozen=True)
class Viewer:
    user_id: int | None
    person: Person | None = None
    agency_id: int | None = None
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    head_unit_ids: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    is_superuser: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_agency_wide(self) -> bool:
        """Leadership, Office, clerk and admin see the whole agency."""
        return bool(self.roles & AGENCY_WIDE_ROLES)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_external(self) -> bool:
        return Role.EXTERNAL in self.roles and not self.is_agency_wide


ANONYMOUS = Viewer(user_id=None)


def viewer_for(user: object) -> Viewer:
    """The :class:`Viewer` of a user (cached on the user instance)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_kehoach_viewer", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    # Who the user is in the directory changes rarely and is read on every
    # page: cached under the data version, which any change to a person,
    # membership or role moves forward.
    from kehoach.reports.freshness import cached_value  # noqa: PLC0415 -- apps loaded

    is_superuser = bool(getattr(user, "is_superuser", False))
    viewer = cached_value(
        "viewer",
        [user.pk, is_superuser],  # type: ignore[attr-defined]
        lambda: _load_viewer(user.pk, is_superuser),  # type: ignore[attr-defined]
    )
    user._kehoach_viewer = viewer  # type: ignore[attr-defined]
    return viewer


def _load_viewer(user_id: int, is_superuser: bool) -> Viewer:
    from kehoach.orgs.models import Person  # noqa: PLC0415 -- models import this module's enums

    person = (
        Person.objects.select_related("agency")
        .prefetch_related("memberships", "role_assignments")
        .filter(user_id=user_id)
        .first()
    )
    if person is None:
        viewer = Viewer(
            user_id=user_id,
            is_superuser=is_superuser,
        )
    else:
        memberships = list(person.memberships.all())
        viewer = Viewer(
            user_id=user_id,
            person=person,
            agency_id=person.agency_id,
            unit_ids=frozenset(m.unit_id for m in memberships),
            head_unit_ids=frozenset(
                m.unit_id
                for m in memberships
                if m.role in {MembershipRole.HEAD, MembershipRole.DEPUTY}
            ),
            roles=frozenset(r.role for r in person.role_assignments.all()),
            is_superuser=is_superuser,
        )
    return viewer
