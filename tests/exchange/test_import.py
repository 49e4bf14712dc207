import datetime as dt
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from microconf.cfp.models import Contribution
from microconf.conference.models import Conference
from microconf.interchange import MAX_IMPORT_BYTES, detect_and_import
from microconf.people.models import Person, TeamMembership
from tests.pages import visible_text

pytestmark = pytest.mark.django_db


def _file(shared_dir, name):
    return shared_dir / "realdata" / "schedules" / name


@pytest.mark.parametrize(
    ("name", "slug", "events"),
    [
        ("fosdem2021-pentabarf.schedule.xml", "fosdem-2021", 773),
        ("debconf23-wafer.schedule.xml", "debconf23", 117),
        ("xdc2021-indico-event-contributions.json", "xdc", 37),
        ("lca2020.ics", "lca", 262),
        ("democon-pretalx.schedule.json", "democon", 36),
        ("camp2019-frab.schedule.json", "camp", 79),
        ("38c3-hub-20251206.schedule.xml", "38c3", 1007),
        ("38c3-hub-excerpt.schedule2.json", "38c3-excerpt", 2),
    ],
)
def test_real_schedules_become_conferences(shared_dir, name, slug, events, capsys):
    call_command("import", _file(shared_dir, name), conference=slug)

    conference = Conference.objects.get(slug=slug)
    assert conference.contributions.count() == events
    assert not conference.contributions.filter(room__isnull=True).exists()
    assert "Read as" in capsys.readouterr().out


def test_debconf_times_land_at_the_right_instant(shared_dir):
    call_command("import", _file(shared_dir, "debconf23-wafer.schedule.xml"))

    conference = Conference.objects.get()
    opening = conference.contributions.get(title="Opening Ceremony")
    assert conference.timezone == "Asia/Kolkata"
    # The file writes 10:30 local time next to a +00:00 offset; 05:00 UTC is right.
    assert opening.start == dt.datetime(2023, 9, 10, 5, 0, tzinfo=dt.UTC)


def test_an_invalid_file_is_refused_naming_the_problem_and_writes_nothing(shared_dir):
    with pytest.raises(CommandError) as error:
        call_command("import", _file(shared_dir, "invalid-example.schedule.json"))

    assert '"id" must be an integer' in str(error.value)
    assert str(error.value).endswith("Nothing was imported.")
    assert (Conference.objects.count(), Person.objects.count()) == (0, 0)


def test_an_existing_address_is_refused(shared_dir):
    call_command("import", _file(shared_dir, "democon-pretalx.schedule.json"))

    with pytest.raises(CommandError) as error:
        call_command("import", _file(shared_dir, "democon-pretalx.schedule.json"))

    assert "A conference with the address /democon/ exists already" in str(error.value)
    assert Contribution.objects.count() == 36


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">'
            b'<!ENTITY b "&a;&a;">]><schedule>&b;</schedule>',
            "entity declarations are refused",
        ),
        (b"{" * 10000 + b"}" * 10000, "nest"),
        (b"just some text", "not a recognised schedule format"),
    ],
)
def test_hostile_files_are_refused_with_a_message(tmp_path, content, message):
    path = tmp_path / "hostile.xml"
    path.write_bytes(content)

    with pytest.raises(CommandError) as error:
        call_command("import", path)

    assert message.lower() in str(error.value).lower()
    assert Conference.objects.count() == 0


def test_an_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.xml"
    with path.open("wb") as f:
        f.truncate(MAX_IMPORT_BYTES + 1)

    with pytest.raises(CommandError) as error:
        call_command("import", path)

    assert "is over the limit of" in str(error.value)


def test_staff_import_through_the_page_and_become_its_organiser(client, shared_dir):
    staff = User.objects.create_user("staff", "staff@example.org", "pw", is_staff=True)
    client.force_login(staff)
    upload = SimpleUploadedFile(
        "democon.json", _file(shared_dir, "democon-pretalx.schedule.json").read_bytes()
    )

    response = client.post("/manage/import/", {"file": upload, "slug": "democon"})

    assert response.status_code == 200
    assert "Imported 'DemoCon' as /democon/" in visible_text(response.content)
    assert TeamMembership.objects.get(user=staff).conference.slug == "democon"


def test_the_page_explains_a_broken_file(client, shared_dir):
    staff = User.objects.create_user("staff", "staff@example.org", "pw", is_staff=True)
    client.force_login(staff)
    upload = SimpleUploadedFile("broken.xml", b"<schedule><conference>")

    response = client.post("/manage/import/", {"file": upload})

    assert response.status_code == 400
    assert "Nothing was imported." in visible_text(response.content)
    assert Conference.objects.count() == 0


def test_the_command_is_reachable_from_the_console(tmp_path, shared_dir):
    result = subprocess.run(
        [sys.executable, "-m", "microconf", "import", "--help"],
        capture_output=True, text=True, check=False, timeout=60,
        env={
            "MICROCONF_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin",
            "SECRET_KEY": "a-test-key",
        },
    )  # fmt: skip

    assert result.returncode == 0
    assert "all or nothing" in result.stdout


def test_import_export_import_gives_the_same_programme(client, shared_dir):
    call_command("import", _file(shared_dir, "democon-pretalx.schedule.json"))
    first = Conference.objects.get()

    exported = client.get(f"/{first.slug}/schedule.json").content
    again = detect_and_import(exported, "schedule.json").schedule

    def programme(events) -> set[tuple]:
        return {(e.title, e.start, e.room, e.track, tuple(p.name for p in e.persons))
                for e in events}  # fmt: skip

    stored = {
        (c.title, c.start, c.room.name, c.track.name,
         tuple(a.person.name for a in c.authorships.all()))
        for c in first.contributions.select_related("room", "track")
        .prefetch_related("authorships__person")
    }  # fmt: skip
    assert programme(again.events) == stored
    assert again.timezone == first.timezone
