"""Shared querysets over the frame of the event."""

from django.db.models import Count, Prefetch, Q, QuerySet

from microconf.cfp.lifecycle import PUBLIC_STATES
from microconf.conference.models import Sponsor, SponsorTier, Track


def sponsor_tiers(conference_id: int) -> list[SponsorTier]:
    """Tiers in order, each with its sponsors loaded; empty tiers left out."""
    tiers = SponsorTier.objects.filter(conference_id=conference_id).prefetch_related(
        Prefetch("sponsors", queryset=Sponsor.objects.order_by("position", "name"))
    )
    return [tier for tier in tiers if tier.sponsors.all()]


def tracks_with_counts(conference_id: int) -> QuerySet[Track]:
    """Tracks in order, each annotated with how many public contributions it has."""
    return Track.objects.filter(conference_id=conference_id).annotate(
        public_count=Count(
            "contributions", filter=Q(contributions__state__in=PUBLIC_STATES)
        )
    )
