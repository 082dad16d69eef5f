"""Upload of a signed PDF to check."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class SignatureCheckForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp PDF đã ký số"),
        help_text=gettext_lazy(
            "Tệp PDF có chữ ký số (PAdES / Adobe), tối đa {limit} MB."
        ),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        limit = settings.KEHOACH_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa {limit} MB).").format(
                    limit=limit // (1024 * 1024)
                )
            )
        data: bytes = upload.read()
        if not data.lstrip()[:5] == b"%PDF-":
            raise forms.ValidationError(_("Tệp không phải PDF."))
        return data

    @property
    def help_text(self) -> str:
        limit = settings.KEHOACH_MAX_UPLOAD_BYTES // (1024 * 1024)
        return str(self.fields["file"].help_text).format(limit=limit)
