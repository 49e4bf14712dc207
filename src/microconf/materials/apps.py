from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "microconf.materials"
    label = "materials"
    verbose_name = "Materials"
