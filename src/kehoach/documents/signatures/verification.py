"""Checking the signatures of a signed PDF that comes in (pyHanko).

Three questions, answered separately because they mean different things:

* **intact** — the bytes the signer signed are unchanged (the digest
  matches) and the signature over them is mathematically correct;
* **trusted** — the signer's certificate leads to one of the roots the
  agency trusts (a self-signed certificate never does unless it is itself
  configured as trusted): *who* signed is vouched for;
* **unchanged since** — nothing but allowed updates (form filling, later
  signatures, validation data) was appended after signing.

A signature can be intact and untrusted: "valid signature, untrusted
signer". No network access: revocation data is not fetched (closed
government networks); a certificate's revocation is therefore not checked
unless the PDF carries the data.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kehoach.documents.signatures._sync import call_sync
from kehoach.lib.exceptions import ActionRefused

logger = logging.getLogger(__name__)


class SignatureVerdict(enum.StrEnum):
    VALID_TRUSTED = "valid_trusted"
    VALID_UNTRUSTED = "valid_untrusted"
    MODIFIED = "modified"  # intact, but disallowed changes were appended
    INVALID = "invalid"  # content changed after signing, or bad signature


VERDICT_LABELS = {
    SignatureVerdict.VALID_TRUSTED: gettext_lazy(
        "Chữ ký hợp lệ, người ký được tin cậy"
    ),
    SignatureVerdict.VALID_UNTRUSTED: gettext_lazy(
        "Chữ ký hợp lệ nhưng chứng thư của người ký không thuộc nơi cấp được tin cậy"
    ),
    SignatureVerdict.MODIFIED: gettext_lazy(
        "Phần đã ký còn nguyên vẹn nhưng tệp đã bị sửa đổi sau khi ký"
    ),
    SignatureVerdict.INVALID: gettext_lazy(
        "Chữ ký không hợp lệ: nội dung đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng"
    ),
}


@dataclass(frozen=True)
class SignatureInfo:
    """One signature of a PDF and what checking it found."""

    field_name: str
    signer_name: str  # the name the signature dictionary gives (/Name)
    common_name: str  # of the certificate's subject (CN)
    organisation: str  # of the certificate's subject (O)
    subject: str
    issuer: str
    serial: str
    certificate_valid_from: dt.datetime | None
    certificate_valid_to: dt.datetime | None
    self_signed: bool
    signing_time: dt.datetime | None  # as the signer reports it
    timestamp_time: dt.datetime | None  # from a timestamp token, if any
    reason: str
    location: str
    intact: bool  # digest of the signed bytes matches
    valid: bool  # intact, and the signature itself is correct
    trusted: bool  # certificate chains to a trusted root
    covers_whole_file: bool  # nothing appended after this signature
    modified_after: bool  # disallowed changes appended after signing
    problem: str  # what failed, in pyHanko's words (English), or ""

    @property
    def verdict(self) -> SignatureVerdict:
        if not (self.intact and self.valid):
            return SignatureVerdict.INVALID
        if self.modified_after:
            return SignatureVerdict.MODIFIED
        if self.trusted:
            return SignatureVerdict.VALID_TRUSTED
        return SignatureVerdict.VALID_UNTRUSTED

    @property
    def verdict_label(self) -> str:
        return str(VERDICT_LABELS[self.verdict])

    @property
    def is_ok(self) -> bool:
        return self.verdict == SignatureVerdict.VALID_TRUSTED


def verify_pdf_signatures(
    pdf_bytes: bytes, *, trust_roots: Iterable[x509.Certificate] = ()
) -> list[SignatureInfo]:
    """Every signature of a PDF, checked against ``trust_roots`` only.

    Returns ``[]`` for a PDF without signatures; raises ``ActionRefused``
    (415) for bytes that are not a readable PDF.
    """
    from pyhanko.pdf_utils.misc import PdfError  # noqa: PLC0415 -- heavy
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415

    if not pdf_bytes.lstrip()[:5] == b"%PDF-":
        raise _not_pdf()
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise _not_pdf() from exc
    roots = [_asn1(cert) for cert in trust_roots]
    return [_check(sig, roots) for sig in embedded]


def _not_pdf() -> ActionRefused:
    return ActionRefused(
        _("Tệp không phải PDF đọc được. / Not a readable PDF."),
        status=415,
        code="not_pdf",
    )


def _asn1(cert: x509.Certificate) -> Any:
    from asn1crypto import x509 as asn1_x509  # noqa: PLC0415 -- pyHanko's types

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _check(embedded: Any, roots: list[Any]) -> SignatureInfo:
    from pyhanko.sign.validation import validate_pdf_signature  # noqa: PLC0415
    from pyhanko.sign.validation.status import (  # noqa: PLC0415
        SignatureCoverageLevel,
    )
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415

    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    sig_object = embedded.sig_object
    base = _certificate_fields(embedded.signer_cert)
    base.update(
        field_name=str(embedded.field_name or ""),
        signer_name=_text(sig_object.get("/Name")),
        reason=_text(sig_object.get("/Reason")),
        location=_text(sig_object.get("/Location")),
    )
    try:
        status = call_sync(validate_pdf_signature, embedded, context)
    except Exception as exc:  # a malformed signature is a result, not a crash
        logger.info("signature %s could not be validated: %s", base["field_name"], exc)
        return SignatureInfo(
            **base,
            signing_time=_aware(embedded.self_reported_timestamp),
            timestamp_time=None,
            intact=False,
            valid=False,
            trusted=False,
            covers_whole_file=False,
            modified_after=False,
            problem=f"{type(exc).__name__}: {exc}"[:300],
        )
    tst = getattr(status, "timestamp_validity", None)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    indication = status.trust_problem_indic
    problem = str(getattr(indication, "name", "")) if indication else ""
    return SignatureInfo(
        **base,
        signing_time=_aware(status.signer_reported_dt),
        timestamp_time=_aware(tst.timestamp) if tst is not None else None,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=whole,
        modified_after=not whole and status.docmdp_ok is False,
        problem=problem,
    )


def _certificate_fields(cert: Any) -> dict[str, Any]:
    if cert is None:
        return {
            "common_name": "",
            "organisation": "",
            "subject": "",
            "issuer": "",
            "serial": "",
            "certificate_valid_from": None,
            "certificate_valid_to": None,
            "self_signed": False,
        }
    subject = cert.subject.native
    validity = cert["tbs_certificate"]["validity"]
    return {
        "common_name": str(subject.get("common_name", "")),
        "organisation": str(subject.get("organization_name", "")),
        "subject": cert.subject.human_friendly,
        "issuer": cert.issuer.human_friendly,
        "serial": format(cert.serial_number, "X"),
        "certificate_valid_from": validity["not_before"].native,
        "certificate_valid_to": validity["not_after"].native,
        "self_signed": cert.self_signed in ("yes", "maybe"),
    }


def _text(value: Any) -> str:
    return str(value) if value is not None else ""


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
