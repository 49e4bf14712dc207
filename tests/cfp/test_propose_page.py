import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from microconf.audit.models import AuditEntry
from microconf.cfp.lifecycle import State
from microconf.cfp.models import CallForProposals, Contribution, Question
from tests.pages import visible_text


def _propose(client, cast, track, **data):
    client.force_login(cast.speaker)
    url = reverse("cfp:propose", args=[cast.conference.slug, track.slug])
    return client.post(url, {"title": "Binder in Rust", "abstract": "Text.", **data})


def test_submitting_creates_the_contribution_with_its_author(client, cast):
    response = _propose(client, cast, cast.refereed, submit="1")

    contribution = Contribution.objects.get(title="Binder in Rust")
    assert response.status_code == 302
    assert contribution.state == State.SUBMITTED
    assert [a.person for a in contribution.authorships.all()] == [cast.speaker.person]


def test_saving_a_draft_does_not_submit(client, cast):
    _propose(client, cast, cast.refereed, draft="1")

    assert Contribution.objects.get(title="Binder in Rust").state == State.DRAFT


def test_a_double_submit_makes_one_contribution(client, cast):
    _propose(client, cast, cast.refereed, submit="1")
    _propose(client, cast, cast.refereed, submit="1")

    assert Contribution.objects.filter(title="Binder in Rust").count() == 1


def test_an_over_long_title_is_explained_and_nothing_is_saved(client, cast):
    response = _propose(client, cast, cast.refereed, title="x" * 201, submit="1")

    assert response.status_code == 400
    assert "The title is 201 characters long; the limit is 200." in visible_text(
        response.content
    )
    assert not Contribution.objects.exists()


def test_an_over_long_abstract_is_explained(client, cast):
    CallForProposals.objects.filter(track=cast.refereed).update(abstract_max_length=50)

    response = _propose(client, cast, cast.refereed, abstract="y" * 51, submit="1")

    assert response.status_code == 400
    assert "The abstract is 51 characters long; the limit is 50." in visible_text(
        response.content
    )
    assert not Contribution.objects.exists()


def test_a_missing_required_answer_is_explained(client, cast):
    question = Question.objects.create(
        cfp=cast.refereed.cfp, text="Have you presented this before?",
        kind=Question.Kind.YES_NO, is_required=True,
    )  # fmt: skip

    missing = _propose(client, cast, cast.refereed, submit="1")
    answered = _propose(client, cast, cast.refereed, submit="1", **{
        f"question_{question.pk}": "no"
    })  # fmt: skip

    assert missing.status_code == 400
    assert "This field is required." in visible_text(missing.content)
    assert answered.status_code == 302
    assert Contribution.objects.get().answers.get().value == "no"


def test_a_closed_call_refuses_with_its_closing_time(client, cast):
    now = timezone.now()
    CallForProposals.objects.filter(track=cast.refereed).update(
        opens_at=now - dt.timedelta(days=9), closes_at=now - dt.timedelta(seconds=1)
    )

    response = _propose(client, cast, cast.refereed, submit="1")

    assert response.status_code == 400
    assert "The call for proposals closed on" in visible_text(response.content)
    assert not Contribution.objects.exists()


def test_a_forged_state_change_is_refused_and_changes_nothing(client, cast):
    _propose(client, cast, cast.refereed, submit="1")
    contribution = Contribution.objects.get()
    url = reverse("cfp:change", args=[cast.conference.slug, contribution.pk])

    accept = client.post(url, {"to": "accepted"})
    bogus = client.post(url, {"to": "published"})

    contribution.refresh_from_db()
    assert accept.status_code == 403
    assert bogus.status_code == 302
    assert contribution.state == State.SUBMITTED
    assert AuditEntry.objects.filter(action="state").count() == 1  # the submission


def test_a_state_change_without_the_csrf_token_is_refused(client, cast):
    _propose(client, cast, cast.refereed, submit="1")
    contribution = Contribution.objects.get(title="Binder in Rust")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.organiser)

    response = strict.post(
        reverse("cfp:change", args=[cast.conference.slug, contribution.pk]),
        {"to": "accepted"},
    )

    assert response.status_code == 403
    contribution.refresh_from_db()
    assert contribution.state == State.SUBMITTED
