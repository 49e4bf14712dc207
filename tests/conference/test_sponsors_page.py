import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from microconf.conference.models import Sponsor, SponsorTier
from tests.pages import visible_text


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _image(size=(2000, 500), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, fmt)
    return out.getvalue()


def _post(client, cast, **data):
    client.force_login(cast.organiser)
    return client.post(reverse("conference:sponsors", args=["plumbers"]), data)


def test_organiser_adds_a_tier_and_a_sponsor_whose_logo_is_resized(client, cast, media):
    _post(client, cast, tier_name="Diamond")
    tier = SponsorTier.objects.get()

    response = _post(
        client, cast, tier=tier.pk, name="Aurora Silicon", url="https://a.example",
        logo=SimpleUploadedFile("logo.jpg", _image(fmt="JPEG")),
    )  # fmt: skip

    sponsor = Sponsor.objects.get()
    assert response.status_code == 302
    with Image.open(sponsor.logo.path) as logo:
        assert (logo.format, logo.size) == ("PNG", (480, 120))
    served = client.get(sponsor.logo.url)
    served.close()
    assert served.status_code == 200


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"<html><script>alert(1)</script>",
        b"GIF89a broken",
    ],
)
def test_a_logo_that_is_not_an_image_is_refused(client, cast, media, content):
    _post(client, cast, tier_name="Gold")

    response = _post(
        client, cast, tier=SponsorTier.objects.get().pk, name="Evil",
        logo=SimpleUploadedFile("logo.png", content),
    )  # fmt: skip

    assert response.status_code == 400
    assert "The logo must be a PNG, JPEG, GIF or WebP image" in visible_text(
        response.content
    )
    assert Sponsor.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_a_tier_name_twice_is_explained(client, cast, media):
    _post(client, cast, tier_name="Gold")

    response = _post(client, cast, tier_name="Gold")

    assert "There is a tier “Gold” already." in visible_text(response.content)
    assert SponsorTier.objects.count() == 1


def test_only_organisers_manage_sponsors(client, cast):
    client.force_login(cast.committee_member)

    response = client.post(
        reverse("conference:sponsors", args=["plumbers"]), {"tier_name": "X"}
    )

    assert response.status_code == 403
    assert SponsorTier.objects.count() == 0
