"""Builders of one valid object each, with no hidden side effects."""

import datetime as dt
import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.utils import timezone

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Authorship, CallForProposals, Contribution
from microconf.conference.models import Conference, Room, Sponsor, SponsorTier, Track
from microconf.materials.models import Material
from microconf.people.models import Person

_counter = itertools.count(1)


def make_conference(**fields: object) -> Conference:
    n = next(_counter)
    values = {
        "name": f"Test Conference {n}",
        "slug": f"conf{n}",
        "start_date": dt.date(2023, 11, 13),
        "end_date": dt.date(2023, 11, 15),
        "timezone": "America/New_York",
        "city": "Richmond, VA",
    }
    return Conference.objects.create(**(values | fields))


def make_track(conference: Conference, **fields: object) -> Track:
    n = next(_counter)
    values = {"name": f"Track {n}", "slug": f"track-{n}", "kind": Track.Kind.REFEREED}
    return Track.objects.create(conference=conference, **(values | fields))


def make_room(conference: Conference, **fields: object) -> Room:
    n = next(_counter)
    return Room.objects.create(
        conference=conference, **({"name": f"Room {n}", "capacity": 100} | fields)
    )


def make_person(**fields: object) -> Person:
    n = next(_counter)
    return Person.objects.create(
        **({"name": f"Person {n}", "email": f"person{n}@example.org"} | fields)
    )


def make_contribution(track: Track, **fields: object) -> Contribution:
    n = next(_counter)
    values = {
        "title": f"Contribution {n}",
        "slug": f"contribution-{n}",
        "kind": Contribution.Kind.TALK,
        "duration": 30,
        "state": State.CONFIRMED,
        "abstract": "An abstract.",
    }
    return Contribution.objects.create(
        conference=track.conference, track=track, **(values | fields)
    )


def add_author(
    contribution: Contribution,
    person: Person,
    role: str = Authorship.Role.PRIMARY_AUTHOR,
    *,
    is_speaker: bool = False,
) -> Authorship:
    position = contribution.authorships.count()
    return Authorship.objects.create(
        contribution=contribution,
        person=person,
        role=role,
        is_speaker=is_speaker,
        position=position,
    )


def add_link(contribution: Contribution, title: str = "Slides") -> Material:
    return Material.objects.create(
        contribution=contribution,
        kind=Material.Kind.SLIDES,
        title=title,
        url=f"https://files.example.org/{contribution.slug}/{title.lower()}.pdf",
    )


def make_sponsor(conference: Conference, tier_name: str, name: str) -> Sponsor:
    tier, _ = SponsorTier.objects.get_or_create(
        conference=conference,
        name=tier_name,
        defaults={"position": conference.sponsor_tiers.count()},
    )
    return Sponsor.objects.create(tier=tier, name=name)


def make_user(email: str, *, name: str = "", affiliation: str = "") -> User:
    """A signed-up user with a verified address and a person record."""
    user = User.objects.create_user(
        username=email.split("@")[0], email=email, password="correct horse battery"
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Person.objects.create(
        user=user,
        name=name or email.split("@")[0].title(),
        affiliation=affiliation,
        email=email,
    )
    return user


def open_cfp(track: Track, *, days: int = 30, **fields: object) -> CallForProposals:
    """A call for proposals that opened yesterday and closes in ``days`` days."""
    now = timezone.now()
    return CallForProposals.objects.create(
        track=track,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=days),
        **fields,
    )
