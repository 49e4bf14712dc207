"""The printable programme and book of abstracts, as PDF (WeasyPrint).

``render_pdf`` runs in the worker when a release is published (``builds.py``);
the public addresses serve the stored files and never render.
"""

from itertools import groupby

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from microconf.cfp.queries import public_contributions
from microconf.conference.models import Conference, Track
from microconf.conference.pages import conference_context
from microconf.conference.timezones import format_time
from microconf.scheduling import builds
from microconf.scheduling.models import BuiltFile

# How soon a reader may ask again while the worker builds the file.
RETRY_SECONDS = 30


def _refuse_fetch(url: str, *args: object, **kwargs: object) -> dict:
    # Everything the PDF shows is inline: nothing in an abstract may load a resource.
    raise ValueError(f"External resources are not loaded: {url}")


def _local(moment: object, tz: object) -> str:
    return format_time(moment.astimezone(tz))


def _book_order(contribution: object) -> tuple:
    track = contribution.track
    return (track.position, track.name, contribution.start is None, contribution.title)


def render_pdf(conference: Conference, track: Track | None = None) -> bytes:
    """The programme by day, then every public contribution with its abstract."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy; loaded only when printing

    contributions = public_contributions(conference.slug).order_by("start", "title")
    if track is not None:
        contributions = contributions.filter(track=track)
    contributions = list(contributions)
    tz = conference.tz
    scheduled = [c for c in contributions if c.start]
    days = [
        (day, [(c, _local(c.start, tz), _local(c.end, tz)) for c in items])
        for day, items in groupby(
            scheduled, key=lambda c: c.start.astimezone(tz).date()
        )
    ]
    html = render_to_string(
        "programme/print/book.html",
        {
            **conference_context(conference),
            "track": track,
            "days": days,
            "contributions": sorted(contributions, key=_book_order),
        },
    )
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def _stored(request: HttpRequest, built: BuiltFile, filename: str) -> HttpResponse:
    """The stored file, with an ETag of its content and its build time."""
    etag = f'"{built.sha256[:32]}"'
    last_modified = int(built.created.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(built.file.open("rb"), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Content-Length"] = str(built.size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, no-cache"
    response["X-Microconf-Release"] = str(built.build.release.number)
    return response


def _serve(
    request: HttpRequest, conference_slug: str, name: str, filename: str
) -> HttpResponse:
    """The current release's stored file, else an earlier one's, else why not.

    Never renders: the worker builds the files when a release is published.
    """
    served = builds.served_file(conference_slug, name)
    if served is None:
        raise Http404("No such conference.")
    if served.file is not None:
        return _stored(request, served.file, filename)
    context = {
        **conference_context(served.conference),
        "current": served.current,
        "building": served.building,
    }
    if not served.building:
        # Nothing released yet, a build that failed, or a track added since.
        return render(request, "programme/print/unavailable.html", context, status=404)
    response = render(request, "programme/print/unavailable.html", context, status=503)
    response["Retry-After"] = str(RETRY_SECONDS)
    return response


@require_safe
def conference_pdf(request: HttpRequest, conference_slug: str) -> HttpResponse:
    return _serve(
        request, conference_slug, builds.PROGRAMME, f"{conference_slug}-programme.pdf"
    )


@require_safe
def track_pdf(
    request: HttpRequest, conference_slug: str, track_slug: str
) -> HttpResponse:
    if not Track.objects.filter(
        conference__slug=conference_slug, slug=track_slug
    ).exists():
        raise Http404("No such track.")
    return _serve(
        request,
        conference_slug,
        builds.track_file(track_slug),
        f"{conference_slug}-{track_slug}.pdf",
    )


@require_safe
def release_pdf(
    request: HttpRequest, conference_slug: str, number: int
) -> HttpResponse:
    """One release's printable programme: an address that never changes meaning."""
    conference = get_object_or_404(Conference, slug=conference_slug)
    built = builds.release_file(conference, number, builds.PROGRAMME)
    if built is None:
        raise Http404("That release has no printable programme.")
    return _stored(request, built, f"{conference_slug}-release-{number}.pdf")


urlpatterns = [
    path("<slug:conference_slug>/programme.pdf", conference_pdf, name="conference"),
    path(
        "<slug:conference_slug>/tracks/<slug:track_slug>/programme.pdf",
        track_pdf,
        name="track",
    ),
    path(
        "<slug:conference_slug>/releases/<int:number>/programme.pdf",
        release_pdf,
        name="release",
    ),
]
