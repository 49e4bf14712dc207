from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "microconf.people"
    label = "people"
    verbose_name = "People"
