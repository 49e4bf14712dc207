"""The schedule board in a real browser: live warnings, a move, the picture."""

import itertools
import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from microconf.cfp.models import Contribution
from microconf.conference.models import Conference
from microconf.demo.builder import SLUG
from microconf.scheduling import drafts
from microconf.scheduling.models import SolveRun
from microconf.scheduling.problem import build
from tests.axe import serious_findings

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def _sign_in_as_organiser(page: Page, base: str) -> None:
    user = User.objects.get(username="organiser@example.org")
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Your page")).to_be_visible()


def _place_of(title: str) -> tuple[str, str, str]:
    """A released talk's room, day index and minutes, as the move form names them."""
    talk = Contribution.objects.select_related("conference").get(title=title)
    local = talk.start.astimezone(talk.conference.tz)
    day = (local.date() - talk.conference.start_date).days
    return f"r{talk.room_id}", str(day), str(local.hour * 60 + local.minute)


def test_an_organiser_moves_a_talk_with_live_warnings(
    page: Page, demo: str, screenshot_dir
):
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")
    expect(page.get_by_role("heading", name="Schedule board")).to_be_visible()
    expect(page.get_by_role("img").first).to_be_visible()  # the conflict picture
    page.screenshot(path=screenshot_dir / "schedule-board.png")
    talks = list(
        Contribution.objects.filter(
            conference__slug=SLUG, kind=Contribution.Kind.TALK, start__isnull=False
        ).order_by("title")[:2]
    )
    mover, target = talks
    room, day, minutes = _place_of(target.title)

    form = page.locator("form.change-form").first
    form.get_by_label("Session").select_option(f"c-{mover.pk}")
    form.get_by_label("Room").select_option(room)
    form.get_by_label("Day").select_option(day)
    form.get_by_label("Start").select_option(minutes)
    warnings = form.locator(".live-warnings")
    expect(warnings).to_contain_text(f"already holds “{target.title}”")
    # "Attendee conflicts rise by …" or "No change in attendee conflicts (…)".
    expect(warnings).to_contain_text(re.compile("attendee conflicts", re.IGNORECASE))
    form.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "schedule-board-warnings.png")

    form.get_by_role("button", name="Move").click()
    expect(page.get_by_role("alert").filter(has_text="Not done yet")).to_be_visible()
    page.locator("form.change-form").first.get_by_label("Do it anyway").check()
    page.locator("form.change-form").first.get_by_role("button", name="Move").click()

    expect(page.get_by_role("status")).to_contain_text("Done:")
    expect(page.get_by_role("status")).to_contain_text(
        f"already holds “{target.title}”"
    )


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    # axe goes in as an inline script, which the Content-Security-Policy refuses.
    return {**browser_context_args, "bypass_csp": True}


def test_the_board_has_no_serious_accessibility_findings(
    page: Page,
    demo: str,
):
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")

    assert serious_findings(page) == []


def _a_swap_that_breaks_a_rule() -> tuple[str, str]:
    problem = build(Conference.objects.get(slug=SLUG))
    placed = sorted(drafts.assignment(problem))
    for first, second in itertools.combinations(placed, 2):
        if any(w.hard for w in drafts.judge_swap(problem, first, second).warnings):
            return first, second
    pytest.fail("no swap in the demo breaks a rule")


def test_a_refused_swap_keeps_both_sessions_until_confirmed(
    page: Page, demo: str, screenshot_dir
):
    first, second = _a_swap_that_breaks_a_rule()
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")

    swap = page.locator("#swap-form")
    swap.get_by_label("Session to swap").select_option(first)
    swap.get_by_label("Swap with").select_option(second)
    expect(swap.locator(".live-warnings")).to_contain_text(
        re.compile("attendee conflicts", re.IGNORECASE)
    )
    swap.get_by_role("button", name="Swap").click()

    refused = page.locator("#swap-refused")
    expect(refused).to_contain_text("Not done yet")
    expect(refused).to_be_focused()
    swap = page.locator("#swap-form")
    expect(swap.get_by_label("Session to swap")).to_have_value(first)
    expect(swap.get_by_label("Swap with")).to_have_value(second)
    page.screenshot(path=screenshot_dir / "schedule-board-swap-refused.png")
    swap.get_by_label("Do it anyway").check()
    swap.get_by_role("button", name="Swap").click()

    expect(page.get_by_role("status").first).to_contain_text("Done:")


def test_the_move_form_starts_where_the_chosen_session_is(page: Page, demo: str):
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")
    move = page.locator("#move-form")
    session = move.get_by_label("Session to move")

    def expect_place_of(option_value: str) -> None:
        option = session.locator(f'option[value="{option_value}"]')
        for name, field in (("Room", "room"), ("Day", "day"), ("Start", "time")):
            expect(move.get_by_label(name, exact=False).first).to_have_value(
                option.get_attribute(f"data-{field}")
            )

    expect_place_of(session.input_value())
    talk = Contribution.objects.filter(
        conference__slug=SLUG, kind=Contribution.Kind.TALK, start__isnull=False
    ).order_by("-title")[0]
    session.select_option(f"c-{talk.pk}")
    expect_place_of(f"c-{talk.pk}")
    expect(move.locator(".live-warnings")).to_contain_text(
        re.compile("attendee conflicts", re.IGNORECASE)
    )


@pytest.mark.browser_context_args(timezone_id="Europe/Berlin")
def test_times_in_the_viewers_timezone_are_labelled(
    page: Page, demo: str, screenshot_dir
):
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")
    page.get_by_role("button", name="Show times in my timezone").click()

    caption = page.locator(".draft-table caption").first
    expect(caption).to_contain_text("times in Europe/Berlin (your timezone)")
    expect(page.locator("#move-tz")).to_contain_text("America/New_York")
    caption.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "schedule-board-berlin.png")
    page.goto(f"{demo}/{SLUG}/changelog/")
    expect(page.locator(".lede")).to_contain_text(
        "Times are in Europe/Berlin (your timezone)."
    )


def test_the_board_stays_readable_on_a_phone_and_a_laptop(
    page: Page, demo: str, screenshot_dir
):
    _sign_in_as_organiser(page, demo)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{demo}/{SLUG}/manage/schedule/")
    # Each action link stays on one line instead of breaking inside its words.
    heights = page.locator(".unit-actions a").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)"
    )
    assert heights
    assert max(heights) < 30

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{demo}/{SLUG}/manage/schedule/")
    width = page.locator("#from-0").evaluate("s => s.getBoundingClientRect().width")
    picture = page.locator(".conflicts-svg").first.evaluate(
        "s => s.getBoundingClientRect().width"
    )
    when = page.locator(".worst .when-cell").first.evaluate(
        "td => getComputedStyle(td).whiteSpace"
    )
    page.locator(".worst").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "schedule-board-phone-clashes.png")

    assert width >= 90  # "10:00" and the arrow fit
    assert picture >= 900  # 11 px text drawn at 10 px at least; the figure scrolls
    assert when == "nowrap"


def test_a_finished_solve_is_announced_where_focus_lands(page: Page, demo: str):
    conference = Conference.objects.get(slug=SLUG)
    run = SolveRun.objects.create(
        conference=conference,
        time_limit=60,
        state=SolveRun.State.RUNNING,
        progress={"elapsed": 1, "attendee_conflicts": 300, "bound": 100},
    )
    _sign_in_as_organiser(page, demo)
    page.goto(f"{demo}/{SLUG}/manage/schedule/")

    expect(page.locator("#solve-state")).to_have_attribute("role", "status")
    expect(page.locator("#solve-state")).to_have_text("Solving")
    solve = page.get_by_role("button", name="Solve the draft")
    expect(solve).to_be_disabled()
    assert solve.evaluate("b => getComputedStyle(b).cursor") == "not-allowed"
    SolveRun.objects.filter(pk=run.pk).update(
        progress={"elapsed": 13, "attendee_conflicts": 250, "bound": 100}
    )
    expect(page.locator("#solve-announce")).to_contain_text("20 % of the time limit")
    expect(page.locator("#solve-progress")).to_have_js_property("value", 13)
    SolveRun.objects.filter(pk=run.pk).update(
        state=SolveRun.State.FINISHED,
        result={
            "sessions": 60, "elapsed": 14, "status": "feasible",
            "attendee_conflicts": 240, "overflow": 0, "moves": 0,
            "track_rooms": 0, "objective": 240, "bound": 100, "gap": 0.5,
        },
    )  # fmt: skip

    result = page.locator("#solve-result")
    expect(result).to_be_focused()
    expect(result).to_have_attribute("role", "status")
    expect(result).to_contain_text("240 attendee conflicts")
