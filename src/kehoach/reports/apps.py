from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kehoach.reports"
    label = "reports"
    verbose_name = _("Báo cáo, tổng quan")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created  # noqa: PLC0415 -- once apps are loaded

        from kehoach.reports import freshness  # noqa: PLC0415 -- once apps are loaded

        connection_created.connect(
            freshness.install, dispatch_uid="kehoach-data-version"
        )
