"""Models of the issuance workflow: the timeline of a document, register
counters, delegations, distribution to recipients and consultation on a
draft. Imported by ``documents.models`` so Django finds them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kehoach.documents.enums import (
    ConsultationAnswer,
    DelegationKind,
    DeliveryChannel,
    MailStatus,
    RegisterKind,
    TransitionAction,
)


class DocumentTransition(models.Model):
    """One step of a document's life: who did what, when, with what comment,
    and on whose behalf (under a delegation)."""

    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("văn bản"),
    )
    action = models.CharField(
        _("thao tác"), max_length=16, choices=TransitionAction.choices
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=12, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=200, blank=True)
    on_behalf_of = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("thay mặt"),
    )
    on_behalf_name = models.CharField(_("thay mặt"), max_length=200, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước xử lý văn bản")
        verbose_name_plural = _("các bước xử lý văn bản")
        ordering: ClassVar = ["document_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.action} {self.actor_name}"


class RegisterCounter(models.Model):
    """The last number given in one register of one agency in one calendar
    year. Incremented by a conditional UPDATE inside the registering
    transaction, so numbers are consecutive and never repeat."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.CASCADE, related_name="register_counters"
    )
    register = models.CharField(max_length=10, choices=RegisterKind.choices)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm sổ văn bản")
        verbose_name_plural = _("bộ đếm sổ văn bản")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["agency", "register", "year"],
                name="documents_register_counter_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.register}/{self.year}: {self.last}"


class Delegation(models.Model):
    """A leader lets a deputy (KT.) or an authorised person (TUQ.) approve
    and sign in their place for a period (both days included)."""

    agency = models.ForeignKey(
        "orgs.Agency", on_delete=models.CASCADE, related_name="delegations"
    )
    delegator = models.ForeignKey(
        "orgs.Person",
        on_delete=models.CASCADE,
        related_name="delegations_given",
        verbose_name=_("người ủy quyền"),
    )
    delegate = models.ForeignKey(
        "orgs.Person",
        on_delete=models.CASCADE,
        related_name="delegations_received",
        verbose_name=_("người được ủy quyền"),
    )
    kind = models.CharField(
        _("hình thức"),
        max_length=4,
        choices=DelegationKind.choices,
        default=DelegationKind.KT,
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    note = models.CharField(_("phạm vi, ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("ủy quyền ký")
        verbose_name_plural = _("ủy quyền ký")
        ordering: ClassVar = ["-starts_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="documents_delegation_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate} ({self.starts_on}–{self.ends_on})"


class Distribution(models.Model):
    """Sending an issued document to everyone on its Nơi nhận."""

    document = models.OneToOneField(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="distribution",
        verbose_name=_("văn bản"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt phát hành")
        verbose_name_plural = _("lượt phát hành")

    def __str__(self) -> str:
        return f"{self.document}"


class DistributionRecipient(models.Model):
    """One addressee of a distribution: a unit or person of the agency (in
    the app and by e-mail) or an outside organisation (by e-mail with the
    files and a personal acknowledgement link)."""

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="recipients"
    )
    line = models.ForeignKey(
        "documents.Recipient",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    channel = models.CharField(
        _("hình thức"), max_length=10, choices=DeliveryChannel.choices
    )
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("nơi nhận"), max_length=255)
    purpose = models.CharField(_("mục đích"), max_length=100, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    mail_status = models.CharField(
        _("thư"),
        max_length=10,
        choices=MailStatus.choices,
        default=MailStatus.PENDING,
    )
    mail_detail = models.CharField(
        _("phản hồi máy chủ thư"), max_length=500, blank=True
    )
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_name = models.CharField(
        _("người xác nhận"), max_length=200, blank=True
    )
    acknowledged_via = models.CharField(_("xác nhận qua"), max_length=10, blank=True)
    recall_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nơi nhận phát hành")
        verbose_name_plural = _("nơi nhận phát hành")
        ordering: ClassVar = ["distribution_id", "id"]
        indexes: ClassVar = [
            models.Index(fields=["unit", "acknowledged_at"]),
            models.Index(fields=["person", "acknowledged_at"]),
        ]

    def __str__(self) -> str:
        return self.name


class Consultation(models.Model):
    """Asking chosen people or units for their opinion on a draft."""

    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("văn bản"),
    )
    message = models.TextField(_("nội dung đề nghị"), blank=True)
    deadline = models.DateField(_("hạn góp ý"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lấy ý kiến")
        verbose_name_plural = _("lấy ý kiến")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document} ({self.deadline})"


class ConsultationResponse(models.Model):
    """One invitee's answer (empty until they answer)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    unit = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("người, đơn vị được hỏi"), max_length=255)
    email = models.EmailField(_("thư điện tử"), blank=True)
    answer = models.CharField(
        _("ý kiến"), max_length=10, choices=ConsultationAnswer.choices, blank=True
    )
    comment = models.TextField(_("góp ý"), blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_name = models.CharField(_("người trả lời"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering: ClassVar = ["consultation_id", "id"]

    def __str__(self) -> str:
        return self.name
