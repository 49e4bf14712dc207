from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "microconf.audit"
    label = "audit"
    verbose_name = "Audit log"
