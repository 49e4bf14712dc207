"""A call's own rules: whether it takes writes now, and opening a microconference's.

``lifecycle.change_state`` uses both (a submission checks the call; accepting a
microconference proposal opens its call for topics), and so do the services.
"""

import datetime as dt

from django.utils import dateformat, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from microconf.audit.services import record
from microconf.cfp.models import CallForProposals, Contribution
from microconf.conference.models import Track
from microconf.refusals import TransitionNotAllowed
from microconf.slugs import next_free_slug


def check_call_is_open(
    contribution: Contribution, now: dt.datetime | None = None
) -> None:
    """Refuse writes by authors after the deadline, unless an organiser reopened it."""
    if contribution.is_reopened:
        return
    cfp = CallForProposals.objects.filter(track_id=contribution.track_id).first()
    now = now or timezone.now()
    if cfp is None or not cfp.is_open_at(now):
        raise TransitionNotAllowed(closed_message(cfp, contribution.conference))


def closed_message(cfp: CallForProposals | None, conference: object) -> str:
    if cfp is None:
        return _("This track has no call for proposals.")
    tz = conference.tz
    opening = timezone.now() < cfp.opens_at
    local = timezone.localtime(cfp.opens_at if opening else cfp.closes_at, tz)
    words = {
        "date": dateformat.format(local, pgettext("date format", "M d, Y")),
        "time": f"{local:%H:%M}",
        "zone": tz.key,
    }
    if opening:
        return (
            _("The call for proposals opens on %(date)s at %(time)s (%(zone)s).")
            % words
        )
    return (
        _("The call for proposals closed on %(date)s at %(time)s (%(zone)s).") % words
    )


def open_microconference(proposal: Contribution, *, by: object) -> Track:
    """Make the accepted proposal a microconference track with its own call for topics.

    The proposal's authors become the runners; the call opens now and closes when the
    conference starts (or in thirty days, if that has passed), in the conference's zone.
    """
    if proposal.microconference_id:
        return proposal.microconference
    conference = proposal.conference
    name = proposal.title if proposal.title.endswith(" MC") else f"{proposal.title} MC"
    base = slugify(proposal.title.removesuffix(" MC"))[:40] or "mc"
    slug = next_free_slug(
        base,
        set(
            Track.objects.filter(
                conference=conference, slug__startswith=base
            ).values_list("slug", flat=True)
        ),
    )
    track = Track.objects.create(
        conference=conference,
        name=name,
        slug=slug,
        kind=Track.Kind.MICROCONFERENCE,
        description=proposal.abstract,
        position=100 + Track.objects.filter(conference=conference).count(),
    )
    track.runners.set([a.person for a in proposal.authorships.all()])
    now = timezone.now()
    starts = dt.datetime.combine(
        conference.start_date, dt.time(0, 0), tzinfo=conference.tz
    )
    CallForProposals.objects.create(
        track=track,
        introduction=f"Propose a topic for the {name}.",
        opens_at=now,
        closes_at=starts
        if starts > now + dt.timedelta(days=1)
        else now + dt.timedelta(days=30),
    )
    proposal.microconference = track
    Contribution.objects.filter(pk=proposal.pk).update(microconference=track)
    record(
        "open-microconference", by=by, conference=conference,
        contribution=proposal, data={"track": track.slug},
    )  # fmt: skip
    return track
