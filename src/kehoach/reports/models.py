"""The data version: one counter that every committed change to plans,
documents or the directory moves forward (see :mod:`kehoach.reports.freshness`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A single row (id 1). Computed pages are cached under its value, so a
    change anywhere makes every cached page stale at once, in every
    process."""

    version = models.BigIntegerField(_("phiên bản dữ liệu"), default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self) -> str:
        return str(self.version)
