"""The draft mails a release writes: to whom a change concerns, saying what it is.

The authors of each moved, added or cancelled session hear of it, and the
runners of each microconference whose block moved, was added or was cancelled
hear of the block once (with its topics' new times), even if they also wrote a
topic in it. A change inside a block that stays where it was reaches only the
changed topics' authors.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.urls import reverse

from microconf import links
from microconf.cfp.models import Contribution
from microconf.conference.models import Conference, Track
from microconf.notifications import outbox
from microconf.notifications.models import MailKind
from microconf.scheduling.changelog import Change
from microconf.scheduling.models import Release


@dataclass(frozen=True, slots=True)
class Place:
    """Where and when something runs: a room, a start and an end (aware)."""

    room: str
    start: dt.datetime
    end: dt.datetime

    @classmethod
    def of(cls, slot: dict) -> Place:
        start = dt.datetime.fromisoformat(slot["start"])
        return cls(
            room=slot["room"],
            start=start,
            end=start + dt.timedelta(minutes=slot["duration"]),
        )

    @classmethod
    def spanning(cls, slots: list[dict]) -> Place | None:
        """A block's place: the room it starts in, its first start and last end."""
        places = sorted((cls.of(slot) for slot in slots), key=lambda p: p.start)
        if not places:
            return None
        return cls(places[0].room, places[0].start, max(p.end for p in places))


def _day(moment: dt.datetime) -> str:
    return f"{moment:%A, %B} {moment.day}, {moment.year}"


def _time(place: Place, tz: ZoneInfo) -> str:
    return f"{place.start.astimezone(tz):%H:%M}–{place.end.astimezone(tz):%H:%M}"


def schedule_values(
    conference: Conference, release: Release, before: Place | None, after: Place | None
) -> dict[str, str]:
    """The schedule mails' own placeholders, in the conference's timezone."""
    tz = conference.tz
    values = {
        "day": _day(after.start.astimezone(tz)) if after else "",
        "time": _time(after, tz) if after else "",
        "room": after.room if after else "",
        "timezone": conference.timezone,
        "before_day": _day(before.start.astimezone(tz)) if before else "",
        "before_time": _time(before, tz) if before else "",
        "before_room": before.room if before else "",
        "release": str(release.number),
        "changelog": links.base_url()
        + reverse("scheduling:changelog", args=[conference.slug]),
        "sessions": "",
    }
    values["before"] = (
        f"{values['before_day']}, {values['before_time']} ({conference.timezone}), "
        f"room {values['before_room']}"
        if before
        else "not in the schedule"
    )
    return values


def _kind(after: object | None) -> MailKind:
    return MailKind.SCHEDULE_CHANGE if after else MailKind.SCHEDULE_CANCELLED


def _mc_blocks(
    tracks: dict[int, Track],
    members: dict[int, list[int]],
    before: dict[str, dict],
    after: dict[str, dict],
) -> dict[int, tuple[Place | None, Place | None]]:
    """Microconference → its block's place before and after, where they differ."""
    moved = {}
    for track_id in tracks:
        keys = [str(pk) for pk in members[track_id]]
        old = Place.spanning([before[k] for k in keys if k in before])
        new = Place.spanning([after[k] for k in keys if k in after])
        if old != new:
            moved[track_id] = (old, new)
    return moved


def _topics(keys: list[str], after: dict[str, dict], tz: ZoneInfo) -> str:
    """A block's topics in order of time, one line each, for its runners."""
    placed = sorted(
        ((Place.of(after[k]), after[k]["title"]) for k in keys if k in after),
        key=lambda pair: pair[0].start,
    )
    if not placed:
        return ""
    lines = "".join(f"- {_time(place, tz)} {title}\n" for place, title in placed)
    return f"\nThe topics, in order:\n{lines}"


def queue_release_mails(
    conference: Conference,
    release: Release,
    changed: list[Change],
    before: dict[str, dict],
) -> None:
    """Draft the mails of a release to the changed sessions' authors and runners.

    1. Find the microconferences with a changed topic, and of those, the blocks
       whose place (room, first start, last end) differs from the last release.
    2. Write each runner of such a block one mail about the block.
    3. Write each author of a changed session one mail about it, except runners
       who already have their block's mail.
    """
    occasion = f"release-{release.number}"
    after = release.slots
    contributions = {
        c.pk: c
        for c in Contribution.objects.filter(
            pk__in=[c.contribution_id for c in changed]
        )
        .select_related("conference", "track", "track__cfp")
        .prefetch_related("authorships__person__user")
    }
    tracks = {
        c.track_id: c.track
        for c in contributions.values()
        if c.track.kind == Track.Kind.MICROCONFERENCE
    }
    members: dict[int, list[int]] = defaultdict(list)
    for pk, track_id in Contribution.objects.filter(track__in=tracks).values_list(
        "pk", "track_id"
    ):
        members[track_id].append(pk)
    proposals = {
        c.microconference_id: c
        for c in Contribution.objects.filter(microconference__in=tracks)
    }
    informed: dict[int, set[str]] = defaultdict(set)  # track → runners written to
    for track_id, (old, new) in _mc_blocks(tracks, members, before, after).items():
        track = tracks[track_id]
        values = schedule_values(conference, release, old, new) | {
            "title": track.name,
            "conference": conference.name,
            "track": track.name,
            "url": links.base_url() + track.get_absolute_url(),
            "state": "",
            "deadline": "",
            "sessions": _topics(
                [str(pk) for pk in members[track_id]], after, conference.tz
            ),
        }
        kind = _kind(new)
        for name, email in outbox.addresses(
            track.runners.select_related("user").order_by("pk")
        ):
            outbox.queue_mail(
                conference,
                kind,
                key=f"{kind}:mc-{track_id}:{occasion}:{email.lower()}",
                to=(name, email),
                values=values | {"name": name},
                contribution=proposals.get(track_id),
            )
            informed[track_id].add(email.lower())
    for change in changed:
        contribution = contributions.get(change.contribution_id)
        if contribution is None:
            continue
        old = Place.of(change.before) if change.before else None
        new = Place.of(change.after) if change.after else None
        outbox.queue_for_authors(
            contribution,
            _kind(new),
            occasion=occasion,
            # A cancelled session has no public page any more.
            url=links.base_url() + contribution.get_absolute_url() if new else "",
            extra=schedule_values(conference, release, old, new),
            skip=informed[contribution.track_id],
        )
