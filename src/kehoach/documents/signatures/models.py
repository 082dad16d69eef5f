"""Configuration of digital signatures: each agency's signing certificate
(PKCS#12) and the certificates it trusts when it checks signed PDFs.

Only references to secrets are stored: the PKCS#12 file lives under
``KEHOACH_SECRETS_DIR`` (outside the media root, never served), and its
passphrase in a file there or in an environment variable.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kehoach.orgs.models import Agency


class SigningCertificate(models.Model):
    """The certificate an agency signs its issued PDFs with (the
    organisation's digital signature of Decree 30 Art. 33). One is active
    per agency; older ones stay for the record."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="signing_certificates",
    )
    pkcs12_path = models.CharField(_("tệp PKCS#12"), max_length=500)
    passphrase_file = models.CharField(
        _("tệp chứa mật khẩu"), max_length=500, blank=True
    )
    passphrase_env = models.CharField(
        _("biến môi trường chứa mật khẩu"), max_length=100, blank=True
    )
    subject = models.CharField(_("chủ thể"), max_length=500)
    common_name = models.CharField(_("tên chủ thể (CN)"), max_length=255, blank=True)
    organisation = models.CharField(_("tổ chức (O)"), max_length=255, blank=True)
    issuer = models.CharField(_("nơi cấp"), max_length=500)
    serial = models.CharField(_("số hiệu"), max_length=100)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64)
    valid_from = models.DateTimeField(_("hiệu lực từ"))
    valid_to = models.DateTimeField(_("hiệu lực đến"))
    is_self_signed = models.BooleanField(_("tự ký"), default=False)
    is_demo = models.BooleanField(_("chứng thư thử nghiệm"), default=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("cài đặt lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("chứng thư ký số")
        verbose_name_plural = _("chứng thư ký số")
        ordering: ClassVar = ["agency_id", "-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(is_active=True),
                name="documents_one_active_signing_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.common_name or self.subject} ({self.agency})"


class TrustedCertificate(models.Model):
    """A root (or intermediate) certificate whose signatures an agency
    trusts, e.g. the Government's root CA. ``agency`` empty: trusted by
    every agency of the installation."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="trusted_certificates",
    )
    name = models.CharField(_("tên"), max_length=255)
    certificate_pem = models.TextField(_("chứng thư (PEM)"))
    subject = models.CharField(_("chủ thể"), max_length=500)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64)
    valid_to = models.DateTimeField(_("hiệu lực đến"))
    created_at = models.DateTimeField(_("thêm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("chứng thư gốc tin cậy")
        verbose_name_plural = _("chứng thư gốc tin cậy")
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agency", "fingerprint"],
                name="documents_trusted_certificate_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name
