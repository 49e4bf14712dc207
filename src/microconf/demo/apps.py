from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "microconf.demo"
    label = "demo"
    verbose_name = "Demo"
