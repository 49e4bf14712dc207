"""Images are refused by their pixels, read from the header, before any decoding.

The files are crafted headers: a few dozen bytes that state a huge size, so the
pixels are never allocated (decoding them is what the limit prevents).
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageFile

from microconf.audit.models import AuditEntry
from microconf.cfp.lifecycle import State
from microconf.conference.images import Header, read_header, too_many_pixels
from microconf.conference.models import Sponsor, SponsorTier
from microconf.materials.models import Material
from tests.crafted_images import gif, gif_frame_beyond_its_screen, jpeg, png, webp
from tests.factories import add_author, make_contribution
from tests.pages import visible_text


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
    assert read_header(webp(16000, 16000)) == Header("WEBP", 16000, 16000)
    assert read_header(webp(100, 50)) is None  # small, and then not a WebP at all
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


LIMIT = "; the limit is 40 megapixels. Scale it down, or raise IMAGE_MAX_PIXELS."


def _stored(media):
    return [p for p in media.rglob("*") if p.is_file()]


def _real_png(width: int = 40, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        # 400 megapixels: Pillow's own check answered first ("SVG is not accepted").
        (png(20000, 20000), "This image is 20000 × 20000 pixels (400 megapixels)"),
        # 144 megapixels: under Pillow's default error threshold, so it was decoded.
        (png(12000, 12000), "This image is 12000 × 12000 pixels (144 megapixels)"),
        (png(6325, 6325), "This image is 6325 × 6325 pixels (40.01 megapixels)"),
        (gif(60000, 60000), "This image is 60000 × 60000 pixels (3600 megapixels)"),
        (jpeg(30000, 20000), "This image is 30000 × 20000 pixels (600 megapixels)"),
        # WebP's reader refuses a huge canvas itself, before its decoder allocates it.
        (webp(16000, 16000), "This image is 16000 × 16000 pixels (256 megapixels)"),
    ],
    ids=["png-400mp", "png-144mp", "png-just-over", "gif", "jpeg", "webp"],
)
def test_a_logo_with_too_many_pixels_is_refused_in_words(
    client, cast, media, no_decoding, content, sentence
):
    response = _add_logo(client, cast, content)

    assert response.status_code == 400
    text = visible_text(response.content)
    assert sentence + LIMIT in text
    assert "SVG is not accepted" not in text
    assert Sponsor.objects.count() == 0
    assert _stored(media) == []


def test_an_image_refused_by_pillow_while_reading_its_header_is_told_in_words(
    client, cast, media, no_decoding
):
    response = _add_logo(client, cast, gif_frame_beyond_its_screen(60000, 60000))

    assert response.status_code == 400
    assert (
        "This image is larger than the limit of 40 megapixels. Scale it down, or "
        "raise IMAGE_MAX_PIXELS."
    ) in visible_text(response.content)
    assert Sponsor.objects.count() == 0
    assert _stored(media) == []


def test_a_logo_just_within_the_limit_is_not_refused_for_its_pixels(
    client, cast, media, no_decoding
):
    # 6324 × 6324 is 39.99 megapixels: past the header check, the (refused)
    # decoding is reached, so the pixel check let it through.
    with pytest.raises(AssertionError, match="an image was decoded"):
        _add_logo(client, cast, png(6324, 6324))


def test_a_normal_logo_is_accepted_and_resized(client, cast, media):
    response = _add_logo(client, cast, _real_png(960, 240))

    assert response.status_code == 302
    sponsor = Sponsor.objects.get()
    with sponsor.logo.open("rb") as stored, Image.open(stored) as logo:
        assert (logo.format, logo.size) == ("PNG", (480, 120))


def test_the_pixel_limit_follows_the_setting(client, cast, media, settings):
    settings.IMAGE_MAX_PIXELS = 500_000
    response = _add_logo(client, cast, png(2000, 1000))

    assert (
        "This image is 2000 × 1000 pixels (2 megapixels); the limit is 0.5 megapixels."
    ) in visible_text(response.content)
    assert Sponsor.objects.count() == 0


def test_pillow_refuses_to_decode_past_the_same_limit(settings):
    """Any code path that skipped the check still cannot decode a larger image."""
    settings.IMAGE_MAX_PIXELS = 1_000_000
    with Image.open(io.BytesIO(png(1000, 1000))) as image:
        assert image.size == (1000, 1000)
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(png(1000, 1001)))

    settings.IMAGE_MAX_PIXELS = 40_000_000
    assert Image.MAX_IMAGE_PIXELS * 2 == 40_000_000


def test_the_oversized_logo_sentence_is_in_mib(client, cast, media):
    response = _add_logo(client, cast, _real_png() + b"\0" * (5 * 1024 * 1024))

    assert "The logo is over 5 MiB; send a smaller image." in visible_text(
        response.content
    )
    assert Sponsor.objects.count() == 0


def test_the_sentence_is_german_in_german():
    with translation.override("de"):
        sentence = too_many_pixels(Header("PNG", 20000, 20000))

    assert "20000 × 20000" in sentence
    assert "400" in sentence
    assert "IMAGE_MAX_PIXELS" in sentence
    assert "Scale it down" not in sentence


@pytest.fixture
def talk(cast):
    cast.conference.material_families = ["pdf", "image"]
    cast.conference.save()
    talk = make_contribution(cast.refereed, state=State.CONFIRMED)
    add_author(talk, cast.speaker.person, is_speaker=True)
    return talk


def _add_material(client, cast, talk, content: bytes):
    client.force_login(cast.speaker)
    return client.post(
        reverse("materials:add", args=[cast.conference.slug, talk.pk]),
        {"kind": "slides", "title": "", "file": SimpleUploadedFile("p.png", content)},
        follow=True,
    )


@pytest.mark.parametrize(
    ("content", "sentence"),
    [
        (png(20000, 20000), "This image is 20000 × 20000 pixels (400 megapixels)"),
        (jpeg(30000, 20000), "This image is 30000 × 20000 pixels (600 megapixels)"),
        (webp(16000, 16000), "This image is 16000 × 16000 pixels (256 megapixels)"),
        (gif_frame_beyond_its_screen(60000, 60000), "This image is larger than the"),
    ],
    ids=["png", "jpeg", "webp", "gif-frame-beyond-its-screen"],
)
def test_an_image_material_with_too_many_pixels_is_refused_in_words(
    client, cast, media, talk, no_decoding, content, sentence
):
    audit_before = AuditEntry.objects.count()

    response = _add_material(client, cast, talk, content)

    text = visible_text(response.content)
    assert sentence in text
    assert "megapixels. Scale it down, or raise IMAGE_MAX_PIXELS." in text
    assert "is not a file this conference accepts" not in text
    assert Material.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before
    assert _stored(media) == []


def test_a_normal_image_material_is_accepted(client, cast, media, talk):
    _add_material(client, cast, talk, _real_png())

    assert Material.objects.get().original_name == "p.png"
    assert len(_stored(media)) == 1
