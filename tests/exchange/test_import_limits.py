"""Each import limit (events, people, rooms, days per file) refuses a small file
that exceeds it, says which limit and how to raise it, and writes nothing."""

import json
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings

from microconf.audit.models import AuditEntry
from microconf.cfp.models import Contribution
from microconf.conference.models import Conference, Room
from microconf.exchange.imports import import_conference
from microconf.interchange import detect_and_import
from microconf.people.models import Person
from tests.pages import visible_text

pytestmark = pytest.mark.django_db


def frab_json(
    *, events: int = 1, people: int = 1, rooms: int = 1, days: int = 1
) -> bytes:
    """A small schedule.json: ``days`` days, ``rooms`` rooms, ``events`` events
    spread over them, and ``people`` distinct persons named on the first event."""
    room_names = [f"Room {n}" for n in range(rooms)]
    day_list = []
    for d in range(days):
        date = f"2024-05-{d + 1:02d}"
        by_room: dict[str, list] = {name: [] for name in room_names}
        day_list.append({
            "index": d, "date": date,
            "day_start": f"{date}T04:00:00+02:00", "day_end": f"{date}T23:59:00+02:00",
            "rooms": by_room,
        })  # fmt: skip
    for n in range(events):
        day = day_list[n % days]
        room = room_names[n % rooms]
        event_id, minute = n + 1, f"{n % 60:02d}"
        persons = (
            [{"id": p + 1, "public_name": f"Person {p}"} for p in range(people)]
            if n == 0
            else []
        )
        day["rooms"][room].append({
            "id": event_id, "guid": str(uuid.uuid4()), "title": f"Talk {event_id}",
            "date": f"{day['date']}T10:{minute}:00+02:00", "start": f"10:{minute}",
            "duration": "00:30", "room": room, "slug": f"talk-{event_id}",
            "type": "talk", "track": None, "language": "en", "abstract": "",
            "description": "", "persons": persons, "links": [], "attachments": [],
            "url": "",
        })  # fmt: skip
    return json.dumps({
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": "limits", "title": "Limits", "start": "2024-05-01",
                "end": day_list[-1]["date"], "daysCount": days,
                "timeslot_duration": "00:05", "time_zone_name": "Europe/Berlin",
                "rooms": [{"name": r, "guid": str(uuid.uuid4())} for r in room_names],
                "days": day_list,
            },
        }
    }).encode()  # fmt: skip


# (what the file exceeds, the setting lowered, file shape, the sentence's count)
CASES = [
    ("events", "IMPORT_MAX_EVENTS", {"events": 4}, "The file holds 4 events"),
    ("people", "IMPORT_MAX_PEOPLE", {"people": 4}, "The file holds 4 people"),
    ("rooms", "IMPORT_MAX_ROOMS", {"rooms": 4, "events": 4}, "The file holds 4 rooms"),
    ("days", "IMPORT_MAX_DAYS", {"days": 4, "events": 4}, "The file holds 4 days"),
]


def nothing_written() -> bool:
    return not (
        Conference.objects.exists()
        or Room.objects.exists()
        or Person.objects.exists()
        or Contribution.objects.exists()
        or AuditEntry.objects.filter(action="import").exists()
    )


def expected(what: str, setting: str, found: str) -> str:
    return (
        f"{found}; an import may hold at most 3 {what}. To import it, raise the "
        f"setting {setting} (the environment variable of the same name)."
    )


@pytest.mark.parametrize(("what", "setting", "shape", "found"), CASES)
def test_the_command_refuses_a_file_over_each_limit(
    tmp_path, what, setting, shape, found
):
    path = tmp_path / "limits.json"
    path.write_bytes(frab_json(**shape))

    with override_settings(**{setting: 3}), pytest.raises(CommandError) as error:
        call_command("import", path)

    assert expected(what, setting, found) in str(error.value)
    assert str(error.value).endswith("Nothing was imported.")
    assert nothing_written()


@pytest.mark.parametrize(("what", "setting", "shape", "found"), CASES)
def test_the_import_page_refuses_a_file_over_each_limit(
    client, what, setting, shape, found
):
    staff = User.objects.create_user("staff", "staff@example.org", "pw", is_staff=True)
    client.force_login(staff)
    upload = SimpleUploadedFile("limits.json", frab_json(**shape))

    with override_settings(**{setting: 3}):
        response = client.post("/manage/import/", {"file": upload})

    assert response.status_code == 400
    text = visible_text(response.content)
    assert expected(what, setting, found) in text
    assert "Nothing was imported." in text
    assert nothing_written()


@pytest.mark.parametrize(("what", "setting", "shape", "found"), CASES)
def test_a_file_at_each_limit_is_imported(tmp_path, what, setting, shape, found):
    smaller = dict.fromkeys(shape, 3)
    path = tmp_path / "limits.json"
    path.write_bytes(frab_json(**smaller))

    with override_settings(**{setting: 3}):
        call_command("import", path)

    assert Conference.objects.get().slug == "limits"


def test_one_speaker_on_many_talks_counts_once():
    # Four appearances of one person are one person, under a limit of three.
    document = json.loads(frab_json(events=4))
    for talks in document["schedule"]["conference"]["days"][0]["rooms"].values():
        for event in talks:
            event["persons"] = [{"id": 7, "public_name": "Ada"}]

    with override_settings(IMPORT_MAX_PEOPLE=3):
        import_conference(detect_and_import(json.dumps(document).encode(), "x.json"))

    assert Person.objects.count() == 1
