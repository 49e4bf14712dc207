"""The review form of an MC proposal, and the dashboard's means, labelled."""

from django.urls import reverse

from microconf.cfp.lifecycle import State
from microconf.cfp.models import CallForProposals, Contribution, Invitation
from microconf.review.models import ReviewCriterion
from microconf.review.services import save_review
from tests.factories import add_author, make_contribution
from tests.pages import visible_text


def _text(response) -> str:
    return " ".join(visible_text(response.content).split())


def _mc_proposal(cast) -> Contribution:
    proposal = make_contribution(
        cast.proposals, title="Sched Ext MC", kind=Contribution.Kind.MC_PROPOSAL,
        state=State.SUBMITTED, expected_attendance=80,
        possible_topics="sched_ext in production\n\nDebugging schedulers\n",
    )  # fmt: skip
    add_author(proposal, cast.speaker.person)
    Invitation.objects.create(
        contribution=proposal, email="tam@example.org", token="t" * 32
    )
    return proposal


def test_the_review_form_of_an_mc_proposal_shows_topics_runners_and_attendance(
    client, cast
):
    proposal = _mc_proposal(cast)
    client.force_login(cast.committee_member)

    response = client.get(
        reverse("review:review", args=[cast.conference.slug, proposal.pk])
    )
    text = _text(response)

    assert response.status_code == 200
    assert "Expected attendance 80" in text
    assert "Proposed runners Sam Speaker (Speak GmbH), tam@example.org (invited" in text
    assert "Possible topics sched_ext in production Debugging schedulers" in text


def test_an_anonymised_review_form_hides_the_proposed_runners(client, cast):
    CallForProposals.objects.filter(track=cast.proposals).update(
        is_review_anonymised=True
    )
    proposal = _mc_proposal(cast)
    client.force_login(cast.committee_member)

    response = client.get(
        reverse("review:review", args=[cast.conference.slug, proposal.pk])
    )
    text = _text(response)

    assert "Proposed runners hidden: this review is anonymised" in text
    assert "Sam Speaker" not in text
    assert "tam@example.org" not in text
    assert "sched_ext in production" in text


def test_a_talk_has_no_microconference_section(client, cast):
    talk = make_contribution(cast.refereed, state=State.SUBMITTED)
    client.force_login(cast.committee_member)

    response = client.get(
        reverse("review:review", args=[cast.conference.slug, talk.pk])
    )

    assert "Proposed runners" not in _text(response)


def test_the_dashboard_labels_each_criterions_mean_and_the_total(client, cast):
    proposal = _mc_proposal(cast)
    relevance = ReviewCriterion.objects.create(
        cfp=cast.proposals.cfp, name="Relevance", max_score=3, position=0
    )
    quality = ReviewCriterion.objects.create(
        cfp=cast.proposals.cfp, name="Quality", max_score=3, position=1
    )
    save_review(
        proposal, {relevance.pk: 3, quality.pk: 2}, "", by=cast.committee_member
    )
    client.force_login(cast.organiser)

    response = client.get(reverse("review:dashboard", args=[cast.conference.slug]))
    text = _text(response)

    assert "Mean of each criterion" in text
    assert "Mean total score" in text
    assert "Relevance: 3.00 of 3 Quality: 2.00 of 3 5.00 of 6" in text
    assert "Mean 5.00" not in text


def test_the_dashboard_shows_a_dash_before_any_review(client, cast):
    _mc_proposal(cast)
    ReviewCriterion.objects.create(cfp=cast.proposals.cfp, name="Relevance")
    client.force_login(cast.organiser)

    response = client.get(reverse("review:dashboard", args=[cast.conference.slug]))

    assert "Sched Ext MC Microconference Proposals Submitted 0 — — —" in (
        _text(response).replace("LPC ", "")
    )
