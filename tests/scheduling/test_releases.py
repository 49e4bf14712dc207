import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from microconf.cfp.lifecycle import State
from microconf.notifications.models import MailKind, OutboxMail
from microconf.scheduling.models import Release
from microconf.scheduling.services import release_schedule
from tests.factories import add_author, make_contribution, make_person, make_room
from tests.pages import visible_text

START = dt.datetime(2023, 11, 13, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def sessions(cast):
    magnolia = make_room(cast.conference, name="Magnolia")
    dogwood = make_room(cast.conference, name="Dogwood")
    made = {}
    for n, title in enumerate(["Binder in Rust", "Ring buffers", "Kernel CI"]):
        talk = make_contribution(
            cast.refereed, title=title, state=State.CONFIRMED, room=magnolia,
            start=START + dt.timedelta(hours=n),
        )  # fmt: skip
        add_author(talk, make_person(name=f"Speaker {n}", email=f"s{n}@example.org"))
        made[title] = talk
    return made, dogwood


def test_releases_are_numbered_and_the_first_announces_nothing(cast, sessions):
    first, changed = release_schedule(cast.conference, by=cast.organiser)
    second, _ = release_schedule(cast.conference, by=cast.organiser)

    assert (first.number, second.number) == (1, 2)
    assert len(first.slots) == 3
    assert len(changed) == 3
    assert OutboxMail.objects.filter(kind=MailKind.SCHEDULE_CHANGE).count() == 0


def test_only_the_speakers_of_changed_sessions_hear_about_a_release(cast, sessions):
    talks, dogwood = sessions
    release_schedule(cast.conference, by=cast.organiser)
    moved = talks["Ring buffers"]
    moved.room = dogwood
    moved.save()
    cancelled = talks["Kernel CI"]
    cancelled.state = State.WITHDRAWN  # arranged directly: the test is about releases
    cancelled.save()

    _, changed = release_schedule(cast.conference, by=cast.organiser)

    assert [(c.kind, c.title) for c in changed] == [
        ("cancelled", "Kernel CI"),
        ("moved", "Ring buffers"),
    ]
    assert sorted(
        OutboxMail.objects.filter(
            kind__in=[MailKind.SCHEDULE_CHANGE, MailKind.SCHEDULE_CANCELLED]
        ).values_list("kind", "to_email")
    ) == [
        (MailKind.SCHEDULE_CANCELLED, "s2@example.org"),
        (MailKind.SCHEDULE_CHANGE, "s1@example.org"),
    ]


def test_a_release_cannot_be_changed(cast, sessions):
    release, _ = release_schedule(cast.conference, by=cast.organiser)
    release.note = "rewritten history"

    with pytest.raises(ValueError, match="immutable"):
        release.save()


def test_only_organisers_release(cast, sessions):
    with pytest.raises(PermissionDenied):
        release_schedule(cast.conference, by=cast.committee_member)

    assert Release.objects.count() == 0


def test_the_public_changelog_lists_what_moved(client, cast, sessions):
    talks, dogwood = sessions
    client.force_login(cast.organiser)
    url = reverse("scheduling:release", args=["plumbers"])
    client.post(url, {"note": "First"})
    talks["Binder in Rust"].room = dogwood
    talks["Binder in Rust"].save()
    client.post(url, {"note": "Binder moved"})
    client.logout()

    text = visible_text(
        client.get(reverse("scheduling:changelog", args=["plumbers"])).content
    )

    assert "Release 2" in text
    assert (
        "Binder in Rust: Magnolia,\nMon, Nov 13, 2023, 10:00 – 10:30\n→ Dogwood,\n"
        "Mon, Nov 13, 2023, 10:00 – 10:30"
    ) in text
    assert "The first published schedule: 3 sessions." in text
    assert "Release the current schedule" not in text
