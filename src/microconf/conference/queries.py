"""Shared querysets over the frame of the event."""

from django.db.models import Prefetch

from microconf.conference.models import Sponsor, SponsorTier


def sponsor_tiers(conference_id: int) -> list[SponsorTier]:
    """Tiers in order, each with its sponsors loaded; empty tiers left out."""
    tiers = SponsorTier.objects.filter(conference_id=conference_id).prefetch_related(
        Prefetch("sponsors", queryset=Sponsor.objects.order_by("position", "name"))
    )
    return [tier for tier in tiers if tier.sponsors.all()]
