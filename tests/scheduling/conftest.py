"""A small conference to schedule: one microconference, three talks and a BoF."""

from dataclasses import dataclass

import pytest

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Contribution
from microconf.conference.models import Room
from microconf.interest.models import Star
from microconf.scheduling.models import SchedulingGrid
from tests.factories import add_author, make_contribution, make_person, make_room

Kind = Contribution.Kind


@dataclass
class Programme:
    big: Room
    small: Room
    topics: list[Contribution]
    talk_a: Contribution
    talk_b: Contribution
    talk_c: Contribution
    bof: Contribution
    rejected: Contribution


@pytest.fixture
def programme(cast) -> Programme:
    conference = cast.conference
    SchedulingGrid.objects.create(conference=conference)  # 09:00-18:00, lunch
    big = make_room(conference, name="Ballroom", capacity=200)
    small = make_room(conference, name="Closet", capacity=1)
    make_contribution(
        cast.proposals, title="Rust MC", kind=Kind.MC_PROPOSAL, duration=90,
        state=State.ACCEPTED, microconference=cast.rust_mc,
    )  # fmt: skip
    topics = [
        make_contribution(cast.rust_mc, title=f"Rust topic {n}", kind=Kind.TOPIC)
        for n in range(2)
    ]
    for n, topic in enumerate(topics):
        add_author(topic, make_person(name=f"Topic speaker {n}"))
    ann = make_person(name="Ann Both")
    talk_a = make_contribution(cast.refereed, title="Talk A", duration=30)
    talk_b = make_contribution(cast.refereed, title="Talk B", duration=30)
    talk_c = make_contribution(cast.refereed, title="Talk C", duration=60)
    add_author(talk_a, ann)
    add_author(talk_b, ann)
    add_author(talk_c, cast.speaker.person)
    bof = make_contribution(cast.refereed, title="A BoF", kind=Kind.BOF, duration=45)
    rejected = make_contribution(cast.refereed, title="No", state=State.REJECTED)
    # Ada wants the MC and talk C; Sam wants talks A and C.
    Star.objects.create(user=cast.attendee, contribution=topics[0])
    Star.objects.create(user=cast.attendee, contribution=talk_c)
    Star.objects.create(user=cast.speaker, contribution=talk_a)
    Star.objects.create(user=cast.speaker, contribution=talk_c)
    return Programme(big, small, topics, talk_a, talk_b, talk_c, bof, rejected)
