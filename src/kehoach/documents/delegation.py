"""Delegating approval and signing for a period (ủy quyền ký)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kehoach.documents.authority import agency_head
from kehoach.documents.enums import DelegationKind
from kehoach.documents.models import Delegation
from kehoach.documents.permissions import can_manage_delegation
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.orgs.models import Person
from kehoach.orgs.viewer import Viewer, viewer_for


@transaction.atomic
def create_delegation(
    *,
    actor: Any,
    delegate: Person,
    starts_on: dt.date,
    ends_on: dt.date,
    kind: str = DelegationKind.KT,
    note: str = "",
    delegator: Person | None = None,
) -> Delegation:
    """The head of the agency (or an admin for them) lets ``delegate``
    approve and sign from ``starts_on`` to ``ends_on`` (both included)."""
    viewer = viewer_for(actor)
    delegator = delegator or viewer.person
    if delegator is None or not can_manage_delegation(viewer, delegator.agency_id):
        raise PermissionRefused(_("Bạn không có quyền ủy quyền ký."))
    head = agency_head(delegator.agency_id)
    if head is None or head.pk != delegator.pk:
        raise ActionRefused(_("Chỉ người đứng đầu cơ quan ủy quyền ký được."))
    if (
        viewer.person is not None
        and viewer.person.pk != delegator.pk
        and not (viewer.has_role("admin") or viewer.is_superuser)
    ):
        raise PermissionRefused(
            _("Chỉ người ủy quyền hoặc quản trị ghi được ủy quyền.")
        )
    if delegate.agency_id != delegator.agency_id or delegate.pk == delegator.pk:
        raise ActionRefused(_("Người được ủy quyền phải là người khác trong cơ quan."))
    if kind not in DelegationKind.values:
        raise ActionRefused(_("Hình thức ủy quyền không hợp lệ."))
    if ends_on < starts_on:
        raise ActionRefused(_("Ngày kết thúc phải sau ngày bắt đầu."), status=422)
    return Delegation.objects.create(
        agency_id=delegator.agency_id,
        delegator=delegator,
        delegate=delegate,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note.strip()[:255],
        created_by=actor,
    )


@transaction.atomic
def revoke_delegation(delegation: Delegation, *, actor: Any) -> Delegation:
    viewer = viewer_for(actor)
    if not can_manage_delegation(viewer, delegation.agency_id):
        raise PermissionRefused(_("Bạn không có quyền thu hồi ủy quyền."))
    if delegation.revoked_at is None:
        delegation.revoked_at = timezone.now()
        delegation.save(update_fields=["revoked_at"])
    return delegation


def delegations_for(viewer: Viewer) -> QuerySet[Delegation]:
    if viewer.agency_id is None:
        return Delegation.objects.none()
    return Delegation.objects.filter(agency_id=viewer.agency_id).select_related(
        "delegator", "delegate"
    )
