"""Forms of the plan editor."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kehoach.documents.forms import PURPOSES, unit_choice_label
from kehoach.orgs.models import Person, Unit
from kehoach.plans.enums import DueKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


START_CHOICES = [
    ("template", _("Theo mẫu (Mục đích, yêu cầu – Nội dung – Tổ chức thực hiện)")),
    ("blank", _("Văn bản trống")),
]


class NewPlanForm(forms.Form):
    title = forms.CharField(label=_("Trích yếu"), max_length=1000)
    start = forms.ChoiceField(
        label=_("Bắt đầu"),
        choices=START_CHOICES,
        widget=forms.RadioSelect,
        initial="template",
    )


class UploadPlanForm(forms.Form):
    file = forms.FileField(label=_("Tệp dự thảo (TXT, DOCX, PDF, HTML)"))


class CopyPlanForm(forms.Form):
    plan = forms.TypedChoiceField(label=_("Kế hoạch năm trước"), coerce=int)
    year = forms.IntegerField(
        label=_("Năm của kế hoạch mới"), min_value=2000, max_value=2100
    )

    def __init__(self, *args: Any, plans: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [  # type: ignore[attr-defined]
            (p.pk, f"{p.year} – {p.document.reference_label} {p.document.title[:80]}")
            for p in plans
        ]


class HeaderForm(forms.Form):
    title = forms.CharField(
        label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2})
    )
    issuer_parent = forms.CharField(
        label=_("Cơ quan chủ quản"), required=False, max_length=255
    )
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=100)
    month = forms.TypedChoiceField(
        label=_("Tháng ban hành (dự kiến)"),
        coerce=int,
        required=False,
        choices=[("", "—")] + [(m, str(m)) for m in range(1, 13)],
    )


class CitationForm(forms.Form):
    text = forms.CharField(
        label=_("Gõ trích dẫn"),
        max_length=1000,
        help_text=_("Ví dụ: Kế hoạch số 2863/KH-BTTTT ngày 18/7/2023 của Bộ TTTT"),
    )


class SectionForm(forms.Form):
    label = forms.CharField(label=_("Số mục"), required=False, max_length=20)
    heading = forms.CharField(label=_("Tiêu đề"), required=False, max_length=1000)
    text = forms.CharField(
        label=_("Nội dung (mỗi dòng một đoạn; dòng bắt đầu bằng “-” là gạch đầu dòng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ActivityForm(forms.Form):
    label = forms.CharField(label=_("Số thứ tự"), required=False, max_length=20)
    title = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2})
    )
    lead = forms.MultipleChoiceField(
        label=_("Đơn vị chủ trì"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    support = forms.MultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    due_kind = forms.ChoiceField(
        label=_("Loại thời hạn"), required=False, choices=[("", "—"), *DueKind.choices]
    )
    due_date = forms.DateField(label=_("Thời hạn"), required=False, widget=DATE_WIDGET)
    funding = forms.CharField(label=_("Kinh phí"), required=False, max_length=255)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(u.pk), unit_choice_label(u)) for u in units]
        self.fields["lead"].choices = choices  # type: ignore[attr-defined]
        self.fields["support"].choices = choices  # type: ignore[attr-defined]


class DutyForm(forms.Form):
    label = forms.CharField(label=_("Số thứ tự"), required=False, max_length=20)
    title = forms.CharField(
        label=pgettext_lazy("nhiệm vụ tổ chức thực hiện", "Nhiệm vụ"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lead = forms.MultipleChoiceField(
        label=_("Đơn vị thực hiện"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), unit_choice_label(u)) for u in units
        ]


class SignerForm(forms.Form):
    signer = forms.TypedChoiceField(label=_("Người ký"), coerce=int, required=False)

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (p.pk, f"{p.full_name} – {p.position}") for p in people
        ]


class ArchiveForm(forms.Form):
    archive = forms.CharField(
        label=pgettext_lazy("nơi lưu bản gốc", "Lưu"), required=False, max_length=200
    )


__all__ = ["PURPOSES"]
