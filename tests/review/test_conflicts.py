"""Conflicts of interest: found once at assignment, suggested, never probed."""

import re

import pytest
from django.urls import reverse

from microconf.cfp.lifecycle import State
from microconf.cfp.models import CallForProposals
from microconf.people.models import Person, TeamMembership
from microconf.review.models import ConflictOfInterest, ReviewAssignment
from microconf.review.services import assign_balanced, decide_conflict
from tests.factories import add_author, make_contribution, make_person, make_user

Status = ConflictOfInterest.Status


@pytest.fixture
def anonymised(cast):
    CallForProposals.objects.filter(track=cast.refereed).update(
        is_review_anonymised=True
    )
    talks = []
    for author in (cast.speaker.person, make_person(affiliation="Other Org")):
        talk = make_contribution(cast.refereed, state=State.SUBMITTED)
        add_author(talk, author, is_speaker=True)
        talks.append(talk)
    return talks


def _what_the_reviewer_sees(client, cast, talks) -> dict:
    slug = cast.conference.slug
    dashboard = client.get(reverse("review:dashboard", args=[slug])).content.decode()
    answers = {"listed": {t.title for t in talks if t.title in dashboard}}
    for talk in talks:
        for url in (
            reverse("cfp:submission", args=[slug, talk.pk]),
            reverse("review:review", args=[slug, talk.pk]),
            f"/api/v1/conferences/{slug}/submissions/{talk.pk}",
        ):
            response = client.get(url)
            body = response.content.decode()
            # Pages carry per-request nonces; what is told is the code and who is named.
            titles = {t.title for t in talks if t.title in body}
            answers[url] = (response.status_code, titles, "Speak GmbH" in body)
    api = client.get(f"/api/v1/conferences/{slug}/submissions").json()
    answers["api list"] = sorted(str(item) for item in api.get("items", api))
    return answers


@pytest.mark.parametrize("assigned", [True, False])
def test_a_reviewer_copying_an_authors_affiliation_sees_nothing_change(
    client, cast, anonymised, assigned
):
    speakers_talk, _other = anonymised
    if assigned:
        ReviewAssignment.objects.create(
            contribution=speakers_talk, reviewer=cast.reviewer
        )
    client.force_login(cast.reviewer)
    before = _what_the_reviewer_sees(client, cast, anonymised)
    reviewer = Person.objects.get(user=cast.reviewer)

    for guess in ("speak gmbh ", "Speak GmbH", "Review Labs"):
        reviewer.affiliation = guess
        reviewer.save()
        assert _what_the_reviewer_sees(client, cast, anonymised) == before, guess

    assert (speakers_talk.title in before["listed"]) is assigned


def test_assignment_stores_matches_as_suggestions_and_skips_them(cast, anonymised):
    speakers_talk, other_talk = anonymised
    colleague = make_user("col@speak.example", affiliation=" SPEAK gmbh")
    TeamMembership.objects.create(
        conference=cast.conference, user=colleague, role="reviewer",
        track=cast.refereed,
    )  # fmt: skip

    assign_balanced(cast.refereed, 2, by=cast.organiser)

    found = ConflictOfInterest.objects.get(user=colleague)
    assert (found.contribution, found.source, found.status) == (
        speakers_talk, ConflictOfInterest.Source.AFFILIATION, Status.SUGGESTED,
    )  # fmt: skip
    assert set(colleague.review_assignments.values_list("contribution", flat=True)) == {
        other_talk.pk
    }
    # Frozen: a later profile change neither adds nor removes suggestions.
    Person.objects.filter(user=colleague).update(affiliation="Other Org")
    assign_balanced(cast.refereed, 2, by=cast.organiser)
    assert ConflictOfInterest.objects.filter(user=colleague).count() == 1


def test_organisers_dismiss_a_suggestion_and_the_reviewer_is_assigned(cast, anonymised):
    speakers_talk, _other = anonymised
    colleague = make_user("col@speak.example", affiliation="Speak GmbH")
    TeamMembership.objects.create(
        conference=cast.conference, user=colleague, role="reviewer",
        track=cast.refereed,
    )  # fmt: skip
    assign_balanced(cast.refereed, 3, by=cast.organiser)
    suggestion = ConflictOfInterest.objects.get(user=colleague)

    with pytest.raises(Exception, match="organisers"):
        decide_conflict(suggestion, confirm=False, by=cast.committee_member)
    decide_conflict(suggestion, confirm=False, by=cast.organiser)
    assign_balanced(cast.refereed, 3, by=cast.organiser)

    assert ReviewAssignment.objects.filter(
        contribution=speakers_talk, reviewer=colleague
    ).exists()


def test_co_authors_and_a_shared_mail_domain_are_found(cast, anonymised):
    speakers_talk, other_talk = anonymised
    coauthor = make_user("co@elsewhere.example", affiliation="Elsewhere")
    earlier = make_contribution(cast.proposals, state=State.SUBMITTED)
    add_author(earlier, coauthor.person)
    add_author(earlier, cast.speaker.person)
    same_domain = make_user("x@other.example", affiliation="Unrelated")
    Person.objects.filter(pk=other_talk.authorships.get().person_id).update(
        email="y@other.example"
    )
    for user in (coauthor, same_domain):
        TeamMembership.objects.create(
            conference=cast.conference, user=user, role="reviewer",
            track=cast.refereed,
        )  # fmt: skip

    assign_balanced(cast.refereed, 3, by=cast.organiser)

    found = {
        (c.user_id, c.contribution_id): c.source
        for c in ConflictOfInterest.objects.all()
    }
    assert found == {
        (coauthor.pk, speakers_talk.pk): ConflictOfInterest.Source.COAUTHORSHIP,
        (same_domain.pk, other_talk.pk): ConflictOfInterest.Source.EMAIL_DOMAIN,
    }


def test_a_held_back_item_answers_like_any_item_not_given(client, cast, anonymised):
    speakers_talk, other_talk = anonymised
    colleague = make_user("col@speak.example", affiliation="Speak GmbH")
    TeamMembership.objects.create(
        conference=cast.conference, user=colleague, role="reviewer",
        track=cast.refereed,
    )  # fmt: skip
    assign_balanced(cast.refereed, 1, by=cast.organiser)
    ReviewAssignment.objects.filter(reviewer=colleague).delete()  # none given
    client.force_login(colleague)
    slug = cast.conference.slug

    for name in ("cfp:submission", "review:review", "api:submission"):
        answers = set()
        for talk in (speakers_talk, other_talk):
            response = client.get(reverse(name, args=[slug, talk.pk]))
            # Ids and tokens blanked: the rest of the answer must be the same.
            text = re.sub(r'value="\w+"|\d+', "", response.content.decode())
            answers.add((response.status_code, text))
        assert len(answers) == 1
        assert answers.pop()[0] == 404


def test_the_conflicts_page_shows_suggestions_and_records_decisions(
    client, cast, anonymised
):
    colleague = make_user("col@speak.example", name="Col", affiliation="Speak GmbH")
    TeamMembership.objects.create(
        conference=cast.conference, user=colleague, role="reviewer",
        track=cast.refereed,
    )  # fmt: skip
    assign_balanced(cast.refereed, 1, by=cast.organiser)
    suggestion = ConflictOfInterest.objects.get(user=colleague)
    url = reverse("review:conflicts", args=[cast.conference.slug])
    client.force_login(cast.organiser)

    page = client.get(url).content.decode()
    confirmed = client.post(url, {"conflict": suggestion.pk, "decision": "confirm"})
    bad = client.post(url, {"conflict": "x", "decision": "confirm"})

    suggestion.refresh_from_db()
    assert "Sam Speaker: Speak GmbH" in page
    assert (confirmed.status_code, bad.status_code) == (302, 404)
    assert suggestion.status == Status.CONFIRMED
