"""What the public programme loads, each page with a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from microconf.cfp.models import Authorship, Contribution
from microconf.cfp.queries import public_contributions
from microconf.conference.models import Conference
from microconf.people.models import Person
from microconf.programme.models import Star


@dataclass(frozen=True)
class ProgrammeVersion:
    """Changes whenever anything a public page shows from contributions changes."""

    conference_id: int
    last_modified: dt.datetime | None
    contributions: int
    authorships: int

    @property
    def key(self) -> str:
        stamp = self.last_modified.isoformat() if self.last_modified else "-"
        return f"{self.conference_id}:{stamp}:{self.contributions}:{self.authorships}"


def _subquery_value(queryset: QuerySet, field) -> Subquery:
    return Subquery(queryset.values("conference").annotate(v=field).values("v")[:1])


def programme_version(conference_slug: str) -> ProgrammeVersion | None:
    """The conference's programme version, in one query; None if there is none."""
    contributions = Contribution.objects.filter(conference=OuterRef("pk"))
    authorships = Authorship.objects.filter(
        contribution__conference=OuterRef("pk")
    ).values("contribution__conference")
    row = (
        Conference.objects.filter(slug=conference_slug)
        .annotate(
            last_modified=_subquery_value(contributions, Max("updated")),
            n_contributions=Coalesce(
                _subquery_value(contributions, Count("id")),
                0,
                output_field=IntegerField(),
            ),
            n_authorships=Coalesce(
                Subquery(authorships.annotate(v=Count("id")).values("v")[:1]),
                0,
                output_field=IntegerField(),
            ),
        )
        .values("id", "last_modified", "n_contributions", "n_authorships")
        .first()
    )
    if row is None:
        return None
    return ProgrammeVersion(
        conference_id=row["id"],
        last_modified=row["last_modified"],
        contributions=row["n_contributions"],
        authorships=row["n_authorships"],
    )


def scheduled_contributions(
    conference_slug: str,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> list[Contribution]:
    """The current schedule: public contributions with a room and a start.

    The one place the timetable, the agenda, the feed and the export read the
    schedule from; when releases arrive from the scheduler, this switches to them.
    ``since`` and ``until`` bound the start times (until excluded).
    """
    contributions = public_contributions(conference_slug).filter(
        start__isnull=False, room__isnull=False
    )
    if since is not None:
        contributions = contributions.filter(start__gte=since)
    if until is not None:
        contributions = contributions.filter(start__lt=until)
    return list(contributions.order_by("start", "room__position", "title"))


def speaker(conference_slug: str, person_id: int) -> tuple[Person, list[Contribution]]:
    """A person and their public contributions here; Person.DoesNotExist if none."""
    person = Person.objects.only("id", "name", "affiliation", "bio").get(id=person_id)
    contributions = list(
        public_contributions(conference_slug)
        .filter(authorships__person_id=person_id)
        .order_by("start", "title")
    )
    if not contributions:
        raise Person.DoesNotExist
    return person, contributions


def search(conference_slug: str, query: str, limit: int = 100) -> list[Contribution]:
    """Public contributions whose title, abstract, speaker or track name matches."""
    matching = Contribution.objects.filter(
        Q(title__icontains=query)
        | Q(abstract__icontains=query)
        | Q(track__name__icontains=query)
        | Q(authorships__person__name__icontains=query)
    ).values("id")
    return list(
        public_contributions(conference_slug)
        .filter(id__in=matching)
        .order_by("start", "title")[:limit]
    )


def starred_slugs(user, conference_id: int) -> list[str]:
    return list(
        Star.objects.filter(
            user=user, contribution__conference_id=conference_id
        ).values_list("contribution__slug", flat=True)
    )


def public_contributions_for_export(conference_slug: str) -> QuerySet[Contribution]:
    """Every public contribution, scheduled or not, with its authors."""
    return public_contributions(conference_slug)
