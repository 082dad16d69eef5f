"""Forms of the unit inbox, the board and the task page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.lib.widgets import CompactSelect
from kehoach.orgs.models import Unit
from kehoach.plans.enums import BOARD_STATUSES, TaskRole, TaskStatus
from kehoach.plans.evidence import ACCEPT, max_evidence_bytes
from kehoach.plans.services.bulk import BulkAction, BulkItem
from kehoach.plans.task_queries import (
    SORT_CHOICES,
    DueFilter,
    Scope,
    StatusFilter,
    TaskFilters,
)

NOTE_MAX = 5000


class PlainLabels(forms.Form):
    """Labels without Django's trailing colon, like the rest of the site."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _evidence_help() -> str:
    return str(_("PDF, DOCX, XLSX, JPEG hoặc PNG, tối đa {mb} MB mỗi tệp.")).format(
        mb=max_evidence_bytes() // (1024 * 1024)
    )


class EvidenceFields(PlainLabels):
    """Note, files and links: shared by progress and contribution forms."""

    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = MultipleFileField(label=_("Tệp minh chứng"), required=False)
    links = forms.CharField(
        label=_("Đường dẫn minh chứng"),
        help_text=_("Mỗi dòng một địa chỉ http:// hoặc https://"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _evidence_help()

    def link_list(self) -> list[str]:
        text = self.cleaned_data.get("links") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ProgressForm(EvidenceFields):
    # Every status validates here; the service decides who may set which.
    status = forms.ChoiceField(label=_("Trạng thái"), choices=TaskStatus.choices)
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    field_order = ("status", "percent", "note", "attachments", "links", "version")

    def __init__(
        self, *args: Any, status_choices: Sequence[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Offer only what this viewer may choose.
        self.fields["status"].widget.choices = status_choices


class ContributionForm(EvidenceFields):
    pass


class ReopenForm(PlainLabels):
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReassignForm(PlainLabels):
    unit = forms.TypedChoiceField(label=_("Giao cho đơn vị"), coerce=int)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, units: Sequence[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (u.pk, u.name) for u in units
        ]

    def chosen_unit(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]


class StatusMoveForm(forms.Form):
    """The board's per-card "move to" control."""

    status = forms.ChoiceField(choices=[(s, s) for s in BOARD_STATUSES])
    version = forms.IntegerField(min_value=1)


class TaskFilterForm(PlainLabels):
    """The inbox's filters (GET). Unknown values are ignored, not errors."""

    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("ví dụ: tri an tham hoi")}
        ),
    )
    scope = forms.ChoiceField(label=_("Phạm vi"), required=False, widget=CompactSelect)
    unit = forms.TypedChoiceField(
        label=_("Đơn vị"), required=False, coerce=int, widget=CompactSelect
    )
    plan = forms.TypedChoiceField(
        label=_("Kế hoạch"), required=False, coerce=int, widget=CompactSelect
    )
    role = forms.ChoiceField(
        label=_("Vai trò"),
        required=False,
        choices=[("", _("Tất cả")), *list(TaskRole.choices)],
        widget=CompactSelect,
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=StatusFilter.CHOICES,
        widget=CompactSelect,
    )
    due = forms.ChoiceField(
        label=_("Thời hạn"),
        required=False,
        choices=[("", _("Tất cả")), *list(DueFilter.CHOICES)],
        widget=CompactSelect,
    )
    sort = forms.ChoiceField(
        label=_("Sắp xếp"), required=False, choices=SORT_CHOICES, widget=CompactSelect
    )

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        agency_wide: bool,
        units: Sequence[Unit],
        plans: Sequence[tuple[int, str]],
    ) -> None:
        super().__init__(data)
        scopes = list(Scope.CHOICES) if agency_wide else list(Scope.CHOICES[:1])
        self.fields["scope"].choices = scopes  # type: ignore[attr-defined]
        self.fields["unit"].choices = [("", _("Tất cả"))] + [  # type: ignore[attr-defined]
            (u.pk, u.name) for u in units
        ]
        self.fields["plan"].choices = [("", _("Tất cả")), *plans]  # type: ignore[attr-defined]
        self.is_valid()

    def filters(self) -> TaskFilters:
        data = self.cleaned_data
        return TaskFilters(
            scope=data.get("scope") or Scope.MINE,
            unit_id=data.get("unit") or None,
            plan_id=data.get("plan") or None,
            role=data.get("role") or None,
            status=data.get("status") or StatusFilter.OPEN,
            due=data.get("due") or "",
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or "due",
        )


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("Thao tác"), choices=BulkAction.CHOICES)
    status = forms.ChoiceField(
        label=_("Trạng thái mới"),
        required=False,
        choices=[("", "—")] + [(s, TaskStatus(s).label) for s in BOARD_STATUSES],
    )
    unit = forms.TypedChoiceField(
        label=_("Đơn vị nhận"), required=False, coerce=int, empty_value=None
    )
    tasks = forms.TypedMultipleChoiceField(coerce=int)

    def __init__(self, data: Any, *, units: Sequence[Unit]) -> None:
        super().__init__(data)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (u.pk, u.name) for u in units
        ]
        # The ids are checked by the service (visibility, permission).
        self.fields["tasks"].choices = [  # type: ignore[attr-defined]
            (v, v) for v in data.getlist("tasks") if str(v).isdigit()
        ]
        self.fields["tasks"].error_messages["required"] = _("Chưa chọn nhiệm vụ nào.")

    def items(self) -> list[BulkItem]:
        out = []
        for task_id in self.cleaned_data["tasks"]:
            raw = self.data.get(f"version_{task_id}")
            version = int(raw) if raw and str(raw).isdigit() else None
            out.append(BulkItem(task_id=task_id, version=version))
        return out

    def chosen_unit(self) -> Unit | None:
        unit_id = self.cleaned_data.get("unit")
        return self.units.get(unit_id) if unit_id else None
