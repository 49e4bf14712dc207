"""Public pages of the programme: each view loads, then renders; nothing is written."""

from itertools import groupby

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from microconf.cfp.models import Authorship, Contribution
from microconf.cfp.queries import public_contributions
from microconf.conference.models import Conference, Track
from microconf.conference.queries import sponsor_tiers, tracks_with_counts
from microconf.conference.timezones import format_date_range, format_slot
from microconf.materials.models import Material


def _conference_context(conference: Conference) -> dict:
    return {
        "conference": conference,
        "date_range": format_date_range(conference.start_date, conference.end_date),
    }


def _schedule_status(contribution: Contribution) -> str:
    if not contribution.is_scheduled:
        return "Not scheduled"
    slot = format_slot(
        contribution.start, contribution.duration, contribution.conference.tz
    )
    return f"{slot}, {contribution.room.name}"


@require_safe
def conference_list(request: HttpRequest) -> HttpResponse:
    conferences = [
        _conference_context(c) for c in Conference.objects.order_by("-start_date")
    ]
    return render(
        request, "programme/conference_list.html", {"conferences": conferences}
    )


@require_safe
def conference_home(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    tracks = tracks_with_counts(conference.id)
    kinds = dict(Track.Kind.choices)
    track_groups = [
        (kinds[kind], list(group))
        for kind, group in groupby(
            sorted(
                tracks, key=lambda t: (_KIND_ORDER.index(t.kind), t.position, t.name)
            ),
            key=lambda t: t.kind,
        )
    ]
    context = {
        **_conference_context(conference),
        "track_groups": track_groups,
        "rooms": conference.rooms.all(),
        "sponsor_tiers": sponsor_tiers(conference.id),
    }
    return render(request, "programme/conference.html", context)


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
        **_conference_context(track.conference),
        "track": track,
        "contributions": [
            (c, _schedule_status(c)) for c in contributions.order_by("start", "title")
        ],
    }
    return render(request, "programme/track.html", context)


@require_safe
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
        **_conference_context(contribution.conference),
        "contribution": contribution,
        "schedule_status": _schedule_status(contribution),
        "primary_authors": [
            a for a in authorships if a.role == Authorship.Role.PRIMARY_AUTHOR
        ],
        "co_authors": [a for a in authorships if a.role == Authorship.Role.CO_AUTHOR],
        "speakers": [a for a in authorships if a.is_speaker],
        "materials": contribution.materials.all(),
        "sponsor_tiers": sponsor_tiers(contribution.conference_id),
    }
    return render(request, "programme/contribution.html", context)
