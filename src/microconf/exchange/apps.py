from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "microconf.exchange"
    label = "exchange"
    verbose_name = "Schedules in and out of the database"
