"""The board's drag and drop targets, its read-only GET, the move's audit entry and
the release panel: no release offered with nothing new, and back to the board after."""

import datetime as dt
import json

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from microconf.audit.models import AuditEntry
from microconf.scheduling import solve_runs
from microconf.scheduling.models import DraftSlot, Release, SolveRun
from microconf.scheduling.services import release_schedule
from tests.pages import visible_text

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def organiser(client, cast, programme):
    solve_runs.solve_conference(cast.conference, time_limit=5)
    client.force_login(cast.organiser)
    return client


def _url(name: str, *args: object) -> str:
    return reverse(f"scheduling:{name}", args=["plumbers", *args])


def _lost_run(cast) -> SolveRun:
    """A run still "running" an hour after it began: its worker is gone."""
    run = SolveRun.objects.create(
        conference=cast.conference, time_limit=60, state=SolveRun.State.RUNNING
    )
    SolveRun.objects.filter(pk=run.pk).update(
        created=run.created - dt.timedelta(hours=1)
    )
    return run


def test_the_boards_get_writes_nothing_and_shows_a_lost_run_as_failed(organiser, cast):
    run = _lost_run(cast)
    # The session's last-login write and the like happen before: start from here.
    organiser.get(_url("board"))

    with CaptureQueriesContext(connection) as queries:
        page = organiser.get(_url("board"))
        status = organiser.get(_url("run", run.pk))

    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    run.refresh_from_db()
    assert run.state == SolveRun.State.RUNNING  # only a change marks it failed
    assert "start the solve again" in visible_text(page.content)
    assert status.json()["state"] == "failed"
    assert status.json()["is_done"] is True


def test_the_live_check_writes_nothing(organiser, programme):
    organiser.get(_url("board"))
    with CaptureQueriesContext(connection) as queries:
        organiser.get(
            _url("check"),
            {"unit": f"c-{programme.bof.pk}", "room": f"r{programme.big.pk}",
             "day": 0, "time": 600},
        )  # fmt: skip

    assert [q for q in queries if q["sql"].lstrip().upper().startswith(WRITES)] == []


def test_every_cell_of_the_draft_says_where_a_drop_goes(organiser, programme):
    tree = lxml.html.fromstring(organiser.get(_url("board")).content)
    draft = tree.get_element_by_id("draft")
    cells = draft.xpath(
        ".//td[contains(@class, 'session') or contains(@class, 'free')]"
    )
    units = draft.xpath(".//div[@class='draft-unit']")

    assert cells
    assert all(c.get("data-room") and c.get("data-time") for c in cells)
    assert all(u.xpath("ancestor::td[@data-room]") for u in units)
    assert draft.get("data-check") == _url("check")
    assert draft.get("data-move") == _url("move")
    # Every room is a column, even one holding nothing that day: a place to drop.
    headers = draft.xpath("(.//table)[1]/thead//th")
    assert [h.text_content().split(" (")[0] for h in headers[1:]] == [
        "Ballroom", "Closet"
    ]  # fmt: skip


def test_a_free_cell_names_its_room_day_and_time(organiser, programme):
    tree = lxml.html.fromstring(organiser.get(_url("board")).content)
    free = tree.xpath("//table[contains(@class, 'draft-table')]//td[@data-room]")[0]
    room, day, minutes = (
        free.get("data-room"),
        free.get("data-day"),
        free.get("data-time"),
    )
    place = free.get("data-place")

    assert room in {f"r{programme.big.pk}", f"r{programme.small.pk}"}
    assert day == "0"
    name = "Ballroom" if room == f"r{programme.big.pk}" else "Closet"
    assert (
        place == f"{name}, Mon 13 Nov {int(minutes) // 60:02d}:{int(minutes) % 60:02d}"
    )


def test_the_scripts_words_come_translated_in_a_json_block(organiser):
    tree = lxml.html.fromstring(organiser.get(_url("board")).content)
    block = tree.get_element_by_id("board-strings")

    assert block.get("type") == "application/json"
    words = json.loads(block.text)
    assert words["over"] == "“%(title)s” to %(place)s:"
    assert words["handle"] == "Drag"


def test_a_move_writes_an_audit_entry_with_where_from_and_to(
    organiser, cast, programme
):
    before = DraftSlot.objects.get(contribution=programme.bof)
    organiser.post(
        _url("move"),
        {"unit": f"c-{programme.bof.pk}", "room": f"r{programme.big.pk}",
         "day": "2", "time": "960", "confirm": "1"},
    )  # fmt: skip

    entry = AuditEntry.objects.get(action="draft-move")
    assert entry.actor == cast.organiser
    assert entry.data["sessions"] == [
        {
            "unit": f"c-{programme.bof.pk}",
            "title": "A BoF",
            "from": entry.data["sessions"][0]["from"],
            "to": {"room": f"r{programme.big.pk}", "day": 2, "start": 960},
        }
    ]
    assert entry.data["sessions"][0]["from"]["room"] == f"r{before.room_id}"
    assert set(entry.data) == {
        "sessions",
        "conflicts_before",
        "conflicts_after",
        "warnings",
    }


def test_a_refused_move_leaves_no_audit_entry(organiser, programme):
    a = DraftSlot.objects.get(contribution=programme.talk_a)
    local = a.start.astimezone(a.contribution.conference.tz)
    organiser.post(
        _url("move"),
        {"unit": f"c-{programme.talk_b.pk}", "room": f"r{a.room_id}",
         "day": (local.date() - a.contribution.conference.start_date).days,
         "time": local.hour * 60 + local.minute},
    )  # fmt: skip

    assert not AuditEntry.objects.filter(action="draft-move").exists()


def test_a_swap_writes_one_audit_entry_naming_both(organiser, programme):
    organiser.post(
        _url("swap"),
        {"unit": f"c-{programme.talk_a.pk}", "with": f"c-{programme.talk_c.pk}",
         "confirm": "1"},
    )  # fmt: skip

    entry = AuditEntry.objects.get(action="draft-swap")
    assert sorted(s["title"] for s in entry.data["sessions"]) == ["Talk A", "Talk C"]


def test_no_release_is_offered_when_nothing_changed(organiser, cast):
    release_schedule(cast.conference, by=cast.organiser, accept_breaks=True)

    page = organiser.get(_url("board"))
    text = visible_text(page.content)

    assert "Nothing changed since release 1: there is nothing new to release." in text
    assert b'action="/plumbers/manage/release/"' not in page.content


def test_a_change_since_the_release_offers_the_next_one(organiser, cast, programme):
    release_schedule(cast.conference, by=cast.organiser, accept_breaks=True)
    organiser.post(
        _url("move"),
        {"unit": f"c-{programme.bof.pk}", "room": f"r{programme.big.pk}",
         "day": "2", "time": "960", "confirm": "1"},
    )  # fmt: skip

    page = organiser.get(_url("board"))
    text = visible_text(page.content)

    assert "1 change since release 1." in text
    assert "Release the draft as release 2" in text


def test_after_releasing_the_organiser_is_back_on_the_board(organiser, cast):
    response = organiser.post(
        _url("release"), {"note": "First", "confirm_breaks": "1"}, follow=True
    )
    text = visible_text(response.content)

    assert response.redirect_chain[-1][0] == _url("board")
    assert Release.objects.get().number == 1
    assert "Release 1 is published with" in text
    assert "Nothing changed since release 1" in text


def test_the_scripts_words_come_in_the_organisers_language(organiser):
    page = organiser.get(_url("board"), HTTP_ACCEPT_LANGUAGE="de")
    words = json.loads(
        lxml.html.fromstring(page.content).get_element_by_id("board-strings").text
    )

    assert words["handle"] == "Ziehen"
    assert words["over"] == "„%(title)s“ nach %(place)s:"
