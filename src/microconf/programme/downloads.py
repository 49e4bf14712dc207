"""The current schedule as files conference apps read: frab XML and JSON, iCal, CSV.

Served through the programme's cache: rendered once per programme version and
address links name (``microconf.links``), with ETag and 304 answers.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_safe

from microconf import interchange as ix
from microconf import links
from microconf.conference.models import Conference, Track
from microconf.exchange.exports import schedule_of
from microconf.programme.caching import cached_page

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
    schedule = schedule_of(
        conference, _version(request), links.request_base_url(request)
    )
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
    schedule = schedule_of(
        track.conference, _version(request), links.request_base_url(request)
    )
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
