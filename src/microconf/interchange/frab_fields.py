"""Field values that the frab XML and c3voc JSON exports write the same way.

Every function here turns the model into what the current c3voc schemas
accept, so an imported schedule with odd slugs or relative URLs still
exports valid files.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit
from uuid import UUID

from microconf.interchange.identity import (
    MICROCONF_NAMESPACE,
    event_slug,
    export_acronym,
    is_valid_code,
    is_valid_slug,
    normalise_color,
    stable_guid,
    track_slug,
)
from microconf.interchange.model import InterchangeError, Room, Schedule, Track
from microconf.slugs import next_free_slug

GENERATOR_NAME = "microconf"

#: Longest duration "HH:MM" with two hour digits can carry.
MAX_EXPORT_DURATION = 99 * 60 + 59


def export_slugs(schedule: Schedule) -> dict[UUID, str]:
    """Return a unique, schema-valid slug per event guid.

    The model's slug is kept when it is valid and unused; otherwise the
    classic `acronym-id-title` slug is written, which ids make unique.
    """
    slugs: dict[UUID, str] = {}
    used: set[str] = set()
    for event in sorted(schedule.events, key=lambda e: (e.id, str(e.guid))):
        slug = event.slug
        if not is_valid_slug(slug) or slug in used:
            slug = event_slug(schedule.acronym, event.id, event.title)
        slug = next_free_slug(slug, used)
        used.add(slug)
        slugs[event.guid] = slug
    return slugs


def check_identities(schedule: Schedule) -> None:
    """Raise if event ids or guids repeat or an id is not positive."""
    seen_ids: dict[int, str] = {}
    seen_guids: dict[UUID, str] = {}
    for event in schedule.events:
        if event.id < 1:
            raise InterchangeError(
                f"event {event.title!r}: id {event.id} must be a positive integer"
            )
        if event.id in seen_ids:
            raise InterchangeError(
                f"event {event.title!r}: id {event.id} is also used by "
                f"{seen_ids[event.id]!r}"
            )
        if event.guid in seen_guids:
            raise InterchangeError(
                f"event {event.title!r}: guid {event.guid} is also used by "
                f"{seen_guids[event.guid]!r}"
            )
        if event.duration > MAX_EXPORT_DURATION:
            raise InterchangeError(
                f"event {event.title!r} (id {event.id}): duration {event.duration} "
                "minutes does not fit HH:MM"
            )
        seen_ids[event.id] = event.title
        seen_guids[event.guid] = event.title


def export_code(code: str) -> str:
    """Return the code if it is a pretalx-style code, else "" (it is optional)."""
    return code if is_valid_code(code) else ""


def absolute_url(url: str, base_url: str) -> str:
    """Return `url` as an absolute http(s) URL (relative ones against base), or ""."""
    url = url.strip()
    if not url:
        return ""
    if is_http_url(url):
        return url
    if is_http_url(base_url):
        joined = urljoin(base_url, url)
        return joined if is_http_url(joined) else ""
    return ""


_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters from imports)."""
    return _NOT_XML_CHAR.sub("", text)


def is_http_url(url: str) -> bool:
    """Tell whether `url` is an absolute http(s) URL with a host and no spaces."""
    if not url or any(c.isspace() for c in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def tracks_for_export(schedule: Schedule) -> list[Track]:
    """Return the schedule's tracks plus any named only on events, with valid slugs."""
    tracks: dict[str, Track] = {}
    for track in schedule.tracks:
        tracks.setdefault(track.name, track)
    for event in schedule.events:
        if event.track and event.track not in tracks:
            tracks[event.track] = Track(name=event.track, slug=track_slug(event.track))
    used: set[str] = set()
    result = []
    for track in tracks.values():
        slug = track.slug
        if not _is_valid_track_slug(slug) or slug in used:
            slug = track_slug(track.name)
        slug = next_free_slug(slug, used)
        used.add(slug)
        result.append(
            Track(name=track.name, slug=slug, color=normalise_color(track.color))
        )
    return result


def _is_valid_track_slug(slug: str) -> bool:
    return bool(slug) and track_slug(slug) == slug


def rooms_for_export(schedule: Schedule) -> list[Room]:
    """Return the schedule's rooms plus rooms only events name, with derived guids."""
    rooms = list(schedule.rooms)
    known = {room.name for room in rooms}
    for event in sorted(schedule.events, key=lambda e: (e.start, e.id)):
        if event.room not in known:
            known.add(event.room)
            rooms.append(
                Room(
                    name=event.room,
                    guid=stable_guid(
                        MICROCONF_NAMESPACE, f"{schedule.acronym}:room:{event.room}"
                    ),
                )
            )
    return rooms


def acronym_for_export(schedule: Schedule) -> str:
    return export_acronym(schedule.acronym)
