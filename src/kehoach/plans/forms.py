from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kehoach.documents.enums import Direction
from kehoach.orgs.models import Unit
from kehoach.plans.enums import PlanStatus


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp văn bản"),
        help_text=_("TXT, DOCX, PDF, HTML hoặc ảnh chụp (PNG, JPEG, TIFF)."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.KEHOACH_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn: tối đa %(mb)s MB."),
                params={"mb": limit // (1024 * 1024)},
            )
        return upload


def unit_label(unit: Unit) -> str:
    return unit.agency.name if unit.is_root else unit.name


class ReviewForm(forms.Form):
    """The Office's choices on the review page: direction, plan status and a
    unit choice for each way the document names a unit."""

    direction = forms.ChoiceField(label=_("Loại văn bản"), choices=Direction.choices)
    plan_status = forms.ChoiceField(
        label=_("Trạng thái kế hoạch"),
        choices=[
            (PlanStatus.ACTIVE, PlanStatus.ACTIVE.label),
            (PlanStatus.DRAFT, PlanStatus.DRAFT.label),
        ],
        initial=PlanStatus.ACTIVE,
    )
    remember = forms.BooleanField(
        label=_("Ghi nhớ các lựa chọn đơn vị cho lần nhập sau"),
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args: Any,
        phrases: list[str],
        units: list[Unit],
        initial_units: dict[str, list[int]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.phrases = phrases
        choices = [(str(u.pk), unit_label(u)) for u in units]
        for index, phrase in enumerate(phrases):
            self.fields[f"unit_{index}"] = forms.MultipleChoiceField(
                choices=choices,
                required=False,
                label=phrase,
                widget=forms.SelectMultiple(attrs={"size": 4}),
            )
            self.initial[f"unit_{index}"] = [
                str(i) for i in initial_units.get(phrase, [])
            ]

    def mapping(self) -> dict[str, list[int]]:
        """Phrase → unit ids chosen (only phrases with a choice)."""
        out: dict[str, list[int]] = {}
        for index, phrase in enumerate(self.phrases):
            ids = [int(v) for v in self.cleaned_data.get(f"unit_{index}") or []]
            if ids:
                out[phrase] = ids
        return out

    def phrase_fields(self) -> list[tuple[str, forms.BoundField]]:
        return [(p, self[f"unit_{i}"]) for i, p in enumerate(self.phrases)]
