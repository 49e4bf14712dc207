"""The one way anything is written to the audit log."""

from typing import Any

from microconf.audit.models import AuditEntry


def record(
    action: str,
    *,
    by: Any,
    conference: Any = None,
    contribution: Any = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEntry:
    """Write one entry; the conference is the contribution's unless given.

    ``by`` is the acting user; an anonymous or missing one is kept as no actor
    (a command run from the console, a worker).
    """
    if conference is None and contribution is None:
        raise ValueError("An audit entry names a conference or a contribution.")
    return AuditEntry.objects.create(
        conference_id=conference.pk
        if conference is not None
        else contribution.conference_id,
        contribution=contribution,
        actor=by if by is not None and by.is_authenticated else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )
