from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "microconf.programme"
    label = "programme"
    verbose_name = "Programme"
