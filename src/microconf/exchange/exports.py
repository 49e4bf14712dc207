"""The current public schedule as ``microconf.interchange``'s neutral model.

This is the one adapter from the ORM to that model; the formats themselves are
written by that package, and the programme serves them (``programme/downloads.py``).
"""

from django.conf import settings

from microconf import interchange as ix
from microconf.cfp.queries import scheduled_contributions
from microconf.conference.models import Conference


def namespace(conference: Conference) -> object:
    """Per-conference UUID namespace: GUIDs stay the same across every release."""
    return ix.stable_guid(ix.MICROCONF_NAMESPACE, f"conference/{conference.slug}")


def schedule_of(conference: Conference, version: str = "") -> ix.Schedule:
    """The conference's current public schedule as an interchange ``Schedule``."""
    ns = namespace(conference)
    contributions = scheduled_contributions(conference.slug)
    rooms = {c.room.pk: c.room for c in contributions}
    tracks = {c.track.pk: c.track for c in contributions}
    base = settings.BASE_URL
    events = tuple(
        ix.Event(
            id=c.pk, guid=ix.stable_guid(ns, f"contribution/{c.pk}"), title=c.title,
            start=c.start, duration=c.duration, room=c.room.name,
            slug=ix.event_slug(conference.slug, c.pk, c.title),
            type=c.get_kind_display(), track=c.track.name, abstract=c.abstract,
            url=f"{base}{c.get_absolute_url()}",
            persons=tuple(
                ix.Person(name=a.person.name, id=a.person.pk,
                          guid=ix.stable_guid(ns, f"person/{a.person.pk}"))
                for a in c.authorships.all() if a.is_speaker or a.role == "primary"
            ),
        )
        for c in contributions
    )  # fmt: skip
    return ix.Schedule(
        title=conference.name, acronym=conference.slug, timezone=conference.timezone,
        start=conference.start_date, end=conference.end_date, version=version,
        base_url=f"{base}/{conference.slug}/", url=f"{base}/{conference.slug}/",
        rooms=tuple(
            ix.Room(name=r.name, guid=ix.stable_guid(ns, f"room/{r.pk}"))
            for r in sorted(rooms.values(), key=lambda r: (r.position, r.name))
        ),
        tracks=tuple(ix.Track(name=t.name, slug=t.slug) for t in tracks.values()),
        events=events,
    )  # fmt: skip
