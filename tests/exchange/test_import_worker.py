"""The staff import page hands large files to the worker and shows how far it got."""

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from microconf.conference.models import Conference
from microconf.exchange import import_runs
from microconf.exchange.models import ImportRun
from microconf.people.models import Person, TeamMembership
from tests.exchange.test_import_limits import frab_json
from tests.pages import visible_text

# The worker closes the test's connection: a real transaction, as other task tests.
pytestmark = pytest.mark.django_db(transaction=True)


def _democon(shared_dir) -> SimpleUploadedFile:
    path = shared_dir / "realdata" / "schedules" / "democon-pretalx.schedule.json"
    return SimpleUploadedFile("democon.json", path.read_bytes())


@pytest.fixture
def staff(client):
    user = User.objects.create_user("staff", "staff@example.org", "pw", is_staff=True)
    client.force_login(user)
    return user


def _work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@override_settings(IMPORT_IN_WORKER_ABOVE_BYTES=1000)
def test_a_large_file_is_imported_by_the_worker_with_its_report(
    client, staff, shared_dir
):
    response = client.post("/manage/import/", {"file": _democon(shared_dir)})

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/manage/import/{run.pk}/"
    waiting = visible_text(client.get(response["Location"]).content)
    assert "Waiting for the worker" in waiting
    assert "No background worker is running." in waiting
    assert not Conference.objects.exists()

    _work()

    done = client.get(f"/manage/import/{run.pk}/")
    text = visible_text(done.content)
    assert "Imported 'DemoCon' as /democon/" in text
    assert "The file holds 36 events" in text
    assert b'http-equiv="refresh"' not in done.content
    assert Conference.objects.get().contributions.count() == 36
    assert TeamMembership.objects.get(user=staff).conference.slug == "democon"
    run.refresh_from_db()
    assert (run.state, bytes(run.data)) == (ImportRun.State.FINISHED, b"")


@override_settings(IMPORT_IN_WORKER_ABOVE_BYTES=1000)
def test_a_small_file_is_still_imported_while_the_page_waits(client, staff):
    upload = SimpleUploadedFile("small.json", frab_json())
    assert upload.size < 1000

    response = client.post("/manage/import/", {"file": upload})

    assert response.status_code == 200
    assert "Imported 'Limits' as /limits/" in visible_text(response.content)
    assert not ImportRun.objects.exists()


@override_settings(IMPORT_IN_WORKER_ABOVE_BYTES=100, IMPORT_MAX_PEOPLE=3)
def test_a_refusal_in_the_worker_is_told_on_the_page_and_nothing_is_written(
    client, staff
):
    upload = SimpleUploadedFile("people.json", frab_json(people=4))
    response = client.post("/manage/import/", {"file": upload})

    _work()

    text = visible_text(client.get(response["Location"]).content)
    assert "Refused — nothing was imported" in text
    assert (
        "The file holds 4 people; an import may hold at most 3 people. To import "
        "it, raise the setting IMPORT_MAX_PEOPLE (the environment variable of the "
        "same name). Nothing was imported."
    ) in text
    assert not Conference.objects.exists()
    assert not Person.objects.exists()


def test_the_page_shows_how_far_the_reading_got(client, staff):
    run = ImportRun.objects.create(
        requested_by=staff, filename="big.xml", state=ImportRun.State.RUNNING,
        progress={"stage": "reading", "done": 250, "total": 1007},
    )  # fmt: skip

    response = client.get(f"/manage/import/{run.pk}/")

    assert "Reading the file: 250 of 1007 events." in visible_text(response.content)
    assert b'<progress id="import-progress" max="1007" value="250"' in response.content
    assert b'http-equiv="refresh"' in response.content
    ImportRun.objects.filter(pk=run.pk).update(
        progress={"stage": "writing", "done": 1007, "total": 1007}
    )
    writing = visible_text(client.get(f"/manage/import/{run.pk}/").content)
    assert "Read all 1007 events; writing the conference" in writing


def test_the_worker_writes_its_progress_while_reading(staff, shared_dir, monkeypatch):
    path = shared_dir / "realdata" / "schedules" / "camp2019-frab.schedule.json"
    run = ImportRun.objects.create(
        requested_by=staff, filename="camp.json", data=path.read_bytes()
    )
    seen = []

    class Recording(import_runs._ProgressWriter):
        def __call__(self, done: int, total: int) -> None:
            super().__call__(done, total)
            seen.append(ImportRun.objects.get(pk=self.run_id).progress)

    monkeypatch.setattr(import_runs, "_ProgressWriter", Recording)
    monkeypatch.setattr(import_runs, "WRITE_EVERY", 0.0)

    import_runs.run(run.pk)

    assert seen[0] == {"stage": "reading", "done": 1, "total": 79}
    assert seen[-1] == {"stage": "reading", "done": 79, "total": 79}
    run.refresh_from_db()
    assert run.progress == {"stage": "writing", "done": 79, "total": 79}
    assert run.state == ImportRun.State.FINISHED


def test_another_persons_run_is_not_found(client, staff):
    other = User.objects.create_user("o", "o@example.org", "pw", is_staff=True)
    run = ImportRun.objects.create(requested_by=other, filename="x.json")

    assert client.get(f"/manage/import/{run.pk}/").status_code == 404


def test_people_who_may_not_import_cannot_follow_a_run(client):
    user = User.objects.create_user("u", "u@example.org", "pw")
    run = ImportRun.objects.create(requested_by=user, filename="x.json")
    client.force_login(user)

    assert client.get(f"/manage/import/{run.pk}/").status_code == 403
