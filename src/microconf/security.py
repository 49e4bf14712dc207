"""Request and response hardening that Django 5.2 does not ship (docs/security.md).

- The Content-Security-Policy every response carries: pages load scripts and styles
  from microconf's own static files only, so no inline ``<script>``, event-handler
  or ``style`` attribute runs, and injected markup that slipped past escaping
  cannot execute.
- A refusal of NUL characters in posted forms.
- The name and the address django-axes counts failed log-ins by.
"""

from collections.abc import Callable, Mapping

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


def policy_header(policy: Mapping[str, list[str]]) -> str:
    """Write a policy as its header value: ``directive source …; …``."""
    return "; ".join(
        " ".join([directive, *sources]) for directive, sources in policy.items()
    )


class ContentSecurityPolicyMiddleware:
    """Add ``settings.CONTENT_SECURITY_POLICY`` to responses that have none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = policy_header(settings.CONTENT_SECURITY_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A view that set a stricter policy of its own (materials downloads are
        # sandboxed) keeps it.
        response.headers.setdefault("Content-Security-Policy", self.header)
        return response


class RefuseNulMiddleware:
    """Answer 400 to a form whose values hold a NUL character.

    No text in microconf may hold one: PostgreSQL refuses it (a 500 in views that
    read a field without a form), SQLite would keep it and the XML exports then
    fail. Forms already refuse it field by field; this covers every view at once.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *_: object) -> HttpResponse | None:
        # A view hook, so the CSRF check (earlier in MIDDLEWARE) answers first.
        if request.method == "POST" and _holds_nul(request):
            return HttpResponseBadRequest(
                "Text cannot contain NUL characters.", content_type="text/plain"
            )
        return None


def _holds_nul(request: HttpRequest) -> bool:
    return any("\x00" in v for _, values in request.POST.lists() for v in values)


def login_attempt_username(
    request: HttpRequest, credentials: dict | None
) -> str | None:
    """The address a log-in attempt names, for django-axes to count failures by.

    allauth authenticates with ``email=``, not the form's ``login`` field, so axes
    would otherwise see no name and lock out everyone behind one address (a whole
    conference venue) instead of one account from that address. Lower-cased, so
    changing the case of an address does not buy more guesses.
    """
    for source in (credentials or {}, request.POST):
        for key in ("login", "email", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return None


def client_ip(request: HttpRequest) -> str:
    """The client's address, as allauth's limits and the API's throttles take it.

    The connection's address, or behind ``TRUSTED_PROXY_COUNT`` proxies the one the
    farthest trusted proxy appended to X-Forwarded-For: what a client writes in that
    header itself comes before and is never believed (django-axes would otherwise
    take the header's first address, which anyone can set).
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return addresses[-min(count, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")
