"""The current schedule in the formats conference apps read, built from the database.

This is the one adapter from the ORM to ``microconf.interchange``'s neutral model;
the formats themselves are written by that package. Files are served through the
programme's cache: rendered once per programme version, with ETag and 304 answers.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_safe

from microconf import interchange as ix
from microconf.conference.models import Conference, Track
from microconf.programme.caching import cached_page
from microconf.programme.queries import scheduled_contributions


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


FORMATS = {
    "xml": (ix.to_frab_xml, "application/xml; charset=utf-8"),
    "json": (ix.to_frab_json, "application/json"),
    "ics": (ix.to_ical, "text/calendar; charset=utf-8"),
    "csv": (ix.to_csv, "text/csv; charset=utf-8"),
}


def _version(request: HttpRequest) -> str:
    version = request.programme_version
    stamp = (
        version.last_modified.strftime("%Y-%m-%d %H:%M:%S")
        if version.last_modified
        else "-"
    )
    return f"{stamp} ({version.contributions} contributions)"


def _file(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_safe
@cached_page
def schedule_file(request: HttpRequest, conference_slug: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(
            "Formats: schedule.xml, schedule.json, schedule.ics, schedule.csv."
        )
    conference = get_object_or_404(Conference, slug=conference_slug)
    write, content_type = FORMATS[fmt]
    schedule = schedule_of(conference, _version(request))
    return _file(write(schedule), content_type, f"{conference_slug}-schedule.{fmt}")


@require_safe
@cached_page
def track_calendar(
    request: HttpRequest, conference_slug: str, track_slug: str
) -> HttpResponse:
    track = get_object_or_404(
        Track.objects.select_related("conference"),
        conference__slug=conference_slug, slug=track_slug,
    )  # fmt: skip
    schedule = schedule_of(track.conference, _version(request))
    body = ix.to_ical(schedule, track=track.name)
    return _file(body, FORMATS["ics"][1], f"{conference_slug}-{track_slug}.ics")


urlpatterns = [
    path("<slug:conference_slug>/schedule.<str:fmt>", schedule_file, name="schedule"),
    path(
        "<slug:conference_slug>/tracks/<slug:track_slug>/schedule.ics",
        track_calendar,
        name="track-ics",
    ),
]
