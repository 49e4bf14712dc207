import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from microconf.cfp.lifecycle import State
from microconf.cfp.models import Authorship
from tests.factories import (
    add_author,
    add_link,
    make_conference,
    make_contribution,
    make_person,
    make_room,
    make_sponsor,
    make_track,
)
from tests.pages import visible_text

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return visible_text(response.content)


def _page(client, contribution):
    return client.get(contribution.get_absolute_url())


def test_page_shows_the_seed_sections_in_their_order(client):
    conference = make_conference(name="Linux Plumbers Conference 2023")
    track = make_track(conference, name="LPC Microconference Proposals")
    contribution = make_contribution(
        track, title="Rust MC", abstract="Rust is **safe**."
    )
    add_author(contribution, make_person(name="Wren Example", affiliation="Example Co"))
    make_sponsor(conference, "Diamond", "Aurora Silicon")
    make_sponsor(conference, "Diamond", "Northwind Cloud")
    make_sponsor(conference, "Platinum", "Kestrel Systems")

    text = _text(_page(client, contribution))

    expected_order = [
        "Linux Plumbers Conference 2023",
        "Nov 13 – 15, 2023",
        "America/New_York timezone",
        "Not scheduled",
        "LPC Microconference Proposals",
        "Rust is",
        "Primary authors",
        "Wren Example",
        "Presentation materials",
        "There are no materials yet.",
        "Diamond Sponsors",
        "Aurora Silicon",
        "Platinum Sponsor",
        "Kestrel Systems",
    ]
    positions = [text.index(item) for item in expected_order]
    assert positions == sorted(positions)


def test_scheduled_contribution_shows_day_time_and_room_in_conference_timezone(client):
    conference = make_conference()
    room = make_room(conference, name="Magnolia")
    contribution = make_contribution(
        make_track(conference),
        duration=30,
        room=room,
        start=dt.datetime(2023, 11, 14, 15, 0, tzinfo=dt.UTC),
    )

    text = _text(_page(client, contribution))

    # The slot is a <time> the viewer's timezone switch may rewrite; the room follows.
    assert "Tue, Nov 14, 2023, 10:00 – 10:30\n, Magnolia" in text


def test_materials_are_listed_when_present(client):
    contribution = make_contribution(make_track(make_conference()))
    add_link(contribution, "Slides")

    response = _page(client, contribution)

    assert "There are no materials yet." not in _text(response)
    assert f'href="https://files.example.org/{contribution.slug}/slides.pdf"' in (
        response.content.decode()
    )


def test_email_addresses_never_appear(client):
    contribution = make_contribution(make_track(make_conference()))
    add_author(contribution, make_person(email="hidden@example.org"))

    assert b"hidden@example.org" not in _page(client, contribution).content


def test_hostile_abstract_is_rendered_harmless(client):
    contribution = make_contribution(
        make_track(make_conference()),
        abstract=(
            "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
            "[click me](javascript:alert(1))"
        ),
    )

    html = _page(client, contribution).content.decode()

    assert "<script>alert" not in html
    assert "<img" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html  # shown as text


@pytest.mark.parametrize(
    "state", [State.DRAFT, State.SUBMITTED, State.REJECTED, State.WITHDRAWN]
)
def test_contribution_not_accepted_is_not_public(client, state):
    contribution = make_contribution(make_track(make_conference()), state=state)

    assert _page(client, contribution).status_code == 404


def test_unknown_contribution_gives_the_not_found_page(client):
    conference = make_conference()

    response = client.get(f"/{conference.slug}/contributions/no-such-thing/")

    assert response.status_code == 404
    assert "Page not found" in _text(response)


def test_unknown_conference_gives_the_not_found_page(client):
    response = client.get("/no-such-conference/contributions/rust-mc/")

    assert response.status_code == 404
    assert "Page not found" in _text(response)


def test_contribution_from_another_conference_is_not_found_here(client):
    contribution = make_contribution(make_track(make_conference()))
    other = make_conference()

    response = client.get(f"/{other.slug}/contributions/{contribution.slug}/")

    assert response.status_code == 404


def _query_count(client, contribution) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = _page(client, contribution)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_authors_materials_or_sponsors(client):
    conference = make_conference()
    track = make_track(conference)
    small = make_contribution(track)
    add_author(small, make_person())
    add_link(small)
    make_sponsor(conference, "Gold", "Only Sponsor")
    small_count = _query_count(client, small)

    large = make_contribution(track)
    for n in range(8):
        add_author(large, make_person(), Authorship.Role.CO_AUTHOR, is_speaker=n % 2)
        add_link(large, f"Part {n}")
    for n in range(12):
        make_sponsor(conference, f"Tier {n % 5}", f"Sponsor {n}")

    assert _query_count(client, large) == small_count


def test_contribution_page_makes_six_queries(client, django_assert_num_queries):
    conference = make_conference()
    contribution = make_contribution(make_track(conference))
    add_author(contribution, make_person())
    add_link(contribution)
    make_sponsor(conference, "Gold", "Sponsor")

    # programme version; contribution with track, room and conference; authors;
    # materials; tiers; sponsors
    with django_assert_num_queries(6):
        _page(client, contribution)
