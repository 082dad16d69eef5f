"""Reads of the signature configuration."""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.db.models import Q

from kehoach.documents.signatures import keys
from kehoach.documents.signatures.models import SigningCertificate, TrustedCertificate
from kehoach.orgs.models import Agency


def trust_roots_for(agency: Agency | None) -> list[x509.Certificate]:
    """The certificates an agency trusts when it checks a signed PDF: its
    own trusted certificates, the installation's (rows without an agency),
    and the PEM bundle named by ``KEHOACH_SIGNING_TRUST_ROOTS``."""
    rows = TrustedCertificate.objects.filter(
        Q(agency__isnull=True) | Q(agency=agency) if agency else Q(agency__isnull=True)
    ).values_list("certificate_pem", flat=True)
    roots = [keys.load_certificate(pem.encode("ascii")) for pem in rows]
    bundle = getattr(settings, "KEHOACH_SIGNING_TRUST_ROOTS", "")
    if bundle:
        path = Path(bundle)
        files = (
            sorted(path.glob("*.pem")) + sorted(path.glob("*.crt"))
            if path.is_dir()
            else [path]
        )
        for file in files:
            roots.extend(keys.load_certificates(file.read_bytes()))
    return roots


def signing_certificates_for(agency: Agency) -> list[SigningCertificate]:
    return list(SigningCertificate.objects.filter(agency=agency))
