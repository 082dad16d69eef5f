"""Who signs for the agency: its head, deputies signing KT., and people
holding a delegation (KT./TUQ.) for a period. Read-only helpers used by the
permissions and the signing service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from kehoach.documents.enums import DelegationKind
from kehoach.documents.flow_models import Delegation
from kehoach.orgs.enums import MembershipRole, Role, UnitKind
from kehoach.orgs.models import Person


@dataclass(frozen=True)
class SigningCapacity:
    """How a person signs a document: the prefix line (``KT. GIÁM ĐỐC``,
    empty for the head), their own title line, and on whose behalf."""

    authority: str
    title: str
    name: str
    on_behalf_of: Person | None = None
    delegation: Delegation | None = None


def agency_head(agency_id: int) -> Person | None:
    """The head of the agency: the head of its leadership unit (Ban Giám
    đốc); failing that, the first leader who may sign."""
    head = (
        Person.objects.filter(
            agency_id=agency_id,
            is_active=True,
            memberships__role=MembershipRole.HEAD,
            memberships__unit__kind=UnitKind.LEADERSHIP,
            memberships__unit__agency_id=agency_id,
        )
        .order_by("pk")
        .first()
    )
    if head is not None:
        return head
    return (
        Person.objects.filter(
            agency_id=agency_id,
            is_active=True,
            can_sign=True,
            role_assignments__role=Role.LEADERSHIP,
        )
        .order_by("pk")
        .first()
    )


def active_delegations(
    person: Person, on: dt.date | None = None
) -> QuerySet[Delegation]:
    """Delegations ``person`` holds on day ``on`` (today by default)."""
    day = on or timezone.localdate()
    return (
        Delegation.objects.filter(
            delegate=person,
            revoked_at__isnull=True,
            starts_on__lte=day,
            ends_on__gte=day,
        )
        .select_related("delegator")
        .order_by("-starts_on", "-pk")
    )


def _upper(text: str) -> str:
    return text.strip().upper()


def signing_capacity(
    person: Person | None, *, agency_id: int, planned_signer_id: int | None = None
) -> SigningCapacity | None:
    """How ``person`` may approve and sign for the agency today, or None.

    - the head signs in their own name (``GIÁM ĐỐC``);
    - a person holding an active delegation from the head signs ``KT.``
      (a deputy) or ``TUQ.`` (an authorised person) on the head's behalf;
    - a deputy (a leader who may sign) named as the document's signer signs
      ``KT.`` for the head without a delegation, as Decree 30 lets deputies
      sign in the fields they are assigned.
    """
    if person is None or person.agency_id != agency_id or not person.is_active:
        return None
    head = agency_head(agency_id)
    if head is not None and head.pk == person.pk:
        return SigningCapacity("", _upper(person.position), person.full_name)
    head_title = _upper(head.position) if head is not None else ""
    delegation = (
        active_delegations(person)
        .filter(Q(delegator=head) if head is not None else Q())
        .first()
    )
    if delegation is not None:
        prefix = "TUQ." if delegation.kind == DelegationKind.TUQ else "KT."
        return SigningCapacity(
            f"{prefix} {_upper(delegation.delegator.position)}",
            _upper(person.position),
            person.full_name,
            on_behalf_of=delegation.delegator,
            delegation=delegation,
        )
    is_leader = person.role_assignments.filter(role=Role.LEADERSHIP).exists()
    if (
        is_leader
        and person.can_sign
        and planned_signer_id == person.pk
        and head is not None
    ):
        return SigningCapacity(
            f"KT. {head_title}",
            _upper(person.position),
            person.full_name,
            on_behalf_of=head,
        )
    return None


def signers_for(agency_id: int) -> list[Person]:
    """People the editor offers as signer: those who may sign."""
    return list(
        Person.objects.filter(agency_id=agency_id, is_active=True, can_sign=True)
        .distinct()
        .order_by("pk")
    )


def planned_signer_block(person: Person) -> tuple[str, str]:
    """The signer block a draft shows for its planned signer:
    ``("", "GIÁM ĐỐC")`` for the head, ``("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")``
    for a deputy."""
    head = agency_head(person.agency_id)
    if head is None or head.pk == person.pk:
        return "", _upper(person.position)
    return f"KT. {_upper(head.position)}", _upper(person.position)
