from django.apps import AppConfig

from microconf.conference import images


class ConferenceConfig(AppConfig):
    name = "microconf.conference"
    label = "conference"
    verbose_name = "Conference"

    def ready(self) -> None:
        images.apply_to_pillow()
