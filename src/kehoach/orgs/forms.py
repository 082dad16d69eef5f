"""Forms of the directory pages: shape only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

IMPORT_EXTENSIONS = (".csv", ".xlsx")


class DirectoryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh bạ (CSV hoặc XLSX)"),
        help_text=_("Tải mẫu, điền các trang Cơ quan, Đơn vị, Cán bộ rồi tải lên."),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(IMPORT_EXTENSIONS):
            raise forms.ValidationError(_("Chỉ nhận tệp CSV hoặc XLSX."))
        if (upload.size or 0) > settings.KEHOACH_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn."))
        return upload


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên mã truy cập"),
        max_length=100,
        help_text=_("Ví dụ: tên kịch bản hay hệ thống sẽ dùng mã này."),
    )
