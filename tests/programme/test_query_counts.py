"""Public pages make as many queries for the demo as at 300 sessions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from microconf.cfp.models import Contribution
from microconf.demo.builder import build_demo
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
    urls = PAGES | {"speaker": f"/lpc2023/speakers/{speaker}/"}
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
