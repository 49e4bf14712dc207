"""Every write of stars and agenda feeds."""

from collections.abc import Iterable

from django.db import transaction

from microconf.cfp.queries import public_contributions
from microconf.conference.models import Conference
from microconf.interest.models import AgendaFeed, Star


@transaction.atomic
def update_stars(
    user, conference: Conference, add: Iterable[str], remove: Iterable[str]
) -> None:
    """Star and unstar public contributions of the conference, by slug."""
    add, remove = set(add), set(remove)
    public = public_contributions(conference.slug)
    if remove:
        Star.objects.filter(
            user=user, contribution__in=public.filter(slug__in=remove)
        ).delete()
    if add:
        Star.objects.bulk_create(
            [Star(user=user, contribution=c) for c in public.filter(slug__in=add)],
            ignore_conflicts=True,
        )


def agenda_feed(user, conference: Conference) -> AgendaFeed:
    """The user's private feed for the conference, created on first need."""
    feed, _ = AgendaFeed.objects.get_or_create(user=user, conference=conference)
    return feed
