from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "microconf.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"
