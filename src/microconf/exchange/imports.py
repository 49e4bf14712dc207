"""Writing an imported schedule into the database as a new conference, all or nothing.

The formats are read by the pure ``microconf.interchange`` package; this module only
turns its neutral model into conferences, rooms, tracks, people and contributions.
"""

import zoneinfo
from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from microconf.audit.services import record
from microconf.cfp.lifecycle import State
from microconf.cfp.models import Authorship, Contribution
from microconf.conference.models import Conference, Room, Track
from microconf.conference.timezones import validate_timezone_name
from microconf.exchange.limits import ImportTooLarge, check_limits
from microconf.interchange import ImportedConference
from microconf.interchange import people as ix_people
from microconf.materials.models import Material
from microconf.people.models import Person, TeamMembership
from microconf.slugs import next_free_slug

TITLE_LIMIT = 300
TRACK_SLUG = Track._meta.get_field("slug").max_length
EVENT_SLUG = Contribution._meta.get_field("slug").max_length
TYPE_LIMIT = Contribution._meta.get_field("type_label").max_length
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
    candidate = next_free_slug(slug, taken)
    taken.add(candidate)
    return candidate


def kind_of(event_type: str) -> tuple[str, str]:
    """The contribution kind a file's event type names, and the label to keep.

    A type that is a kind's value or name ("bof", "Birds of a feather") becomes
    that kind; any other type is kept word for word as the label, under "talk".
    """
    wanted = " ".join(event_type.split()).casefold()
    if not wanted:
        return Contribution.Kind.TALK, ""
    # Files name kinds in English, whatever language the staff page is shown in.
    with translation.override("en"):
        names = {kind: str(kind.label).casefold() for kind in Contribution.Kind}
    for kind, name in names.items():
        if wanted in (kind.value, name):
            return kind, ""
    return Contribution.Kind.TALK, event_type.strip()[:TYPE_LIMIT]


def _taken(model: type, guids: list[UUID]) -> dict[UUID, str]:
    """The guids among ``guids`` that already exist, with their conference's slug."""
    field = "conference__slug"
    if model is Person:
        field = "authorships__contribution__conference__slug"
    taken: dict[UUID, str] = {}
    for start in range(0, len(guids), 500):
        rows = model.objects.filter(guid__in=guids[start : start + 500])
        for guid, where in rows.values_list("guid", field):
            taken.setdefault(guid, where or "")
    return taken


def _guid_note(what: str, taken: dict[UUID, str]) -> str:
    places = sorted({f"/{slug}/" for slug in taken.values() if slug})
    where = f" ({', '.join(places[:5])})" if places else ""
    return (
        f"Kept apart: {len(taken)} {what} guids of the file already belong to "
        f"another conference{where}; gave them new guids instead of merging."
    )


@transaction.atomic
def import_conference(
    imported: ImportedConference, *, slug: str = "", by: object | None = None
) -> ImportSummary:
    """Create a conference from an imported schedule; raise ``ImportRefused`` if not.

    Every identity of the file is kept: event, person and room guids, event
    ids and codes. A guid that already belongs to another conference is
    replaced by a new random one and reported, never merged.
    """
    try:
        check_limits(imported)
    except ImportTooLarge as error:
        raise ImportRefused(str(error)) from None
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
    taken_rooms = _taken(Room, [r.guid for r in schedule.rooms])
    taken_events = _taken(Contribution, [e.guid for e in schedule.events])
    if taken_rooms:
        notes.append(_guid_note("room", taken_rooms))
    if taken_events:
        notes.append(_guid_note("event", taken_events))
    rooms = {
        r.name: Room(
            conference=conference, name=r.name[:100], position=n, capacity=0,
            **({} if r.guid in taken_rooms else {"guid": r.guid}),
        )
        for n, r in enumerate(schedule.rooms)
    }  # fmt: skip
    tracks: dict[str, Track] = {}
    taken_tracks: set[str] = set()
    for n, t in enumerate(schedule.tracks):
        tracks[t.name] = Track(
            conference=conference, name=t.name[:200], kind=Track.Kind.OTHER,
            slug=_unique(t.slug or t.name, taken_tracks, f"track-{n}", TRACK_SLUG),
            position=n,
        )  # fmt: skip
    person_keys, people_notes = ix_people.person_keys(schedule.events)
    notes += [f"Assumed: {a.message}" for a in people_notes]
    file_people = {
        key: person
        for event, keys in zip(schedule.events, person_keys, strict=True)
        for key, person in zip(keys, event.persons, strict=True)
    }
    taken_people = _taken(
        Person, [p.guid for p in file_people.values() if p.guid is not None]
    )
    if taken_people:
        notes.append(_guid_note("person", taken_people))
    people: dict[str, Person] = {}
    for key, imported_person in file_people.items():
        keep = (
            imported_person.guid is not None
            and imported_person.guid not in taken_people
        )
        people[key] = Person(
            name=imported_person.name[:200], bio=imported_person.biography,
            source_id=imported_person.id or None, code=imported_person.code[:16],
            **({"guid": imported_person.guid} if keep else {}),
        )  # fmt: skip
    contributions, authors, materials = [], [], []
    taken_slugs: set[str] = set()
    for event, keys in zip(schedule.events, person_keys, strict=True):
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
        kind, type_label = kind_of(event.type)
        contribution = Contribution(
            conference=conference, track=tracks[track_name],
            title=event.title[:TITLE_LIMIT],
            slug=_unique(
                event.slug or event.title, taken_slugs, f"event-{event.id}", EVENT_SLUG
            ),
            kind=kind, type_label=type_label,
            source_id=event.id, code=event.code[:16],
            abstract="\n\n".join(p for p in (event.abstract, event.description) if p),
            duration=duration, state=State.CONFIRMED, room=rooms[room_name],
            start=event.start,
            **({} if event.guid in taken_events else {"guid": event.guid}),
        )  # fmt: skip
        contributions.append(contribution)
        for position, key in enumerate(keys):
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
    report = imported.report
    left_out = len(report.skipped_events)
    held = report.file_counts.get("events", len(contributions) + left_out)
    if len(contributions) + left_out != held:
        # Every event of the file is written or left out for a stated reason.
        unread = held - len(contributions) - left_out
        raise ImportRefused(
            f"The file holds {held} events but {len(contributions)} would be "
            f"imported and {left_out} left out with a reason, so {unread} would be "
            "lost without one; nothing was written."
        )
    tz = zoneinfo.ZoneInfo(schedule.timezone)
    days = len({c.start.astimezone(tz).date() for c in contributions})
    appearances = sum(len(keys) for keys in person_keys)
    notes.append(
        f"The file holds {held} events, {report.file_counts.get('rooms', 0)} rooms, "
        f"{report.file_counts.get('days', 0)} days and {len(file_people)} people "
        f"({appearances} speaker appearances); imported {len(contributions)} "
        f"contributions on {days} days, {len(rooms)} rooms and {len(people)} people."
    )
    written_dates = {c.start.astimezone(tz).date() for c in contributions}
    empty_days = [d for d in schedule.days if d.date not in written_dates]
    if empty_days:
        listed = ", ".join(f"day {d.index} ({d.date})" for d in empty_days[:10])
        notes.append(f"Days of the file that hold no event: {listed}.")
    if left_out:
        notes.append(
            f"{left_out} events of the file were left out, each for the reason below."
        )
    notes += [
        f"Left out '{title}': {reason}." for title, reason in report.skipped_events
    ]
    return ImportSummary(conference=conference, counts=counts, notes=notes)
