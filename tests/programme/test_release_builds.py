import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from microconf.audit.models import AuditEntry
from microconf.demo.builder import build_demo
from microconf.programme import builds as making
from microconf.programme.tasks import build_release_files
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


def test_the_domain_names_the_programmes_build_task_by_its_path():
    assert build_release_files.module_path == builds.TASK_PATH


@pytest.mark.django_db(transaction=True)
def test_a_queued_build_whose_task_is_gone_is_stale_and_rebuilt(
    client, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    build = _release(cast.conference, 1, cast.organiser)
    board_url = reverse("scheduling:board", args=["plumbers"])
    status_url = reverse("scheduling:build", args=["plumbers", 1])
    url = reverse("scheduling:rebuild", args=["plumbers", 1])
    client.force_login(cast.organiser)
    # Its task waits: genuinely active, so not stale, and Rebuild is refused.
    assert client.get(status_url).json()["stale"] is False
    assert "wait for it to end" in client.post(url, follow=True).content.decode()

    DBTaskResult.objects.all().delete()  # as after a restore, or a cleared queue

    status = client.get(status_url).json()
    assert (status["state"], status["stale"]) == ("queued", True)
    assert "No task for this build is left in the worker’s queue" in status["message"]
    board = client.get(board_url).content.decode()
    assert 'data-state="stale"' in board
    assert 'id="build-error" role="alert"' in board
    assert "restored from a backup, or the queue was emptied" in board
    assert "Rebuild the printable programme" in board
    assert client.get(reverse("print:conference", args=["plumbers"])).status_code == 404

    client.post(url)
    build.refresh_from_db()
    assert (build.attempt, build.state) == (2, "queued")
    entry = AuditEntry.objects.get(action="rebuild_programme")
    assert entry.data == {"release": 1, "attempt": 2, "stale": True}
    assert client.get(status_url).json()["stale"] is False
    _worker()
    build.refresh_from_db()
    assert build.state == "done", build.message


@pytest.mark.django_db(transaction=True)
def test_a_build_with_no_progress_for_long_is_rebuilt_and_its_old_attempt_stops(
    client, cast, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    _release(cast.conference, 1, cast.organiser)
    [task] = DBTaskResult.objects.all()
    build = builds.claim(*task.args_kwargs["args"])
    DBTaskResult.objects.filter(pk=task.pk).update(status=TaskResultStatus.RUNNING)
    builds.report_progress(build, 1, 3, "the printable programme")
    url = reverse("scheduling:rebuild", args=["plumbers", 1])
    client.force_login(cast.organiser)

    # Building, with its task running and fresh progress: refused.
    assert "wait for it to end" in client.post(url, follow=True).content.decode()
    assert ProgrammeBuild.objects.get().attempt == 1

    # No word from its worker for longer than LOST_AFTER: it lost its worker.
    long_ago = timezone.now() - builds.LOST_AFTER - dt.timedelta(minutes=1)
    progress = {**build.progress, "at": long_ago.isoformat()}
    ProgrammeBuild.objects.filter(pk=build.pk).update(progress=progress)
    board = client.get(reverse("scheduling:board", args=["plumbers"])).content.decode()
    assert "The worker stopped before it finished; rebuild it." in board
    client.post(url)
    again = ProgrammeBuild.objects.get()
    assert (again.attempt, again.state) == (2, "queued")

    # The old attempt, should its worker wake up, stops at its next step and
    # changes nothing: one build of the release at a time.
    with pytest.raises(builds.Replaced):
        builds.report_progress(build, 2, 3, "the static export")
    with pytest.raises(builds.Replaced):
        builds.store(build, builds.PROGRAMME, ContentFile(b"%PDF old", name="p.pdf"))
    builds.finish(build)
    again.refresh_from_db()
    assert (again.state, again.progress) == ("queued", {})
    assert not BuiltFile.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))
    _worker()
    again.refresh_from_db()
    assert again.state == "done", again.message
