"""The printable programme and book of abstracts, as PDF (WeasyPrint)."""

from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path
from django.views.decorators.http import require_safe

from microconf.cfp.queries import public_contributions
from microconf.conference.models import Conference, Track
from microconf.conference.pages import conference_context
from microconf.conference.timezones import format_time


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


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@require_safe
def conference_pdf(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    return _pdf(render_pdf(conference), f"{conference.slug}-programme")


@require_safe
def track_pdf(
    request: HttpRequest, conference_slug: str, track_slug: str
) -> HttpResponse:
    track = (
        Track.objects.select_related("conference")
        .filter(conference__slug=conference_slug, slug=track_slug)
        .first()
    )
    if track is None:
        raise Http404("No such track.")
    return _pdf(render_pdf(track.conference, track), f"{conference_slug}-{track_slug}")


urlpatterns = [
    path("<slug:conference_slug>/programme.pdf", conference_pdf, name="conference"),
    path(
        "<slug:conference_slug>/tracks/<slug:track_slug>/programme.pdf",
        track_pdf,
        name="track",
    ),
]
