"""The one function that changes a contribution's state: ``change_state``.

The states and the table of allowed changes are in ``cfp/states.py`` (re-exported
here, where most callers look for them).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from microconf.audit.services import record
from microconf.cfp import calls
from microconf.cfp.models import Contribution
from microconf.cfp.states import (
    CONFIRM,
    DECIDE,
    DECISION_STATES,
    PUBLIC_STATES,
    SUBMIT,
    TRANSITIONS,
    UNDO_DECISION,
    WITHDRAW,
    State,
    allowed_targets,
)
from microconf.notifications import outbox
from microconf.refusals import TransitionNotAllowed

__all__ = [
    "CONFIRM",
    "DECIDE",
    "DECISION_STATES",
    "PUBLIC_STATES",
    "SUBMIT",
    "TRANSITIONS",
    "UNDO_DECISION",
    "WITHDRAW",
    "State",
    "TransitionNotAllowed",
    "allowed_targets",
    "change_state",
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
            calls.check_call_is_open(locked)
        locked.state = target
        locked.save(update_fields=["state", "updated"])
        record(
            "state", by=by, contribution=locked,
            from_state=source, to_state=target, reason=reason,
        )  # fmt: skip
        if target == State.ACCEPTED and locked.kind == locked.Kind.MC_PROPOSAL:
            calls.open_microconference(locked, by=by)
        if target in DECISION_STATES:
            outbox.queue_decision(locked, target)
    contribution.state = locked.state
    contribution.updated = timezone.now()
    return locked
