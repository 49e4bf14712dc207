"""Builds the demo conference: LPC 2023 with fictional people and sponsors.

The content is the same on every run: all choices come from a seeded generator. The
schedule is the solver's answer within a time limit (``demo.solve_seconds``),
released as release 1: valid on every run, not always the same.
"""

import datetime as dt
import itertools
import random
import secrets
from collections.abc import Iterator
from importlib import resources
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify

from microconf.cfp.lifecycle import State
from microconf.cfp.models import (
    Authorship,
    CallForProposals,
    Contribution,
    Question,
    SubmissionType,
)
from microconf.conference.models import Conference, Room, Sponsor, SponsorTier, Track
from microconf.demo import RUST_PROPOSAL_SLUG, SLUG, content, schedule
from microconf.desk.services import allow_conference_creation
from microconf.materials.models import Material
from microconf.people.models import Person, TeamMembership
from microconf.review.models import ReviewCriterion
from microconf.slugs import next_free_slug

TIMEZONE = "America/New_York"
DAYS = [dt.date(2023, 11, 13), dt.date(2023, 11, 14), dt.date(2023, 11, 15)]
# LPC's two blocks a day; microconferences fill one block each.
BLOCKS = [(day, hour) for day in DAYS for hour in (dt.time(10, 0), dt.time(15, 0))]
BLOCK_MINUTES = 210

Kind = Contribution.Kind
Role = Authorship.Role


class _Cast:
    """Hands out fictional people, one contribution each, so nobody is double-booked."""

    def __init__(self, rng: random.Random) -> None:
        pairs = list(itertools.product(content.FIRST_NAMES, content.LAST_NAMES))
        rng.shuffle(pairs)
        self._names: Iterator[tuple[str, str]] = iter(pairs)
        self._rng = rng
        self.people: list[Person] = []

    def next(self) -> Person:
        first, last = next(self._names)
        person = Person(
            name=f"{first} {last}",
            affiliation=self._rng.choice(content.AFFILIATIONS),
            email=f"{first}.{last}@example.org".lower(),
        )
        self.people.append(person)
        return person


class _Programme:
    """Collects contributions and their authors in memory, then writes them in bulk."""

    def __init__(self, conference: Conference, cast: _Cast, rng: random.Random) -> None:
        self.conference = conference
        self.cast = cast
        self.rng = rng
        self.contributions: list[Contribution] = []
        self.authors: list[tuple[Contribution, list[tuple[Person, str, bool]]]] = []
        self.materials: list[tuple[Contribution, Material]] = []
        self.runners: list[tuple[Track, list[Person]]] = []
        self._slugs: set[str] = set()

    def slug_for(self, title: str) -> str:
        base = slugify(title)[:90] or "contribution"
        slug = next_free_slug(base, self._slugs)
        self._slugs.add(slug)
        return slug

    def add(
        self,
        *,
        track: Track,
        title: str,
        kind: str,
        abstract: str,
        duration: int,
        state: str = State.CONFIRMED,
        people: list[tuple[Person, str, bool]] | None = None,
        room: Room | None = None,
        start: dt.datetime | None = None,
        slug: str | None = None,
    ) -> Contribution:
        contribution = Contribution(
            conference=self.conference,
            track=track,
            title=title,
            slug=slug or self.slug_for(title),
            kind=kind,
            abstract=abstract,
            duration=duration,
            state=state,
            room=room,
            start=start,
        )
        if slug:
            self._slugs.add(slug)
        self.contributions.append(contribution)
        if people is None:
            people = [(self.cast.next(), Role.PRIMARY_AUTHOR, True)]
            if self.rng.random() < 0.35:
                people.append((self.cast.next(), Role.CO_AUTHOR, False))
        self.authors.append((contribution, people))
        return contribution

    def save(self) -> None:
        Person.objects.bulk_create(self.cast.people)
        Contribution.objects.bulk_create(self.contributions)
        Authorship.objects.bulk_create(
            Authorship(
                contribution=contribution,
                person=person,
                role=role,
                is_speaker=is_speaker,
                position=position,
            )
            for contribution, people in self.authors
            for position, (person, role, is_speaker) in enumerate(people)
        )
        for contribution, material in self.materials:
            material.contribution = contribution
        Material.objects.bulk_create(material for _, material in self.materials)
        Track.runners.through.objects.bulk_create(
            Track.runners.through(track=track, person=person)
            for track, runners in self.runners
            for person in runners
        )


def _at(day: dt.date, time: dt.time, minutes_after: int = 0) -> dt.datetime:
    start = dt.datetime.combine(day, time, tzinfo=ZoneInfo(TIMEZONE))
    return start + dt.timedelta(minutes=minutes_after)


def _topic_abstract(subject: str, mc_name: str, rng: random.Random) -> str:
    asks = rng.sample(
        [
            "which interfaces should be stable",
            "how to test it in CI",
            "what the maintainers need before merging",
            "how distributions will ship it",
            "which hardware to support first",
            "how to measure the overhead",
        ],
        2,
    )
    return (
        f"{subject} has come up on the mailing lists several times this year. "
        f"This topic brings the people involved together in the {mc_name} "
        "microconference to agree on a way forward.\n\n"
        "Questions for the room:\n\n"
        f"- {asks[0].capitalize()}?\n- {asks[1].capitalize()}?"
    )


def _build_frame(conference: Conference) -> tuple[list[Room], dict[str, Track]]:
    rooms = Room.objects.bulk_create(
        Room(
            conference=conference,
            name=name,
            position=position,
            capacity=capacity,
            features=features,
            is_recorded=recorded,
            livestream_url=(
                f"https://stream.example.org/lpc2023/{slugify(name)}"
                if recorded
                else ""
            ),
        )
        for position, (name, capacity, features, recorded) in enumerate(content.ROOMS)
    )
    fixed = [
        ("Refereed Track", "refereed", Track.Kind.REFEREED,
         "Talks chosen by the programme committee from the open call for papers."),
        ("Kernel Summit", "kernel-summit", Track.Kind.KERNEL_SUMMIT,
         "Discussions on the kernel's development process, open to all attendees."),
        ("Birds of a Feather", "bofs", Track.Kind.BOF,
         "Informal sessions proposed by attendees."),
        ("LPC Microconference Proposals", "mc-proposals", Track.Kind.PROPOSALS,
         "Proposals for whole microconferences. Accepted ones become tracks of their "
         "own, whose runners run the call for topics."),
    ]  # fmt: skip
    tracks = {
        slug: Track(
            conference=conference,
            name=name,
            slug=slug,
            kind=kind,
            description=description,
            position=position,
        )
        for position, (name, slug, kind, description) in enumerate(fixed)
    }
    for position, (name, slug, _) in enumerate(content.MICROCONFERENCES, start=10):
        tracks[slug] = Track(
            conference=conference,
            name=f"{name} MC",
            slug=slug,
            kind=Track.Kind.MICROCONFERENCE,
            description=(
                f"The {name} microconference: discussions between the developers and "
                "users of this area, run by its own runners."
            ),
            position=position,
        )
    Track.objects.bulk_create(tracks.values())
    return rooms, tracks


def _build_sponsors(conference: Conference) -> None:
    for position, (tier_name, names) in enumerate(content.SPONSORS):
        tier = SponsorTier.objects.create(
            conference=conference, name=tier_name, position=position
        )
        Sponsor.objects.bulk_create(
            Sponsor(
                tier=tier,
                name=name,
                url=f"https://{slugify(name)}.example.com/",
                position=n,
            )
            for n, name in enumerate(names)
        )


def _build_microconferences(
    programme: _Programme, rooms: list[Room], tracks: dict[str, Track]
) -> None:
    proposals = tracks["mc-proposals"]
    rust_abstract = resources.files("microconf.demo").joinpath("rust_mc.md").read_text()
    mc_rooms = rooms[2:6]
    for index, (name, slug, subjects) in enumerate(content.MICROCONFERENCES):
        track = tracks[slug]
        runners = [programme.cast.next() for _ in range(3 if index % 4 == 0 else 2)]
        programme.runners.append((track, runners))
        abstract = (
            rust_abstract
            if slug == "rust"
            else (
                f"The {name} microconference gathers the people working on "
                f"{name.lower()} in and around the kernel.\n\nPossible topics:\n\n"
                + "\n".join(f"- {subject}." for subject in subjects)
            )
        )
        # The proposal stays unscheduled: the microconference it became is what runs.
        proposal = programme.add(
            track=proposals,
            title=f"{name} MC",
            slug=RUST_PROPOSAL_SLUG if slug == "rust" else None,
            kind=Kind.MC_PROPOSAL,
            abstract=abstract,
            duration=BLOCK_MINUTES,
            state=State.ACCEPTED,
            people=[(person, Role.PRIMARY_AUTHOR, False) for person in runners],
        )
        proposal.expected_attendance = 40 + (index * 37) % 110
        proposal.possible_topics = "\n".join(subjects)
        proposal.microconference = track
        day, time = BLOCKS[index % len(BLOCKS)]
        room = mc_rooms[index // len(BLOCKS)]
        length = (BLOCK_MINUTES // len(subjects)) // 5 * 5
        for n, subject in enumerate(subjects):
            pattern = content.TOPIC_PATTERNS[(index + n) % len(content.TOPIC_PATTERNS)]
            programme.add(
                track=track,
                title=pattern.format(subject=subject),
                kind=Kind.TOPIC,
                abstract=_topic_abstract(subject, name, programme.rng),
                duration=length,
                state=State.CONFIRMED if n % 3 else State.ACCEPTED,
                room=room,
                start=_at(day, time, n * length),
            )
        # Every call for topics also holds proposals still under review.
        programme.add(
            track=track,
            title=f"Open questions in {name.lower()}",
            kind=Kind.TOPIC,
            abstract="Submitted late; the runners have not decided yet.",
            duration=30,
            state=State.SUBMITTED,
        )
    for name, state in [
        ("Kernel Debugging", State.REJECTED),
        ("Graphics and Display", State.WAITLISTED),
        ("Sound and Audio", State.WITHDRAWN),
    ]:
        programme.add(
            track=proposals,
            title=f"{name} MC",
            kind=Kind.MC_PROPOSAL,
            abstract=f"A microconference on {name.lower()}.",
            duration=BLOCK_MINUTES,
            state=state,
        )


def _build_tracks_around(
    programme: _Programme, rooms: list[Room], tracks: dict[str, Track]
) -> None:
    rng = programme.rng
    # Refereed talks: three 45-minute talks in the big room in every block.
    for n, title in enumerate(content.REFEREED_TALKS):
        day, time = BLOCKS[n // 3]
        talk = programme.add(
            track=tracks["refereed"],
            title=title,
            kind=Kind.TALK,
            abstract=(
                f"{title}. The talk shares what was learnt along the way, with "
                "measurements and the open problems left.\n\nThe slides and the "
                "recording are linked below once the talk has taken place."
            ),
            duration=45,
            room=rooms[0],
            start=_at(day, time, (n % 3) * 45),
        )
        if n < 8:
            programme.materials.append(
                (
                    talk,
                    Material(
                        kind=Material.Kind.SLIDES,
                        title="Slides",
                        url=f"https://files.example.org/lpc2023/{talk.slug}.pdf",
                    ),
                )
            )
    for title in ["Yet another build system", "My weekend project"]:
        programme.add(
            track=tracks["refereed"],
            title=title,
            kind=Kind.TALK,
            abstract="Not selected.",
            duration=45,
            state=State.REJECTED,
        )
    # Kernel Summit: hour-long sessions in the second room on the first two days.
    for n, title in enumerate(content.KERNEL_SUMMIT_SESSIONS):
        day, time = BLOCKS[n // 3]
        session = programme.add(
            track=tracks["kernel-summit"],
            title=title,
            kind=Kind.TALK,
            abstract=f"A discussion session: {title.lower()}.",
            duration=60,
            room=rooms[1],
            start=_at(day, time, (n % 3) * 60),
        )
        programme.materials.append(
            (
                session,
                Material(
                    kind=Material.Kind.NOTES,
                    title="Shared notes",
                    url=f"https://notes.example.org/lpc2023-ks-{n + 1}",
                ),
            )
        )
    # BoFs: two a block in the smallest room.
    for n, title in enumerate(content.BOFS):
        day, time = BLOCKS[n // 2]
        programme.add(
            track=tracks["bofs"],
            title=title,
            kind=Kind.BOF,
            abstract=f"{title}: bring your questions. "
            + rng.choice(["No slides.", "Short introductions, then open discussion."]),
            duration=45,
            room=rooms[7],
            start=_at(day, time, (n % 2) * 60),
        )


# When each call opened and closed, in the conference's timezone (LPC 2023's rhythm).
CALLS = {
    "mc-proposals": ((2023, 1, 20), (2023, 6, 1)),
    "refereed": ((2023, 3, 1), (2023, 7, 15)),
    "bofs": ((2023, 6, 1), (2023, 11, 1)),
}
MC_CALL = ((2023, 6, 15), (2023, 10, 15))
DEMO_ACCOUNTS = [
    "organiser@example.org",
    "committee@example.org",
    "reviewer@example.org",
]


def _build_calls(conference: Conference, tracks: dict[str, Track]) -> None:
    tz = ZoneInfo(TIMEZONE)
    for slug, track in tracks.items():
        if slug == "kernel-summit":
            continue
        opens, closes = CALLS.get(slug, MC_CALL)
        cfp = CallForProposals.objects.create(
            track=track,
            opens_at=dt.datetime(*opens, 0, 0, tzinfo=tz),
            closes_at=dt.datetime(*closes, 23, 59, tzinfo=tz),
            introduction=f"Propose to the {track.name} of {conference.name}.",
        )
        if slug == "refereed":
            SubmissionType.objects.create(cfp=cfp, name="Talk", default_duration=45)
            Question.objects.create(
                cfp=cfp, text="Has this been presented before?",
                kind=Question.Kind.YES_NO, is_required=True,
            )  # fmt: skip
        if slug in {"mc-proposals", "refereed"}:
            for n, name in enumerate(["Relevance", "Clarity"]):
                ReviewCriterion.objects.create(
                    cfp=cfp, name=name, max_score=3, position=n
                )


def _build_team(conference: Conference, rust_runner: Person) -> str:
    """Demo accounts sharing one new password, which the command prints once."""
    password = secrets.token_urlsafe(9)
    roles = [TeamMembership.Role.ORGANISER, TeamMembership.Role.COMMITTEE, None]
    for email, role in zip(DEMO_ACCOUNTS, roles, strict=True):
        user = _demo_user(email, password, name=email.split("@")[0].title())
        if role == TeamMembership.Role.ORGANISER:
            allow_conference_creation(user)
        if role:
            TeamMembership.objects.create(conference=conference, user=user, role=role)
        else:
            for slug in ("mc-proposals", "refereed"):
                TeamMembership.objects.create(
                    conference=conference, user=user, role=TeamMembership.Role.REVIEWER,
                    track=conference.tracks.get(slug=slug),
                )  # fmt: skip
    rust_runner.user = _demo_user(rust_runner.email, password, person=rust_runner)
    rust_runner.save(update_fields=["user"])
    return password


def _demo_user(
    email: str, password: str, *, name: str = "", person: Person | None = None
):
    user = User.objects.filter(username=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email, password=password)
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if person is None:
        Person.objects.update_or_create(
            user=user, defaults={"name": f"Demo {name}", "email": email}
        )
    return user


@transaction.atomic
def build_demo(*, reset: bool = False) -> Conference:
    """Create the demo conference, or return it unchanged if it already exists."""
    existing = Conference.objects.filter(slug=SLUG).first()
    if existing and not reset:
        return existing
    if existing:
        remove_demo(existing)
    conference = Conference.objects.create(
        name="Linux Plumbers Conference 2023",
        slug=SLUG,
        start_date=DAYS[0],
        end_date=DAYS[-1],
        timezone=TIMEZONE,
        venue="Omni Richmond Hotel",
        city="Richmond, VA",
        website="https://lpc.events/",
    )
    rng = random.Random(2023)  # noqa: S311 - demo data, not security
    rooms, tracks = _build_frame(conference)
    _build_sponsors(conference)
    programme = _Programme(conference, _Cast(rng), rng)
    _build_microconferences(programme, rooms, tracks)
    _build_tracks_around(programme, rooms, tracks)
    programme.save()
    _build_calls(conference, tracks)
    rust_runner = tracks["rust"].runners.order_by("authorships__position").first()
    conference.demo_password = _build_team(conference, rust_runner)
    schedule.set_grid(conference)
    schedule.add_interest(conference, rng)
    schedule.solve_and_release(conference, User.objects.get(username=DEMO_ACCOUNTS[0]))
    return conference


def remove_demo(conference: Conference) -> None:
    """Delete the demo conference and the fictional people only it used."""
    people = Person.objects.filter(authorships__contribution__conference=conference)
    runner_ids = list(
        Person.objects.filter(runs_tracks__conference=conference).values_list(
            "id", flat=True
        )
    )
    person_ids = set(people.values_list("id", flat=True)) | set(runner_ids)
    Contribution.objects.filter(conference=conference).delete()
    conference.delete()
    Person.objects.filter(id__in=person_ids, authorships__isnull=True).delete()
    User.objects.filter(username__in=DEMO_ACCOUNTS).delete()
