"""Who receives what: unit assignees and heads, the Office, the leadership.

Decisions (documented in the README):

- the *assignees* of a task are the people of its unit with a membership
  role head, deputy or member (not the unit's clerk, who handles documents),
  who have an active login;
- the *head* of a unit is its member with role head; when it has none, its
  deputies;
- the *Office* of an agency is the people with the system role Office; when
  nobody has it, the head of the agency's unit of kind Office;
- the *leadership* is the people with the system role Leadership.

Each function takes many units or agencies at once and costs one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kehoach.orgs.enums import MembershipRole, Role, UnitKind
from kehoach.orgs.models import Membership, RoleAssignment

ASSIGNEE_ROLES = frozenset(
    {MembershipRole.HEAD, MembershipRole.DEPUTY, MembershipRole.MEMBER}
)


class UnitPeople:
    """Assignees and heads of a set of units (user ids)."""

    def __init__(self, unit_ids: Iterable[int]) -> None:
        self.assignees: dict[int, list[int]] = defaultdict(list)
        heads: dict[int, list[int]] = defaultdict(list)
        deputies: dict[int, list[int]] = defaultdict(list)
        ids = sorted(set(unit_ids))
        rows = (
            Membership.objects.filter(
                unit_id__in=ids,
                person__is_active=True,
                person__user__isnull=False,
                person__user__is_active=True,
            )
            .order_by("unit_id", "person_id")
            .values_list("unit_id", "role", "person__user_id")
            if ids
            else []
        )
        for unit_id, role, user_id in rows:
            if role in ASSIGNEE_ROLES:
                self.assignees[unit_id].append(user_id)
            if role == MembershipRole.HEAD:
                heads[unit_id].append(user_id)
            elif role == MembershipRole.DEPUTY:
                deputies[unit_id].append(user_id)
        self.heads = {u: heads.get(u) or deputies.get(u) or [] for u in ids}

    def assignees_of(self, unit_id: int) -> list[int]:
        return self.assignees.get(unit_id, [])

    def heads_of(self, unit_id: int) -> list[int]:
        return self.heads.get(unit_id, [])


def people_with_role(agency_id: int, role: str) -> list[int]:
    """User ids of the agency's active people holding a system role."""
    return list(
        RoleAssignment.objects.filter(
            role=role,
            person__agency_id=agency_id,
            person__is_active=True,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .order_by("person_id")
        .values_list("person__user_id", flat=True)
    )


def office_of(agency_id: int) -> list[int]:
    """The Office of an agency (role Office; fallback: head of the Office unit)."""
    people = people_with_role(agency_id, Role.OFFICE)
    if people:
        return people
    return list(
        Membership.objects.filter(
            unit__agency_id=agency_id,
            unit__kind=UnitKind.OFFICE,
            role=MembershipRole.HEAD,
            person__is_active=True,
            person__user__isnull=False,
            person__user__is_active=True,
        ).values_list("person__user_id", flat=True)
    )


def leadership_of(agency_id: int) -> list[int]:
    return people_with_role(agency_id, Role.LEADERSHIP)
