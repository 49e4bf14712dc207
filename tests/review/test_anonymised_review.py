import re

import pytest
from django.urls import reverse

from microconf.cfp.lifecycle import State
from microconf.cfp.models import CallForProposals
from microconf.cfp.services import Proposal, create_submission, invite
from microconf.review.models import ReviewAssignment, ReviewCriterion

SECRETS = ["Sam Speaker", "sam@example.org", "Speak GmbH", "Sam", "Speaker"]


@pytest.fixture
def anonymised_talk(cast):
    CallForProposals.objects.filter(track=cast.refereed).update(
        is_review_anonymised=True
    )
    ReviewCriterion.objects.create(cfp=cast.refereed.cfp, name="Quality")
    cast.refereed.cfp.refresh_from_db()
    talk = create_submission(
        cast.refereed,
        Proposal(title="Lock-free ring buffers", abstract="About ring buffers."),
        by=cast.speaker,
        submit=True,
    )
    invite(talk, "co@example.org", by=cast.speaker)
    # Under anonymised review, reviewers see what they were given to review.
    ReviewAssignment.objects.create(contribution=talk, reviewer=cast.reviewer)
    return talk


def _pages(cast, talk) -> list[str]:
    slug = cast.conference.slug
    return [
        reverse("cfp:submission", args=[slug, talk.pk]),
        reverse("review:review", args=[slug, talk.pk]),
        reverse("review:dashboard", args=[slug]),
        reverse("review:dashboard", args=[slug]) + "?sort=title",
        reverse("cfp:manage", args=[slug]),
        reverse("cfp:manage", args=[slug]) + "?state=submitted",
        reverse("people:dashboard"),
    ]


@pytest.mark.parametrize("role", ["reviewer", "committee_member"])
def test_no_page_a_reviewer_reaches_names_the_authors(
    client, cast, anonymised_talk, role
):
    client.force_login(getattr(cast, role))

    bodies = {url: client.get(url) for url in _pages(cast, anonymised_talk)}

    assert {url: r.status_code for url, r in bodies.items()} == dict.fromkeys(
        bodies, 200
    )
    for url, response in bodies.items():
        text = response.content.decode()
        assert "Lock-free ring buffers" in text or "/me/" in url
        # Whole words: the navigation's "Speakers" link names nobody.
        leaked = [s for s in SECRETS if re.search(rf"\b{re.escape(s)}\b", text)]
        assert leaked == [], url


def test_organisers_still_see_the_authors(client, cast, anonymised_talk):
    client.force_login(cast.organiser)

    response = client.get(
        reverse("cfp:submission", args=[cast.conference.slug, anonymised_talk.pk])
    )

    assert "Sam Speaker" in response.content.decode()


def test_without_anonymisation_reviewers_see_the_authors(client, cast):
    talk = create_submission(
        cast.refereed,
        Proposal(title="Open review", abstract="x"),
        by=cast.speaker,
        submit=True,
    )
    client.force_login(cast.reviewer)

    response = client.get(
        reverse("cfp:submission", args=[cast.conference.slug, talk.pk])
    )

    assert "Sam Speaker" in response.content.decode()
    assert talk.state == State.SUBMITTED
