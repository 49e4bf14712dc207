"""The board's handlers that change the draft: discard's confirmation, solve's turn."""

import pytest
from django.urls import reverse

from microconf.scheduling import solve_runs
from microconf.scheduling.models import DraftSlot, SolveRun
from tests.pages import visible_text


@pytest.fixture
def organiser(client, cast, programme):
    solve_runs.solve_conference(cast.conference, time_limit=5)
    client.force_login(cast.organiser)
    return client


def _url(name: str) -> str:
    return reverse(f"scheduling:{name}", args=["plumbers"])


def test_discard_without_confirm_keeps_the_draft(organiser):
    response = organiser.post(_url("discard"), follow=True)

    assert "The draft is kept" in visible_text(response.content.decode())
    assert DraftSlot.objects.exists()


def test_discard_with_confirm_throws_the_draft_away(organiser):
    response = organiser.post(_url("discard"), {"confirm": "1"}, follow=True)

    assert "The draft is discarded" in visible_text(response.content.decode())
    assert not DraftSlot.objects.exists()


def test_a_move_while_a_solve_is_queued_is_refused_in_words(organiser, programme):
    organiser.post(_url("solve"), {"time_limit": "10"})
    before = DraftSlot.objects.get(contribution=programme.bof)

    response = organiser.post(
        _url("move"),
        {"unit": f"c-{programme.bof.pk}", "room": f"r{programme.small.pk}",
         "day": "2", "time": "600", "confirm": "1"},
        follow=True,
    )  # fmt: skip

    assert "A solve is under way" in visible_text(response.content.decode())
    after = DraftSlot.objects.get(contribution=programme.bof)
    assert (after.room_id, after.start) == (before.room_id, before.start)


def test_the_run_status_says_when_a_run_is_done(organiser, cast):
    run = SolveRun.objects.create(
        conference=cast.conference, time_limit=5, state=SolveRun.State.INFEASIBLE
    )

    status = organiser.get(reverse("scheduling:run", args=["plumbers", run.pk]))

    assert status.json()["is_done"] is True
    assert status.json()["state_label"] == "Infeasible — nothing written"
