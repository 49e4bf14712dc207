"""Conflicts of interest found automatically, when reviews are assigned.

A reviewer and a contribution's authors match by affiliation (compared without
case or surrounding spaces), by having written a contribution together, or by
the domain of their e-mail addresses. Matches become suggestions that organisers
confirm or dismiss; they are computed once, at assignment, and never again from
a profile, so a reviewer cannot learn who wrote an anonymised contribution by
editing their own affiliation and watching what changes.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from microconf.cfp.models import Authorship
from microconf.people.models import Person
from microconf.review.models import ConflictOfInterest

Source = ConflictOfInterest.Source


@dataclass(frozen=True)
class Match:
    source: str
    reason: str


def _domain(email: str) -> str:
    name, _, domain = email.strip().lower().rpartition("@")
    return domain if name and domain else ""


def coauthors_of(person: Person | None) -> set[int]:
    """Ids of the people who wrote any contribution together with this person."""
    if person is None:
        return set()
    return set(
        Authorship.objects.filter(contribution__authorships__person=person)
        .exclude(person=person)
        .values_list("person_id", flat=True)
    )


def matches(
    reviewer: Person | None, authors: Iterable[Person], coauthors: set[int]
) -> list[Match]:
    """Why this reviewer may be too close to these authors; empty if no reason."""
    if reviewer is None:
        return []
    found = []
    own_affiliation = reviewer.affiliation.strip().lower()
    own_domain = _domain(reviewer.email)
    ignored = {d.lower() for d in settings.REVIEW_CONFLICT_IGNORED_DOMAINS}
    for author in authors:
        if author.pk == reviewer.pk:
            continue
        if own_affiliation and author.affiliation.strip().lower() == own_affiliation:
            found.append(
                Match(Source.AFFILIATION, f"{author.name}: {author.affiliation}")
            )
        elif author.pk in coauthors:
            found.append(
                Match(Source.COAUTHORSHIP, f"{author.name} wrote with the reviewer")
            )
        elif (
            own_domain
            and own_domain not in ignored
            and _domain(author.email) == own_domain
        ):
            found.append(Match(Source.EMAIL_DOMAIN, f"{author.name}: @{own_domain}"))
    return found
