"""An uploaded image's size in pixels, read from its header before anything is decoded.

A small file can hold a huge image (a 400-megapixel PNG of one colour is a few
kilobytes); decoding it costs seconds and gigabytes. Pillow's own check refuses
such files with an error that says nothing a person can act on, so the header
is read here, through the same format readers but without decoding, and the
pixels are compared with ``IMAGE_MAX_MEGAPIXELS`` first, with their own message.
"""

import io
import struct
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from PIL import Image

#: The image formats microconf accepts (never SVG: it can carry scripts).
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")


@dataclass(frozen=True, slots=True)
class Header:
    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


def max_pixels() -> int:
    return int(settings.IMAGE_MAX_MEGAPIXELS * 1_000_000)


def read_header(data: bytes) -> Header | None:
    """The format and size the header of these bytes states, or None if not an image.

    Pillow's format readers parse only the header when opened; ``Image.open``
    would also apply its decompression-bomb check, which is what must not
    answer first here.
    """
    Image.init()
    prefix = data[:16]
    for name in FORMATS:
        factory, accept = Image.OPEN[name]
        if accept is not None and not accept(prefix):
            continue
        try:
            with factory(io.BytesIO(data), None) as image:
                width, height = image.size
        except (SyntaxError, IndexError, TypeError, ValueError, OSError, struct.error):
            return None
        return Header(name, width, height)
    return None


def too_many_pixels(header: Header) -> str | None:
    """The sentence refusing an image larger than the setting allows, or None."""
    if header.pixels <= max_pixels():
        return None
    return gettext(
        "This image is %(width)s×%(height)s pixels (%(megapixels)s megapixels); the "
        "limit is %(limit)s megapixels. Send a smaller image, or raise the setting "
        "IMAGE_MAX_MEGAPIXELS."
    ) % {
        "width": header.width,
        "height": header.height,
        "megapixels": f"{header.pixels / 1_000_000:,.1f}",
        "limit": f"{settings.IMAGE_MAX_MEGAPIXELS:g}",
    }


def check_pixels(data: bytes, *, field: str) -> Header | None:
    """Raise a ValidationError on ``field`` if the image holds too many pixels."""
    header = read_header(data)
    if header is not None:
        refusal = too_many_pixels(header)
        if refusal is not None:
            raise ValidationError({field: refusal})
    return header
