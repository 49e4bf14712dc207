"""Named permissions of the call for proposals, composed from people/rules.py."""

import rules

from microconf.cfp.lifecycle import State
from microconf.conference.models import Track
from microconf.people.rules import (
    has_conflict_with,
    is_assigned_to_review,
    is_author,
    is_committee_member,
    is_in_team,
    is_organiser,
    is_reviewer_of_track,
    is_runner_of_mc,
)


@rules.predicate
def is_draft(user: object, contribution: object) -> bool:
    """Not submitted yet: its authors' alone, as in cfp/queries.py."""
    return contribution is not None and contribution.state == State.DRAFT


@rules.predicate
def is_topic(user: object, contribution: object) -> bool:
    """A topic of a microconference: its runners, not the committee, decide on it."""
    return (
        contribution is not None
        and contribution.track.kind == Track.Kind.MICROCONFERENCE
    )


can_decide = (
    is_organiser | (is_committee_member & ~is_topic) | (is_topic & is_runner_of_mc)
)


@rules.predicate
def is_review_anonymised(user: object, contribution: object) -> bool:
    cfp = getattr(contribution.track, "cfp", None) if contribution else None
    return bool(cfp and cfp.is_review_anonymised)


# Under anonymised review a reviewer of the track sees what was assigned to them,
# and only that: an item kept from them for a conflict looks like any other item
# they were not given. Deciders see the track's submissions either way.
is_given_to_review = is_reviewer_of_track & (
    ~is_review_anonymised | is_assigned_to_review
)
can_review = (is_given_to_review | can_decide) & ~is_author & ~has_conflict_with

rules.add_perm("cfp.submit_contribution", is_author)
rules.add_perm("cfp.edit_contribution", is_author | is_organiser)
rules.add_perm("cfp.confirm_contribution", is_author)
rules.add_perm("cfp.withdraw_contribution", is_author | is_organiser)
rules.add_perm("cfp.invite_coauthor", is_author)
rules.add_perm("cfp.decide_contribution", can_decide & ~is_author)
rules.add_perm("cfp.undo_decision", is_organiser)
rules.add_perm("cfp.reopen_contribution", is_organiser)
rules.add_perm(
    "cfp.view_submission", is_author | (~is_draft & (can_decide | can_review))
)
# On a track: who may change its call (organisers; runners for their own MC).
rules.add_perm("cfp.manage_cfp", is_organiser | is_runner_of_mc)
# On a conference: who may open the team's pages at all.
rules.add_perm("cfp.view_submissions", is_in_team)


# With anonymised review, only the authors themselves and organisers see who they are.
rules.add_perm(
    "cfp.view_authors",
    is_author | is_organiser | (~is_review_anonymised & (can_decide | can_review)),
)
# The log names who acted, authors included, so anonymised calls keep it for organisers.
rules.add_perm("cfp.view_audit", is_organiser | (can_decide & ~is_review_anonymised))
