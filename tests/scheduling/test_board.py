import datetime as dt
import itertools

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from microconf.interest.models import Interest
from microconf.scheduling import drafts, solve_runs
from microconf.scheduling.models import Availability, DraftSlot, SolveRun
from microconf.scheduling.problem import build
from tests.pages import visible_text


@pytest.fixture
def organiser(client, cast, programme):
    solve_runs.solve_conference(cast.conference, time_limit=5)
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


def _css(name: str) -> str:
    """An XPath step to elements of one class, anywhere below."""
    return f"//*[contains(concat(' ', @class, ' '), ' {name} ')]"


def _selected(html: bytes, select_id: str) -> str:
    """The value of the option a <select> starts with, as a browser picks it."""
    select = lxml.html.fromstring(html).get_element_by_id(select_id)
    options = select.findall("option")
    chosen = [o for o in options if o.get("selected") is not None] or options[:1]
    return chosen[-1].get("value")


def _place(programme, contribution) -> dict:
    slot = DraftSlot.objects.get(contribution=contribution)
    conference = contribution.conference
    local = slot.start.astimezone(conference.tz)
    return {
        "room": f"r{slot.room_id}",
        "day": str((local.date() - conference.start_date).days),
        "time": str(local.hour * 60 + local.minute),
    }


def _a_swap_that_breaks_a_rule(conference) -> tuple[str, str]:
    problem = build(conference)
    placed = sorted(drafts.assignment(problem))
    for first, second in itertools.combinations(placed, 2):
        if any(w.hard for w in drafts.judge_swap(problem, first, second).warnings):
            return first, second
    pytest.fail("no swap in the small programme breaks a rule")


def test_a_refused_swap_keeps_both_sessions_and_asks_to_confirm(organiser, cast):
    first, second = _a_swap_that_breaks_a_rule(cast.conference)

    refused = organiser.post(_url("swap"), {"unit": first, "with": second})

    assert refused.status_code == 409
    assert _selected(refused.content, "swap-unit") == first
    assert _selected(refused.content, "swap-with") == second
    page = lxml.html.fromstring(refused.content)
    box = page.get_element_by_id("swap-refused")
    assert box.get("role") == "alert"
    assert page.get_element_by_id("swap-confirm").get("aria-describedby") == (
        "swap-refused"
    )
    assert page.find(".//*[@id='move-refused']") is None


def test_a_refused_move_keeps_the_chosen_place(organiser, programme):
    refused = organiser.post(_url("move"), _onto_talk_a(programme))
    asked = _onto_talk_a(programme)

    assert refused.status_code == 409
    assert _selected(refused.content, "move-unit") == asked["unit"]
    assert _selected(refused.content, "move-room") == asked["room"]
    assert _selected(refused.content, "move-day") == str(asked["day"])
    assert _selected(refused.content, "move-time") == str(asked["time"])
    assert b'id="move-refused"' in refused.content


def test_the_swap_form_takes_both_sessions_from_the_address(organiser, programme):
    a, c = f"c-{programme.talk_a.pk}", f"c-{programme.talk_c.pk}"

    response = organiser.get(_url("board"), {"unit": a, "other": c})

    assert _selected(response.content, "swap-unit") == a
    assert _selected(response.content, "swap-with") == c


def test_the_move_form_starts_at_the_first_sessions_place(organiser, programme):
    response = organiser.get(_url("board"))
    first = _selected(response.content, "move-unit")
    contribution = {
        f"c-{c.pk}": c
        for c in (programme.talk_a, programme.talk_b, programme.talk_c, programme.bof)
    }[first]  # "A BoF" comes first by title
    place = _place(programme, contribution)

    assert _selected(response.content, "move-room") == place["room"]
    assert _selected(response.content, "move-day") == place["day"]
    assert _selected(response.content, "move-time") == place["time"]


def test_the_move_form_starts_at_the_chosen_sessions_place(organiser, programme):
    response = organiser.get(_url("board"), {"unit": f"c-{programme.talk_c.pk}"})
    place = _place(programme, programme.talk_c)

    assert _selected(response.content, "move-unit") == f"c-{programme.talk_c.pk}"
    assert _selected(response.content, "move-room") == place["room"]
    assert _selected(response.content, "move-day") == place["day"]
    assert _selected(response.content, "move-time") == place["time"]


def test_the_draft_shows_two_sessions_that_share_a_room_and_time(organiser, programme):
    a = DraftSlot.objects.get(contribution=programme.talk_a)
    DraftSlot.objects.filter(contribution=programme.talk_b).update(
        room=a.room, start=a.start
    )

    response = organiser.get(_url("board"))
    cells = lxml.html.fromstring(response.content).find_class("draft-unit")

    assert sorted(c.get("data-unit") for c in cells) == sorted(
        drafts.assignment(build(programme.talk_a.conference))
    )
    assert "Overlaps another session in this room" in visible_text(response.content)


def test_each_sessions_links_name_the_session(organiser, programme):
    page = lxml.html.fromstring(organiser.get(_url("board")).content)
    names = [
        " ".join(link.text_content().split())
        for link in page.xpath(_css("unit-actions") + "//a")
    ]

    assert "Move or swap… Talk C" in names
    assert "When… Talk C may run" in names


def test_the_move_and_swap_forms_have_legends(organiser):
    page = lxml.html.fromstring(organiser.get(_url("board")).content)
    legends = [
        page.xpath(f"//form[@id='{f}']//legend")[0] for f in ("move-form", "swap-form")
    ]

    assert [legend.text_content() for legend in legends] == [
        "Move a session",
        "Swap two sessions",
    ]


def test_the_badges_are_separate_list_items(organiser, programme):
    DraftSlot.objects.filter(contribution=programme.talk_c).update(pinned=True)

    page = lxml.html.fromstring(organiser.get(_url("board")).content)
    cell = page.xpath(f'//*[@data-unit="c-{programme.talk_c.pk}"]')[-1]

    assert [li.text_content() for li in cell.xpath(_css("badges") + "/li")] == [
        "Pinned"
    ]


def test_discarding_the_draft_asks_for_a_ticked_confirmation(organiser):
    page = lxml.html.fromstring(organiser.get(_url("board")).content)
    form = page.xpath(_css("discard-form"))[0]
    box = form.xpath(".//input[@name='confirm']")[0]

    assert (box.get("type"), "required" in box.attrib) == ("checkbox", True)


def test_the_draft_and_changelog_say_which_timezone_they_show(organiser):
    board_page = lxml.html.fromstring(organiser.get(_url("board")).content)
    changelog = lxml.html.fromstring(organiser.get(_url("changelog")).content)

    caption = board_page.xpath(_css("draft-table") + "/caption")[0]
    assert [n.text for n in caption.xpath("." + _css("tz-name"))] == [
        "America/New_York"
    ]
    assert [n.text for n in changelog.xpath(_css("lede") + _css("tz-name"))] == [
        "America/New_York"
    ]


def test_the_solvers_result_is_said_in_an_organisers_words(organiser, cast):
    SolveRun.objects.create(
        conference=cast.conference, time_limit=60, state=SolveRun.State.FINISHED,
        result={
            "sessions": 12, "elapsed": 4.2, "status": "feasible",
            "attendee_conflicts": 9, "overflow": 0, "moves": 2, "track_rooms": 1,
            "objective": 270, "bound": 200, "gap": 0.26,
        },
    )  # fmt: skip

    text = visible_text(organiser.get(_url("board")).content)

    assert "This schedule is at most 26 % above the best possible one." in text
    assert "12 sessions solved in 4.2 s: 9 attendee conflicts" in text
