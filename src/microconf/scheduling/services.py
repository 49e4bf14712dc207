"""Releasing the schedule: a new numbered snapshot, its changelog and its mails."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from microconf.cfp.models import AuditEntry, Contribution
from microconf.conference.models import Conference
from microconf.programme.queries import scheduled_contributions
from microconf.scheduling.changelog import Change, changes
from microconf.scheduling.models import Release
from microconf.scheduling.problem import draft_slots
from microconf.scheduling.release_mails import queue_release_mails


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
    return {
        str(c.pk): {
            "title": c.title,
            "room_id": c.room_id,
            "room": c.room.name,
            "start": c.start.isoformat(),
            "duration": c.duration,
        }
        for c in scheduled_contributions(conference.slug)
    }


@transaction.atomic
def release_schedule(
    conference: Conference, *, by: object, note: str = ""
) -> tuple[Release, list[Change]]:
    """Publish the schedule as release n+1; write to whom its changes concern.

    The conference row is locked, so two organisers pressing at once get two
    consecutive numbers, never the same one.
    """
    if not by.has_perm("scheduling.release_schedule", conference):
        raise PermissionDenied("Only organisers release the schedule.")
    Conference.objects.select_for_update().get(pk=conference.pk)
    publish_draft(conference)
    previous = conference.releases.order_by("-number").first()
    slots = snapshot(conference)
    changed = changes(previous.slots if previous else {}, slots)
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
    AuditEntry.objects.create(
        conference=conference, actor=by if by.is_authenticated else None,
        action="release", data={"number": release.number, "changes": len(changed)},
    )  # fmt: skip
    return release, changed
