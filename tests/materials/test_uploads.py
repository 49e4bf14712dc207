import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from microconf.cfp.lifecycle import State
from microconf.materials.models import Material
from tests.factories import add_author, make_contribution

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def talk(cast):
    talk = make_contribution(cast.refereed, state=State.CONFIRMED, title="Ring buffers")
    add_author(talk, cast.speaker.person, is_speaker=True)
    return talk


def _upload(client, cast, talk, name, content, **extra):
    client.force_login(cast.speaker)
    return client.post(
        reverse("materials:add", args=[cast.conference.slug, talk.pk]),
        {
            "kind": "slides",
            "title": "",
            "file": SimpleUploadedFile(name, content),
            **extra,
        },
        follow=True,
    )


def _stored(media):
    return [p for p in media.rglob("*") if p.is_file()]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def _odp() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.presentation")
        z.writestr("content.xml", "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "stored_as"),
    [
        ("slides.pdf", PDF, "slides.pdf"),
        ("deck.odp", _odp(), "deck.odp"),
        ("photo.png", _png(), "photo.png"),
        ("renamed.txt", PDF, "renamed.pdf"),  # the bytes decide the extension
    ],
)
def test_accepted_files_are_stored_under_random_names(
    client, cast, talk, media, name, content, stored_as
):
    _upload(client, cast, talk, name, content)

    material = Material.objects.get()
    assert material.original_name == stored_as
    assert name.split(".")[0] not in material.file.name
    with material.file.open("rb") as stored:
        assert stored.read() == content


def test_an_oversized_file_is_refused_and_nothing_is_stored(client, cast, talk, media):
    cast.conference.material_max_mb = 1
    cast.conference.save()

    response = _upload(client, cast, talk, "big.pdf", PDF + b"0" * (1024 * 1024))

    assert "The file is 1.0 MiB; the limit is 1 MiB." in response.content.decode()
    assert (Material.objects.count(), _stored(media)) == (0, [])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("slides.pdf", b"MZ\x90\x00 this is a Windows program"),
        ("slides.pdf", b"<html><script>alert(1)</script></html>"),
        (
            "logo.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("notes.odp", b"PK\x03\x04 broken zip"),
    ],
)
def test_files_disguised_by_their_extension_are_refused(
    client, cast, talk, media, name, content
):
    response = _upload(client, cast, talk, name, content)

    assert "is not a file this conference accepts, whatever its name says" in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert (Material.objects.count(), _stored(media)) == (0, [])


def test_a_type_the_conference_does_not_allow_is_refused(client, cast, talk, media):
    cast.conference.material_families = ["pdf"]
    cast.conference.save()

    response = _upload(client, cast, talk, "photo.png", _png())

    assert "Accepted: PDF." in response.content.decode()
    assert _stored(media) == []


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "/abs/path/x.pdf", "a\x00b.pdf"],
)
def test_path_traversal_names_are_made_harmless(client, cast, talk, media, name):
    _upload(client, cast, talk, name, PDF)

    material = Material.objects.get()
    assert "/" not in material.original_name
    assert "\\" not in material.original_name
    assert ".." not in material.original_name
    assert all(p.resolve().is_relative_to(media) for p in _stored(media))


def test_downloads_are_attachments_that_are_never_sniffed(client, cast, talk, media):
    _upload(client, cast, talk, "slides.pdf", PDF)
    material = Material.objects.get()
    client.logout()

    response = client.get(material.href)

    body = b"".join(response.streaming_content)
    response.close()
    assert body == PDF
    assert response["Content-Disposition"] == 'attachment; filename="slides.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_materials_of_a_private_contribution_stay_private(client, cast, media):
    draft = make_contribution(cast.refereed, state=State.SUBMITTED)
    add_author(draft, cast.speaker.person)
    _upload(client, cast, draft, "slides.pdf", PDF)
    material = Material.objects.get()

    client.force_login(cast.attendee)
    assert client.get(material.href).status_code == 404
    client.force_login(cast.speaker)
    response = client.get(material.href)
    response.close()
    assert response.status_code == 200


def test_strangers_cannot_add_or_remove_materials(client, cast, talk, media):
    _upload(client, cast, talk, "slides.pdf", PDF)
    material = Material.objects.get()
    client.force_login(cast.attendee)

    added = client.post(
        reverse("materials:add", args=[cast.conference.slug, talk.pk]),
        {"kind": "slides", "url": "https://example.org/x"},
    )
    removed = client.post(
        reverse("materials:remove", args=[cast.conference.slug, material.pk])
    )

    assert (added.status_code, removed.status_code) == (404, 404)
    assert Material.objects.count() == 1


def test_removing_deletes_the_stored_file(
    client, cast, talk, media, django_capture_on_commit_callbacks
):
    _upload(client, cast, talk, "slides.pdf", PDF)
    material = Material.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("materials:remove", args=[cast.conference.slug, material.pk])
        )

    assert (Material.objects.count(), _stored(media)) == (0, [])
