"""Public pages make as many queries small as large (the demo, FOSDEM's size)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from microconf.cfp.models import Contribution
from microconf.demo.builder import build_demo
from microconf.demo.large import build_large
from microconf.demo.scale import scale_demo
from microconf.programme.caching import page_cache

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/lpc2023/",
    "timetable": "/lpc2023/timetable/2023-11-14/",
    "track": "/lpc2023/tracks/refereed/",
    "contribution": "/lpc2023/contributions/rust-mc/",
    "search": "/lpc2023/search/?q=kernel",
    "agenda": "/lpc2023/agenda/",
}


def _counts(client) -> dict[str, int]:
    speaker = Contribution.objects.get(slug="rust-mc").authorships.first().person_id
    return _counted(client, PAGES | {"speaker": f"/lpc2023/speakers/{speaker}/"})


def _counted(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        page_cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    return counts


def test_public_pages_make_as_many_queries_at_300_sessions_as_in_the_demo(client):
    build_demo()
    demo = _counts(client)

    scale_demo(target=300)
    scaled = _counts(client)

    assert scaled == demo
    assert demo["contribution"] <= 6


def _large_counts(client, rooms: int) -> tuple[int, dict[str, int]]:
    """The FOSDEM-like conference's pages with `rooms` rooms, rolled back after."""
    with transaction.atomic():
        large = build_large(rooms=rooms)
        talk = Contribution.objects.filter(conference=large).order_by("pk")[40]
        slug = large.slug
        day = large.start_date.isoformat()
        last_room = large.rooms.order_by("position", "name").last().id
        counts = _counted(
            client,
            {
                "home": f"/{slug}/",
                "timetable": f"/{slug}/timetable/{day}/",
                "timetable rooms": f"/{slug}/timetable/{day}/rooms/{last_room}/",
                "timetable all rooms": f"/{slug}/timetable/{day}/all-rooms/",
                "track": talk.track.get_absolute_url(),
                "contribution": talk.get_absolute_url(),
                "search": f"/{slug}/search/?q=rust",
                "agenda": f"/{slug}/agenda/",
                "speaker": f"/{slug}/speakers/{talk.authorships.first().person_id}/",
                "api-contributions": f"/api/v1/conferences/{slug}/contributions",
            },
        )
        size = large.contributions.count()
        transaction.set_rollback(True)
    return size, counts


def test_public_pages_make_as_many_queries_at_fosdems_size_as_small(client):
    small_size, small = _large_counts(client, rooms=4)
    large_size, large = _large_counts(client, rooms=34)

    assert small_size < 100
    assert large_size >= 800
    assert large == small
