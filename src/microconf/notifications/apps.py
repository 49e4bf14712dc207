from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "microconf.notifications"
    label = "notifications"
    verbose_name = "Notifications"
