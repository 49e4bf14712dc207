"""What the public programme loads, each page with a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from microconf.cfp.lifecycle import PUBLIC_STATES
from microconf.cfp.models import Authorship, Contribution
from microconf.cfp.queries import public_contributions, visible_contributions

# The programme's pages read the schedule through this module too.
from microconf.cfp.queries import scheduled_contributions as scheduled_contributions
from microconf.conference.models import Conference
from microconf.people.models import Person


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


_VERSION_SQL = """
SELECT c.id,
  (SELECT MAX(x.updated) FROM {contribution} x WHERE x.conference_id = c.id),
  (SELECT COUNT(*) FROM {contribution} x WHERE x.conference_id = c.id),
  (SELECT COUNT(*) FROM {authorship} a
     JOIN {contribution} x ON a.contribution_id = x.id WHERE x.conference_id = c.id)
FROM {conference} c WHERE c.slug = %s
"""


def programme_version(conference_slug: str) -> ProgrammeVersion | None:
    """The conference's programme version, in one query; None if there is none.

    Written as SQL because it runs on every request, cached or not: the ORM took
    longer to compile its subqueries than the database took to answer them.
    """
    sql = _VERSION_SQL.format(
        contribution=connection.ops.quote_name(Contribution._meta.db_table),
        authorship=connection.ops.quote_name(Authorship._meta.db_table),
        conference=connection.ops.quote_name(Conference._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [conference_slug])
        row = cursor.fetchone()
    if row is None:
        return None
    conference_id, last_modified, contributions, authorships = row
    if isinstance(last_modified, str):  # SQLite answers MAX() with text
        last_modified = parse_datetime(last_modified)
    if last_modified is not None and timezone.is_naive(last_modified):
        last_modified = timezone.make_aware(last_modified, dt.UTC)
    return ProgrammeVersion(
        conference_id=conference_id,
        last_modified=last_modified,
        contributions=contributions,
        authorships=authorships,
    )


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


def speakers(conference_slug: str) -> list[Person]:
    """Everyone with a public contribution here, by name, with those contributions.

    Each person's ``talks`` are their public contributions in time order (two
    queries whatever the number of people).
    """
    public = public_contributions(conference_slug).order_by("start", "title")
    return list(
        Person.objects.filter(
            id__in=visible_contributions(None)
            .filter(conference__slug=conference_slug, state__in=PUBLIC_STATES)
            .values("authorships__person_id")
        )
        .only("id", "name", "affiliation")
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.filter(contribution__in=public)
                .select_related("contribution__room", "contribution__conference")
                .order_by("contribution__start", "contribution__title"),
                to_attr="talks",
            )
        )
        .order_by(Lower("name"), "id")
    )


def search(conference_slug: str, query: str, limit: int = 100) -> list[Contribution]:
    """Public contributions whose title, abstract, speaker or track name matches.

    An accepted microconference proposal carries its MC (``microconference``) and
    when the MC's scheduled topics run (``mc_start``, ``mc_last_start``,
    ``mc_last_minutes``, ``mc_room``), in the same query.
    """
    topics = visible_contributions(None).filter(
        track=OuterRef("microconference"),
        state__in=PUBLIC_STATES,
        start__isnull=False,
        room__isnull=False,
    )
    first, last = topics.order_by("start"), topics.order_by("-start")
    matching = (
        visible_contributions(None)
        .filter(
            Q(title__icontains=query)
            | Q(abstract__icontains=query)
            | Q(track__name__icontains=query)
            | Q(authorships__person__name__icontains=query)
        )
        .values("id")
    )
    return list(
        public_contributions(conference_slug)
        .filter(id__in=matching)
        .select_related("microconference")
        .annotate(
            mc_start=Subquery(first.values("start")[:1]),
            mc_room=Subquery(first.values("room__name")[:1]),
            mc_last_start=Subquery(last.values("start")[:1]),
            mc_last_minutes=Subquery(last.values("duration")[:1]),
        )
        .order_by("start", "title")[:limit]
    )


def public_contributions_for_export(conference_slug: str) -> QuerySet[Contribution]:
    """Every public contribution, scheduled or not, with its authors."""
    return public_contributions(conference_slug)
