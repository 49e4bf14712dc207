"""The programme as an installable web app that reads offline.

A web app manifest, the service worker (``static/microconf/service-worker.js``,
served from the conference's address so its scope is the conference's public
pages) and the list of addresses it keeps, with the programme version it was
made for: when the version changes, the worker fetches them all again.
"""

import json

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from microconf.conference.models import Conference
from microconf.programme.caching import CACHE_SECONDS, page_cache
from microconf.programme.export import page_addresses
from microconf.programme.queries import programme_version

WORKER = "microconf/service-worker.js"
# What the pages need besides themselves.
ASSETS = [
    "microconf/site.css",
    "microconf/timetable-grid.css",
    "microconf/programme.js",
    "microconf/favicon.ico",
    "microconf/icon-192.png",
]


@require_safe
def manifest(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = get_object_or_404(Conference, slug=conference_slug)
    home = reverse("programme:conference", args=[conference.slug])
    body = {
        "name": conference.name,
        "short_name": conference.name[:12],
        "start_url": reverse("programme:timetable-first", args=[conference.slug]),
        "scope": home,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1b1f24",
        "icons": [
            {
                "src": static(f"microconf/icon-{n}.png"),
                "sizes": f"{n}x{n}",
                "type": "image/png",
            }
            for n in (192, 512)
        ],
    }
    response = HttpResponse(json.dumps(body), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def service_worker(request: HttpRequest, conference_slug: str) -> HttpResponse:
    """The worker's static file, served here so it may control the conference."""
    get_object_or_404(Conference, slug=conference_slug)
    with open(finders.find(WORKER), encoding="utf-8") as source:
        response = HttpResponse(source.read(), content_type="text/javascript")
    # Browsers check a worker for updates themselves; never let a cache pin it.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def offline_pages(request: HttpRequest, conference_slug: str) -> JsonResponse:
    """The public addresses the worker keeps, and the version they are of."""
    conference = get_object_or_404(Conference, slug=conference_slug)
    version = programme_version(conference_slug)
    key = f"programme:offline:{version.key}"
    pages = page_cache.get(key)
    if pages is None:
        pages = [
            a for a in page_addresses(conference) if a.endswith("/")
        ]  # pages, not the downloads
        page_cache.set(key, pages, CACHE_SECONDS)
    response = JsonResponse(
        {
            "version": version.key,
            "pages": pages,
            "assets": [static(name) for name in ASSETS],
        }
    )
    response["Cache-Control"] = "no-cache"
    return response
