"""The desk's writes: who may make them, what they refuse, what the log keeps."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from microconf.audit.models import AuditEntry
from microconf.conference.models import Conference, Room
from microconf.desk import services
from microconf.people.models import TeamMembership
from tests.factories import make_contribution, make_room

pytestmark = pytest.mark.django_db


def _new_conference() -> Conference:
    return Conference(
        name="Storage Summit", slug="storage", start_date=dt.date(2031, 9, 15),
        end_date=dt.date(2031, 9, 16), timezone="Europe/Lisbon",
    )  # fmt: skip


def test_the_command_grants_and_revokes_conference_creation(cast):
    out = io.StringIO()
    call_command("allow_conference_creation", "ada@example.org", stdout=out)
    assert User.objects.get(pk=cast.attendee.pk).has_perm("desk.create_conference")

    call_command("allow_conference_creation", "ada@example.org", "--revoke", stdout=out)
    attendee = User.objects.get(pk=cast.attendee.pk)
    assert attendee.has_perm("desk.create_conference") is False


def test_the_command_refuses_an_unknown_address(db):
    with pytest.raises(CommandError, match=r"Nobody has signed up with x@example\.org"):
        call_command("allow_conference_creation", "x@example.org")


def test_the_creator_of_a_conference_becomes_its_organiser(cast):
    services.allow_conference_creation(cast.attendee)
    creator = User.objects.get(pk=cast.attendee.pk)

    conference = services.create_conference(_new_conference(), by=creator)

    assert TeamMembership.objects.get(conference=conference).user == creator
    assert creator.has_perm("desk.set_up_conference", conference)
    entry = AuditEntry.objects.get(conference=conference)
    assert (entry.action, entry.actor, entry.data["timezone"]) == (
        "conference-create", creator, "Europe/Lisbon",
    )  # fmt: skip


def test_without_the_permission_no_conference_is_created(cast):
    with pytest.raises(PermissionDenied):
        services.create_conference(_new_conference(), by=cast.organiser)

    assert not Conference.objects.filter(slug="storage").exists()


@pytest.mark.parametrize("role", ["committee_member", "rust_mc_runner", "speaker"])
def test_only_organisers_change_rooms(cast, role):
    room = Room(conference=cast.conference, name="Sala", capacity=10)

    with pytest.raises(PermissionDenied):
        services.save_part(cast.conference, room, by=getattr(cast, role), changed=[])

    assert not cast.conference.rooms.exists()


def test_a_room_with_placed_sessions_is_not_removed(cast):
    room = make_room(cast.conference)
    make_contribution(
        cast.refereed, room=room, start=dt.datetime(2031, 9, 15, 9, tzinfo=dt.UTC)
    )

    with pytest.raises(ValidationError, match="1 session"):
        services.remove_room(room, by=cast.organiser)

    assert Room.objects.filter(pk=room.pk).exists()


def test_a_runner_unknown_to_microconf_needs_a_name(cast):
    with pytest.raises(ValidationError, match="give their name"):
        services.add_runner(cast.tracing_mc, "new@example.org", "", by=cast.organiser)

    person = services.add_runner(
        cast.tracing_mc, "new@example.org", "Nia New", by=cast.organiser
    )
    assert list(cast.tracing_mc.runners.all()) == [
        person,
        cast.tracing_mc_runner.person,
    ]
    assert AuditEntry.objects.filter(action="runner-add").count() == 1


def test_the_new_conference_page_refuses_an_address_the_site_uses(client, cast):
    services.allow_conference_creation(cast.attendee)
    client.force_login(cast.attendee)

    response = client.post(
        "/conferences/new/",
        {"name": "X", "slug": "admin", "start_date": "2031-09-15",
         "end_date": "2031-09-16", "timezone": "Europe/Lisbon"},
    )  # fmt: skip

    assert response.status_code == 400
    assert "taken by the site itself" in response.content.decode()


def test_an_unknown_timezone_is_refused_in_words(client, cast):
    services.allow_conference_creation(cast.attendee)
    client.force_login(cast.attendee)

    response = client.post(
        "/conferences/new/",
        {"name": "X", "slug": "x", "start_date": "2031-09-15",
         "end_date": "2031-09-16", "timezone": "Mars/Olympus"},
    )  # fmt: skip

    assert response.status_code == 400
    assert "is not a timezone name" in response.content.decode()
