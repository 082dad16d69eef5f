"""Sending an issued document to everyone on its Nơi nhận, and tracking
each recipient: sent, accepted by the mail server, acknowledged.

Units and people of the agency get it in the app (their received list) and
by e-mail; outside organisations by e-mail with the PDF and DOCX attached
and a personal link to acknowledge receipt without logging in.

``send_distribution`` is the one function that sends; it claims each
recipient with a conditional UPDATE, so running it twice (or from a worker
and a request at once) sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable
from typing import Any, cast

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kehoach.documents.enums import (
    DeliveryChannel,
    Direction,
    DocumentStatus,
    MailStatus,
)
from kehoach.documents.models import (
    Distribution,
    DistributionRecipient,
    Document,
    Recipient,
)
from kehoach.documents.outputs import document_docx, document_pdf
from kehoach.documents.permissions import can_edit_document, can_manage_distribution
from kehoach.documents.tokens import ACK_SALT, absolute_url, ack_url, read_token
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.notify import events as notify_events
from kehoach.orgs.models import Person, Unit
from kehoach.orgs.resolution import resolve_unit_phrases
from kehoach.orgs.viewer import viewer_for

logger = logging.getLogger(__name__)


# --- the Nơi nhận list, editable before issue -------------------------------


def _check_list_editable(document: Document, actor: Any) -> None:
    viewer = viewer_for(actor)
    if not (
        can_manage_distribution(viewer, document) or can_edit_document(viewer, document)
    ):
        raise PermissionRefused(_("Bạn không có quyền sửa danh sách nơi nhận."))
    if document.is_locked:
        raise ActionRefused(
            _("Văn bản đã phát hành; không sửa được nơi nhận."),
            status=409,
            code="locked",
        )


def allowed_recipient_units(document: Document) -> QuerySet[Unit]:
    """Units a recipient line may point to: the agency's own units and the
    agencies it deals with (parent, children) as whole agencies."""
    from kehoach.orgs.enums import UnitKind  # noqa: PLC0415 -- small enum, local use

    agency = document.agency
    return (
        Unit.objects.filter(
            Q(agency=agency)
            | Q(kind=UnitKind.AGENCY, agency__parent=agency)
            | Q(kind=UnitKind.AGENCY, agency__children=agency)
        )
        .select_related("agency")
        .distinct()
        .order_by("agency__kind", "agency_id", "order", "name")
    )


def recipient_people(document: Document) -> list[Person]:
    """People of the agency a line may name (they get it in the app)."""
    return list(
        Person.objects.filter(agency_id=document.agency_id, is_active=True).order_by(
            "full_name"
        )
    )


@transaction.atomic
def add_recipient_line(
    document: Document,
    *,
    actor: Any,
    name: str = "",
    purpose: str = "",
    unit_ids: Iterable[int] = (),
    person_id: int | None = None,
    email: str = "",
) -> Recipient:
    """Add a Nơi nhận line: directory units, a person, or a free-text
    addressee with an e-mail address."""
    _check_list_editable(document, actor)
    allowed = {u.pk: u for u in allowed_recipient_units(document)}
    units = []
    for unit_id in unit_ids:
        unit = allowed.get(int(unit_id))
        if unit is None:
            raise ActionRefused(_("Đơn vị được chọn không thuộc danh bạ của cơ quan."))
        units.append(unit)
    person = None
    if person_id:
        person = Person.objects.filter(
            pk=person_id, agency_id=document.agency_id
        ).first()
        if person is None:
            raise ActionRefused(_("Cán bộ được chọn không thuộc cơ quan."))
    label = name.strip() or (
        person.full_name
        if person
        else ", ".join(u.agency.name if u.is_root else u.name for u in units)
    )
    if not label and not email:
        raise ActionRefused(_("Cần tên nơi nhận, đơn vị hoặc địa chỉ thư."))
    order = document.recipients.count()
    line = Recipient(
        document=document,
        order=order,
        name=(label or email)[:255],
        purpose=purpose.strip()[:100],
        person=person,
        email=email.strip(),
    )
    try:
        line.full_clean(exclude=["document"])
    except Exception as exc:  # ValidationError: a bad address
        raise ActionRefused(_("Địa chỉ thư không hợp lệ."), status=422) from exc
    line.save()
    if units:
        line.units.set(units)
    return line


@transaction.atomic
def update_recipient_line(
    line: Recipient,
    *,
    actor: Any,
    unit_ids: Iterable[int] | None = None,
    email: str | None = None,
    purpose: str | None = None,
) -> Recipient:
    """Point a line at directory units, give it an address or a purpose."""
    _check_list_editable(line.document, actor)
    if unit_ids is not None:
        allowed = {u.pk: u for u in allowed_recipient_units(line.document)}
        units = [allowed[int(i)] for i in unit_ids if int(i) in allowed]
        if len(units) != len(list(unit_ids)):
            raise ActionRefused(_("Đơn vị được chọn không thuộc danh bạ của cơ quan."))
        line.units.set(units)
    if email is not None:
        line.email = email.strip()
    if purpose is not None:
        line.purpose = purpose.strip()[:100]
    try:
        line.full_clean(exclude=["document"])
    except Exception as exc:
        raise ActionRefused(_("Địa chỉ thư không hợp lệ."), status=422) from exc
    line.save()
    return line


@transaction.atomic
def remove_recipient_line(line: Recipient, *, actor: Any) -> None:
    _check_list_editable(line.document, actor)
    line.delete()


def _unaddressed(document: Document) -> list[Recipient]:
    return [
        line
        for line in document.recipients.prefetch_related("units")
        if not line.units.all() and line.person_id is None and not line.email
    ]


def suggested_units(document: Document) -> dict[int, list[Unit]]:
    """What the directory resolver would point each unaddressed line at
    (read only: shown before issue, saved by ``resolve_recipient_lines``)."""
    lines = _unaddressed(document)
    if not lines:
        return {}
    found = resolve_unit_phrases(document.agency, [line.name for line in lines])
    return {
        line.pk: list(found[line.name].units)
        for line in lines
        if line.name in found and found[line.name].units
    }


def resolve_recipient_lines(document: Document) -> int:
    """Point lines that name no unit yet at the directory (through the
    organisation resolver). Returns how many lines were resolved."""
    suggestions = suggested_units(document)
    for line in document.recipients.filter(pk__in=list(suggestions)):
        line.units.set(suggestions[line.pk])
    return len(suggestions)


# --- building and sending ----------------------------------------------------


def _unit_address(unit: Unit) -> str:
    return unit.email or (unit.agency.email if unit.is_root else "")


def _rows_for_line(document: Document, line: Recipient) -> list[DistributionRecipient]:
    rows = []
    if line.person_id is not None:
        person = cast(Person, line.person)
        rows.append(
            DistributionRecipient(
                line=line,
                channel=DeliveryChannel.PERSON,
                person=person,
                name=person.full_name,
                purpose=line.purpose,
                email=line.email or person.email,
            )
        )
    for unit in line.units.all():
        own = unit.agency_id == document.agency_id
        rows.append(
            DistributionRecipient(
                line=line,
                channel=DeliveryChannel.UNIT if own else DeliveryChannel.EXTERNAL,
                unit=unit,
                name=unit.agency.name if unit.is_root else unit.name,
                purpose=line.purpose,
                email=_unit_address(unit),
            )
        )
    if not rows:
        rows.append(
            DistributionRecipient(
                line=line,
                channel=DeliveryChannel.EXTERNAL,
                name=line.name,
                purpose=line.purpose,
                email=line.email,
            )
        )
    elif line.email and line.person_id is None:
        for row in rows:
            row.email = row.email or line.email
    return rows


def build_distribution(document: Document, *, actor: Any) -> Distribution:
    """Freeze the Nơi nhận list into one row per addressee (called by the
    issue service, inside its transaction). A unit or person named twice
    gets the document once."""
    distribution, created = Distribution.objects.get_or_create(
        document=document, defaults={"created_by": actor}
    )
    if not created:
        return distribution
    seen: set[tuple[Any, ...]] = set()
    rows = []
    for line in document.recipients.select_related("person").prefetch_related(
        "units__agency"
    ):
        for row in _rows_for_line(document, line):
            key = (row.unit_id, row.person_id, row.email if not row.unit_id else "")
            if key in seen and (row.unit_id or row.person_id or row.email):
                continue
            seen.add(key)
            row.distribution = distribution
            if not row.email and row.channel == DeliveryChannel.EXTERNAL:
                row.mail_status = MailStatus.NO_ADDRESS
            rows.append(row)
    DistributionRecipient.objects.bulk_create(rows)
    return distribution


def _claim(row: DistributionRecipient) -> bool:
    now = timezone.now()
    return (
        DistributionRecipient.objects.filter(
            pk=row.pk, sent_at__isnull=True, claimed_at__isnull=True
        ).update(claimed_at=now)
        == 1
    )


def _message_for(
    row: DistributionRecipient, document: Document, attachments: list[Any]
) -> EmailMessage:
    context = {
        "document": document,
        "recipient": row,
        "ack_url": ack_url(row.pk),
        "document_url": absolute_url(document_url(document)),
        "external": row.channel == DeliveryChannel.EXTERNAL,
    }
    with translation.override("vi"):
        subject = _("Văn bản {label}: {title}").format(
            label=document.reference_label, title=document.title
        )[:250]
        body = render_to_string("documents/email/distribution.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.email],
    )
    if row.channel == DeliveryChannel.EXTERNAL:
        for output in attachments:
            message.attach(output.filename, output.content, output.mimetype)
    return message


def document_url(document: Document) -> str:
    from django.urls import reverse  # noqa: PLC0415 -- URLconf loads after models

    return reverse("documents:document-detail", args=[document.pk])


def send_distribution(distribution: Distribution) -> dict[str, int]:
    """Send the document to every recipient not sent yet; record per
    recipient the SMTP result (accepted, refused with the server's answer,
    or failed to be retried). In-app delivery to the agency's own units and
    people counts as sent even without an address.

    Safe to run twice and from a background worker: each recipient is
    claimed first. Returns counts by mail status.
    """
    document = distribution.document
    rows = list(
        distribution.recipients.filter(sent_at__isnull=True).select_related(
            "unit", "person"
        )
    )
    counts: dict[str, int] = {}
    if not rows:
        return counts
    attachments: list[Any] | None = None
    connection = get_connection()
    try:
        _open(connection)
        for row in rows:
            if not _claim(row):
                continue
            status: str = MailStatus.NO_ADDRESS
            detail = ""
            if row.email:
                if attachments is None and any(
                    r.channel == DeliveryChannel.EXTERNAL for r in rows
                ):
                    attachments = [document_pdf(document), document_docx(document)]
                status, detail = _send_one(
                    _message_for(row, document, attachments or []), connection
                )
            _record(row, status, detail)
            counts[status] = counts.get(status, 0) + 1
    finally:
        connection.close()
    Distribution.objects.filter(pk=distribution.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    logger.info("distribution %s sent: %s", distribution.pk, counts)
    return counts


def _open(connection: Any) -> None:
    """Open one SMTP connection for the whole batch; when the server is
    down, each message then fails on its own and is recorded as failed."""
    try:
        connection.open()
    except OSError as exc:
        logger.warning("mail server unavailable: %s", exc)


def _send_one(message: EmailMessage, connection: Any) -> tuple[str, str]:
    message.connection = connection
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        code, reason = next(iter(exc.recipients.values()), (0, b""))
        text = (
            reason.decode("utf-8", "replace") if isinstance(reason, bytes) else reason
        )
        return MailStatus.REFUSED, f"{code} {text}"[:500]
    except (smtplib.SMTPException, OSError) as exc:
        return MailStatus.FAILED, str(exc)[:500]
    return MailStatus.ACCEPTED, ""


def _record(row: DistributionRecipient, status: str, detail: str) -> None:
    """Store the outcome. A failed send to an outside organisation is
    released (sent_at and claim cleared) so a later run retries it; the
    agency's own units got it in the app whatever the mail did."""
    now = timezone.now()
    delivered = status != MailStatus.FAILED or row.channel != DeliveryChannel.EXTERNAL
    DistributionRecipient.objects.filter(pk=row.pk).update(
        mail_status=status,
        mail_detail=detail,
        sent_at=now if delivered else None,
        claimed_at=now if delivered else None,
    )


def resend_failed(distribution: Distribution, *, actor: Any) -> dict[str, int]:
    """Send again to recipients whose mail failed (the Office's button)."""
    if not can_manage_distribution(viewer_for(actor), distribution.document):
        raise PermissionRefused(_("Bạn không có quyền gửi lại văn bản."))
    distribution.recipients.filter(
        mail_status__in=[MailStatus.FAILED, MailStatus.REFUSED]
    ).update(sent_at=None, claimed_at=None, mail_status=MailStatus.PENDING)
    return send_distribution(distribution)


# --- acknowledgement -------------------------------------------------------


def recipient_for_token(token: str) -> DistributionRecipient | None:
    pk = read_token(token, salt=ACK_SALT)
    if pk is None:
        return None
    return (
        DistributionRecipient.objects.select_related("distribution__document__agency")
        .filter(pk=pk)
        .first()
    )


def acknowledge_delivery(
    row: DistributionRecipient,
    *,
    via: str,
    actor: Any = None,
    name: str = "",
) -> bool:
    """Record that the recipient acknowledged receipt. Idempotent: returns
    False (and changes nothing) when it was already acknowledged.

    ``via`` is ``"link"`` (the personal link, no login) or ``"app"``; in
    the app only a member of the receiving unit, or the person, may
    acknowledge. Webhooks get ``document.acknowledged`` (recorded in the
    same transaction as the acknowledgement).
    """
    if via == "app":
        viewer = viewer_for(actor)
        mine = (row.unit_id is not None and row.unit_id in viewer.unit_ids) or (
            row.person_id is not None
            and viewer.person is not None
            and row.person_id == viewer.person.pk
        )
        if not mine:
            raise PermissionRefused(_("Văn bản này không gửi cho bạn."))
        person = viewer.person
        name = name or (person.full_name if person else str(actor))
    document = row.distribution.document  # loaded with the row by its callers
    with transaction.atomic():
        updated = DistributionRecipient.objects.filter(
            pk=row.pk, acknowledged_at__isnull=True
        ).update(
            acknowledged_at=timezone.now(),
            acknowledged_by=actor if actor is not None and via == "app" else None,
            acknowledged_name=(name or row.name)[:200],
            acknowledged_via=via,
        )
        if updated:
            row.refresh_from_db()
            notify_events.emit(
                "document.acknowledged",
                document,
                acknowledged_by={
                    "recipient_id": row.pk,
                    "unit_id": row.unit_id,
                    "unit_name": row.name,
                    "name": row.acknowledged_name,
                    "via": via,
                },
            )
            logger.info("recipient %s acknowledged via %s", row.pk, via)
    return bool(updated)


# --- recall ----------------------------------------------------------------


def notify_recall(document: Document) -> int:
    """Tell every recipient that the document was recalled (by e-mail; the
    received list shows it in the app). Runs after the recall commits; each
    recipient is told once. Returns the number of messages sent."""
    distribution = getattr(document, "distribution", None)
    if distribution is None:
        return 0
    sent = 0
    last = document.transitions.filter(action="recall").order_by("-pk").first()
    connection = get_connection()
    try:
        _open(connection)
        for row in distribution.recipients.filter(
            recall_notified_at__isnull=True
        ).exclude(email=""):
            claimed = DistributionRecipient.objects.filter(
                pk=row.pk, recall_notified_at__isnull=True
            ).update(recall_notified_at=timezone.now())
            if not claimed:
                continue
            with translation.override("vi"):
                subject = _("Thu hồi văn bản {label}").format(
                    label=document.reference_label
                )
                body = render_to_string(
                    "documents/email/recall.txt",
                    {
                        "document": document,
                        "recipient": row,
                        "reason": last.comment if last else "",
                    },
                )
            status, _detail = _send_one(
                EmailMessage(
                    subject=subject,
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[row.email],
                ),
                connection,
            )
            sent += status == MailStatus.ACCEPTED
    finally:
        connection.close()
    return sent


# --- reads used by pages, the API and the notifications worker ---------------


def unacknowledged_distributions(
    older_than: dt.timedelta, *, now: dt.datetime | None = None
) -> QuerySet[DistributionRecipient]:
    """Recipients of issued documents sent more than ``older_than`` before
    ``now`` who have not acknowledged yet (for the reminders of the
    notifications worker). Outside organisations that cannot be reached by
    mail (no address, or refused by the mail server) are left out."""
    cutoff = (now or timezone.now()) - older_than
    return (
        DistributionRecipient.objects.filter(
            sent_at__lte=cutoff,
            acknowledged_at__isnull=True,
            distribution__document__status=DocumentStatus.ISSUED,
        )
        .exclude(
            mail_status__in=[MailStatus.NO_ADDRESS, MailStatus.REFUSED],
            channel=DeliveryChannel.EXTERNAL,
        )
        .select_related("distribution__document", "unit", "person")
        .order_by("sent_at", "pk")
    )


def received_for(viewer: Any) -> QuerySet[DistributionRecipient]:
    """What was sent to the viewer's units or to the viewer in person."""
    person_id = viewer.person.pk if viewer.person else None
    return (
        DistributionRecipient.objects.filter(
            Q(unit_id__in=viewer.unit_ids) | Q(person_id=person_id)
        )
        .filter(distribution__document__direction=Direction.OUTGOING)
        .select_related("distribution__document__agency", "unit", "person")
        .order_by("-distribution__created_at", "-pk")
    )
