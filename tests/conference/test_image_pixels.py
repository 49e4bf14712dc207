"""Images are refused by their pixels, read from the header, before any decoding.

The files are crafted headers: a few dozen bytes that state a huge size, so the
pixels are never allocated (decoding them is what the limit prevents).
"""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ImageFile

from microconf.cfp.lifecycle import State
from microconf.conference.images import Header, read_header
from microconf.conference.models import Sponsor, SponsorTier
from microconf.materials.models import Material
from tests.factories import add_author, make_contribution
from tests.pages import visible_text


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )  # fmt: skip


def gif(width: int, height: int) -> bytes:
    return (
        b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0)
        + b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
        + b"\x02\x02\x44\x01\x00;"
    )  # fmt: skip


def jpeg(width: int, height: int) -> bytes:
    return (
        b"\xff\xd8\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1)
        + b"\x01\x11\x00\xff\xda" + struct.pack(">HB", 8, 1)
        + b"\x01\x00\x00\x3f\x00\x00\xff\xd9"
    )  # fmt: skip


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if any image is decoded."""

    def refuse(self, *args, **kwargs):
        raise AssertionError("an image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_header_gives_the_size_without_decoding(no_decoding):
    assert read_header(png(20000, 20000)) == Header("PNG", 20000, 20000)
    assert read_header(gif(60000, 60000)) == Header("GIF", 60000, 60000)
    assert read_header(jpeg(30000, 20000)) == Header("JPEG", 30000, 20000)
    assert read_header(b'<svg xmlns="http://www.w3.org/2000/svg"/>') is None
    assert len(png(20000, 20000)) < 100


def _add_logo(client, cast, content: bytes):
    client.force_login(cast.organiser)
    url = reverse("conference:sponsors", args=[cast.conference.slug])
    client.post(url, {"tier_name": "Gold"})
    return client.post(
        url,
        {
            "tier": SponsorTier.objects.get().pk, "name": "Huge", "url": "https://h.example",
            "logo": SimpleUploadedFile("logo.png", content),
        },
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        # 400 megapixels: Pillow's own check would answer first ("SVG is not accepted").
        (png(20000, 20000), "This image is 20000×20000 pixels (400.0 megapixels)"),
        # 144 megapixels: under Pillow's error threshold, so it was decoded (2.4 s).
        (png(12000, 12000), "This image is 12000×12000 pixels (144.0 megapixels)"),
        (gif(60000, 60000), "This image is 60000×60000 pixels (3,600.0 megapixels)"),
        (jpeg(30000, 20000), "This image is 30000×20000 pixels (600.0 megapixels)"),
    ],
)
def test_a_logo_with_too_many_pixels_is_refused_in_words(
    client, cast, media, no_decoding, content, sentence
):
    response = _add_logo(client, cast, content)

    assert response.status_code == 400
    text = visible_text(response.content)
    assert (
        f"{sentence}; the limit is 50 megapixels. Send a smaller image, or raise "
        "the setting IMAGE_MAX_MEGAPIXELS."
    ) in text
    assert "SVG is not accepted" not in text
    assert Sponsor.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_the_pixel_limit_follows_the_setting(client, cast, media, settings):
    settings.IMAGE_MAX_MEGAPIXELS = 0.5
    response = _add_logo(client, cast, png(1000, 1000))

    assert "This image is 1000×1000 pixels (1.0 megapixels); the limit is 0.5 " in (
        visible_text(response.content)
    )


def test_an_image_material_with_too_many_pixels_is_refused_in_words(
    client, cast, media, no_decoding
):
    cast.conference.material_families = ["pdf", "image"]
    cast.conference.save()
    talk = make_contribution(cast.refereed, state=State.CONFIRMED)
    add_author(talk, cast.speaker.person, is_speaker=True)
    client.force_login(cast.speaker)

    response = client.post(
        reverse("materials:add", args=[cast.conference.slug, talk.pk]),
        {"kind": "slides", "title": "", "file": SimpleUploadedFile("p.png", png(20000, 20000))},
        follow=True,
    )  # fmt: skip

    text = visible_text(response.content)
    assert "This image is 20000×20000 pixels (400.0 megapixels)" in text
    assert "is not a file this conference accepts" not in text
    assert Material.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []
