"""The address absolute links name: in exports, feeds and mails.

``MICROCONF_BASE_URL``, when set, is the one public address and always wins (a
site behind a proxy that rewrites the host). Otherwise a link names the host the
request came to, as Django reads it: ``request.get_host()`` (checked against
``ALLOWED_HOSTS``, ``X-Forwarded-Host`` only with ``USE_X_FORWARDED_HOST``) and
``request.scheme`` (https behind a proxy through ``SECURE_PROXY_SSL_HEADER``).
Outside a request (a command, the worker) it is ``settings.BASE_URL``: the
address ``microconf demo`` / ``serve --bind`` serves on, else the default.

Mails are written deep inside services that know no request, so the
middleware below makes the request's address the current one while it runs,
the way Django's ``LocaleMiddleware`` makes its language the active one.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_current: ContextVar[str] = ContextVar("microconf_base_url", default="")


def request_base_url(request: HttpRequest) -> str:
    """The address links in the answer to ``request`` name, without a final /."""
    if settings.BASE_URL_FIXED:
        return settings.BASE_URL
    return f"{request.scheme}://{request.get_host()}"


def base_url() -> str:
    """The address links written now name: the current request's, else the default."""
    if settings.BASE_URL_FIXED:
        return settings.BASE_URL
    return _current.get() or settings.BASE_URL


@contextmanager
def using(base: str) -> Iterator[None]:
    """Write links naming ``base`` inside the block (a task queued by a request)."""
    token = _current.set(base.rstrip("/"))
    try:
        yield
    finally:
        _current.reset(token)


class BaseUrlMiddleware:
    """Make the request's address the one links name while it is answered.

    After ``CommonMiddleware``, which has already refused a host that
    ``ALLOWED_HOSTS`` does not list.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with using(request_base_url(request)):
            return self.get_response(request)
