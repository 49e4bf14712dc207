"""Public pages rendered once per programme version, served with ETag and 304s.

The version is read from the database on every request (one query), and every
cache key contains it, so processes that share nothing never serve a stale page:
a change to the programme changes the key. The key holds the address links name
too (``microconf.links``: the request's host unless MICROCONF_BASE_URL is set),
so an answer written for one host is never served to another. Pages for
logged-in users are never cached here, since the site header may show who they are.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.http import http_date

from microconf import links
from microconf.programme.queries import ProgrammeVersion, programme_version

# Each process's own memory (settings.CACHES): no round trip to a shared store, and
# never stale, since every key holds the programme version.
page_cache = ConnectionProxy(caches, settings.PAGE_CACHE)
# A ceiling on staleness for what the version does not see (a person's bio, a
# track's description, a room's name), and on memory for one-off searches.
CACHE_SECONDS = 300
EXPORT_HEADER = "HTTP_X_MICROCONF_EXPORT"
# Headers a cached answer keeps besides its body (a download's file name).
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def is_export(request: HttpRequest) -> bool:
    return request.META.get(EXPORT_HEADER) == "1"


def cached_page_by_hour(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """``cached_page`` for a page that depends on the date: keyed by the hour too."""
    return cached_page(view, hourly=True)


def cached_page(
    view: Callable[..., HttpResponse], *, hourly: bool = False
) -> Callable[..., HttpResponse]:
    """Serve the view's page from the cache, keyed by the programme version."""

    @wraps(view)
    def wrapper(request: HttpRequest, conference_slug: str, **kwargs) -> HttpResponse:
        version = programme_version(conference_slug)
        if version is None:
            raise Http404("No such conference.")
        request.programme_version = version
        if request.user.is_authenticated:
            response = view(request, conference_slug, **kwargs)
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Cookie"])
            return response
        return serve_cached(
            request,
            version,
            lambda: view(request, conference_slug, **kwargs),
            variant="export" * is_export(request)
            # The page depends on today's date (the timetable opens on today
            # during the conference): a new key, so a new ETag, every hour.
            + (timezone.now().strftime("|%Y-%m-%dT%H") if hourly else ""),
        )

    return wrapper


def serve_cached(
    request: HttpRequest,
    version: ProgrammeVersion,
    render: Callable[[], HttpResponse],
    *,
    variant: str = "",
    vary_cookie: bool = True,
) -> HttpResponse:
    """Answer 304, or the cached response, or ``render()``'s (and cache it).

    The ETag and the cache key are the programme version, the address links
    name, the full path with its query string, the page's language and
    ``variant``; only 200 and 404 answers are kept.
    """
    language = translation.get_language() or ""
    identity = "|".join(
        [
            version.key,
            links.request_base_url(request),
            request.get_full_path(),
            language,
            variant,
        ]
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    last_modified = (
        int(version.last_modified.timestamp()) if version.last_modified else None
    )
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=last_modified
    )
    if not_modified is not None:
        return _stamp(not_modified, etag, last_modified, vary_cookie)
    key = f"programme:page:{digest}"
    cached = page_cache.get(key)
    if cached is not None:
        status, headers, content = cached
        response = HttpResponse(content, status=status, headers=headers)
    else:
        response = render()
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            # The page holds this visitor's CSRF token: never share it.
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Cookie"])
            return response
        if response.status_code in {200, 404}:
            kept = {h: response[h] for h in KEPT_HEADERS if response.has_header(h)}
            page_cache.set(
                key, (response.status_code, kept, response.content), CACHE_SECONDS
            )
    return _stamp(response, etag, last_modified, vary_cookie)


def _stamp(
    response: HttpResponse, etag: str, last_modified: int | None, vary_cookie: bool
) -> HttpResponse:
    if response.status_code in {200, 304}:
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = "public, no-cache"
    if vary_cookie:
        patch_vary_headers(response, ["Cookie"])
    return response
