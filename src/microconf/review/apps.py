from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "microconf.review"
    label = "review"
    verbose_name = "Review"
