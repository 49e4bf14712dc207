"""The states a contribution passes through, and the one function that changes them.

``TRANSITIONS`` is the whole table: a pair missing from it cannot happen, and each
pair names the permission (see ``cfp/rules.py``) that the actor must hold.
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microconf.audit.services import record
from microconf.notifications import outbox
from microconf.refusals import TransitionNotAllowed


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


def change_state(
    contribution: object, to: str, *, by: object, reason: str = ""
) -> object:
    """Move a contribution to another state; the only code that assigns ``.state``.

    Inside one transaction:
    1. lock the row and re-read it; if it is already in ``to``, change nothing;
    2. refuse a pair missing from ``TRANSITIONS`` and an actor without its permission;
    3. refuse a submission after the call has closed (unless an organiser reopened it);
    4. save the state and write an audit entry (who, when, from, to, why);
    5. accepting a microconference proposal opens the microconference it proposes;
    6. queue the decision mail for the authors in the outbox, for organisers to review.
    Raises ``TransitionNotAllowed`` or ``PermissionDenied``; never returns quietly.
    """
    from microconf.cfp import services  # noqa: PLC0415 - services build on this module
    from microconf.cfp.models import Contribution  # noqa: PLC0415 - models use State

    target = State(to)
    with transaction.atomic():
        locked = (
            Contribution.objects.select_for_update(of=("self",))
            .select_related("conference", "track", "track__cfp")
            .prefetch_related("authorships__person")
            .get(pk=contribution.pk)
        )
        source = State(locked.state)
        if source == target:
            # Already there (a double click's second post): say so truthfully.
            contribution.state = locked.state
            return locked
        permission = TRANSITIONS.get((source, target))
        if permission is None:
            raise TransitionNotAllowed(
                _("A contribution that is %(source)s cannot become %(target)s.")
                % {"source": source.label.lower(), "target": target.label.lower()}
            )
        if not by.has_perm(permission, locked):
            raise PermissionDenied(
                _("You may not make this contribution %(target)s.")
                % {"target": target.label.lower()}
            )
        if permission == SUBMIT:
            services.check_call_is_open(locked)
        locked.state = target
        locked.save(update_fields=["state", "updated"])
        record(
            "state", by=by, contribution=locked,
            from_state=source, to_state=target, reason=reason,
        )  # fmt: skip
        if target == State.ACCEPTED and locked.kind == locked.Kind.MC_PROPOSAL:
            services.open_microconference(locked, by=by)
        if target in DECISION_STATES:
            outbox.queue_decision(locked, target)
    contribution.state = locked.state
    contribution.updated = timezone.now()
    return locked
