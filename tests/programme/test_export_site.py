import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from microconf.cfp.lifecycle import State
from tests.factories import (
    add_author,
    make_conference,
    make_contribution,
    make_person,
    make_room,
    make_track,
)

pytestmark = pytest.mark.django_db

_LINK = re.compile(r'\b(?:href|src)="([^"]*)"')


@pytest.fixture
def exported(tmp_path) -> Path:
    conference = make_conference(slug="tiny", end_date=dt.date(2023, 11, 14))
    room = make_room(conference, name="Main")
    track = make_track(conference, name="Tiny Track", slug="tiny-track")
    talk = make_contribution(
        track, title="Scheduled talk", slug="scheduled-talk", room=room,
        start=dt.datetime(2023, 11, 13, 15, tzinfo=dt.UTC),
    )  # fmt: skip
    add_author(talk, make_person(name="Speaker One"), is_speaker=True)
    make_contribution(track, title="Unscheduled talk", slug="unscheduled-talk")
    make_contribution(track, title="Draft talk", slug="draft-talk", state=State.DRAFT)
    call_command("export_site", "tiny", str(tmp_path / "site"), stdout=None)
    return tmp_path / "site"


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_export_writes_every_public_page_and_the_assets(exported):
    files = _files(exported)

    assert {
        "index.html",
        "tiny/index.html",
        "tiny/timetable/index.html",
        "tiny/timetable/2023-11-13/index.html",
        "tiny/timetable/2023-11-14/index.html",
        "tiny/tracks/tiny-track/index.html",
        "tiny/contributions/scheduled-talk/index.html",
        "tiny/contributions/unscheduled-talk/index.html",
        "tiny/agenda/index.html",
        "static/microconf/site.css",
        "static/microconf/programme.js",
    } <= files
    assert "tiny/contributions/draft-talk/index.html" not in files
    assert any(f.startswith("tiny/speakers/") for f in files)


def test_every_link_in_every_exported_page_resolves_to_an_exported_file(exported):
    checked = 0
    for page in exported.rglob("*.html"):
        for link in _LINK.findall(page.read_text()):
            if link.startswith(("http://", "https://", "mailto:", "#")):
                continue
            assert not link.startswith("/"), (page, link)
            target = (page.parent / link.partition("#")[0]).resolve()
            assert target.is_file(), (page, link)
            checked += 1
    assert checked > 50


def test_exported_pages_need_no_server(exported):
    html = (exported / "tiny/timetable/index.html").read_text()

    assert 'role="search"' not in html
    assert "data-stars-url" not in html
    assert "Scheduled talk" in html


def test_unknown_conference_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no conference 'nope'"):
        call_command("export_site", "nope", str(tmp_path))
