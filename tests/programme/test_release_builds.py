import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from microconf.audit.models import AuditEntry
from microconf.demo.builder import build_demo
from microconf.programme import builds as making
from microconf.scheduling import builds
from microconf.scheduling.models import BuiltFile, ProgrammeBuild, Release
from tests.programme.conftest import fetched


@pytest.mark.django_db(transaction=True)
def test_a_release_is_built_by_the_worker_and_served_from_storage(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    build_demo()
    [build] = ProgrammeBuild.objects.all()
    assert build.state == "queued"

    waiting = client.get(reverse("print:conference", args=["lpc2023"]))
    assert waiting.status_code == 503
    assert waiting["Retry-After"]

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    build.refresh_from_db()
    assert build.state == "done", build.message
    stored = BuiltFile.objects.get(build=build, name="programme.pdf")
    response = client.get(reverse("print:conference", args=["lpc2023"]))
    assert response.status_code == 200
    with stored.file.open("rb") as f:
        expected = f.read()
    assert b"".join(response.streaming_content) == expected
    response.close()
    assert response["ETag"]
    assert response["Last-Modified"]
    again = client.get(
        reverse("print:conference", args=["lpc2023"]),
        HTTP_IF_NONE_MATCH=response["ETag"],
    )
    assert again.status_code == 304


def _release(conference, number: int, by) -> ProgrammeBuild:
    """Release ``number``, with its build queued (as ``release_schedule`` does)."""
    with transaction.atomic():
        release = Release.objects.create(
            conference=conference, number=number, released_by=by
        )
        return builds.queue(release)


def _worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_failed_build_is_shown_on_the_board_with_its_message(
    client, cast, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts installed")

    monkeypatch.setattr(making, "render_pdf", broken)
    build = _release(cast.conference, 1, cast.organiser)
    _worker()

    build.refresh_from_db()
    assert build.state == "failed"
    assert "the printable programme failed: RuntimeError: no fonts" in build.message
    client.force_login(cast.organiser)
    board = client.get(reverse("scheduling:board", args=["plumbers"])).content.decode()
    assert 'id="build-error" role="alert"' in board
    assert "RuntimeError: no fonts installed" in board
    assert "Rebuild the printable programme" in board
    # Nothing was built and nothing earlier exists: the address says so in words.
    public = client.get(reverse("print:conference", args=["plumbers"]))
    assert public.status_code == 404
    assert "Release 1 has no printable programme" in public.content.decode()


@pytest.mark.django_db(transaction=True)
def test_rebuild_is_for_organisers_and_refused_while_the_build_is_active(
    client, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    build = _release(cast.conference, 1, cast.organiser)
    url = reverse("scheduling:rebuild", args=["plumbers", 1])

    client.force_login(cast.committee_member)
    assert client.post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        builds.rebuild(cast.conference, 1, by=cast.committee_member)

    client.force_login(cast.organiser)
    waiting = client.post(url, follow=True).content.decode()
    assert "is being built already; wait for it to end" in waiting
    build.refresh_from_db()
    assert (build.attempt, build.state) == (1, "queued")

    _worker()
    build.refresh_from_db()
    assert build.state == "done", build.message
    client.post(url)
    build.refresh_from_db()
    assert (build.attempt, build.state) == (2, "queued")
    assert AuditEntry.objects.filter(action="rebuild_programme").count() == 1
    # The files already built stay served until the new ones replace them.
    assert fetched(client.get(reverse("print:conference", args=["plumbers"])))
    _worker()
    build.refresh_from_db()
    assert build.state == "done", build.message
    assert BuiltFile.objects.filter(build=build, name="programme.pdf").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_previous_release_is_served_while_the_next_builds_or_failed(
    client, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = _release(cast.conference, 1, cast.organiser)
    _worker()
    first.refresh_from_db()
    assert first.state == "done", first.message
    second = _release(cast.conference, 2, cast.organiser)
    address = reverse("print:conference", args=["plumbers"])

    building = client.get(address)
    assert building["X-Microconf-Release"] == "1"
    old = fetched(building)
    builds.fail(second, "Building the printable programme failed: test")
    failed = client.get(address)
    assert failed["X-Microconf-Release"] == "1"
    assert fetched(failed) == old
    # The release's own address never changes meaning: 2 has no file.
    assert client.get(reverse("print:release", args=["plumbers", 2])).status_code == 404
    assert fetched(client.get(reverse("print:release", args=["plumbers", 1]))) == old


@pytest.mark.django_db
def test_before_the_first_release_the_pdf_address_says_why_in_words(client, cast):
    response = client.get(reverse("print:conference", args=["plumbers"]))

    assert response.status_code == 404
    text = response.content.decode()
    assert "made when the schedule is first released" in text
    assert "it has not been released yet" in text
    track = client.get(reverse("print:track", args=["plumbers", "refereed"]))
    assert track.status_code == 404
    assert "it has not been released yet" in track.content.decode()
