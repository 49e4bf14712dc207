"""Shared querysets over contributions."""

from django.db.models import Prefetch, QuerySet

from microconf.cfp.lifecycle import PUBLIC_STATES
from microconf.cfp.models import Authorship, Contribution


def public_contributions(conference_slug: str) -> QuerySet[Contribution]:
    """Contributions the public programme shows, with what their pages need loaded."""
    return (
        Contribution.objects.filter(
            conference__slug=conference_slug, state__in=PUBLIC_STATES
        )
        .select_related("conference", "track__conference", "room")
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("person").order_by(
                    "position", "id"
                ),
            ),
        )
    )
