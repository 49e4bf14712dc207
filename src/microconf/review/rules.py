"""Named permissions of review: who scores, who reads the scores, who assigns."""

import rules

from microconf.cfp.rules import can_decide, can_review
from microconf.people.rules import has_conflict_with, is_organiser, is_runner_of_mc

rules.add_perm("review.review_contribution", can_review)
rules.add_perm("review.view_reviews", can_decide & ~has_conflict_with)
rules.add_perm("review.assign_reviewers", is_organiser | is_runner_of_mc)
# On a conference: who confirms or dismisses the conflicts found at assignment.
rules.add_perm("review.confirm_conflicts", is_organiser)
