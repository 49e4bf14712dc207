"""Every export makes as many queries for the demo as at 300 sessions, on a
cache miss, and one on a hit (the programme version); so does the PDF, which
the worker renders once per release (its address serves the stored file)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from microconf.conference.models import Conference
from microconf.demo.builder import build_demo
from microconf.demo.scale import scale_demo
from microconf.programme.caching import page_cache
from microconf.programme.printing import render_pdf

pytestmark = pytest.mark.django_db

CACHED = {
    "xml": "/lpc2023/schedule.xml",
    "json": "/lpc2023/schedule.json",
    "ics": "/lpc2023/schedule.ics",
    "csv": "/lpc2023/schedule.csv",
    "track ics": "/lpc2023/tracks/rust/schedule.ics",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    page_cache.clear()
    yield
    page_cache.clear()


def _counts(client) -> dict[str, tuple[int, ...]]:
    counts = {}
    for name, url in CACHED.items():
        page_cache.clear()
        runs = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            runs.append(len(queries))
        counts[name] = tuple(runs)
    conference = Conference.objects.get(slug="lpc2023")
    with CaptureQueriesContext(connection) as queries:
        pdf = render_pdf(conference)
    assert pdf.startswith(b"%PDF")
    counts["pdf"] = (len(queries),)
    return counts


def test_exports_make_as_many_queries_at_300_sessions_as_in_the_demo(client):
    build_demo()
    demo = _counts(client)

    scale_demo(target=300)
    scaled = _counts(client)

    assert scaled == demo
    assert all(runs[1] == 1 for name, runs in demo.items() if name != "pdf")
    assert demo["xml"][0] <= 5
