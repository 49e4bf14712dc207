from django.apps import AppConfig


class InterestConfig(AppConfig):
    name = "microconf.interest"
    label = "interest"
    verbose_name = "Attendee interest"
