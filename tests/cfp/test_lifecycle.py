import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from microconf.audit.models import AuditEntry
from microconf.cfp.lifecycle import (
    TRANSITIONS,
    State,
    TransitionNotAllowed,
    allowed_targets,
    change_state,
)
from microconf.cfp.models import CallForProposals, Contribution
from microconf.cfp.services import reopen_editing
from microconf.conference.models import Track
from microconf.notifications.models import OutboxMail
from tests.factories import add_author, make_contribution

ROLES = [
    "organiser", "committee_member", "rust_mc_runner", "reviewer", "speaker",
    "attendee", "anonymous",
]  # fmt: skip

# Who may make each kind of change, for a refereed talk and for a Rust MC topic.
MAY = {
    "cfp.submit_contribution": ({"speaker"}, {"speaker"}),
    "cfp.decide_contribution": (
        {"organiser", "committee_member"},
        {"organiser", "rust_mc_runner"},
    ),
    "cfp.confirm_contribution": ({"speaker"}, {"speaker"}),
    "cfp.withdraw_contribution": ({"speaker", "organiser"}, {"speaker", "organiser"}),
    "cfp.undo_decision": ({"organiser"}, {"organiser"}),
}


def _actor(cast, role):
    return AnonymousUser() if role == "anonymous" else getattr(cast, role)


def _contribution(cast, track, state):
    contribution = make_contribution(track, state=state)
    add_author(contribution, cast.speaker.person, is_speaker=True)
    return contribution


@pytest.mark.parametrize("track_name", ["refereed", "rust_mc"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("pair", "permission"), list(TRANSITIONS.items()))
def test_every_transition_is_allowed_exactly_to_its_roles(
    cast, pair, permission, role, track_name
):
    source, target = pair
    contribution = _contribution(cast, getattr(cast, track_name), source)
    allowed = role in MAY[permission][track_name == "rust_mc"]

    if allowed:
        change_state(contribution, target, by=_actor(cast, role), reason="test")
        contribution.refresh_from_db()
        entry = AuditEntry.objects.get(contribution=contribution, action="state")
        assert contribution.state == target
        assert (entry.from_state, entry.to_state, entry.reason) == (
            source,
            target,
            "test",
        )
    else:
        with pytest.raises(PermissionDenied):
            change_state(contribution, target, by=_actor(cast, role))
        contribution.refresh_from_db()
        assert contribution.state == source
        assert not AuditEntry.objects.filter(contribution=contribution).exists()


MISSING = [
    (source, target)
    for source in State
    for target in State
    if source != target and (source, target) not in TRANSITIONS
]


@pytest.mark.parametrize(("source", "target"), MISSING)
def test_pairs_missing_from_the_table_are_refused(cast, source, target):
    contribution = _contribution(cast, cast.refereed, source)

    with pytest.raises(TransitionNotAllowed) as error:
        change_state(contribution, target, by=cast.organiser)

    contribution.refresh_from_db()
    assert contribution.state == source
    assert str(error.value).startswith(f"A contribution that is {source.label.lower()}")


def test_the_same_state_again_changes_nothing(cast):
    contribution = _contribution(cast, cast.refereed, State.SUBMITTED)

    change_state(contribution, State.SUBMITTED, by=cast.speaker)

    assert not AuditEntry.objects.filter(contribution=contribution).exists()


def test_a_second_submit_of_a_stale_copy_reports_the_state_it_found(cast):
    # A double click: both requests loaded the draft; the first one submitted it.
    stale = _contribution(cast, cast.refereed, State.DRAFT)
    change_state(
        Contribution.objects.get(pk=stale.pk), State.SUBMITTED, by=cast.speaker
    )

    change_state(stale, State.SUBMITTED, by=cast.speaker)

    assert stale.state == State.SUBMITTED
    assert AuditEntry.objects.filter(contribution=stale, action="state").count() == 1


def test_runner_cannot_decide_a_topic_in_another_mc(cast):
    topic = _contribution(cast, cast.tracing_mc, State.SUBMITTED)

    with pytest.raises(PermissionDenied):
        change_state(topic, State.ACCEPTED, by=cast.rust_mc_runner)


def test_committee_does_not_decide_on_topics_of_a_microconference(cast):
    topic = _contribution(cast, cast.rust_mc, State.SUBMITTED)

    assert State.ACCEPTED not in allowed_targets(topic, cast.committee_member)
    assert State.ACCEPTED in allowed_targets(topic, cast.rust_mc_runner)


def test_nobody_decides_on_their_own_contribution(cast):
    contribution = make_contribution(cast.refereed, state=State.SUBMITTED)
    add_author(contribution, cast.committee_member.person)

    with pytest.raises(PermissionDenied):
        change_state(contribution, State.ACCEPTED, by=cast.committee_member)


def _close_the_call(track: Track) -> None:
    now = timezone.now()
    CallForProposals.objects.filter(track=track).update(
        opens_at=now - dt.timedelta(days=10), closes_at=now - dt.timedelta(minutes=1)
    )


def test_submitting_after_the_deadline_is_refused_with_the_time(cast):
    draft = _contribution(cast, cast.refereed, State.DRAFT)
    _close_the_call(cast.refereed)

    with pytest.raises(TransitionNotAllowed) as error:
        change_state(draft, State.SUBMITTED, by=cast.speaker)

    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert "The call for proposals closed on" in str(error.value)
    assert "(America/New_York)" in str(error.value)


def test_an_organiser_can_reopen_a_draft_after_the_deadline(cast):
    draft = _contribution(cast, cast.refereed, State.DRAFT)
    _close_the_call(cast.refereed)

    reopen_editing(draft, by=cast.organiser, reason="late by a minute")
    change_state(draft, State.SUBMITTED, by=cast.speaker)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert list(
        AuditEntry.objects.filter(contribution=draft).values_list("action", flat=True)
    ) == ["reopen", "state"]


def test_only_organisers_reopen(cast):
    draft = _contribution(cast, cast.refereed, State.DRAFT)

    with pytest.raises(PermissionDenied):
        reopen_editing(draft, by=cast.committee_member)


def test_accepting_an_mc_proposal_opens_the_microconference(cast):
    proposal = make_contribution(
        cast.proposals, title="Sched Ext MC", kind=Contribution.Kind.MC_PROPOSAL,
        state=State.SUBMITTED, duration=210,
    )  # fmt: skip
    add_author(proposal, cast.speaker.person)
    add_author(proposal, cast.attendee.person)

    change_state(proposal, State.ACCEPTED, by=cast.committee_member)

    proposal.refresh_from_db()
    track = proposal.microconference
    assert (track.name, track.kind) == ("Sched Ext MC", Track.Kind.MICROCONFERENCE)
    assert set(track.runners.all()) == {cast.speaker.person, cast.attendee.person}
    assert track.cfp.is_open_at(timezone.now())
    assert cast.speaker.has_perm("cfp.manage_cfp", track)
    assert not cast.rust_mc_runner.has_perm("cfp.manage_cfp", track)


def test_a_decision_queues_one_draft_mail_per_author(cast):
    contribution = _contribution(cast, cast.refereed, State.SUBMITTED)
    add_author(contribution, cast.attendee.person)

    change_state(contribution, State.ACCEPTED, by=cast.organiser)

    mails = OutboxMail.objects.filter(contribution=contribution)
    assert sorted(m.to_email for m in mails) == ["ada@example.org", "sam@example.org"]
    assert {m.state for m in mails} == {OutboxMail.State.DRAFT}
    assert {m.subject for m in mails} == {f"Accepted: {contribution.title}"}
