"""Public API lists answered like the public pages: per programme version, with
ETag and 304, from the cache; and paginated before anything is serialised."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from microconf.programme.caching import serve_cached
from microconf.programme.queries import programme_version


def cached_list(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a public route of one conference (``{slug}``) in the programme's cache.

    The answer is the same for every caller (public fields only), so it is shared
    whoever asks, signed in or not; an unknown conference goes to the route, which
    answers its own 404.
    """

    @wraps(run)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = programme_version(kwargs["slug"])
        if version is None:
            return run(request, **kwargs)
        return serve_cached(
            request, version, lambda: run(request, **kwargs), vary_cookie=False
        )

    return wrapper


# A page holds at most this many items (docs/api.md); a larger ``limit`` is
# refused with a 422 that says so, never silently cut, so a client that asks
# for 1000 learns to page instead of believing it has everything.
DEFAULT_LIMIT = 100
MAX_LIMIT = 200


class PageFirst(LimitOffsetPagination):
    """Limit/offset pages cut from the queryset, then only that page serialised.

    ``serialise`` turns one row into what the route's schema expects; the route
    returns an unevaluated queryset, so a page costs the same queries at any size.
    """

    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT,
            ge=1,
            le=MAX_LIMIT,
            description=f"Items per page, 1 to {MAX_LIMIT} (more is refused: 422).",
        )
        offset: int = Field(0, ge=0, description="Items to skip before the page.")

    def __init__(self, serialise: Callable[[Any], Any] | None = None, **kwargs):
        self.serialise = serialise
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params
    ) -> dict:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        if self.serialise is not None:
            page[self.items_attribute] = [
                self.serialise(row) for row in page[self.items_attribute]
            ]
        return page
