"""Who may see and change documents. One function per decision."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

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
    own = Q(**{f"{prefix}agency_id": viewer.agency_id})
    sent = Q(**{f"{prefix}recipients__units__agency_id": viewer.agency_id})
    tasked = Q(
        **{f"{prefix}plan__activities__tasks__unit__agency_id": viewer.agency_id}
    )
    submitted = Q(
        **{f"{prefix}plan__parent_activity__plan__agency_id": viewer.agency_id}
    )
    return own | sent | tasked | submitted


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
