from django.apps import AppConfig


class CfpConfig(AppConfig):
    name = "microconf.cfp"
    label = "cfp"
    verbose_name = "Call for proposals"
