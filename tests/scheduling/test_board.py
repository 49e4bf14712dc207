import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from microconf.scheduling import solving
from microconf.scheduling.models import Availability, DraftSlot, Interest, SolveRun
from tests.pages import visible_text


@pytest.fixture
def organiser(client, cast, programme):
    solving.solve_conference(cast.conference, time_limit=5)
    client.force_login(cast.organiser)
    return client


def _url(name: str) -> str:
    return reverse(f"scheduling:{name}", args=["plumbers"])


def test_the_board_shows_the_draft_its_figures_and_the_picture(organiser):
    response = organiser.get(_url("board"))
    text = visible_text(response.content.decode())

    assert response.status_code == 200
    assert "Sessions to place\n5" in text
    assert "Rust MC" in text
    assert "Talk C" in text
    assert response.content.count(b"<svg") == 3  # one picture a day
    assert b'role="img"' in response.content


def test_live_warnings_come_as_json(organiser, programme):
    a = DraftSlot.objects.get(contribution=programme.talk_a)
    local = a.start.astimezone(a.contribution.conference.tz)
    day = (local.date() - a.contribution.conference.start_date).days

    response = organiser.get(
        _url("check"),
        {
            "unit": f"c-{programme.talk_b.pk}",
            "room": f"r{a.room_id}",
            "day": day,
            "time": local.hour * 60 + local.minute,
        },
    )
    warnings = [w["message"] for w in response.json()["warnings"]]

    assert "Ann Both would be in “Talk B” and “Talk A” at once." in warnings


def test_a_check_with_a_foreign_room_says_what_is_wrong(organiser, programme):
    response = organiser.get(
        _url("check"),
        {"unit": f"c-{programme.talk_b.pk}", "room": "r999999", "day": 0, "time": 600},
    )

    assert response.status_code == 400
    assert response.json() == {"error": "Choose one of this conference's rooms."}


def _onto_talk_a(programme) -> dict:
    a = DraftSlot.objects.get(contribution=programme.talk_a)
    local = a.start.astimezone(a.contribution.conference.tz)
    return {
        "unit": f"c-{programme.talk_b.pk}",
        "room": f"r{a.room_id}",
        "day": (local.date() - a.contribution.conference.start_date).days,
        "time": local.hour * 60 + local.minute,
    }


def test_a_move_that_breaks_a_rule_waits_for_confirmation(organiser, programme):
    before = DraftSlot.objects.get(contribution=programme.talk_b).start

    refused = organiser.post(_url("move"), _onto_talk_a(programme))
    after_refusal = DraftSlot.objects.get(contribution=programme.talk_b).start
    done = organiser.post(_url("move"), {**_onto_talk_a(programme), "confirm": "1"})

    assert refused.status_code == 409
    assert "Ann Both would be in “Talk B” and “Talk A” at once." in visible_text(
        refused.content.decode()
    )
    assert after_refusal == before
    assert done.status_code == 302
    assert (
        DraftSlot.objects.get(contribution=programme.talk_b).start
        == DraftSlot.objects.get(contribution=programme.talk_a).start
    )


def test_a_move_with_nonsense_values_is_refused_in_words(organiser, programme):
    response = organiser.post(
        _url("move"),
        {"unit": f"c-{programme.talk_b.pk}", "room": "x", "day": "y", "time": "z"},
        follow=True,
    )

    assert "Choose a day and a time." in visible_text(response.content.decode())


def test_solving_from_the_board_queues_one_run_at_a_time(organiser, cast):
    first = organiser.post(_url("solve"), {"time_limit": "10"}, follow=True)
    second = organiser.post(_url("solve"), {"time_limit": "10"}, follow=True)
    run = SolveRun.objects.get()
    status = organiser.get(reverse("scheduling:run", args=["plumbers", run.pk]))

    assert "The solver is queued" in visible_text(first.content.decode())
    assert "A solve is already running" in visible_text(second.content.decode())
    assert (run.time_limit, run.requested_by) == (10, cast.organiser)
    assert status.json()["state"] == "queued"
    task = DBTaskResult.objects.get(task_path__endswith="solve_schedule")
    assert task.args_kwargs["args"] == [run.pk]


def test_a_time_limit_out_of_range_is_refused(organiser):
    response = organiser.post(_url("solve"), {"time_limit": "0"}, follow=True)

    assert "The time limit must be 5 to 3600 seconds." in visible_text(
        response.content.decode()
    )
    assert not SolveRun.objects.exists()


def test_interest_uploads_report_bad_lines(organiser, programme):
    upload = SimpleUploadedFile(
        "interest.csv", b"attendee,session\nreg-1,nothing-here\n", "text/csv"
    )

    response = organiser.post(_url("interest"), {"file": upload}, follow=True)

    assert "line 2: no accepted session here" in visible_text(response.content.decode())
    assert not Interest.objects.exists()


def test_a_run_whose_worker_vanished_does_not_block_the_next(organiser, cast):
    lost = SolveRun.objects.create(
        conference=cast.conference, time_limit=60, state=SolveRun.State.RUNNING
    )
    SolveRun.objects.filter(pk=lost.pk).update(
        created=lost.created - dt.timedelta(hours=1)
    )

    response = organiser.post(_url("solve"), {"time_limit": "10"}, follow=True)
    lost.refresh_from_db()

    assert "The solver is queued" in visible_text(response.content.decode())
    assert lost.state == SolveRun.State.FAILED
    assert "start the solve again" in lost.result["error"]


def test_availability_is_set_from_the_board(organiser, cast):
    unit = f"mc-{cast.rust_mc.pk}"

    saved = organiser.post(
        _url("availability"),
        {"unit": unit, "day-1": "1", "from-1": "540", "to-1": "720"},
        follow=True,
    )
    refused = organiser.post(
        _url("availability"),
        {"unit": unit, "day-1": "1", "from-1": "540", "to-1": "soon"},
        follow=True,
    )

    assert "Saved when it may run" in visible_text(saved.content.decode())
    assert "Only Tue 09:00–12:00" in visible_text(saved.content.decode())
    assert "Choose a start and an end for each ticked day." in visible_text(
        refused.content.decode()
    )
    assert Availability.objects.get().start.hour == 9
