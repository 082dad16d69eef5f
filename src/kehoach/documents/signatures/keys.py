"""Certificates and keys: reading a PKCS#12, describing a certificate,
making a self-signed demo certificate, keeping secrets on disk.

Uses ``cryptography``; no database access here.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils.translation import gettext as _

from kehoach.lib.exceptions import ActionRefused


@dataclass(frozen=True)
class CertificateSummary:
    subject: str
    common_name: str
    organisation: str
    issuer: str
    serial: str
    fingerprint: str
    valid_from: dt.datetime
    valid_to: dt.datetime
    is_self_signed: bool


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def summarise(cert: x509.Certificate) -> CertificateSummary:
    return CertificateSummary(
        subject=cert.subject.rfc4514_string()[:500],
        common_name=_attribute(cert.subject, NameOID.COMMON_NAME)[:255],
        organisation=_attribute(cert.subject, NameOID.ORGANIZATION_NAME)[:255],
        issuer=cert.issuer.rfc4514_string()[:500],
        serial=format(cert.serial_number, "X")[:100],
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        valid_from=cert.not_valid_before_utc,
        valid_to=cert.not_valid_after_utc,
        is_self_signed=cert.issuer == cert.subject,
    )


@dataclass(frozen=True)
class KeyBundle:
    key: object
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def open_pkcs12(data: bytes, passphrase: bytes | None) -> KeyBundle:
    """The key, certificate and chain of a PKCS#12 file, or ``ActionRefused``
    saying (in Vietnamese and English) why it cannot be used."""
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError as exc:
        raise ActionRefused(
            _(
                "Không mở được tệp PKCS#12: sai mật khẩu hoặc tệp hỏng. / "
                "Cannot open the PKCS#12 file: wrong passphrase or damaged file."
            ),
            code="bad_pkcs12",
        ) from exc
    if key is None or cert is None:
        raise ActionRefused(
            _(
                "Tệp PKCS#12 không có khóa bí mật và chứng thư. / "
                "The PKCS#12 file holds no private key and certificate."
            ),
            code="bad_pkcs12",
        )
    return KeyBundle(key, cert, tuple(chain or ()))


def load_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes."""
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise ActionRefused(
            _("Tệp không phải chứng thư X.509. / Not an X.509 certificate."),
            code="bad_certificate",
        ) from exc


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate of a PEM bundle (or the one of a DER file)."""
    if b"-----BEGIN" in data:
        try:
            return x509.load_pem_x509_certificates(data)
        except ValueError as exc:
            raise ActionRefused(
                _("Tệp không phải chứng thư X.509. / Not an X.509 certificate."),
                code="bad_certificate",
            ) from exc
    return [load_certificate(data)]


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


# --- secrets on disk ---------------------------------------------------------


def secrets_dir() -> Path:
    """``KEHOACH_SECRETS_DIR`` (default ``<data dir>/secrets``), 0700."""
    path = Path(settings.KEHOACH_SECRETS_DIR) / "signing"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def write_secret(name: str, data: bytes) -> Path:
    """Write a file readable by this user only; returns its path."""
    path = secrets_dir() / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path


def read_passphrase(*, file: str = "", env: str = "") -> bytes | None:
    """The passphrase a certificate record points to (file first, then the
    environment variable); ``None`` when it has none."""
    if file:
        try:
            return Path(file).read_bytes().rstrip(b"\r\n")
        except OSError as exc:
            raise ActionRefused(
                _(
                    "Không đọc được tệp mật khẩu của chứng thư ký số. / "
                    "Cannot read the signing certificate's passphrase file."
                ),
                status=500,
                code="signing_passphrase",
            ) from exc
    if env:
        value = os.environ.get(env)
        if value is None:
            raise ActionRefused(
                _(
                    "Chưa đặt biến môi trường {name} chứa mật khẩu chứng thư. / "
                    "The passphrase variable is not set."
                ).format(name=env),
                status=500,
                code="signing_passphrase",
            )
        return value.encode("utf-8")
    return None


# --- a demo certificate -------------------------------------------------------------


def create_self_signed(
    *, common_name: str, organisation: str, days: int = 3 * 365
) -> KeyBundle:
    """A self-signed signing certificate (RSA 2048, SHA-256) for tests and
    the demo. A verifier that does not trust it reports "valid signature,
    untrusted signer" — which is what it is."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    return KeyBundle(key, cert, ())


def pkcs12_bytes(bundle: KeyBundle, passphrase: bytes, *, name: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        name.encode("utf-8")[:64],
        bundle.key,  # type: ignore[arg-type]
        bundle.certificate,
        list(bundle.chain) or None,
        serialization.BestAvailableEncryption(passphrase),
    )


def new_passphrase() -> bytes:
    return secrets.token_urlsafe(24).encode("ascii")
