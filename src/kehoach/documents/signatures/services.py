"""Writes of the signature configuration, and signing a document.

Certificates are installed from the command line by whoever runs the
server (``kehoach signing_certificate``), so ``actor`` may be ``None``
there; given an actor, ``can_manage_signing`` decides.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kehoach.documents.enums import Direction
from kehoach.documents.models import Document
from kehoach.documents.permissions import can_apply_signature, can_manage_signing
from kehoach.documents.rendering import document_pdf, format_number
from kehoach.documents.signatures import keys
from kehoach.documents.signatures.models import SigningCertificate, TrustedCertificate
from kehoach.documents.signatures.signing import sign_pdf
from kehoach.lib.exceptions import ActionRefused, PermissionRefused
from kehoach.orgs.models import Agency
from kehoach.orgs.viewer import viewer_for

logger = logging.getLogger(__name__)


def _check_manager(agency: Agency | None, actor: Any) -> None:
    if actor is None:
        return
    viewer = viewer_for(actor)
    allowed = (
        can_manage_signing(viewer, agency)
        if agency is not None
        else viewer.is_superuser
    )
    if not allowed:
        raise PermissionRefused(
            _("Bạn không có quyền cấu hình chữ ký số. / Not allowed.")
        )


@transaction.atomic
def install_signing_certificate(
    agency: Agency,
    *,
    pkcs12: bytes,
    passphrase: bytes | None = None,
    passphrase_env: str = "",
    actor: Any = None,
    is_demo: bool = False,
) -> SigningCertificate:
    """Make a PKCS#12 the agency's signing certificate.

    The file is checked (opens with the passphrase, holds a key and a
    certificate valid now), copied under ``KEHOACH_SECRETS_DIR`` readable by
    this user only, with its passphrase beside it — or, with
    ``passphrase_env``, only the variable's name is kept. The previous
    certificate is kept but no longer active. Installing the same
    certificate again changes nothing.
    """
    _check_manager(agency, actor)
    if passphrase_env:
        value = os.environ.get(passphrase_env)
        passphrase = value.encode("utf-8") if value is not None else None
    bundle = keys.open_pkcs12(pkcs12, passphrase)
    summary = keys.summarise(bundle.certificate)
    now = dt.datetime.now(dt.UTC)
    if summary.valid_to < now:
        raise ActionRefused(
            _(
                "Chứng thư đã hết hạn ngày {date}. / The certificate has expired."
            ).format(date=summary.valid_to.strftime("%d/%m/%Y")),
            code="certificate_expired",
        )
    current = SigningCertificate.objects.filter(agency=agency, is_active=True).first()
    if current is not None and current.fingerprint == summary.fingerprint:
        return current
    stem = f"{agency.pk}-{summary.fingerprint[:16]}"
    p12_path = keys.write_secret(f"{stem}.p12", pkcs12)
    passphrase_file = ""
    if not passphrase_env and passphrase is not None:
        passphrase_file = str(keys.write_secret(f"{stem}.pass", passphrase))
    SigningCertificate.objects.filter(agency=agency, is_active=True).update(
        is_active=False
    )
    config = SigningCertificate.objects.create(
        agency=agency,
        pkcs12_path=str(p12_path),
        passphrase_file=passphrase_file,
        passphrase_env=passphrase_env,
        subject=summary.subject,
        common_name=summary.common_name,
        organisation=summary.organisation,
        issuer=summary.issuer,
        serial=summary.serial,
        fingerprint=summary.fingerprint,
        valid_from=summary.valid_from,
        valid_to=summary.valid_to,
        is_self_signed=summary.is_self_signed,
        is_demo=is_demo,
        created_by=actor,
    )
    logger.info(
        "signing certificate %s installed for agency %s", summary.serial, agency.pk
    )
    return config


def create_demo_certificate(
    agency: Agency, *, actor: Any = None, force: bool = False
) -> SigningCertificate:
    """A self-signed certificate for the demo and for trying signing out.

    Verifiers report its signatures as valid but the signer as untrusted.
    Does nothing when the agency already has an active certificate, unless
    ``force``.
    """
    _check_manager(agency, actor)
    current = SigningCertificate.objects.filter(agency=agency, is_active=True).first()
    if current is not None and not force:
        return current
    bundle = keys.create_self_signed(
        common_name=f"{agency.short_name or agency.name} (thử nghiệm)",
        organisation=agency.name,
    )
    passphrase = keys.new_passphrase()
    data = keys.pkcs12_bytes(bundle, passphrase, name=agency.abbreviation or "kehoach")
    return install_signing_certificate(
        agency, pkcs12=data, passphrase=passphrase, actor=actor, is_demo=True
    )


@transaction.atomic
def add_trusted_certificates(
    data: bytes, *, agency: Agency | None = None, name: str = "", actor: Any = None
) -> list[TrustedCertificate]:
    """Trust the certificate(s) of a PEM bundle or DER file when checking
    signatures, for one agency or (``agency=None``) the installation.
    Adding a certificate again changes nothing."""
    _check_manager(agency, actor)
    added: list[TrustedCertificate] = []
    for cert in keys.load_certificates(data):
        summary = keys.summarise(cert)
        row, _created = TrustedCertificate.objects.get_or_create(
            agency=agency,
            fingerprint=summary.fingerprint,
            defaults={
                "name": (name or summary.common_name or summary.subject)[:255],
                "certificate_pem": keys.pem(cert),
                "subject": summary.subject,
                "valid_to": summary.valid_to,
            },
        )
        added.append(row)
    return added


def sign_document(document: Document, *, actor: Any, reason: str = "") -> bytes:
    """The document rendered to PDF and signed with its agency's
    certificate.

    Permission: ``can_apply_signature`` (403 otherwise). Only the agency's
    own documents that have their number (issued) are signed (409
    otherwise). Writes nothing; logs who signed what.
    """
    viewer = viewer_for(actor)
    if not can_apply_signature(viewer, document):
        raise PermissionRefused(
            _("Bạn không có quyền ký số văn bản này. / Not allowed to sign.")
        )
    if document.direction == Direction.INCOMING:
        raise ActionRefused(
            _(
                "Không ký số văn bản đến; chỉ ký văn bản do cơ quan ban hành. / "
                "Incoming documents are not signed."
            ),
            status=409,
            code="incoming",
        )
    if not document.number:
        raise ActionRefused(
            _(
                "Văn bản chưa được cấp số nên chưa thể ký số. / "
                "The document has no number yet."
            ),
            status=409,
            code="no_number",
        )
    person = viewer.person
    signer_name = document.signer_name or (person.full_name if person else "")
    reason = reason or _("Ban hành văn bản số {number}/{symbol}").format(
        number=format_number(document.number), symbol=document.symbol
    )
    signed = sign_pdf(
        document_pdf(document),
        agency=document.agency,
        signer_name=signer_name,
        reason=reason,
    )
    logger.info(
        "document %s signed by user %s", document.pk, getattr(actor, "pk", None)
    )
    return signed
