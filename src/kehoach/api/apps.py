from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kehoach.api"
    label = "api"
    verbose_name = "API"
