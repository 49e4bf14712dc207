from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "microconf.operations"
    label = "operations"
    verbose_name = "Backup and restore"
