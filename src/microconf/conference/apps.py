from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "microconf.conference"
    label = "conference"
    verbose_name = "Conference"
