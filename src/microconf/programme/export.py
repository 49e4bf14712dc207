"""Writes a conference's public programme as static files that work from disk.

Every page is rendered through the normal views (with a header that hides what
needs a server: search, the star endpoint), then its site-absolute links are made
relative, with directory addresses pointing at their index.html, so the result
opens with file:// or from any static host, at any path. The absolute links in
the schedule files (schedule.xml, .json, .ics) name ``base_url``: the address the
site will be served at.
"""

import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from microconf.conference.models import Conference
from microconf.conference.timezones import format_date_range
from microconf.programme import queries
from microconf.programme.room_pages import room_pages
from microconf.scheduling.timetable import conference_days

_HOST = "export.microconf.invalid"
_LINK = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>/[^"]*)"')
STATIC_ASSETS = [
    "microconf/site.css",
    "microconf/timetable-grid.css",
    "microconf/programme.js",
    "microconf/favicon.ico",
]
EXPORT_FORMATS = ["xml", "json", "ics", "csv"]


@dataclass
class ExportResult:
    pages: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    unlinked: set[str] = field(default_factory=set)  # addresses not exported


def page_addresses(conference: Conference) -> list[str]:
    """Every public address of the conference, in a stable order."""
    slug = conference.slug
    contributions = list(queries.public_contributions_for_export(slug).order_by("slug"))
    people = sorted({a.person_id for c in contributions for a in c.authorships.all()})
    days = conference_days(conference.start_date, conference.end_date)
    return [
        reverse("programme:conference", args=[slug]),
        reverse("programme:timetable-first", args=[slug]),
        *(reverse("programme:timetable", args=[slug, d.isoformat()]) for d in days),
        *_room_page_addresses(conference, days),
        reverse("programme:tracks", args=[slug]),
        reverse("programme:speakers", args=[slug]),
        *(t.get_absolute_url() for t in conference.tracks.select_related("conference")),
        *(
            reverse("programme:contribution", args=[slug, c.slug])
            for c in contributions
        ),
        *(reverse("programme:speaker", args=[slug, p]) for p in people),
        reverse("programme:agenda", args=[slug]),
        # The machine-readable files that calendar and conference apps read.
        *(reverse("exports:schedule", args=[slug, fmt]) for fmt in EXPORT_FORMATS),
        *(
            reverse("exports:track-ics", args=[slug, t.slug])
            for t in conference.tracks.all()
        ),
    ]


def _room_page_addresses(conference: Conference, days: list) -> list[str]:
    """A many-room day's other pages of rooms and its every-room page."""
    pages = room_pages(conference.rooms.all())
    if len(pages) == 1:
        return []
    slug = conference.slug
    return [
        *(
            reverse("programme:timetable-rooms", args=[slug, d.isoformat(), p.room_id])
            for d in days
            for p in pages[1:]
        ),
        *(
            reverse("programme:timetable-all-rooms", args=[slug, d.isoformat()])
            for d in days
        ),
    ]


def _file_for(address: str) -> str:
    """The file an address is written to, relative to the export's root."""
    path = address.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def _relative(link: str, from_file: str) -> str:
    return posixpath.relpath(link, posixpath.dirname(from_file) or ".")


def _rewrite(html: str, from_file: str, exported: set[str], result) -> str:
    def replace(match: re.Match) -> str:
        url = match["url"]
        path, _, fragment = url.partition("#")
        path = path.partition("?")[0]
        target = _file_for(path)
        if target not in exported:
            result.unlinked.add(path)
            return f'data-unexported-{match["attr"]}="{url}"'
        relative = _relative(target, from_file)
        return f'{match["attr"]}="{relative}{"#" + fragment if fragment else ""}"'

    return _LINK.sub(replace, html)


def _render(client: Client, address: str) -> str:
    # As if over https, so production's redirect to https does not answer instead.
    response: HttpResponse = client.get(address, secure=True)
    if response.status_code != 200:
        raise RuntimeError(f"{address} answered {response.status_code}")
    return response.content.decode()


def export_site(conference_slug: str, target: Path, base_url: str = "") -> ExportResult:
    """Write the conference's pages and assets under ``target``.

    Links in the schedule files name ``base_url``, by default MICROCONF_BASE_URL
    or the address this site is served on (``settings.BASE_URL``).
    """
    conference = Conference.objects.get(slug=conference_slug)
    result = ExportResult()
    pages: dict[str, str] = {}
    base = (base_url or settings.BASE_URL).rstrip("/")
    # The pages are rendered for a made-up host: links must not name it.
    with override_settings(ALLOWED_HOSTS=[_HOST], BASE_URL=base, BASE_URL_FIXED=True):
        client = Client(HTTP_HOST=_HOST, HTTP_X_MICROCONF_EXPORT="1")
        for address in page_addresses(conference):
            pages[_file_for(address)] = _render(client, address)
    pages["index.html"] = render_to_string(
        "programme/conference_list.html",
        {
            "conferences": [
                {
                    "conference": conference,
                    "date_range": format_date_range(
                        conference.start_date, conference.end_date
                    ),
                }
            ]
        },
    )
    static_prefix = settings.STATIC_URL.strip("/")
    assets = {f"{static_prefix}/{name}": finders.find(name) for name in STATIC_ASSETS}
    exported = set(pages) | set(assets)
    target.mkdir(parents=True, exist_ok=True)
    for name, source in assets.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / name)
        result.assets.append(name)
    for name, html in pages.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_rewrite(html, name, exported, result), encoding="utf-8")
        result.pages.append(name)
    return result
