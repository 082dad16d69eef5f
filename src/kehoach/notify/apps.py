from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "kehoach.notify"
    label = "notify"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        # The rules and the periodic jobs register themselves on import.
        from kehoach.notify import channels, jobs, rules  # noqa: F401, PLC0415 -- registration side effect
