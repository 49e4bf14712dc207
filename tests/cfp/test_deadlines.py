"""Deadlines are typed, stored and enforced in the conference's own timezone."""

import datetime as dt

import pytest
from django.urls import reverse

from microconf.cfp.calls import check_call_is_open
from microconf.cfp.lifecycle import State, TransitionNotAllowed
from microconf.cfp.models import CallForProposals
from tests.factories import add_author, make_contribution
from tests.pages import visible_text

UTC = dt.UTC


EMPTY_FORMSETS = {
    f"{prefix}-{field}": 0
    for prefix in ("types", "questions", "criteria")
    for field in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def _set_call(client, cast, opens: str, closes: str, **extra):
    """Post the call form, each moment typed as a date and a 24-hour time."""
    client.force_login(cast.organiser)
    url = reverse("cfp:manage-call", args=[cast.conference.slug, "refereed"])
    return client.post(
        url,
        {
            "opens_at_0": opens[:10], "opens_at_1": opens[11:],
            "closes_at_0": closes[:10], "closes_at_1": closes[11:],
            "title_max_length": 200,
            "abstract_max_length": 5000, **EMPTY_FORMSETS, **extra,
        },
    )  # fmt: skip


def test_deadline_typed_after_the_spring_change_is_stored_in_daylight_time(
    client, cast
):
    # New York moved to EDT (UTC-4) at 02:00 on Sunday March 9, 2031.
    response = _set_call(client, cast, "2031-03-08T12:00", "2031-03-09T12:00")

    cfp = CallForProposals.objects.get(track=cast.refereed)
    assert response.status_code == 302
    assert cfp.opens_at == dt.datetime(2031, 3, 8, 17, 0, tzinfo=UTC)  # EST, UTC-5
    assert cfp.closes_at == dt.datetime(2031, 3, 9, 16, 0, tzinfo=UTC)  # EDT, UTC-4


def test_the_call_closes_at_the_exact_instant(client, cast):
    _set_call(client, cast, "2031-10-01T00:00", "2031-11-02T23:59")
    draft = make_contribution(cast.refereed, state=State.DRAFT)
    add_author(draft, cast.speaker.person)
    # New York fell back to EST (UTC-5) at 02:00 that day: 23:59 EST is 04:59 UTC.
    closes = dt.datetime(2031, 11, 3, 4, 59, tzinfo=UTC)

    check_call_is_open(draft, now=closes - dt.timedelta(microseconds=1))
    with pytest.raises(TransitionNotAllowed):
        check_call_is_open(draft, now=closes)


def test_an_ambiguous_local_time_is_refused_with_an_explanation(client, cast):
    # 01:30 happened twice in New York on November 2, 2031.
    response = _set_call(client, cast, "2031-10-01T00:00", "2031-11-02T01:30")

    assert response.status_code == 400
    assert "couldn’t be interpreted in time zone America/New_York" in visible_text(
        response.content
    )


def test_a_nonexistent_local_time_is_refused(client, cast):
    # 02:30 never happened in New York on March 9, 2031.
    response = _set_call(client, cast, "2031-03-01T00:00", "2031-03-09T02:30")

    assert response.status_code == 400


def test_the_public_call_shows_the_deadline_in_the_conference_timezone(client, cast):
    _set_call(client, cast, "2031-03-08T12:00", "2031-03-09T12:00")

    text = visible_text(
        client.get(reverse("cfp:call", args=["plumbers", "refereed"])).content
    )

    assert "Sun, Mar 9, 2031, 12:00\n(America/New_York)" in text


def test_closing_before_opening_is_refused(client, cast):
    response = _set_call(client, cast, "2031-03-09T12:00", "2031-03-08T12:00")

    assert response.status_code == 400
    assert "The call must close after it opens." in visible_text(response.content)


def test_the_call_page_adds_types_questions_and_criteria(client, cast):
    response = _set_call(
        client, cast, "2031-03-01T00:00", "2031-04-01T00:00",
        **{
            "types-TOTAL_FORMS": 1, "types-0-name": "Lightning talk",
            "types-0-default_duration": 10, "types-0-position": 0,
            "questions-TOTAL_FORMS": 1, "questions-0-text": "Which distribution?",
            "questions-0-kind": "choice", "questions-0-choices": "Debian\nFedora",
            "questions-0-is_required": "on", "questions-0-max_length": 100,
            "questions-0-position": 0,
            "criteria-TOTAL_FORMS": 1, "criteria-0-name": "Novelty",
            "criteria-0-min_score": 1, "criteria-0-max_score": 5,
            "criteria-0-position": 0,
        },
    )  # fmt: skip

    cfp = CallForProposals.objects.get(track=cast.refereed)
    assert response.status_code == 302
    assert [(t.name, t.default_duration) for t in cfp.submission_types.all()] == [
        ("Lightning talk", 10)
    ]
    assert cfp.questions.get().options == ["Debian", "Fedora"]
    assert cfp.criteria.get().name == "Novelty"


def test_a_criterion_with_an_empty_scale_is_explained_and_nothing_saved(client, cast):
    response = _set_call(
        client, cast, "2031-03-01T00:00", "2031-04-01T00:00",
        **{
            "criteria-TOTAL_FORMS": 1, "criteria-0-name": "Novelty",
            "criteria-0-min_score": 3, "criteria-0-max_score": 3,
            "criteria-0-position": 0,
        },
    )  # fmt: skip

    assert response.status_code == 400
    assert "The highest score must be above the lowest." in visible_text(
        response.content
    )
    assert CallForProposals.objects.get(track=cast.refereed).opens_at.year != 2031


def test_the_call_page_refuses_more_rows_than_a_call_needs(client, cast):
    response = _set_call(
        client, cast, "2031-10-01T00:00", "2031-11-02T23:59",
        **{"questions-TOTAL_FORMS": 1_000_000},
    )  # fmt: skip

    assert response.status_code == 400
    assert "Please submit at most 50 forms." in visible_text(response.content)
    assert not CallForProposals.objects.get(track=cast.refereed).questions.exists()
