import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Contribution
from microconf.cfp.queries import scheduled_contributions
from microconf.conference.models import Track
from microconf.demo.large import build_large
from microconf.programme.room_pages import ROOMS_PER_PAGE
from tests.factories import (
    add_author,
    make_conference,
    make_contribution,
    make_person,
    make_room,
    make_track,
)
from tests.pages import visible_text

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    start = dt.datetime(2023, 11, day, hour, tzinfo=NEW_YORK)
    return start + dt.timedelta(minutes=minute)


def _text(response) -> str:
    return visible_text(response.content)


def test_first_day_is_shown_at_the_timetable_address(client):
    conference = make_conference()
    room = make_room(conference, name="Magnolia")
    make_contribution(
        make_track(conference), title="Opening", room=room, start=_at(13, 9)
    )

    response = client.get(f"/{conference.slug}/timetable/")

    assert response.status_code == 200
    assert "Monday, November 13, 2023" in _text(response)
    assert "Opening" in _text(response)


def test_day_page_shows_rooms_as_columns_and_times_in_conference_timezone(client):
    conference = make_conference()
    big = make_room(conference, name="Ballroom", position=0)
    small = make_room(conference, name="Shenandoah", position=1)
    track = make_track(conference)
    make_contribution(track, title="Keynote", room=big, start=_at(14, 10))
    make_contribution(track, title="Side talk", room=small, start=_at(14, 10, 30))

    response = client.get(f"/{conference.slug}/timetable/2023-11-14/")

    html = response.content.decode()
    headers = re.findall(r'class="tt-room r1 c(\d+)" data-col="\d+">([^<]+)<', html)
    assert headers == [("2", "Ballroom"), ("3", "Shenandoah")]
    assert '<time datetime="2023-11-14T15:00:00Z" data-fmt="time">10:00</time>' in html
    assert '<time datetime="2023-11-14T15:30:00Z" data-fmt="time">10:30</time>' in html


def test_only_public_scheduled_contributions_are_shown(client):
    conference = make_conference()
    room = make_room(conference)
    track = make_track(conference)
    make_contribution(track, title="Accepted one", state=State.ACCEPTED, room=room,
                      start=_at(13, 10))  # fmt: skip
    make_contribution(track, title="Draft one", state=State.DRAFT, room=room,
                      start=_at(13, 11))  # fmt: skip
    make_contribution(track, title="Unscheduled one")

    text = _text(client.get(f"/{conference.slug}/timetable/"))

    assert "Accepted one" in text
    assert "Draft one" not in text
    assert "Unscheduled one" not in text


def test_gap_with_every_room_free_is_shown_as_a_break(client):
    conference = make_conference()
    track = make_track(conference)
    a, b = make_room(conference), make_room(conference)
    make_contribution(track, room=a, start=_at(13, 10), duration=60)
    make_contribution(track, room=b, start=_at(13, 10), duration=90)
    make_contribution(track, room=a, start=_at(13, 13), duration=60)

    text = _text(client.get(f"/{conference.slug}/timetable/"))

    assert "Break until\n13:00" in text
    assert text.count("Break until") == 1


def test_microconference_topics_in_a_row_form_one_block_under_its_name(client):
    conference = make_conference()
    room = make_room(conference)
    mc = make_track(conference, name="Rust MC", kind=Track.Kind.MICROCONFERENCE)
    for n, title in enumerate(["Pinning", "Klint", "Binder"]):
        make_contribution(mc, title=title, kind=Contribution.Kind.TOPIC, room=room,
                          start=_at(13, 10, 30 * n), duration=30)  # fmt: skip

    html = client.get(f"/{conference.slug}/timetable/").content.decode()

    assert html.count(" mc-block") == 1
    assert html.count('<h2 class="block-title"') == 1
    # Each topic at its own start: rows of five minutes, relative to the block.
    assert re.findall(r'class="item (r\d+ e\d+)', html) == [
        "r1 e7",
        "r7 e13",
        "r13 e19",
    ]
    text = visible_text(html)
    assert text.index("Rust MC") < text.index("Pinning") < text.index("Klint")
    assert text.index("Klint") < text.index("Binder")


def test_speakers_link_to_their_pages_and_email_never_shows(client):
    conference = make_conference()
    contribution = make_contribution(
        make_track(conference), room=make_room(conference), start=_at(13, 10)
    )
    person = make_person(name="Wren Example", email="wren@example.org")
    add_author(contribution, person, is_speaker=True)

    html = client.get(f"/{conference.slug}/timetable/").content.decode()

    assert f'href="/{conference.slug}/speakers/{person.id}/">Wren Example</a>' in html
    assert "wren@example.org" not in html


def test_every_session_has_a_star_button_that_scripts_reveal(client):
    conference = make_conference()
    contribution = make_contribution(
        make_track(conference), room=make_room(conference), start=_at(13, 10)
    )

    html = client.get(f"/{conference.slug}/timetable/").content.decode()

    assert f'data-star="{contribution.slug}" aria-pressed="false" hidden' in html


@pytest.mark.parametrize("day", ["2023-11-12", "2023-11-16", "not-a-date"])
def test_day_outside_the_conference_is_not_found(client, day):
    conference = make_conference()

    assert client.get(f"/{conference.slug}/timetable/{day}/").status_code == 404


def test_day_with_nothing_scheduled_says_so(client):
    conference = make_conference()

    text = _text(client.get(f"/{conference.slug}/timetable/2023-11-15/"))

    assert "Nothing is scheduled on this day yet." in text


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_a_small_and_a_large_day(client):
    conference = make_conference()
    url = f"/{conference.slug}/timetable/"
    track = make_track(conference)
    rooms = [make_room(conference) for _ in range(4)]
    make_contribution(track, room=rooms[0], start=_at(13, 10))
    small = _count_queries(client, url)

    mc = make_track(conference, kind=Track.Kind.MICROCONFERENCE)
    for n in range(24):
        contribution = make_contribution(
            mc if n % 2 else track, kind=Contribution.Kind.TOPIC,
            room=rooms[n % 4], start=_at(13, 11 + n // 4), duration=60,
        )  # fmt: skip
        add_author(contribution, make_person())

    assert _count_queries(client, url) == small == 5


def _room_columns(html: str) -> list[str]:
    return re.findall(r'class="tt-room r1 c\d+" data-col="\d+">([^<]+)<', html)


def test_a_day_of_many_rooms_comes_in_bounded_pages_that_hold_every_session(client):
    """The large conference's day: no page but the every-room one has all 34 rooms."""
    large = build_large()
    rooms = list(large.rooms.all())
    day = large.start_date
    tz = large.tz
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    scheduled = {
        c.slug
        for c in scheduled_contributions(large.slug, start, start + dt.timedelta(1))
    }
    assert len(rooms) >= 30
    assert len(scheduled) >= 400

    first = client.get(f"/{large.slug}/timetable/{day.isoformat()}/")
    html = first.content.decode()
    assert _room_columns(html) == [r.name for r in rooms[:ROOMS_PER_PAGE]]
    # The pager links every page of rooms; following them reaches every session once.
    pages = re.findall(r'<li><a href="([^"]+)"[^>]*><strong>Rooms \d+', html)
    assert len(pages) == -(-len(rooms) // ROOMS_PER_PAGE)
    seen: list[str] = []
    for url in pages:
        page = client.get(url).content.decode()
        assert len(_room_columns(page)) <= ROOMS_PER_PAGE
        assert (
            len(page.encode())
            < len(
                client.get(
                    f"/{large.slug}/timetable/{day.isoformat()}/all-rooms/"
                ).content
            )
            / 2
        )
        seen += re.findall(r'class="item [^"]*"[^>]* data-slug="([^"]+)"', page)
    assert sorted(seen) == sorted(scheduled)
    # The every-room page is the whole grid, as the day page was before.
    every = client.get(f"/{large.slug}/timetable/{day.isoformat()}/all-rooms/")
    assert _room_columns(every.content.decode()) == [r.name for r in rooms]


def test_a_rooms_address_shows_the_page_holding_it_and_other_days_keep_it(client):
    large = build_large()
    rooms = list(large.rooms.all())
    room = rooms[ROOMS_PER_PAGE + 3]
    day, other = large.start_date.isoformat(), large.end_date.isoformat()

    html = client.get(
        f"/{large.slug}/timetable/{day}/rooms/{room.id}/"
    ).content.decode()

    columns = _room_columns(html)
    assert room.name in columns
    assert columns[0] == rooms[ROOMS_PER_PAGE].name
    first_id = rooms[ROOMS_PER_PAGE].id
    assert f'href="/{large.slug}/timetable/{other}/rooms/{first_id}/"' in html
    assert 'rel="prev"' in html
    assert 'rel="next"' in html
    assert f"Rooms {ROOMS_PER_PAGE + 1}–{2 * ROOMS_PER_PAGE} of {len(rooms)}" in html


def test_a_room_of_another_conference_or_none_is_not_found(client):
    large = build_large()
    elsewhere = make_room(make_conference(slug="other"), name="Elsewhere")
    day = large.start_date.isoformat()

    response = client.get(f"/{large.slug}/timetable/{day}/rooms/{elsewhere.id}/")

    assert response.status_code == 404
    assert client.get(f"/{large.slug}/timetable/{day}/rooms/999999/").status_code == 404


def test_a_conference_with_few_rooms_has_no_room_pages(client):
    conference = make_conference()
    room = make_room(conference, name="Magnolia")
    make_contribution(make_track(conference), title="Opening", room=room,
                      start=_at(13, 9))  # fmt: skip

    html = client.get(f"/{conference.slug}/timetable/2023-11-13/").content.decode()

    assert "room-pages" not in html
    assert _room_columns(html) == ["Magnolia"]
