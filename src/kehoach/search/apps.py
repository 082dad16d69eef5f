from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "kehoach.search"
    label = "search"
    verbose_name = _("Tìm kiếm")

    def ready(self) -> None:
        from kehoach.search import sources  # noqa: PLC0415 -- registers the built-in sources and their signals once apps are loaded

        sources.register_builtin_sources()
