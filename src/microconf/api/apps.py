from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "microconf.api"
    label = "api"
    verbose_name = "REST API"
