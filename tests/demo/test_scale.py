import itertools

import pytest

from microconf.cfp.lifecycle import PUBLIC_STATES
from microconf.cfp.models import Contribution
from microconf.demo.scale import scale_demo

pytestmark = pytest.mark.django_db


def _scheduled():
    return Contribution.objects.filter(
        state__in=PUBLIC_STATES, start__isnull=False
    ).select_related("room")


def test_scaled_demo_has_the_target_number_of_sessions_in_eight_rooms():
    scale_demo(target=300)

    sessions = list(_scheduled())
    assert len(sessions) == 300
    assert len({s.room_id for s in sessions}) == 8
    assert len({s.start.date() for s in sessions}) == 3


def test_no_room_holds_two_sessions_at_once():
    scale_demo(target=300)

    by_room: dict[int, list] = {}
    for s in _scheduled().order_by("start"):
        by_room.setdefault(s.room_id, []).append(s)
    for sessions in by_room.values():
        for before, after in itertools.pairwise(sessions):
            assert before.end <= after.start, (before, after)


def test_scaling_twice_changes_nothing():
    scale_demo(target=300)

    scale_demo(target=300)

    assert _scheduled().count() == 300
