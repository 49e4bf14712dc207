"""Writing an imported schedule into the database as a new conference, all or nothing.

The formats are read by the pure ``microconf.interchange`` package; this module only
turns its neutral model into conferences, rooms, tracks, people and contributions.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from microconf.audit.services import record
from microconf.cfp.lifecycle import State
from microconf.cfp.models import Authorship, Contribution
from microconf.conference.models import Conference, Room, Track
from microconf.conference.timezones import validate_timezone_name
from microconf.interchange import ImportedConference
from microconf.interchange import Person as ImportedPerson
from microconf.materials.models import Material
from microconf.people.models import Person, TeamMembership

TITLE_LIMIT = 300
TRACK_SLUG = Track._meta.get_field("slug").max_length
EVENT_SLUG = Contribution._meta.get_field("slug").max_length
_KINDS = {"bof": Contribution.Kind.BOF, "keynote": Contribution.Kind.KEYNOTE}
_MATERIALS = {
    "slides": Material.Kind.SLIDES,
    "video": Material.Kind.RECORDING,
    "recording": Material.Kind.RECORDING,
    "notes": Material.Kind.NOTES,
}


class ImportRefused(Exception):
    """The schedule cannot become a conference; the message says why."""


@dataclass
class ImportSummary:
    conference: Conference
    counts: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        made = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        name, slug = self.conference.name, self.conference.slug
        return [f"Imported '{name}' as /{slug}/: {made}.", *self.notes]


def _unique(base: str, taken: set[str], fallback: str, limit: int) -> str:
    """A slug not yet taken that fits ``limit`` characters, suffix included."""
    slug = slugify(base)[: limit - 5].strip("-") or fallback
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _person_key(person: ImportedPerson) -> str:
    return f"id:{person.id}" if person.id is not None else f"name:{person.name.strip()}"


@transaction.atomic
def import_conference(
    imported: ImportedConference, *, slug: str = "", by: object | None = None
) -> ImportSummary:
    """Create a conference from an imported schedule; raise ``ImportRefused`` if not."""
    schedule = imported.schedule
    notes = [f"Read as {imported.report.source_format}."]
    notes += [f"Assumed: {a.message}" for a in imported.report.assumptions]
    slug = slugify(slug or schedule.acronym or schedule.title)[:50]
    if not slug:
        raise ImportRefused("The schedule has no title or acronym; give --conference.")
    if Conference.objects.filter(slug=slug).exists():
        raise ImportRefused(
            f"A conference with the address /{slug}/ exists already; choose another "
            "with --conference SLUG."
        )
    try:
        validate_timezone_name(schedule.timezone)
    except ValidationError as error:
        raise ImportRefused(error.messages[0]) from None
    conference = Conference.objects.create(
        name=schedule.title[:200], slug=slug, start_date=schedule.start,
        end_date=max(schedule.end, schedule.start), timezone=schedule.timezone,
        website=schedule.url or schedule.base_url,
    )  # fmt: skip
    rooms = {
        r.name: Room(conference=conference, name=r.name[:100], position=n, capacity=0)
        for n, r in enumerate(schedule.rooms)
    }
    tracks: dict[str, Track] = {}
    taken_tracks: set[str] = set()
    for n, t in enumerate(schedule.tracks):
        tracks[t.name] = Track(
            conference=conference, name=t.name[:200], kind=Track.Kind.OTHER,
            slug=_unique(t.slug or t.name, taken_tracks, f"track-{n}", TRACK_SLUG),
            position=n,
        )  # fmt: skip
    people: dict[str, Person] = {}
    contributions, authors, materials = [], [], []
    taken_slugs: set[str] = set()
    for event in schedule.events:
        room_name = event.room or "Room not given"
        if room_name not in rooms:
            rooms[room_name] = Room(
                conference=conference, name=room_name[:100], position=len(rooms),
                capacity=0,
            )  # fmt: skip
            if not event.room:
                notes.append(f"'{event.title}' had no room; placed in '{room_name}'.")
        track_name = event.track or "Imported"
        if track_name not in tracks:
            tracks[track_name] = Track(
                conference=conference, name=track_name[:200], kind=Track.Kind.OTHER,
                slug=_unique(track_name, taken_tracks, "imported", TRACK_SLUG),
                position=len(tracks),
            )  # fmt: skip
        if len(event.title) > TITLE_LIMIT:
            notes.append(f"Event {event.id}: title cut to {TITLE_LIMIT} characters.")
        duration = event.duration
        if duration <= 0:
            notes.append(f"'{event.title}' lasted {duration} minutes; set to 1 minute.")
            duration = 1
        contribution = Contribution(
            conference=conference, track=tracks[track_name],
            title=event.title[:TITLE_LIMIT],
            slug=_unique(
                event.slug or event.title, taken_slugs, f"event-{event.id}", EVENT_SLUG
            ),
            kind=_KINDS.get(event.type.strip().lower(), Contribution.Kind.TALK),
            abstract="\n\n".join(p for p in (event.abstract, event.description) if p),
            duration=duration, state=State.CONFIRMED, room=rooms[room_name],
            start=event.start,
        )  # fmt: skip
        contributions.append(contribution)
        for position, imported_person in enumerate(event.persons):
            key = _person_key(imported_person)
            if key not in people:
                people[key] = Person(
                    name=imported_person.name[:200], bio=imported_person.biography
                )
            authors.append((contribution, people[key], position))
        for link in (*event.links, *event.attachments):
            if len(link.url) > 200:
                notes.append(
                    f"'{event.title}': a link over 200 characters was left out."
                )
                continue
            materials.append(
                Material(
                    contribution=contribution,
                    title=(link.title or link.url)[:200],
                    kind=_MATERIALS.get(link.type.lower(), Material.Kind.OTHER),
                    url=link.url,
                )
            )
    Room.objects.bulk_create(rooms.values())
    Track.objects.bulk_create(tracks.values())
    Person.objects.bulk_create(people.values())
    Contribution.objects.bulk_create(contributions)
    # One person appears once per contribution, whatever the source repeated.
    seen = set()
    rows = []
    for c, p, n in authors:
        if (c.pk, p.pk) not in seen:
            seen.add((c.pk, p.pk))
            rows.append(
                Authorship(
                    contribution=c,
                    person=p,
                    position=n,
                    is_speaker=True,
                    role=Authorship.Role.PRIMARY_AUTHOR,
                )
            )
    Authorship.objects.bulk_create(rows)
    Material.objects.bulk_create(materials)
    if by is not None and by.is_authenticated:
        TeamMembership.objects.create(
            conference=conference, user=by, role=TeamMembership.Role.ORGANISER
        )
    record(
        "import", by=by, conference=conference,
        data={"format": imported.report.source_format, "events": len(contributions)},
    )  # fmt: skip
    counts = {"rooms": len(rooms), "tracks": len(tracks), "people": len(people),
              "contributions": len(contributions), "links": len(materials)}  # fmt: skip
    return ImportSummary(conference=conference, counts=counts, notes=notes)
