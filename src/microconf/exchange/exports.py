"""The current public schedule as ``microconf.interchange``'s neutral model.

This is the one adapter from the ORM to that model; the formats themselves are
written by that package, and the programme serves them (``programme/downloads.py``).
"""

from django.utils import translation

from microconf import interchange as ix
from microconf import links
from microconf.cfp.models import Contribution
from microconf.cfp.queries import scheduled_contributions
from microconf.conference.models import Conference


def event_ids(contributions: list[Contribution]) -> dict[int, int]:
    """The id each contribution is exported with: the imported file's, else its pk.

    Ids must be unique in a file. An imported id keeps its number; a
    contribution whose pk collides with one moves above the largest id, in pk
    order, so the same data always gives the same ids.
    """
    ids: dict[int, int] = {}
    taken = {c.source_id for c in contributions if c.source_id}
    highest = max([*taken, *(c.pk for c in contributions)], default=0)
    for c in sorted(contributions, key=lambda c: c.pk):
        if c.source_id:
            ids[c.pk] = c.source_id
        elif c.pk not in taken:
            ids[c.pk] = c.pk
            taken.add(c.pk)
        else:
            highest += 1
            ids[c.pk] = highest
            taken.add(highest)
    return ids


def event_type(contribution: Contribution) -> str:
    """The type apps show: an imported label no kind fits, else the kind's name."""
    if contribution.type_label:
        return contribution.type_label
    # Schedule files say it in English, whoever's language asked for them.
    with translation.override("en"):
        return str(contribution.get_kind_display())


def schedule_of(
    conference: Conference, version: str = "", base_url: str = ""
) -> ix.Schedule:
    """The conference's current public schedule as an interchange ``Schedule``.

    Every identity is the stored one (``guid``, imported ``source_id``/``code``),
    so a release, a re-import elsewhere or a restore writes the same guids.
    Links name ``base_url``, by default the current one (``microconf.links``).
    """
    contributions = scheduled_contributions(conference.slug)
    rooms = {c.room.pk: c.room for c in contributions}
    tracks = {c.track.pk: c.track for c in contributions}
    ids = event_ids(contributions)
    base = (base_url or links.base_url()).rstrip("/")
    events = tuple(
        ix.Event(
            id=ids[c.pk], guid=c.guid, code=c.code, title=c.title,
            start=c.start, duration=c.duration, room=c.room.name,
            slug=ix.event_slug(conference.slug, ids[c.pk], c.title),
            type=event_type(c), track=c.track.name, abstract=c.abstract,
            url=f"{base}{c.get_absolute_url()}",
            persons=tuple(
                ix.Person(name=a.person.name, id=a.person.source_id or a.person.pk,
                          guid=a.person.guid, code=a.person.code)
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
            ix.Room(name=r.name, guid=r.guid)
            for r in sorted(rooms.values(), key=lambda r: (r.position, r.name))
        ),
        tracks=tuple(ix.Track(name=t.name, slug=t.slug) for t in tracks.values()),
        events=events,
    )  # fmt: skip
