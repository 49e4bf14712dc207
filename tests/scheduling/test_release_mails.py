"""The mails a release drafts: to changed sessions' authors and moved MCs' runners."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Contribution
from microconf.notifications.models import MailKind, MailTemplate, OutboxMail
from microconf.scheduling.services import release_schedule
from tests.factories import add_author, make_contribution, make_person, make_room

START = dt.datetime(2023, 11, 13, 15, 0, tzinfo=dt.UTC)  # 10:00 in Richmond
SCHEDULE_KINDS = [MailKind.SCHEDULE_CHANGE, MailKind.SCHEDULE_CANCELLED]


@pytest.fixture
def timetable(cast):
    """A talk, and the Rust MC's block of two topics, released once."""
    magnolia = make_room(cast.conference, name="Magnolia")
    dogwood = make_room(cast.conference, name="Dogwood")
    talk = make_contribution(
        cast.refereed, title="Ring buffers", room=magnolia, start=START
    )
    add_author(talk, make_person(name="Rita Rings", email="rita@example.org"))
    make_contribution(
        cast.proposals, title="Rust MC", kind=Contribution.Kind.MC_PROPOSAL,
        state=State.ACCEPTED, microconference=cast.rust_mc,
    )  # fmt: skip
    topics = []
    for n in range(2):
        topic = make_contribution(
            cast.rust_mc, title=f"Rust topic {n}", kind=Contribution.Kind.TOPIC,
            room=dogwood, start=START + dt.timedelta(minutes=30 * n),
        )  # fmt: skip
        topics.append(topic)
    add_author(topics[0], make_person(name="Tom Topic", email="tom@example.org"))
    # The runner also wrote topic 1.
    add_author(topics[1], cast.rust_mc_runner.person)
    release_schedule(cast.conference, by=cast.organiser)
    return talk, topics, magnolia, dogwood


def _mails() -> dict[str, OutboxMail]:
    return {m.to_email: m for m in OutboxMail.objects.filter(kind__in=SCHEDULE_KINDS)}


def _move(contribution, *, room=None, by=dt.timedelta(0)) -> None:
    contribution.room = room or contribution.room
    contribution.start += by
    contribution.save()


def test_a_moved_session_mail_says_its_new_and_old_day_time_and_room(cast, timetable):
    talk, _, _, dogwood = timetable
    _move(talk, room=dogwood, by=dt.timedelta(days=1, hours=2))

    release_schedule(cast.conference, by=cast.organiser)

    mail = _mails()["rita@example.org"]
    assert mail.subject == "Schedule change: Ring buffers"
    assert mail.body == (
        "Dear Rita Rings,\n\n"
        "release 2 of the schedule of Plumbers Test Conference changes "
        '"Ring buffers" (Refereed Track).\n\n'
        "Now: Tuesday, November 14, 2023, 12:00–12:30 (America/New_York), "
        "room Dogwood\n"
        "Before: Monday, November 13, 2023, 10:00–10:30 (America/New_York), "
        "room Magnolia\n\n"
        f"Its page: http://127.0.0.1:8000/plumbers/contributions/{talk.slug}/\n"
        "Every change in this release: http://127.0.0.1:8000/plumbers/changelog/\n\n"
        "The Plumbers Test Conference team"
    )


def test_a_cancelled_session_mail_says_it_is_no_longer_in_the_programme(
    cast, timetable
):
    talk, _, _, _ = timetable
    talk.state = State.WITHDRAWN  # arranged directly: the test is about releases
    talk.save()

    release_schedule(cast.conference, by=cast.organiser)

    mail = _mails()["rita@example.org"]
    assert mail.kind == MailKind.SCHEDULE_CANCELLED
    assert mail.subject == "No longer in the programme: Ring buffers"
    assert "new time and room" not in mail.body
    assert (
        '"Ring buffers" (Refereed Track) is cancelled: it is no longer in the '
        "programme. It was planned for Monday, November 13, 2023, 10:00–10:30 "
        "(America/New_York), room Magnolia."
    ) in mail.body


def test_a_conference_words_the_mail_with_the_schedule_placeholders(cast, timetable):
    talk, _, _, _ = timetable
    template = MailTemplate(
        conference=cast.conference, kind=MailKind.SCHEDULE_CHANGE,
        subject="Moved: {title}",
        body="{before_day} {before_time} {before_room} → {day} {time} {room} "
        "({timezone}), release {release}",
    )  # fmt: skip
    template.full_clean()
    template.save()
    _move(talk, by=dt.timedelta(hours=1))

    release_schedule(cast.conference, by=cast.organiser)

    assert _mails()["rita@example.org"].body == (
        "Monday, November 13, 2023 10:00–10:30 Magnolia → Monday, November 13, "
        "2023 11:00–11:30 Magnolia (America/New_York), release 2"
    )


def test_schedule_placeholders_are_refused_in_other_mails(cast):
    template = MailTemplate(
        conference=cast.conference, kind=MailKind.ACCEPTED,
        subject="Accepted", body="See you in {room}",
    )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        template.full_clean()

    assert list(error.value.message_dict) == ["body"]


def test_the_runners_of_a_moved_microconference_hear_once(cast, timetable):
    _, topics, magnolia, _ = timetable
    for topic in topics:
        _move(topic, room=magnolia, by=dt.timedelta(hours=4))

    release_schedule(cast.conference, by=cast.organiser)

    mails = OutboxMail.objects.filter(kind=MailKind.SCHEDULE_CHANGE)
    assert sorted(m.to_email for m in mails) == ["rui@example.org", "tom@example.org"]
    runner = _mails()["rui@example.org"]
    assert runner.subject == "Schedule change: Rust MC"
    assert (
        "Now: Monday, November 13, 2023, 14:00–15:00 (America/New_York), "
        "room Magnolia\n"
        "Before: Monday, November 13, 2023, 10:00–11:00 (America/New_York), "
        "room Dogwood\n\n"
        "The topics, in order:\n"
        "- 14:00–14:30 Rust topic 0\n"
        "- 14:30–15:00 Rust topic 1\n\n"
        "Its page: http://127.0.0.1:8000/plumbers/tracks/rust/\n"
    ) in runner.body


def test_the_runners_of_a_cancelled_microconference_hear_it_is_cancelled(
    cast, timetable
):
    _, topics, _, _ = timetable
    for topic in topics:
        topic.state = State.WITHDRAWN
        topic.save()

    release_schedule(cast.conference, by=cast.organiser)

    runner = _mails()["rui@example.org"]
    assert (runner.kind, runner.subject) == (
        MailKind.SCHEDULE_CANCELLED,
        "No longer in the programme: Rust MC",
    )


def test_runners_do_not_hear_of_a_change_inside_a_block_that_stays(cast, timetable):
    _, topics, _, _ = timetable
    _move(topics[0], by=dt.timedelta(minutes=30))
    _move(topics[1], by=dt.timedelta(minutes=-30))

    release_schedule(cast.conference, by=cast.organiser)

    # The runner wrote topic 1, so hears of it as its author.
    assert sorted(_mails()) == ["rui@example.org", "tom@example.org"]
    assert _mails()["rui@example.org"].subject == "Schedule change: Rust topic 1"
