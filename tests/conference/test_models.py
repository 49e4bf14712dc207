import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from microconf.conference.models import Conference
from tests.factories import make_conference, make_contribution, make_room, make_track

pytestmark = pytest.mark.django_db


def test_conference_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_conference(
            start_date=dt.date(2023, 11, 15), end_date=dt.date(2023, 11, 13)
        )

    assert Conference.objects.count() == 0


def test_full_clean_explains_a_reversed_date_range_and_a_bad_timezone():
    conference = Conference(
        name="X",
        slug="x",
        start_date=dt.date(2023, 11, 15),
        end_date=dt.date(2023, 11, 13),
        timezone="Europe/Atlantis",
    )

    with pytest.raises(ValidationError) as error:
        conference.full_clean()

    assert set(error.value.message_dict) == {"end_date", "timezone"}


def test_contribution_with_a_room_but_no_start_is_refused():
    conference = make_conference()
    track = make_track(conference)
    room = make_room(conference)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_contribution(track, room=room, start=None)


def test_contribution_duration_must_be_positive():
    track = make_track(make_conference())

    with pytest.raises(IntegrityError), transaction.atomic():
        make_contribution(track, duration=0)
