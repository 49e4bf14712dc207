import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from microconf.cfp.lifecycle import State
from microconf.cfp.queries import team_contributions
from microconf.people.models import Person, TeamMembership
from microconf.review.models import ReviewAssignment, ReviewCriterion
from microconf.review.services import (
    assign_balanced,
    declare_conflict,
    save_review,
    summary,
)
from tests.factories import add_author, make_contribution, make_user


def _talks(cast, n):
    talks = []
    for _ in range(n):
        talk = make_contribution(cast.refereed, state=State.SUBMITTED)
        add_author(talk, cast.speaker.person, is_speaker=True)
        talks.append(talk)
    return talks


def test_balanced_assignment_spreads_the_load_and_skips_conflicts(cast):
    reviewers = [
        make_user(f"r{n}@example.org", affiliation=f"Lab {n}") for n in range(4)
    ]
    for reviewer in reviewers:
        TeamMembership.objects.create(
            conference=cast.conference,
            user=reviewer,
            role="reviewer",
            track=cast.refereed,
        )
    talks = _talks(cast, 6)
    colleague = Person.objects.get(user=reviewers[0])
    colleague.affiliation = "Speak GmbH"  # the speaker's affiliation: a conflict
    colleague.save()

    made = assign_balanced(cast.refereed, 2, by=cast.organiser)

    per_reviewer = [
        ReviewAssignment.objects.filter(reviewer=r).count() for r in reviewers
    ]
    assert made == 12
    assert all(t.review_assignments.count() == 2 for t in talks)
    assert per_reviewer[0] == 0
    assert max(per_reviewer[1:]) - min(per_reviewer[1:]) <= 1


def test_only_organisers_or_the_mc_runners_assign(cast):
    with pytest.raises(PermissionDenied):
        assign_balanced(cast.refereed, 2, by=cast.committee_member)


def test_scores_outside_the_scale_are_explained(cast):
    (talk,) = _talks(cast, 1)
    criterion = ReviewCriterion.objects.create(
        cfp=cast.refereed.cfp, name="Fit", max_score=3
    )

    with pytest.raises(ValidationError) as error:
        save_review(talk, {criterion.pk: 7}, "", by=cast.reviewer)

    assert error.value.message_dict == {
        f"criterion_{criterion.pk}": ["“Fit” is scored from 0 to 3."]
    }


def test_summary_gives_count_mean_and_spread(cast):
    (talk,) = _talks(cast, 1)
    criterion = ReviewCriterion.objects.create(
        cfp=cast.refereed.cfp, name="Fit", max_score=3
    )
    save_review(talk, {criterion.pk: 1}, "", by=cast.reviewer)
    save_review(talk, {criterion.pk: 3}, "good", by=cast.committee_member)

    stats = summary(
        type(talk).objects.prefetch_related("reviews__scores").get(pk=talk.pk)
    )

    assert stats == {"count": 2, "mean": 2.0, "spread": 1.0}


def test_a_declared_conflict_hides_the_proposal_from_the_reviewer(cast):
    (talk,) = _talks(cast, 1)

    declare_conflict(talk, "my former student", by=cast.reviewer)

    assert talk not in team_contributions(cast.conference, cast.reviewer)
    assert not cast.reviewer.has_perm("review.review_contribution", talk)
    assert talk in team_contributions(cast.conference, cast.committee_member)


def test_authors_never_review_their_own_proposal(cast):
    (talk,) = _talks(cast, 1)
    add_author(talk, cast.reviewer.person)

    with pytest.raises(PermissionDenied):
        save_review(talk, {}, "", by=cast.reviewer)
