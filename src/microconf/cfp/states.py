"""The states a contribution passes through, and the table of allowed changes.

``TRANSITIONS`` is the whole table: a pair missing from it cannot happen, and each
pair names the permission (see ``cfp/rules.py``) that the actor must hold. The one
function that changes a state is ``lifecycle.change_state``; the models read the
states from here, so that function can use the models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CONFIRMED = "confirmed", _("Confirmed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# What the public programme may show: decided in favour, and not withdrawn.
PUBLIC_STATES = frozenset({State.ACCEPTED, State.CONFIRMED})
# Decisions that the authors hear about by mail.
DECISION_STATES = frozenset({State.ACCEPTED, State.REJECTED, State.WAITLISTED})

SUBMIT = "cfp.submit_contribution"
DECIDE = "cfp.decide_contribution"
CONFIRM = "cfp.confirm_contribution"
WITHDRAW = "cfp.withdraw_contribution"
UNDO_DECISION = "cfp.undo_decision"

TRANSITIONS: dict[tuple[State, State], str] = {
    (State.DRAFT, State.SUBMITTED): SUBMIT,
    (State.SUBMITTED, State.ACCEPTED): DECIDE,
    (State.SUBMITTED, State.REJECTED): DECIDE,
    (State.SUBMITTED, State.WAITLISTED): DECIDE,
    (State.WAITLISTED, State.ACCEPTED): DECIDE,
    (State.WAITLISTED, State.REJECTED): DECIDE,
    (State.ACCEPTED, State.CONFIRMED): CONFIRM,
    (State.DRAFT, State.WITHDRAWN): WITHDRAW,
    (State.SUBMITTED, State.WITHDRAWN): WITHDRAW,
    (State.WAITLISTED, State.WITHDRAWN): WITHDRAW,
    (State.ACCEPTED, State.WITHDRAWN): WITHDRAW,
    (State.CONFIRMED, State.WITHDRAWN): WITHDRAW,
    (State.ACCEPTED, State.SUBMITTED): UNDO_DECISION,
    (State.REJECTED, State.SUBMITTED): UNDO_DECISION,
    (State.WAITLISTED, State.SUBMITTED): UNDO_DECISION,
}


def allowed_targets(contribution: object, user: object) -> list[State]:
    """The states this user may move the contribution to now, in table order."""
    current = State(contribution.state)
    return [
        to
        for (source, to), permission in TRANSITIONS.items()
        if source == current and user.has_perm(permission, contribution)
    ]
