"""Writes of the review: scores and comments, declared conflicts, assignments."""

import statistics
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from microconf.audit.services import record
from microconf.cfp.lifecycle import State
from microconf.cfp.models import Contribution
from microconf.people.models import TeamMembership
from microconf.review import conflicts
from microconf.review.models import (
    ConflictOfInterest,
    Review,
    ReviewAssignment,
    ReviewCriterion,
    Score,
)

Conflict = ConflictOfInterest

# Reviews are written while the decision is open.
REVIEWED_STATES = frozenset({State.SUBMITTED, State.WAITLISTED})


@transaction.atomic
def save_review(
    contribution: Contribution, scores: dict[int, int], comment: str, *, by: object
) -> Review:
    """Record (or replace) this reviewer's scores and comment on a contribution."""
    if not by.has_perm("review.review_contribution", contribution):
        raise PermissionDenied(_("You may not review this contribution."))
    if contribution.state not in REVIEWED_STATES:
        raise ValidationError(
            _(
                "This contribution is %(state)s; only submitted and waitlisted "
                "contributions are reviewed, so no review was saved."
            )
            % {"state": State(contribution.state).label.lower()},
            code="not_under_review",
        )
    criteria = {
        c.pk: c for c in ReviewCriterion.objects.filter(cfp__track=contribution.track)
    }
    errors = {}
    for pk, criterion in criteria.items():
        value = scores.get(pk)
        if value is None:
            errors[f"criterion_{pk}"] = _("Give a score for “%(criterion)s”.") % {
                "criterion": criterion.name
            }
        elif not criterion.min_score <= value <= criterion.max_score:
            errors[f"criterion_{pk}"] = _(
                "“%(criterion)s” is scored from %(low)s to %(high)s."
            ) % {
                "criterion": criterion.name,
                "low": criterion.min_score,
                "high": criterion.max_score,
            }
    if len(comment) > 5000:
        errors["comment"] = _(
            "The comment is %(length)s characters; the limit is 5000."
        ) % {"length": len(comment)}
    if errors:
        raise ValidationError(errors)
    review, _created = Review.objects.update_or_create(
        contribution=contribution, reviewer=by, defaults={"comment": comment}
    )
    review.scores.all().delete()
    Score.objects.bulk_create(
        Score(review=review, criterion_id=pk, value=scores[pk]) for pk in criteria
    )
    return review


@transaction.atomic
def declare_conflict(contribution: Contribution, reason: str, *, by: object) -> None:
    """The reviewer says they are in conflict: confirmed at once, their review gone."""
    ConflictOfInterest.objects.update_or_create(
        user=by, contribution=contribution,
        defaults={
            "reason": reason[:300], "source": Conflict.Source.DECLARED,
            "status": Conflict.Status.CONFIRMED,
        },
    )  # fmt: skip
    _stop_reviewing(contribution, by)


def _stop_reviewing(contribution: Contribution, reviewer: object) -> None:
    Review.objects.filter(contribution=contribution, reviewer=reviewer).delete()
    ReviewAssignment.objects.filter(
        contribution=contribution, reviewer=reviewer
    ).delete()


# A suggestion holds back its assignment until an organiser dismisses it.
HOLDING = frozenset({Conflict.Status.SUGGESTED, Conflict.Status.CONFIRMED})


def _status(
    reviewer: object,
    contribution: Contribution,
    authors: list,
    people: dict,
    coauthors: dict,
    known: dict,
) -> str | None:
    """The pair's conflict status; a first look stores what it finds as suggested."""
    key = (reviewer.pk, contribution.pk)
    if key not in known:
        found = conflicts.matches(people[reviewer.pk], authors, coauthors[reviewer.pk])
        known[key] = Conflict.Status.SUGGESTED if found else None
        if found:
            ConflictOfInterest.objects.create(
                user=reviewer, contribution=contribution,
                source=found[0].source, status=Conflict.Status.SUGGESTED,
                reason="; ".join(m.reason for m in found)[:300],
            )  # fmt: skip
    return known[key]


@transaction.atomic
def assign_balanced(track: object, per_contribution: int, *, by: object) -> int:
    """Give each submitted contribution up to ``per_contribution`` reviewers.

    Each goes to the reviewers of the track with the fewest assignments so far.
    Conflicts of interest are looked for here, once per reviewer and contribution
    (review/conflicts.py): a match is stored as a suggestion for organisers and
    that reviewer is not assigned, nor anyone with a confirmed conflict. Returns
    how many assignments were made.
    """
    if not by.has_perm("review.assign_reviewers", track):
        raise PermissionDenied(_("You may not assign reviewers in this track."))
    reviewers = [
        m.user
        for m in TeamMembership.objects.filter(
            track=track, role=TeamMembership.Role.REVIEWER
        ).select_related("user__person")
    ]
    people = {r.pk: getattr(r, "person", None) for r in reviewers}
    coauthors = {r.pk: conflicts.coauthors_of(people[r.pk]) for r in reviewers}
    known = {
        (c.user_id, c.contribution_id): c.status
        for c in ConflictOfInterest.objects.filter(
            contribution__track=track, user__in=reviewers
        )
    }
    load = Counter(
        ReviewAssignment.objects.filter(
            reviewer__in=reviewers, contribution__track=track
        ).values_list("reviewer_id", flat=True)
    )
    made = 0
    contributions = (
        Contribution.objects.filter(track=track, state=State.SUBMITTED)
        .select_related("track__cfp", "conference")
        .prefetch_related("authorships__person", "review_assignments")
        .order_by("created")
    )
    for contribution in contributions:
        have = {a.reviewer_id for a in contribution.review_assignments.all()}
        authors = [a.person for a in contribution.authorships.all()]
        eligible = [
            r for r in reviewers
            if r.pk not in have and not any(a.user_id == r.pk for a in authors)
            and _status(r, contribution, authors, people, coauthors, known)
            not in HOLDING
        ]  # fmt: skip
        eligible.sort(key=lambda r: (load[r.pk], r.pk))
        for reviewer in eligible[: max(0, per_contribution - len(have))]:
            ReviewAssignment.objects.create(
                contribution=contribution, reviewer=reviewer
            )
            load[reviewer.pk] += 1
            made += 1
    return made


def conflicts_to_confirm(conference: object) -> list[ConflictOfInterest]:
    """The conference's conflicts of interest, suggestions first, for organisers."""
    order = {Conflict.Status.SUGGESTED: 0, Conflict.Status.CONFIRMED: 1}
    found = ConflictOfInterest.objects.filter(
        contribution__conference=conference
    ).select_related("user__person", "contribution__track")
    return sorted(found, key=lambda c: (order.get(c.status, 2), c.created, c.pk))


@transaction.atomic
def decide_conflict(conflict: ConflictOfInterest, *, confirm: bool, by: object) -> None:
    """An organiser confirms a conflict (the reviewer stops) or dismisses it."""
    conference = conflict.contribution.conference
    if not by.has_perm("review.confirm_conflicts", conference):
        raise PermissionDenied(_("Only organisers confirm conflicts of interest."))
    conflict.status = (
        Conflict.Status.CONFIRMED if confirm else Conflict.Status.DISMISSED
    )
    conflict.save(update_fields=["status"])
    if confirm:
        _stop_reviewing(conflict.contribution, conflict.user)
    record(
        "conflict-confirmed" if confirm else "conflict-dismissed", by=by,
        conference=conference,
        data={"reviewer": conflict.user_id, "contribution": conflict.contribution_id},
    )  # fmt: skip


def summary(contribution: Contribution) -> dict:
    """Count, mean and spread of the totals of a contribution's (prefetched) reviews."""
    totals = [sum(s.value for s in r.scores.all()) for r in contribution.reviews.all()]
    return {
        "count": len(totals),
        "mean": statistics.fmean(totals) if totals else None,
        "spread": statistics.pstdev(totals)
        if len(totals) > 1
        else 0.0
        if totals
        else None,
    }


@dataclass(frozen=True, slots=True)
class CriterionMean:
    """One criterion's mean over a contribution's reviews, with its scale."""

    name: str
    mean: float | None
    min_score: int
    max_score: int


def criterion_means(
    contribution: Contribution, criteria: list[ReviewCriterion]
) -> list[CriterionMean]:
    """Each criterion's mean over the (prefetched) reviews, in the call's order."""
    values: dict[int, list[int]] = {c.pk: [] for c in criteria}
    for review in contribution.reviews.all():
        for score in review.scores.all():
            values.setdefault(score.criterion_id, []).append(score.value)
    return [
        CriterionMean(
            name=c.name,
            mean=statistics.fmean(values[c.pk]) if values[c.pk] else None,
            min_score=c.min_score,
            max_score=c.max_score,
        )
        for c in criteria
    ]
