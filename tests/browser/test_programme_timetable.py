"""A visitor reads the timetable on a desktop, on a phone and with a keyboard."""

import itertools
import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
MC_TITLE = re.compile(r" MC$")
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


DAYS = [
    ("Mon, Nov 13", "Monday, November 13, 2023"),
    ("Tue, Nov 14", "Tuesday, November 14, 2023"),
    ("Wed, Nov 15", "Wednesday, November 15, 2023"),
]

# For every session of the page: is its title link inside the viewport and inside
# every scroll container around it once scrolled to, and not covered by the sticky
# headers; and where its box starts.
MEASURE = """() => Array.from(document.querySelectorAll('.tt .item')).map(item => {
  const link = item.querySelector('a.title');
  link.scrollIntoView({block: 'nearest', inline: 'nearest'});
  const box = link.getBoundingClientRect();
  const inside = (outer) => box.left >= outer.left - 1 && box.right <= outer.right + 1
    && box.top >= outer.top - 1 && box.bottom <= outer.bottom + 1;
  let ok = inside({left: 0, top: 0, right: innerWidth, bottom: innerHeight});
  for (let el = link.parentElement; el; el = el.parentElement) {
    const style = getComputedStyle(el);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
      ok = ok && inside(el.getBoundingClientRect());
    }
  }
  const hit = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
  const grid = document.querySelector('.tt').getBoundingClientRect();
  return {
    slug: item.dataset.slug, start: item.dataset.start, ok: ok,
    uncovered: hit !== null && link.contains(hit),
    top: item.getBoundingClientRect().top - grid.top,
  };
})"""


def test_desktop_timetable_shows_every_session_at_its_start_in_a_time_grid(
    page: Page, demo, screenshot_dir
):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{demo}/lpc2023/")
    page.get_by_role("navigation", name="Programme").get_by_role(
        "link", name="Timetable"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timetable")
    page.screenshot(path=screenshot_dir / "timetable-desktop.png")

    days = page.get_by_role("navigation", name="Days")
    sessions, blocks = 0, 0
    for day, heading in DAYS:
        days.get_by_role("link", name=day).click()
        region = page.get_by_role("region", name=heading)
        expect(region).to_be_visible()
        # All eight demo rooms side by side: nothing to scroll sideways to.
        assert region.evaluate("r => r.scrollWidth - r.clientWidth") <= 1
        expect(page.locator(".tt-room")).to_have_count(8)
        measured = page.evaluate(MEASURE)
        assert measured, day
        assert [m["slug"] for m in measured if not m["ok"]] == [], day
        assert [m["slug"] for m in measured if not m["uncovered"]] == [], day
        tops: dict[str, list[float]] = {}
        for m in measured:
            tops.setdefault(m["start"], []).append(m["top"])
        for start, at in tops.items():
            assert max(at) - min(at) <= 3, (day, start, at)
        ordered = sorted(tops.items())
        for (earlier, a), (later, b) in itertools.pairwise(ordered):
            assert max(a) < min(b), (day, earlier, later)
        sessions += len(measured)
        blocks += page.locator(".tt").get_by_role("heading", name=MC_TITLE).count()
    assert sessions == 145  # every scheduled session of the demo
    assert blocks > 0


def test_room_and_track_filters_narrow_the_grid(page: Page, demo):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{demo}/lpc2023/timetable/2023-11-13/")
    rooms = page.locator(".tt-room")
    expect(rooms).to_have_count(8)

    page.get_by_role("checkbox", name="Magnolia").uncheck()
    expect(page.locator(".tt-room:visible")).to_have_count(7)
    expect(page.locator(".tt-room", has_text="Magnolia")).to_be_hidden()

    track = page.get_by_role("combobox", name="Track")
    # A track with a session in a room still shown: the options' order follows the
    # database's collation, and the first track may have none left on this day.
    slug = page.locator(".tt .block:visible").first.get_attribute("data-track")
    track.select_option(slug)
    visible = page.locator(".tt .block:visible")
    expect(visible.first).to_be_visible()
    for n in range(visible.count()):
        expect(visible.nth(n)).to_have_attribute("data-track", slug)


def test_more_rooms_than_fit_scroll_with_the_times_kept_and_a_hint(page: Page, demo):
    page.set_viewport_size({"width": 900, "height": 800})
    page.goto(f"{demo}/lpc2023/timetable/2023-11-13/")
    expect(page.get_by_text("More rooms to the right")).to_be_visible()
    region = page.get_by_role("region", name="Monday, November 13, 2023")
    time_label = page.locator(".tt-time.tick").first
    before = time_label.bounding_box()["x"]

    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")

    expect(page.get_by_text("More rooms to the right")).to_be_hidden()
    assert abs(time_label.bounding_box()["x"] - before) <= 1
    expect(page.locator(".tt-room", has_text="Shenandoah")).to_be_in_viewport()


def test_timetable_fits_a_360_pixel_phone_by_stacking_rooms(
    page: Page, demo, screenshot_dir
):
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{demo}/lpc2023/timetable/")

    for day in ["2023-11-13", "2023-11-14", "2023-11-15"]:
        page.goto(f"{demo}/lpc2023/timetable/{day}/")
        assert page.evaluate(SIDEWAYS) == 0, day
        expect(page.locator(".room-label").first).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{demo}/lpc2023/timetable/2023-11-13/")
    assert page.evaluate(SIDEWAYS) == 0
    page.screenshot(path=screenshot_dir / "timetable-phone.png", full_page=True)


def test_keyboard_reaches_the_scrollable_timetable_and_its_links(page: Page, demo):
    page.set_viewport_size({"width": 900, "height": 800})
    page.goto(f"{demo}/lpc2023/timetable/")
    region = page.get_by_role("region", name="Monday, November 13, 2023")

    region.focus()
    expect(region).to_be_focused()
    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.closest('.tt') !== null")
    assert focused


def test_timetable_has_one_title_landmarks_and_labelled_search(page: Page, demo):
    page.goto(f"{demo}/lpc2023/timetable/")

    assert page.get_by_role("heading", level=1).count() == 1
    assert page.get_by_role("main").count() == 1
    expect(page.get_by_role("search")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search the programme")).to_be_visible()
    expect(page.get_by_role("link", name="Timetable")).to_have_attribute(
        "aria-current", "page"
    )
