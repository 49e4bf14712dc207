"""The viewer's own timezone, stars kept in the browser or the account, now and next."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from microconf.cfp.models import Contribution
from tests.factories import make_conference, make_contribution, make_room, make_track

pytestmark = pytest.mark.browser

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def dst_conference(transactional_db, live_server) -> str:
    """New York sessions at 10:00 before, between and after the two DST changes."""
    conference = make_conference(
        slug="dst2023",
        start_date=dt.date(2023, 10, 27),
        end_date=dt.date(2023, 11, 6),
        timezone="America/New_York",
    )
    track, room = make_track(conference), make_room(conference, name="Main")
    for day, title in [(27, "Before both"), (30, "Between"), (6, "After both")]:
        month = 11 if day == 6 else 10
        make_contribution(
            track, title=title, slug=title.lower().replace(" ", "-"), room=room,
            start=dt.datetime(2023, month, day, 10, tzinfo=NEW_YORK),
        )  # fmt: skip
    return f"{live_server.url}/dst2023"


@pytest.mark.parametrize(
    ("date", "conference_time", "berlin_time"),
    [
        ("2023-10-27", "10:00", "16:00"),  # EDT and CEST: 6 hours apart
        ("2023-10-30", "10:00", "15:00"),  # EDT and CET: Europe changed on Oct 29
        ("2023-11-06", "10:00", "16:00"),  # EST and CET: the US changed on Nov 5
    ],
)
def test_berlin_viewer_sees_new_york_sessions_at_their_own_time_across_dst(
    browser: Browser, dst_conference, date, conference_time, berlin_time
):
    context = browser.new_context(timezone_id="Europe/Berlin")
    page = context.new_page()
    page.goto(f"{dst_conference}/timetable/{date}/")
    slot = page.locator(".item .slot time").first
    expect(slot).to_have_text(conference_time)

    switch = page.locator("button.tz-switch")
    expect(switch).to_have_text(
        "Times in America/New_York. Show times in my timezone (Europe/Berlin)"
    )
    switch.click()

    # The button says which zone the page shows now.
    expect(switch).to_have_text(
        "Times in Europe/Berlin (yours). Show times in America/New_York"
    )
    expect(slot).to_have_text(berlin_time)
    expect(page.get_by_role("banner")).to_contain_text("Europe/Berlin timezone")
    page.reload()  # the choice is remembered
    expect(page.locator(".item .slot time").first).to_have_text(berlin_time)
    context.close()


def test_contribution_slot_shows_the_viewers_date_when_it_differs(
    browser: Browser, dst_conference
):
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(f"{dst_conference}/contributions/between/")

    page.get_by_role("button", name="Show times in my timezone").click()

    # 10:00 in New York on Monday Oct 30 is 23:00 in Tokyo the same day.
    expect(page.locator(".schedule-status time")).to_have_text(
        "Mon, Oct 30, 2023, 23:00 – 23:30"
    )
    context.close()


def _day_of(title: str) -> str:
    """The timetable day of a session: the demo's schedule is solved, not fixed."""
    talk = Contribution.objects.select_related("conference").get(
        title__startswith=title
    )
    return talk.start.astimezone(talk.conference.tz).date().isoformat()


def test_visitor_stars_a_session_and_finds_it_on_the_agenda(page: Page, demo):
    page.goto(f"{demo}/lpc2023/timetable/{_day_of('Ten years of kernel')}/")
    star = page.get_by_role("button", name="Star Ten years of kernel development")

    star.click()

    expect(star).to_have_attribute("aria-pressed", "true")
    page.get_by_role("link", name="My agenda").click()
    main = page.get_by_role("main")
    expect(
        main.get_by_role("link", name="Ten years of kernel development")
    ).to_be_visible()
    expect(main.get_by_text("You have not starred any session yet.")).to_be_hidden()
    expect(main.get_by_role("listitem")).to_have_count(1)


def test_stars_from_before_log_in_move_to_the_account(
    page: Page, demo, django_user_model
):
    page.goto(f"{demo}/lpc2023/timetable/{_day_of('Ten years of kernel')}/")
    page.get_by_role("button", name="Star Ten years of kernel development").click()
    user = django_user_model.objects.create_user("ada")
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value,
          "url": demo}]
    )  # fmt: skip

    page.reload()

    expect(page.locator("html[data-stars-merged]")).to_have_count(1)
    talk = Contribution.objects.get(title__startswith="Ten years of kernel")
    assert list(user.stars.values_list("contribution", flat=True)) == [talk.id]
    assert page.evaluate("localStorage.getItem('microconf.stars.lpc2023')") == "[]"
    star = page.get_by_role("button", name="Star Ten years of kernel development")
    expect(star).to_have_attribute("aria-pressed", "true")
    page.goto(f"{demo}/lpc2023/agenda/")
    expect(page.get_by_role("heading", name="Calendar feed")).to_be_visible()
    main = page.get_by_role("main")
    expect(page.locator("html[data-stars-merged]")).to_have_count(1)
    expect(main.get_by_role("listitem")).to_have_count(1)
    expect(main.get_by_role("link", name="Ten years of kernel")).to_be_visible()


def test_timetable_marks_what_runs_now_and_what_comes_next(page: Page, demo):
    # The first session of the conference, ten minutes in.
    scheduled = Contribution.objects.filter(start__isnull=False).order_by("start", "pk")
    first = scheduled.first()
    now = first.start + dt.timedelta(minutes=10)
    following = scheduled.filter(start__gt=now).first()
    page.clock.set_fixed_time(now)

    page.goto(f"{demo}/lpc2023/timetable/")

    panel = page.get_by_role("region", name="Now and next")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(first.title)
    expect(panel).to_contain_text(following.title)
    item = page.locator(".item", has_text=first.title).first
    expect(item.locator(".now-badge")).to_have_text("Now")


def test_now_and_next_stays_hidden_long_before_the_event(page: Page, demo):
    page.clock.set_fixed_time(dt.datetime(2023, 6, 1, tzinfo=dt.UTC))

    page.goto(f"{demo}/lpc2023/timetable/")

    expect(page.locator(".now-next")).to_be_hidden()
