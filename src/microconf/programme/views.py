"""Public pages of the programme: each view loads, then renders.

Public pages write nothing; only the star endpoint (a POST from a logged-in user)
and the agenda page (which creates the user's feed address) do, through services.
"""

import datetime as dt
import json
from itertools import groupby

from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import npgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods, require_safe

from microconf import interchange, links
from microconf.cfp.models import Authorship, Contribution
from microconf.cfp.queries import public_contributions, tracks_with_counts
from microconf.conference.models import Conference, Track
from microconf.conference.pages import conference_context
from microconf.conference.queries import sponsor_tiers
from microconf.exchange.exports import schedule_of
from microconf.interest import queries as interest
from microconf.interest import services
from microconf.interest.models import AgendaFeed
from microconf.materials.models import Material
from microconf.people.models import Person
from microconf.programme import queries
from microconf.programme.caching import cached_page, cached_page_by_hour, is_export
from microconf.programme.grid import grid_of
from microconf.programme.room_pages import RoomPage, page_holding, room_pages
from microconf.scheduling.timetable import conference_days, lay_out_day


def _conference_context(conference: Conference, request=None) -> dict:
    return {
        **conference_context(conference),
        "static_export": request is not None and is_export(request),
    }


@require_safe
def conference_list(request: HttpRequest) -> HttpResponse:
    conferences = [
        _conference_context(c) for c in Conference.objects.order_by("-start_date")
    ]
    return render(
        request, "programme/conference_list.html", {"conferences": conferences}
    )


@require_safe
@cached_page_by_hour
def conference_home(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    days = conference_days(conference.start_date, conference.end_date)
    today = _today(conference)
    context = {
        **_conference_context(conference, request),
        "track_groups": _track_groups(conference),
        "rooms": conference.rooms.all(),
        "days": days,
        "today": today if today in days else None,
        "sponsor_tiers": sponsor_tiers(conference.id),
    }
    if context["today"]:
        # During the conference the home page carries today's sessions for the
        # script's "Now and next" panel (two more queries, on those days only).
        context["todays"] = _sessions_on(conference, today)
    return render(request, "programme/conference.html", context)


def _today(conference: Conference) -> dt.date:
    return timezone.now().astimezone(conference.tz).date()


def _sessions_on(conference: Conference, date: dt.date) -> list:
    tz = conference.tz
    start = dt.datetime.combine(date, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return queries.scheduled_contributions(conference.slug, start, end)


# A group's heading: the kind's name, in the plural when it holds several tracks.
_GROUP_NAMES = {
    Track.Kind.MICROCONFERENCE: npgettext_lazy(
        "tracks of one kind", "Microconference", "Microconferences"
    ),
    Track.Kind.REFEREED: npgettext_lazy(
        "tracks of one kind", "Refereed track", "Refereed tracks"
    ),
    Track.Kind.KERNEL_SUMMIT: npgettext_lazy(
        "tracks of one kind", "Kernel Summit", "Kernel Summits"
    ),
    Track.Kind.BOF: npgettext_lazy(
        "tracks of one kind", "Birds of a feather", "Birds of a feather"
    ),
    Track.Kind.PROPOSALS: npgettext_lazy(
        "tracks of one kind", "Microconference proposals", "Microconference proposals"
    ),
    Track.Kind.OTHER: npgettext_lazy("tracks of one kind", "Other", "Others"),
}


def _track_groups(conference: Conference) -> list:
    tracks = tracks_with_counts(conference.id).select_related("conference")
    ordered = sorted(
        tracks, key=lambda t: (_KIND_ORDER.index(t.kind), t.position, t.name)
    )
    groups = [(kind, list(group)) for kind, group in groupby(ordered, lambda t: t.kind)]
    # No placeholder in the names: "%" with the count only picks the form.
    return [(_GROUP_NAMES[kind] % len(group), group) for kind, group in groups]


@require_safe
@cached_page
def tracks_page(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    context = {
        **_conference_context(conference, request),
        "track_groups": _track_groups(conference),
        "section": "tracks",
    }
    return render(request, "programme/tracks.html", context)


@require_safe
@cached_page
def speakers_page(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    context = {
        **_conference_context(conference, request),
        "people": queries.speakers(conference_slug),
        "section": "speakers",
    }
    return render(request, "programme/speakers.html", context)


# The order in which kinds of track appear on the conference's home page.
_KIND_ORDER = [
    Track.Kind.REFEREED,
    Track.Kind.KERNEL_SUMMIT,
    Track.Kind.MICROCONFERENCE,
    Track.Kind.BOF,
    Track.Kind.OTHER,
    Track.Kind.PROPOSALS,
]


@require_safe
@cached_page_by_hour
def timetable(
    request: HttpRequest,
    conference_slug: str,
    day: str | None = None,
    room_id: int | None = None,
    all_rooms: bool = False,
) -> HttpResponse:
    """A day's timetable: its page of rooms (room_pages.py), or every room."""
    conference = get_object_or_404(Conference, slug=conference_slug)
    days = conference_days(conference.start_date, conference.end_date)
    today = _today(conference)
    try:
        # During the conference the timetable opens on today.
        date = (
            dt.date.fromisoformat(day) if day else (today if today in days else days[0])
        )
    except ValueError:
        raise Http404("Not a date.") from None
    if date not in days:
        raise Http404("The conference does not run on that day.")
    rooms = list(conference.rooms.all())
    pages = room_pages(rooms)
    page = None if all_rooms else pages[0]
    if room_id is not None:
        page = page_holding(pages, room_id)
        if page is None:
            raise Http404("No such room in this conference.")
    shown = rooms if page is None else page.rooms
    tz = conference.tz
    start = dt.datetime.combine(date, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    contributions = queries.scheduled_contributions(
        conference_slug,
        start,
        end,
        room_ids=None if len(shown) == len(rooms) else [r.id for r in shown],
    )
    layout = lay_out_day(date, contributions, shown, tz)
    linked = [(p, _timetable_url(conference_slug, date, p)) for p in pages]
    at = page.number - 1 if page is not None else None
    context = {
        **_conference_context(conference, request),
        "day": layout,
        "grid": grid_of(layout, tz, shown),
        # Another day keeps the same rooms (the pages are the same every day).
        "day_links": [(d, _timetable_url(conference_slug, d, page)) for d in days],
        "room_page": page if len(pages) > 1 else None,
        "room_pages": linked if len(pages) > 1 else [],
        "previous_rooms": linked[at - 1] if at else None,
        "next_rooms": linked[at + 1]
        if at is not None and at + 1 < len(linked)
        else None,
        "all_rooms_url": reverse(
            "programme:timetable-all-rooms", args=[conference_slug, date.isoformat()]
        ),
        "all_rooms": all_rooms,
        "room_count": len(rooms),
        "section": "timetable",
    }
    return render(request, "programme/timetable.html", context)


def _timetable_url(slug: str, date: dt.date, page: RoomPage | None) -> str:
    if page is None:
        return reverse("programme:timetable-all-rooms", args=[slug, date.isoformat()])
    if page.room_id is None:
        return reverse("programme:timetable", args=[slug, date.isoformat()])
    return reverse(
        "programme:timetable-rooms", args=[slug, date.isoformat(), page.room_id]
    )


@require_safe
@cached_page
def track_page(
    request: HttpRequest, conference_slug: str, track_slug: str
) -> HttpResponse:
    track = get_object_or_404(
        Track.objects.select_related("conference").prefetch_related("runners"),
        conference__slug=conference_slug,
        slug=track_slug,
    )
    contributions = public_contributions(conference_slug).filter(track=track)
    context = {
        **_conference_context(track.conference, request),
        "track": track,
        "contributions": list(contributions.order_by("start", "title")),
    }
    return render(request, "programme/track.html", context)


@require_safe
@cached_page
def contribution_page(
    request: HttpRequest, conference_slug: str, contribution_slug: str
) -> HttpResponse:
    try:
        contribution = (
            public_contributions(conference_slug)
            .prefetch_related(
                Prefetch(
                    "materials", queryset=Material.objects.order_by("position", "id")
                )
            )
            .get(slug=contribution_slug)
        )
    except Contribution.DoesNotExist:
        raise Http404("No such contribution in this conference.") from None
    authorships = contribution.authorships.all()
    context = {
        **_conference_context(contribution.conference, request),
        "contribution": contribution,
        "primary_authors": [
            a for a in authorships if a.role == Authorship.Role.PRIMARY_AUTHOR
        ],
        "co_authors": [a for a in authorships if a.role == Authorship.Role.CO_AUTHOR],
        "speakers": [a for a in authorships if a.is_speaker],
        "materials": contribution.materials.all(),
        "sponsor_tiers": sponsor_tiers(contribution.conference_id),
    }
    return render(request, "programme/contribution.html", context)


@require_safe
@cached_page
def speaker_page(
    request: HttpRequest, conference_slug: str, person_id: int
) -> HttpResponse:
    try:
        person, contributions = queries.speaker(conference_slug, person_id)
    except Person.DoesNotExist:
        raise Http404("No such speaker in this conference.") from None
    context = {
        **_conference_context(contributions[0].conference, request),
        "person": person,
        "contributions": contributions,
    }
    return render(request, "programme/speaker.html", context)


@require_safe
@cached_page
def search_page(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    query = request.GET.get("q", "").strip()[:200]
    results = queries.search(conference_slug, query) if query else []
    for result in results:
        # An accepted MC proposal is shown as the MC it became, with its time.
        result.shows_mc = result.microconference_id is not None
        if result.shows_mc and result.mc_start:
            result.mc_end = result.mc_last_start + dt.timedelta(
                minutes=result.mc_last_minutes
            )
    context = {
        **_conference_context(conference, request),
        "query": query,
        "results": results,
        "section": "search",
    }
    return render(request, "programme/search.html", context)


@require_safe
@cached_page
def agenda_page(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    contributions = queries.scheduled_contributions(conference_slug)
    starred, feed = set(), None
    if request.user.is_authenticated:
        starred = set(interest.starred_slugs(request.user, conference.id))
        feed = services.agenda_feed(request.user, conference)
    context = {
        **_conference_context(conference, request),
        "contributions": contributions,
        "starred": starred,
        "feed_url": (
            links.request_base_url(request)
            + reverse("programme:agenda-feed", args=[conference.slug, feed.token])
            if feed
            else None
        ),
        "section": "agenda",
    }
    return render(request, "programme/agenda.html", context)


@never_cache
@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def stars(request: HttpRequest, conference_slug: str) -> HttpResponse:
    """The logged-in user's stars as JSON; POST {"add": [...], "remove": [...]}."""
    conference = get_object_or_404(Conference, slug=conference_slug)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return JsonResponse({"error": "Log in to keep stars."}, status=403)
        return JsonResponse({"authenticated": False, "stars": []})
    if request.method == "POST":
        try:
            body = json.loads(request.body)
            add = _slugs(body.get("add", []))
            remove = _slugs(body.get("remove", []))
        # RecursionError: JSON nested thousands deep is refused, not a 500.
        except (ValueError, TypeError, AttributeError, RecursionError):
            return HttpResponseBadRequest("Expected JSON with add and remove lists.")
        services.update_stars(request.user, conference, add, remove)
    return JsonResponse(
        {
            "authenticated": True,
            "stars": interest.starred_slugs(request.user, conference.id),
        }
    )


def _slugs(values: object) -> list[str]:
    """Up to 1,000 slugs from a JSON list; slugs never hold NUL (PostgreSQL refuses)."""
    if not isinstance(values, list):
        raise TypeError("not a list")
    return [str(v) for v in values if "\x00" not in str(v)][:1000]


@require_safe
def agenda_feed(request: HttpRequest, conference_slug: str, token: str) -> HttpResponse:
    feed = get_object_or_404(
        AgendaFeed.objects.select_related("conference"),
        token=token,
        conference__slug=conference_slug,
    )
    starred = interest.starred_guids(feed.user_id, feed.conference_id)
    return _agenda_calendar(feed.conference, lambda c: c.guid in starred)


@require_safe
def agenda_export(request: HttpRequest, conference_slug: str) -> HttpResponse:
    """Starred sessions as iCalendar without an account: the link carries them.

    ``?s=slug&s=slug...`` (the script writes it from the stars kept in this
    browser); unknown or unpublished slugs are left out.
    """
    conference = get_object_or_404(Conference, slug=conference_slug)
    wanted = {v for v in request.GET.getlist("s")[:1000] if "\x00" not in v}
    response = _agenda_calendar(conference, lambda c: c.slug in wanted)
    response["Content-Disposition"] = (
        f'attachment; filename="{conference_slug}-agenda.ics"'
    )
    return response


def _agenda_calendar(conference: Conference, chosen) -> HttpResponse:
    scheduled = queries.scheduled_contributions(conference.slug)
    guids = {c.guid for c in scheduled if chosen(c)}
    schedule = schedule_of(conference)  # links name the current request's address
    # DTSTAMP is the schedule's last change, not the clock: the same schedule
    # gives the same bytes, which calendar clients and caches can compare.
    changed = max((c.updated for c in scheduled), default=None)
    # The same events, UIDs included, as the conference's own calendar.
    body = interchange.to_ical(
        schedule,
        events=[e for e in schedule.events if e.guid in guids],
        calendar_name=_("My agenda · %(conference)s") % {"conference": conference.name},
        stamp=changed,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{conference.slug}.ics"'
    response["Cache-Control"] = "private, no-cache"
    return response
