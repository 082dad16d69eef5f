"""Who may see and change documents. One function per decision."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kehoach.documents.enums import EDITABLE_STATUSES, Direction, DocumentStatus
from kehoach.documents.models import Document, ImportJob
from kehoach.orgs.enums import Role
from kehoach.orgs.models import Agency
from kehoach.orgs.viewer import Viewer

IMPORT_ROLES = frozenset({Role.OFFICE, Role.CLERK, Role.LEADERSHIP, Role.ADMIN})


def can_import_documents(viewer: Viewer, agency: Agency) -> bool:
    """The Office, the clerk, leadership and admins bring documents in."""
    if viewer.is_superuser:
        return True
    return viewer.agency_id == agency.pk and bool(viewer.roles & IMPORT_ROLES)


def documents_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """Documents a viewer may read.

    - their own agency's documents, for anyone of that agency except
      outside organisations' users, who read their own agency's documents
      only;
    - documents of other agencies that name one of the viewer's agency's
      units as a recipient, or that carry a plan with a task for one of
      them (they were sent to it or concern it);
    - the detailed plans (sub-plans) written for the duties of the
      viewer's agency's plans, e.g. by its enterprises.
    """
    if viewer.is_superuser:
        return Q()
    if viewer.agency_id is None:
        return Q(pk__in=[])
    agency_id = viewer.agency_id
    own = Q(**{f"{prefix}agency_id": agency_id})
    # Each other rule is an EXISTS on this one document: joining the
    # recipients, tasks and sub-plans of every document in the outer query
    # multiplied its rows (tens of milliseconds for a page of search hits).
    this = Document.objects.filter(pk=OuterRef(f"{prefix}pk"))
    sent = Exists(this.filter(recipients__units__agency_id=agency_id))
    tasked = Exists(this.filter(plan__activities__tasks__unit__agency_id=agency_id))
    submitted = Exists(this.filter(plan__parent_activity__plan__agency_id=agency_id))
    return own | Q(sent) | Q(tasked) | Q(submitted)


def visible_documents(viewer: Viewer) -> QuerySet[Document]:
    ids = Document.objects.filter(documents_visible_q(viewer)).values("pk")
    return Document.objects.filter(pk__in=ids)


def get_document_for(viewer: Viewer, pk: int) -> Document:
    document = visible_documents(viewer).select_related("agency").filter(pk=pk).first()
    if document is None:
        raise Http404(_("Không tìm thấy văn bản."))
    return document


def get_import_job_for(viewer: Viewer, pk: int) -> ImportJob:
    job = ImportJob.objects.select_related("agency").filter(pk=pk).first()
    if job is None or not can_import_documents(viewer, job.agency):
        raise Http404(_("Không tìm thấy lượt nhập."))
    return job


def can_apply_signature(viewer: Viewer, document: Document) -> bool:
    """Who may put the agency's digital signature on a document: its
    leadership with signing authority (``Person.can_sign``), or its clerk
    (văn thư), who applies the organisation's signature on issue
    (Decree 30 Art. 33). Only for the agency's own documents."""
    if viewer.agency_id is None or viewer.agency_id != document.agency_id:
        return False
    if Role.CLERK in viewer.roles:
        return True
    person = viewer.person
    return Role.LEADERSHIP in viewer.roles and person is not None and person.can_sign


def can_manage_signing(viewer: Viewer, agency: Agency) -> bool:
    """Installing the agency's signing certificate and trusted roots: its
    administrators (and superusers)."""
    if viewer.is_superuser:
        return True
    return viewer.agency_id == agency.pk and Role.ADMIN in viewer.roles


# --- issuance workflow (issue 5) ------------------------------------------

DRAFTING_ROLES = frozenset({Role.OFFICE, Role.CLERK, Role.LEADERSHIP})
REGISTRY_ROLES = frozenset({Role.OFFICE, Role.CLERK})


def _of_agency(viewer: Viewer, agency_id: int) -> bool:
    return viewer.agency_id == agency_id and not viewer.is_external


def can_edit_document(viewer: Viewer, document: Document) -> bool:
    """Its drafter, the Office and the clerk change a draft (also while the
    Office reviews it); nobody changes it once it went up to leadership."""
    if document.direction != Direction.OUTGOING:
        return False
    if document.status not in EDITABLE_STATUSES:
        return False
    if viewer.is_superuser:
        return True
    if not _of_agency(viewer, document.agency_id):
        return False
    return bool(viewer.roles & DRAFTING_ROLES) or (
        document.created_by_id is not None and document.created_by_id == viewer.user_id
    )


def can_submit_document(viewer: Viewer, document: Document) -> bool:
    """The drafter (or the Office/clerk for them) sends a draft to the
    Office."""
    return document.status == DocumentStatus.DRAFT and can_edit_document(
        viewer, document
    )


def can_review_document(viewer: Viewer, document: Document) -> bool:
    """The Office checks a draft and sends it up to leadership."""
    if document.status != DocumentStatus.REVIEW:
        return False
    return viewer.is_superuser or (
        _of_agency(viewer, document.agency_id) and viewer.has_role(Role.OFFICE)
    )


def can_decide_document(viewer: Viewer, document: Document) -> bool:
    """Leadership approves, returns and signs: the head, a deputy named as
    signer, or someone holding a delegation (see ``authority``)."""
    from kehoach.documents.authority import signing_capacity  # noqa: PLC0415 -- avoids a cycle with flow models

    if viewer.person is None:
        return False
    return (
        signing_capacity(
            viewer.person,
            agency_id=document.agency_id,
            planned_signer_id=document.planned_signer_id,
        )
        is not None
    )


def can_approve_document(viewer: Viewer, document: Document) -> bool:
    return document.status == DocumentStatus.LEADERSHIP and can_decide_document(
        viewer, document
    )


def can_sign_document(viewer: Viewer, document: Document) -> bool:
    return document.status == DocumentStatus.APPROVED and can_decide_document(
        viewer, document
    )


def can_return_document(viewer: Viewer, document: Document) -> bool:
    """The Office returns a draft it reviews; leadership returns one waiting
    for approval or signature."""
    if document.status == DocumentStatus.REVIEW:
        return can_review_document(viewer, document)
    if document.status in {DocumentStatus.LEADERSHIP, DocumentStatus.APPROVED}:
        return can_decide_document(viewer, document)
    return False


def can_issue_document(viewer: Viewer, document: Document) -> bool:
    """The clerk (or the Office) numbers, dates and sends a signed document."""
    if document.status != DocumentStatus.SIGNED:
        return False
    return viewer.is_superuser or (
        _of_agency(viewer, document.agency_id) and bool(viewer.roles & REGISTRY_ROLES)
    )


def can_recall_document(viewer: Viewer, document: Document) -> bool:
    """Leadership or the Office recalls an issued document."""
    if document.status != DocumentStatus.ISSUED:
        return False
    return viewer.is_superuser or (
        _of_agency(viewer, document.agency_id)
        and bool(viewer.roles & {Role.LEADERSHIP, Role.OFFICE})
    )


def can_manage_distribution(viewer: Viewer, document: Document) -> bool:
    """The Office and the clerk edit the recipients before issue and resend
    after it."""
    return viewer.is_superuser or (
        _of_agency(viewer, document.agency_id) and bool(viewer.roles & REGISTRY_ROLES)
    )


def can_view_distribution(viewer: Viewer, document: Document) -> bool:
    """The distribution page (recipients, sent, acknowledged) of an
    outgoing document: people of the issuing agency."""
    return document.direction == Direction.OUTGOING and (
        viewer.is_superuser or viewer.agency_id == document.agency_id
    )


def can_view_registers(viewer: Viewer, agency_id: int) -> bool:
    """Registers are the Office's and leadership's books."""
    return viewer.is_superuser or (
        _of_agency(viewer, agency_id) and viewer.is_agency_wide
    )


def can_register_incoming(viewer: Viewer, agency_id: int) -> bool:
    return viewer.is_superuser or (
        _of_agency(viewer, agency_id) and bool(viewer.roles & IMPORT_ROLES)
    )


def can_direct_incoming(viewer: Viewer, document: Document) -> bool:
    """Leadership writes the direction note and names the handling units."""
    return document.status == DocumentStatus.REGISTERED and (
        viewer.is_superuser
        or (_of_agency(viewer, document.agency_id) and viewer.has_role(Role.LEADERSHIP))
    )


def can_return_incoming(viewer: Viewer, document: Document) -> bool:
    """The registry returns a wrongly addressed document to its sender."""
    return document.status == DocumentStatus.REGISTERED and (
        viewer.is_superuser
        or (
            _of_agency(viewer, document.agency_id)
            and bool(viewer.roles & (REGISTRY_ROLES | {Role.LEADERSHIP}))
        )
    )


def can_manage_delegation(viewer: Viewer, delegator_agency_id: int) -> bool:
    """A leader delegates their own signature; admins record delegations
    for them."""
    return viewer.is_superuser or (
        _of_agency(viewer, delegator_agency_id)
        and bool(viewer.roles & {Role.LEADERSHIP, Role.ADMIN})
    )


def can_consult_on(viewer: Viewer, document: Document) -> bool:
    """Whoever may edit a draft may ask for opinions on it."""
    return can_edit_document(viewer, document)
