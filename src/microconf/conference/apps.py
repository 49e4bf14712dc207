from django.apps import AppConfig
from PIL import Image

from microconf.conference import images


class ConferenceConfig(AppConfig):
    name = "microconf.conference"
    label = "conference"
    verbose_name = "Conference"

    def ready(self) -> None:
        # Pillow's own decompression-bomb check follows the setting, so it never
        # refuses, with its own words, an image the setting allows (it only
        # errors at twice its limit; images.check_pixels refuses at once).
        Image.MAX_IMAGE_PIXELS = images.max_pixels()
