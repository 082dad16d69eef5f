"""Forms of the issuance workflow pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.documents.enums import ConsultationAnswer, DelegationKind, DocType
from kehoach.orgs.models import Person, Unit

PURPOSES = [
    ("", _("(không ghi)")),
    ("để báo cáo", _("để báo cáo")),
    ("để thực hiện", _("để thực hiện")),
    ("để phối hợp", _("để phối hợp")),
    ("để biết", _("để biết")),
]


def unit_choice_label(unit: Unit) -> str:
    return unit.agency.name if unit.is_root else unit.name


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Ý kiến"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RecipientLineForm(forms.Form):
    """A Nơi nhận line: directory units, or a free-text addressee with an
    e-mail address, and its purpose."""

    name = forms.CharField(label=_("Nơi nhận"), required=False, max_length=255)
    units = forms.MultipleChoiceField(
        label=_("Đơn vị trong danh bạ"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    person = forms.TypedChoiceField(
        label=_("Cá nhân trong cơ quan"), required=False, coerce=int, empty_value=None
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=PURPOSES, required=False)

    def __init__(
        self,
        *args: Any,
        units: list[Unit],
        people: list[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), unit_choice_label(u)) for u in units
        ]
        self.fields["person"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (p.pk, f"{p.full_name} – {p.position}") for p in people or []
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("name")
            or data.get("units")
            or data.get("email")
            or data.get("person")
        ):
            raise forms.ValidationError(
                _("Chọn đơn vị trong danh bạ hoặc ghi tên và địa chỉ thư.")
            )
        return data


class DirectionForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến chỉ đạo"), widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_units = forms.MultipleChoiceField(
        label=_("Đơn vị chủ trì"), widget=forms.SelectMultiple(attrs={"size": 5})
    )
    support_units = forms.MultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    deadline = forms.DateField(
        label=_("Hạn xử lý"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(u.pk), u.name) for u in units]
        self.fields["lead_units"].choices = choices  # type: ignore[attr-defined]
        self.fields["support_units"].choices = choices  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SenderForm(forms.Form):
    email = forms.EmailField(label=_("Thư điện tử nơi gửi"))


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, required=False)
    doc_type = forms.ChoiceField(label=_("Loại văn bản"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        self.fields["doc_type"].choices = [("", _("Tất cả"))] + [  # type: ignore[attr-defined]
            (v, label) for v, label in DocType.choices if v
        ]


class DelegationForm(forms.Form):
    delegate = forms.ModelChoiceField(
        label=_("Người được ủy quyền"), queryset=Person.objects.none()
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=DelegationKind.choices)
    starts_on = forms.DateField(
        label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Phạm vi, ghi chú"), required=False, max_length=255)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = people  # type: ignore[attr-defined]


class ConsultationForm(forms.Form):
    units = forms.MultipleChoiceField(
        label=_("Đơn vị được hỏi ý kiến"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    people = forms.MultipleChoiceField(
        label=_("Cá nhân được hỏi ý kiến"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    outside = forms.CharField(
        label=_("Bên ngoài (mỗi dòng: Tên <địa chỉ thư>)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    deadline = forms.DateField(
        label=_("Hạn góp ý"), widget=forms.DateInput(attrs={"type": "date"})
    )
    message = forms.CharField(
        label=_("Nội dung đề nghị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, units: list[Unit], people: list[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [  # type: ignore[attr-defined]
            (str(u.pk), unit_choice_label(u)) for u in units
        ]
        self.fields["people"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), f"{p.full_name} – {p.position}") for p in people
        ]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Ý kiến"),
        choices=ConsultationAnswer.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Góp ý"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    name = forms.CharField(label=_("Người trả lời"), required=False, max_length=200)
