"""Dragging a session on the board: the move's warnings while it is held, then saved."""

import re

import pytest
from playwright.sync_api import Page, expect

from microconf.audit.models import AuditEntry
from microconf.conference.models import Conference
from microconf.demo.builder import SLUG
from microconf.scheduling import drafts
from microconf.scheduling.move_checks import Verdict
from microconf.scheduling.problem import build
from microconf.scheduling.solver.model import Placement
from tests.browser.test_schedule_board import _sign_in_as_organiser

pytestmark = pytest.mark.browser


def _a_drop_with_only_soft_warnings(page: Page) -> tuple[str, dict, Verdict]:
    """A talk and a free cell of its own day where moving it warns, yet breaks no rule.

    Returns the unit, the cell's data and the server's own check of that move.
    """
    cells = page.locator("#draft td.free[data-room]").evaluate_all(
        "cells => cells.map(c => ({...c.dataset}))"
    )
    problem = build(Conference.objects.get(slug=SLUG))
    placed = drafts.assignment(problem)
    talks = sorted(u for u in placed if u.startswith("c-"))
    for unit in talks:
        for cell in cells:
            if int(cell["day"]) != placed[unit].day:
                continue
            to = Placement(
                room=cell["room"], day=int(cell["day"]), start=int(cell["time"])
            )
            verdict = drafts.judge_move(problem, unit, to)
            if verdict.warnings and not any(w.hard for w in verdict.warnings):
                return unit, cell, verdict
    pytest.fail("no free cell of the demo's draft gives a soft warning")


def _centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_dragging_a_session_shows_the_moves_warning_and_saves_it(
    page: Page, demo: str, screenshot_dir
):
    page.set_viewport_size({"width": 1440, "height": 900})
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")
    unit, cell, verdict = _a_drop_with_only_soft_warnings(page)
    warning = verdict.warnings[0].message
    change = verdict.conflict_change
    conflicts = (
        f"No change in attendee conflicts ({verdict.conflicts_after})."
        if change == 0
        else f"Attendee conflicts {'rise' if change > 0 else 'fall'} by {abs(change)}, "
        f"from {verdict.conflicts_before} to {verdict.conflicts_after}."
    )
    talk = build(Conference.objects.get(slug=SLUG)).units[unit].contributions[0]
    before = drafts.slots(talk.conference)[talk.pk]
    audited = AuditEntry.objects.filter(action="draft-move").count()

    handle = page.locator(f'.draft-unit[data-unit="{unit}"] .drag-handle')
    target = page.locator(
        f'#draft td.free[data-room="{cell["room"]}"][data-day="{cell["day"]}"]'
        f'[data-time="{cell["time"]}"]'
    )
    expect(page.locator(".drag-hint")).to_be_visible()
    handle.scroll_into_view_if_needed()
    page.mouse.move(*_centre(handle))
    page.mouse.down()
    status = page.locator("#drag-status")
    expect(status).to_contain_text("Moving “")
    # Bring the target into view while the session is held (the page scrolls under it).
    target.scroll_into_view_if_needed()
    x, y = _centre(target)
    page.mouse.move(x, y, steps=8)

    expect(target).to_have_class(re.compile(r"\bdrop-target\b"))
    expect(status).to_contain_text(cell["place"])
    expect(status).to_contain_text(warning)
    expect(status).to_contain_text(conflicts)
    assert status.get_attribute("aria-live") == "polite"
    page.screenshot(path=screenshot_dir / "board-dragging.png")
    # Nothing is saved while the session is only held over a place.
    assert drafts.slots(talk.conference)[talk.pk] == before
    page.mouse.up()

    expect(page.get_by_role("status").filter(has_text="Done:")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text(warning)
    room_id, start = drafts.slots(talk.conference)[talk.pk]
    problem = build(Conference.objects.get(slug=SLUG))
    assert problem.placement_of(room_id, start) == Placement(
        room=cell["room"], day=int(cell["day"]), start=int(cell["time"])
    )
    assert AuditEntry.objects.filter(action="draft-move").count() == audited + 1

    page.reload()
    moved = page.locator(
        f'#draft td[data-room="{cell["room"]}"][data-day="{cell["day"]}"]'
        f'[data-time="{cell["time"]}"] .draft-unit[data-unit="{unit}"]'
    )
    expect(moved).to_be_visible()
    expect(moved.locator(".badges")).to_contain_text("Changed since the release")


def test_a_drop_outside_the_draft_moves_nothing(page: Page, demo: str):
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")
    handle = page.locator(".draft-unit .drag-handle").first
    unit = handle.evaluate("h => h.closest('.draft-unit').dataset.unit")
    talk = build(Conference.objects.get(slug=SLUG)).units[unit].contributions[0]
    before = drafts.slots(talk.conference)[talk.pk]

    handle.scroll_into_view_if_needed()
    page.mouse.move(*_centre(handle))
    page.mouse.down()
    heading = page.get_by_role("heading", name="The draft, day by day")
    heading.scroll_into_view_if_needed()
    page.mouse.move(*_centre(heading), steps=4)
    page.mouse.up()

    expect(page.locator("#drag-status")).to_contain_text("Not moved:")
    assert drafts.slots(talk.conference)[talk.pk] == before


def test_a_drop_that_breaks_a_rule_waits_for_do_it_anyway(page: Page, demo: str):
    page.set_viewport_size({"width": 1440, "height": 900})
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")
    problem = build(Conference.objects.get(slug=SLUG))
    placed = drafts.assignment(problem)
    talks = sorted(u for u in placed if u.startswith("c-"))
    mover, taken = next(
        (a, b)
        for a in talks
        for b in talks
        if a != b
        and placed[a].day == placed[b].day
        and placed[a].room != placed[b].room
    )
    clash = drafts.judge_move(problem, mover, placed[taken])
    hard = next(w.message for w in clash.warnings if w.hard)
    talk = problem.units[mover].contributions[0]
    before = drafts.slots(talk.conference)[talk.pk]

    handle = page.locator(f'.draft-unit[data-unit="{mover}"] .drag-handle')
    target = page.locator(f'#draft td.session[data-unit="{taken}"]')
    handle.scroll_into_view_if_needed()
    page.mouse.move(*_centre(handle))
    page.mouse.down()
    target.scroll_into_view_if_needed()
    page.mouse.move(*_centre(target), steps=8)
    expect(page.locator("#drag-status")).to_contain_text(hard)
    page.mouse.up()

    refused = page.locator("#move-refused")
    expect(refused).to_contain_text("Not done yet")
    expect(refused).to_contain_text(hard)
    assert drafts.slots(talk.conference)[talk.pk] == before
    form = page.locator("#move-form")
    expect(form.get_by_label("Session to move")).to_have_value(mover)
    expect(form.get_by_label("Room")).to_have_value(placed[taken].room)
    form.get_by_label("Do it anyway").check()
    form.get_by_role("button", name="Move").click()

    expect(page.get_by_role("status").filter(has_text="Done:")).to_be_visible()
    room_id, start = drafts.slots(talk.conference)[talk.pk]
    assert problem.placement_of(room_id, start) == placed[taken]
