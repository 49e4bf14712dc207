"""An uploaded image's size in pixels, read from its header before anything is decoded.

A small file can hold a huge image (a 400-megapixel PNG of one colour is a few
kilobytes); decoding it costs seconds and gigabytes. Pillow's own check refuses
such files with an error that says nothing a person can act on, so the header
is read here, through Pillow's format readers but without decoding, and the
pixels are compared with ``IMAGE_MAX_PIXELS`` first, with their own sentence.
"""

import io
import struct
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext
from PIL import Image

#: The image formats microconf accepts (never SVG: it can carry scripts).
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")


@dataclass(frozen=True, slots=True)
class Header:
    format: str
    width: int
    height: int
    #: Pillow refused the header itself as past its limit, before stating a size.
    beyond_pillow: bool = False

    @property
    def pixels(self) -> int:
        return self.width * self.height


def max_pixels() -> int:
    return settings.IMAGE_MAX_PIXELS


def apply_to_pillow() -> None:
    """Make Pillow refuse to decode anything over the setting, on every code path.

    Pillow warns above ``MAX_IMAGE_PIXELS`` and raises DecompressionBombError
    only above twice that; half the setting puts its hard stop exactly at the
    limit, so nothing that skipped ``check_pixels`` can decode a larger image.
    Its warning between the two would only be noise about allowed images.
    """
    Image.MAX_IMAGE_PIXELS = max_pixels() / 2
    warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


@receiver(setting_changed)
def _follow_the_setting(*, setting: str, **kwargs: Any) -> None:
    if setting == "IMAGE_MAX_PIXELS":
        apply_to_pillow()


def read_header(data: bytes) -> Header | None:
    """The format and size the header of these bytes states, or None if not an image.

    Pillow's format readers parse only the header when opened. ``Image.open``
    would also apply its decompression-bomb check, which must not answer first.
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
        except Image.DecompressionBombError:
            # Some readers check while reading the header (WebP before its decoder
            # allocates the canvas, a GIF frame larger than its screen).
            size = _webp_size(data) if name == "WEBP" else None
            if size is None:
                return Header(name, 0, 0, beyond_pillow=True)
            return Header(name, *size)
        except (SyntaxError, IndexError, TypeError, ValueError, OSError, struct.error):
            return None
        return Header(name, width, height)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    """The canvas size a WebP header states (RFC 9649)."""
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack_from("<HH", data, 26)
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        return width, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def _megapixels(pixels: int, *, unlike: int | None = None) -> str:
    """Megapixels, with as many decimals as it takes to differ from ``unlike``."""
    for decimals in range(1, 7):
        shown = f"{round(pixels / 1_000_000, decimals):g}"
        if unlike is None or shown != _megapixels(unlike):
            break
    return shown


def limit_in_megapixels() -> str:
    """The limit as the pages tell it, e.g. "40"."""
    return _megapixels(max_pixels())


def too_many_pixels(header: Header) -> str | None:
    """The sentence refusing an image larger than the setting allows, or None."""
    if header.beyond_pillow:
        return gettext(
            "This image is larger than the limit of %(limit)s megapixels. Scale it "
            "down, or raise IMAGE_MAX_PIXELS."
        ) % {"limit": limit_in_megapixels()}
    if header.pixels <= max_pixels():
        return None
    return gettext(
        "This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
        "the limit is %(limit)s megapixels. Scale it down, or raise IMAGE_MAX_PIXELS."
    ) % {
        "width": header.width,
        "height": header.height,
        "megapixels": _megapixels(header.pixels, unlike=max_pixels()),
        "limit": limit_in_megapixels(),
    }


def check_pixels(data: bytes, *, field: str) -> Header | None:
    """Raise a ValidationError on ``field`` if the image holds too many pixels."""
    header = read_header(data)
    if header is not None:
        refusal = too_many_pixels(header)
        if refusal is not None:
            raise ValidationError({field: refusal})
    return header
