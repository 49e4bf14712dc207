"""A review posted on a contribution that is not under review: a sentence, not a 500."""

import pytest
from django.urls import reverse

from microconf.cfp.lifecycle import State
from microconf.review.models import Review, ReviewCriterion
from tests.factories import add_author, make_contribution, make_user

NOT_UNDER_REVIEW = [State.ACCEPTED, State.REJECTED, State.CONFIRMED, State.WITHDRAWN]


def _talk(cast, state: str):
    talk = make_contribution(cast.refereed, state=state, title="Ring buffers")
    add_author(talk, cast.speaker.person, is_speaker=True)
    ReviewCriterion.objects.create(cfp=cast.refereed.cfp, name="Relevance")
    return talk


def _post_review(client, cast, talk):
    criterion = ReviewCriterion.objects.get(cfp=cast.refereed.cfp)
    return client.post(
        reverse("review:review", args=[cast.conference.slug, talk.pk]),
        {f"criterion_{criterion.pk}": "2", "comment": "Good.", "save": ""},
    )


@pytest.mark.parametrize("role", ["reviewer", "committee_member", "organiser"])
@pytest.mark.parametrize("state", NOT_UNDER_REVIEW)
def test_a_review_of_a_decided_contribution_is_refused_in_words(
    client, cast, state, role
):
    talk = _talk(cast, state)
    client.force_login(getattr(cast, role))

    response = _post_review(client, cast, talk)

    label = State(state).label.lower()
    assert response.status_code == 400
    assert (
        f"This contribution is {label}; only submitted and waitlisted "
        "contributions are reviewed, so no review was saved."
    ) in response.content.decode()
    assert Review.objects.count() == 0


def test_a_review_of_someone_elses_draft_answers_as_a_missing_page(client, cast):
    talk = _talk(cast, State.DRAFT)
    client.force_login(cast.reviewer)

    response = _post_review(client, cast, talk)

    assert response.status_code == 404
    assert Review.objects.count() == 0


def test_a_review_of_ones_own_draft_is_refused(client, cast):
    talk = _talk(cast, State.DRAFT)
    author = make_user("rae@example.org", name="Rae Reviewer")
    add_author(talk, author.person)
    client.force_login(author)

    response = _post_review(client, cast, talk)

    assert response.status_code == 403
    assert Review.objects.count() == 0


@pytest.mark.parametrize("state", [State.SUBMITTED, State.WAITLISTED])
def test_a_review_under_review_is_saved(client, cast, state):
    talk = _talk(cast, state)
    client.force_login(cast.reviewer)

    response = _post_review(client, cast, talk)

    assert response.status_code == 302
    assert Review.objects.get().comment == "Good."


@pytest.mark.parametrize("state", NOT_UNDER_REVIEW)
def test_the_page_of_a_decided_contribution_says_why_there_is_no_form(
    client, cast, state
):
    talk = _talk(cast, state)
    client.force_login(cast.reviewer)

    url = reverse("review:review", args=[cast.conference.slug, talk.pk])
    response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Save review" not in page
    assert "reviews are written while it is submitted or waitlisted" in page
