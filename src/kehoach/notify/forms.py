"""Input shapes of the notification pages (business rules: services)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from kehoach.notify.enums import PERSONAL_CHANNELS, NotificationKind, WebhookEvent
from kehoach.notify.models import Gateway, NotificationSettings, UserPreference
from kehoach.notify.preferences import channels_for

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PreferencesForm(forms.Form):
    """One checkbox per kind and outside channel, quiet hours, chat id."""

    quiet_start = forms.TimeField(
        label=_("Giờ yên lặng từ"), required=False, widget=TIME_WIDGET
    )
    quiet_end = forms.TimeField(label=_("đến"), required=False, widget=TIME_WIDGET)
    chat_id = forms.CharField(
        label=_("Mã người nhận trên ứng dụng chat"), required=False, max_length=100
    )

    def __init__(self, *args: Any, preference: UserPreference, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "quiet_start": preference.quiet_start,
                "quiet_end": preference.quiet_end,
                "chat_id": preference.chat_id,
            },
        )
        super().__init__(*args, **kwargs)
        for kind, _label in NotificationKind.choices:
            chosen = channels_for(preference.channels, kind)
            for channel in PERSONAL_CHANNELS:
                self.fields[f"{kind}__{channel}"] = forms.BooleanField(
                    required=False, initial=channel in chosen
                )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": kind,
                "label": label,
                "fields": [self[f"{kind}__{c}"] for c in PERSONAL_CHANNELS],
            }
            for kind, label in NotificationKind.choices
        ]

    def channels(self) -> dict[str, list[str]]:
        return {
            kind: [c for c in PERSONAL_CHANNELS if self.cleaned_data[f"{kind}__{c}"]]
            for kind in NotificationKind.values
        }


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = NotificationSettings
        exclude: ClassVar = ["agency", "updated_by"]
        widgets: ClassVar = {
            "send_time": TIME_WIDGET,
            "digest_time": TIME_WIDGET,
            "weekly_time": TIME_WIDGET,
        }


class GatewayForm(forms.ModelForm):  # type: ignore[type-arg]
    url = forms.URLField(label=_("Địa chỉ URL"), max_length=500, assume_scheme="https")

    class Meta:
        model = Gateway
        fields: ClassVar = [
            "name",
            "url",
            "method",
            "body_format",
            "body_template",
            "auth_header_name",
            "auth_header_value",
            "timeout_seconds",
            "is_active",
        ]
        widgets: ClassVar = {
            "body_template": forms.Textarea(attrs={"rows": 3}),
            "auth_header_value": forms.PasswordInput(render_value=True),
        }


class SubscriptionForm(forms.Form):
    name = forms.CharField(label=_("Tên hệ thống nhận"), max_length=100)
    url = forms.URLField(
        label=_("Địa chỉ URL nhận sự kiện"), max_length=500, assume_scheme="https"
    )
    events = forms.MultipleChoiceField(
        label=_("Sự kiện"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )
