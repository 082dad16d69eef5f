from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "kehoach.documents"
    label = "documents"
    verbose_name = _("Văn bản")

    def ready(self) -> None:
        # Imported here: they need the models (and reports) loaded.
        from kehoach.documents.decisions import workflow_waiting  # noqa: PLC0415
        from kehoach.reports.decisions import register_decision_provider  # noqa: PLC0415

        register_decision_provider(workflow_waiting)
