import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from microconf.audit.models import AuditEntry
from microconf.cfp.lifecycle import State
from microconf.notifications.models import MailKind, OutboxMail
from microconf.scheduling.models import Release
from microconf.scheduling.services import (
    RuleBreaksFound,
    pending_changes,
    release_schedule,
)
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
    talks, dogwood = sessions
    first, changed = release_schedule(cast.conference, by=cast.organiser)
    mails_after_first = OutboxMail.objects.filter(kind=MailKind.SCHEDULE_CHANGE).count()
    talks["Ring buffers"].room = dogwood
    talks["Ring buffers"].save()
    second, _ = release_schedule(cast.conference, by=cast.organiser)

    assert (first.number, second.number) == (1, 2)
    assert len(first.slots) == 3
    assert len(changed) == 3
    assert mails_after_first == 0


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


# Release integrity: nothing empty, no rule broken unseen, one count of changes.


def test_releasing_when_nothing_changed_is_refused(cast, sessions):
    release_schedule(cast.conference, by=cast.organiser)

    with pytest.raises(ValidationError, match="Nothing changed since release 1"):
        release_schedule(cast.conference, by=cast.organiser)

    assert Release.objects.count() == 1


def test_a_double_submitted_release_makes_one_release(client, cast, sessions):
    client.force_login(cast.organiser)
    url = reverse("scheduling:release", args=["plumbers"])
    release_schedule(cast.conference, by=cast.organiser)
    talks, dogwood = sessions
    talks["Kernel CI"].room = dogwood
    talks["Kernel CI"].save()

    client.post(url, {"note": "Kernel CI moves"})
    again = client.post(url, {"note": "Kernel CI moves"}, follow=True)

    assert Release.objects.count() == 2
    assert "Nothing changed since release 2" in visible_text(again.content.decode())


def _book_twice(talks) -> None:
    """Ring buffers joins Binder in Rust's room and hour, with its speaker."""
    binder, ring = talks["Binder in Rust"], talks["Ring buffers"]
    ring.start = binder.start
    ring.save()
    add_author(ring, binder.authorships.get().person)


def test_a_release_that_breaks_rules_is_refused_with_the_rules_named(cast, sessions):
    talks, _ = sessions
    release_schedule(cast.conference, by=cast.organiser)
    _book_twice(talks)

    with pytest.raises(RuleBreaksFound) as refused:
        release_schedule(cast.conference, by=cast.organiser)

    assert [b.message for b in refused.value.breaks] == [
        "Binder in Rust and Ring buffers overlap in room Magnolia",
        "Speaker 0 in both Binder in Rust and Ring buffers",
    ]
    assert Release.objects.count() == 1


def test_a_confirmed_release_with_rule_breaks_is_recorded_in_the_audit_log(
    cast, sessions
):
    talks, _ = sessions
    release_schedule(cast.conference, by=cast.organiser)
    _book_twice(talks)

    made, _ = release_schedule(cast.conference, by=cast.organiser, accept_breaks=True)

    entry = AuditEntry.objects.filter(action="release").last()
    assert made.number == 2
    assert entry.actor == cast.organiser
    assert [b["rule"] for b in entry.data["rule_breaks_confirmed"]] == [
        "room_double_booked",
        "person_double_booked",
    ]


def test_the_release_button_asks_to_confirm_rule_breaks_on_a_page(
    client, cast, sessions
):
    talks, _ = sessions
    client.force_login(cast.organiser)
    url = reverse("scheduling:release", args=["plumbers"])
    release_schedule(cast.conference, by=cast.organiser)
    _book_twice(talks)

    asked = client.post(url, {"note": "Ring buffers moves"})
    confirmed = client.post(url, {"note": "Ring buffers moves", "confirm_breaks": "1"})

    text = visible_text(asked.content.decode())
    assert asked.status_code == 409
    assert "The draft breaks 2 rules" in text
    assert "Binder in Rust and Ring buffers overlap in room Magnolia" in text
    assert "Mon 13 Nov 10:00" in text
    assert 'name="confirm_breaks"' in asked.content.decode()
    assert confirmed.status_code == 302
    assert Release.objects.get(number=2).note == "Ring buffers moves"


def test_pending_changes_count_a_withdrawn_talk_as_the_release_does(cast, sessions):
    talks, _ = sessions
    release_schedule(cast.conference, by=cast.organiser)
    talks["Kernel CI"].state = State.WITHDRAWN  # arranged directly, as above
    talks["Kernel CI"].save()

    pending = pending_changes(cast.conference)
    _, released = release_schedule(cast.conference, by=cast.organiser)

    assert [(c.kind, c.title) for c in pending] == [("cancelled", "Kernel CI")]
    assert pending == released
