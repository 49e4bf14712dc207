"""Releasing the schedule: a new numbered snapshot, its changelog and its mails."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from microconf.audit.services import record
from microconf.cfp.models import Contribution
from microconf.cfp.queries import public_contributions
from microconf.conference.models import Conference
from microconf.scheduling import builds, drafts
from microconf.scheduling.changelog import Change, changes
from microconf.scheduling.models import Release
from microconf.scheduling.move_checks import RuleBreak
from microconf.scheduling.problem import build, draft_slots
from microconf.scheduling.release_mails import queue_release_mails


class RuleBreaksFound(ValidationError):
    """The schedule to release breaks hard rules and nobody confirmed them."""

    def __init__(self, breaks: list[RuleBreak]) -> None:
        super().__init__(
            f"The draft breaks {len(breaks)} rule(s) the solver keeps; release it "
            "only after confirming them.",
            code="rule_breaks",
        )
        self.breaks = breaks


def publish_draft(conference: Conference) -> int:
    """Copy the draft onto the contributions; return how many moved.

    Contributions the draft does not place keep their published place.
    """
    draft = draft_slots(conference)
    now = timezone.now()
    changed = []
    for contribution in Contribution.objects.filter(pk__in=draft):
        room_id, start = draft[contribution.pk]
        if (contribution.room_id, contribution.start) != (room_id, start):
            contribution.room_id, contribution.start = room_id, start
            contribution.updated = now  # the public pages' cache key
            changed.append(contribution)
    Contribution.objects.bulk_update(changed, ["room", "start", "updated"])
    return len(changed)


def snapshot(conference: Conference) -> dict[str, dict]:
    """The schedule as a release would record it now: the draft over the public one.

    One entry per public contribution with a place (each topic of a
    microconference on its own), keyed by its id as text.
    """
    place = drafts.slots(conference)
    rooms = {room.pk: room for room in conference.rooms.all()}
    found = {}
    for c in public_contributions(conference.slug).order_by("pk"):
        if c.pk not in place or place[c.pk][0] not in rooms:
            continue
        room_id, start = place[c.pk]
        found[str(c.pk)] = {
            "title": c.title,
            "room_id": room_id,
            "room": rooms[room_id].name,
            "start": start.isoformat(),
            "duration": c.duration,
        }
    return found


def pending_changes(conference: Conference) -> list[Change]:
    """What releasing now would change since the latest release (as its changelog).

    The board's "changed since the release" and the release itself both count
    with this comparison, so they agree.
    """
    previous = conference.releases.order_by("-number").first()
    return changes(previous.slots if previous else {}, snapshot(conference))


def _refuse_unfit(
    conference: Conference, previous: Release | None, changed: list[Change],
    *, accept_breaks: bool,
) -> list[RuleBreak]:  # fmt: skip
    """Refuse a release that changes nothing, or breaks rules unconfirmed.

    Returns the rule breaks the organiser confirmed (none when there are none).
    """
    if previous is not None and not changed:
        raise ValidationError(
            f"Nothing changed since release {previous.number}; there is nothing "
            "new to release.",
            code="nothing_changed",
        )
    problem = build(conference)
    breaks = drafts.rule_breaks(problem)
    if breaks and not accept_breaks:
        raise RuleBreaksFound(breaks)
    return breaks


@transaction.atomic
def release_schedule(
    conference: Conference, *, by: object, note: str = "", accept_breaks: bool = False
) -> tuple[Release, list[Change]]:
    """Publish the schedule as release n+1; write to whom its changes concern.

    1. Lock the conference row, so a second press (a double-submitted form, two
       organisers at once) waits for the first and then finds nothing new.
    2. Refuse when nothing changed since the latest release
       (``ValidationError``), and a schedule that breaks hard rules unless
       ``accept_breaks`` (``RuleBreaksFound``, listing them).
    3. Copy the draft onto the contributions and record the snapshot.
    4. Queue mails to the changed sessions' authors (from the second release on).
    5. Queue the build of its printable programme and static export (the worker
       makes them; the task commits with the release).
    6. Write the audit entry, with the rule breaks the organiser accepted.
    """
    if not by.has_perm("scheduling.release_schedule", conference):
        raise PermissionDenied("Only organisers release the schedule.")
    Conference.objects.select_for_update().get(pk=conference.pk)
    previous = conference.releases.order_by("-number").first()
    slots = snapshot(conference)
    changed = changes(previous.slots if previous else {}, slots)
    accepted = _refuse_unfit(conference, previous, changed, accept_breaks=accept_breaks)
    publish_draft(conference)
    release = Release.objects.create(
        conference=conference,
        number=(previous.number + 1) if previous else 1,
        released_by=by if by.is_authenticated else None,
        note=note[:2000],
        slots=slots,
    )
    # The first release announces nothing: there was no schedule to change.
    if previous is not None:
        queue_release_mails(conference, release, changed, previous.slots)
    builds.queue(release)
    record(
        "release", by=by, conference=conference, data={
            "number": release.number, "changes": len(changed),
            "contributions": len(slots),
            "rule_breaks_confirmed": [b.as_dict() for b in accepted],
        },
    )  # fmt: skip
    return release, changed
