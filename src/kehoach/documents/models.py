"""Administrative documents as kehoach keeps them, and their citations."""

from __future__ import annotations

import re
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kehoach.documents.enums import DatePrecision, Direction, DocType, DocumentStatus
from kehoach.lib.text import fold
from kehoach.orgs.models import Agency, Unit

_SPACE = re.compile(r"\s+")


def citation_key(number: str | None, symbol: str | None) -> str:
    """Key under which a document is cited: ``"2863/KH-BTTTT"``.

    Leading zeros and white space are ignored, case is folded, so
    ``"012/CT- UBND"`` and ``"12/CT-UBND"`` match. Empty when either part is
    missing (a draft has no number yet).
    """
    if not number or not symbol:
        return ""
    num = number.strip().lstrip("0") or "0"
    sym = _SPACE.sub("", symbol).upper()
    return f"{num}/{sym}"


class Document(models.Model):
    """A document an agency holds: received, issued, or internal.

    The issue date keeps the precision the document gave it: a draft dated
    "ngày   tháng 8 năm 2023" is stored as 2023-08-01 with precision month.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    direction = models.CharField(_("loại sổ"), max_length=10, choices=Direction.choices)
    doc_type = models.CharField(
        _("loại văn bản"), max_length=5, choices=DocType.choices, blank=True
    )
    # NULL, not "", is how a draft says its number is not given yet.
    number = models.CharField(_("số"), max_length=20, null=True, blank=True)  # noqa: DJ001
    symbol = models.CharField(_("ký hiệu"), max_length=60, blank=True)
    cite_key = models.CharField(
        max_length=90, blank=True, db_index=True, editable=False
    )
    issuer_parent = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    issuer_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan ban hành (danh bạ)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_precision = models.CharField(
        _("độ chính xác ngày"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    title = models.TextField(_("trích yếu"), blank=True)
    body = models.JSONField(_("nội dung"), default=list, blank=True)
    parsed = models.JSONField(_("kết quả đọc"), null=True, blank=True, editable=False)
    signer_authority = models.CharField(_("quyền hạn ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    archive = models.JSONField(_("nơi lưu"), default=list, blank=True)
    source_file = models.FileField(
        _("tệp gốc"), upload_to="documents/%Y/%m/", blank=True, max_length=255
    )
    source_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_hash = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=DocumentStatus.choices,
        default=DocumentStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    search_text = models.TextField(editable=False, default="")
    # --- registration and workflow (issue 5) ---
    # The register entry: the own number of an outgoing document, the số đến
    # of an incoming one; unique per agency, register and calendar year.
    register_year = models.PositiveIntegerField(_("năm vào sổ"), null=True, blank=True)
    register_number = models.PositiveIntegerField(
        _("số thứ tự trong sổ"), null=True, blank=True
    )
    received_on = models.DateField(_("ngày đến"), null=True, blank=True)
    sender_email = models.EmailField(_("thư điện tử nơi gửi"), blank=True)
    planned_signer = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("người ký dự kiến"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    issued_at = models.DateTimeField(_("phát hành lúc"), null=True, blank=True)
    recalled_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("sửa đổi văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amended_by",
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay thế văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    direction_note = models.TextField(_("ý kiến chỉ đạo"), blank=True)
    handling_deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agency", "content_hash"],
                condition=~models.Q(content_hash=""),
                name="documents_unique_content_per_agency",
            ),
            models.UniqueConstraint(
                fields=["agency", "direction", "register_year", "register_number"],
                condition=models.Q(register_number__isnull=False),
                name="documents_unique_register_number",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["agency", "direction", "status"])]

    def __str__(self) -> str:
        return self.reference_label or self.title[:80] or f"#{self.pk}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.cite_key = citation_key(self.number, self.symbol)
        with translation.override("vi"):  # stored text, whatever the UI language
            kind = self.get_doc_type_display() if self.doc_type else ""
        self.search_text = fold(
            " ".join(
                [
                    kind,
                    self.number or "",
                    self.symbol,
                    self.title,
                    self.issuer_name,
                    self.issuer_parent,
                ]
            )
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "cite_key", "search_text"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def reference_label(self) -> str:
        """``"Số 2863/KH-BTTTT"`` or ``"Số …/KH-STTTT"`` for a draft."""
        if not self.symbol:
            return ""
        return f"{self.number or '…'}/{self.symbol}"

    @property
    def is_locked(self) -> bool:
        """Issued (or recalled) documents never change; a new document
        amends or replaces them."""
        return self.status in {DocumentStatus.ISSUED, DocumentStatus.RECALLED}

    @property
    def issued_iso(self) -> str | None:
        """The issue date in ISO form at its own precision."""
        if self.issued_on is None:
            return None
        if self.issued_precision == DatePrecision.YEAR:
            return f"{self.issued_on.year:04d}"
        if self.issued_precision == DatePrecision.MONTH:
            return f"{self.issued_on.year:04d}-{self.issued_on.month:02d}"
        return self.issued_on.isoformat()


class Reference(models.Model):
    """A document cited by another ("Thực hiện Kế hoạch số 2863/KH-BTTTT…").

    ``target`` links to the cited Document of the same agency once one with
    that number and symbol is registered, also when that happens later.
    """

    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("văn bản"),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    doc_type = models.CharField(_("loại văn bản"), max_length=5, blank=True)
    number = models.CharField(_("số"), max_length=20, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, blank=True)
    cite_key = models.CharField(
        max_length=90, blank=True, db_index=True, editable=False
    )
    issued = models.CharField(_("ngày"), max_length=10, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    text = models.TextField(_("trích dẫn"))
    target = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cited_by",
        verbose_name=_("văn bản được dẫn"),
    )

    class Meta:
        verbose_name = _("văn bản dẫn chiếu")
        verbose_name_plural = _("văn bản dẫn chiếu")
        ordering: ClassVar = ["document_id", "order"]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: object, **kwargs: object) -> None:
        self.cite_key = citation_key(self.number, self.symbol)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Recipient(models.Model):
    """A line of the "Nơi nhận" list, resolved to the directory where possible."""

    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("văn bản"),
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("nơi nhận"), max_length=255)
    purpose = models.CharField(_("mục đích"), max_length=100, blank=True)
    units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name=_("đơn vị")
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)

    class Meta:
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        ordering: ClassVar = ["document_id", "order"]

    def __str__(self) -> str:
        return self.name


class ImportJob(models.Model):
    """An uploaded file, parsed and waiting for the Office to review it.

    Nothing but this row and its file exist until the import is confirmed;
    confirming creates the document (and plan) in one transaction.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã nhập")
        CANCELLED = "cancelled", _("Đã hủy")

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="import_jobs"
    )
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(max_length=255)
    content_hash = models.CharField(max_length=64, db_index=True)
    parsed = models.JSONField()
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.INCOMING
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the file came from when it arrived by mail (IMAP polling).
    sender_email = models.EmailField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt nhập văn bản")
        verbose_name_plural = _("lượt nhập văn bản")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


# Models kept in their own modules, imported here so Django registers them
# with the documents app: the issuance workflow and signature configuration.
from kehoach.documents.flow_models import (  # noqa: E402
    Consultation,
    ConsultationResponse,
    Delegation,
    Distribution,
    DistributionRecipient,
    DocumentTransition,
    RegisterCounter,
)
from kehoach.documents.signatures.models import (  # noqa: E402
    SigningCertificate,
    TrustedCertificate,
)

__all__ = [
    "Consultation",
    "ConsultationResponse",
    "Delegation",
    "Distribution",
    "DistributionRecipient",
    "DocType",
    "Document",
    "DocumentTransition",
    "ImportJob",
    "Recipient",
    "Reference",
    "RegisterCounter",
    "SigningCertificate",
    "TrustedCertificate",
    "citation_key",
]
