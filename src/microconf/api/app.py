"""The REST API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json.

Public routes need nothing; team routes take a bearer token (made on "Your page")
or the browser's session, and ask the same permissions as the pages do.

Team routes answer 429 past ``API_RATE_PER_USER`` requests of one user, and every
token from an address waits once ``API_RATE_REFUSED_TOKENS`` were refused from it;
both count in the cache all app processes share (docs/deploy.md).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer, django_auth
from ninja.throttling import SimpleRateThrottle, UserRateThrottle

from microconf.cfp.lifecycle import TransitionNotAllowed
from microconf.people.services import TokenExpired, user_for_token
from microconf.refusals import api_answer


class RefusedTokens(SimpleRateThrottle):
    """Refused tokens per address, in the shared cache: guessing one gets nowhere."""

    scope = "refused-token"

    def __init__(self) -> None:
        super().__init__(settings.API_RATE_REFUSED_TOKENS)

    def get_cache_key(self, request: HttpRequest) -> str:
        ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def check(self, request: HttpRequest) -> None:
        """Raise ``Throttled`` if the address is past its refusals, else go on."""
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [
            t for t in self.cache.get(self.key, []) if t > self.now - self.duration
        ]
        if len(self.history) >= self.num_requests:
            raise Throttled(wait=int(self.duration - (self.now - self.history[-1])) + 1)

    def record(self, request: HttpRequest) -> None:
        self.check(request)
        self.throttle_success()


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> object | None:
        refused = RefusedTokens()  # one per request: it holds the request's count
        refused.check(request)
        try:
            user = user_for_token(token)
        except TokenExpired:
            refused.record(request)
            raise
        if user is None:
            refused.record(request)
        else:
            request.user = user
        return user


api = NinjaAPI(
    title="microconf",
    version="1",
    description=__doc__,
    urls_namespace="api",
)
team_auth = [TokenAuth(), django_auth]


class PerUser(UserRateThrottle):
    """Team requests per user (or token's user), one count across the team routes."""

    def __init__(self) -> None:
        super().__init__(settings.API_RATE_PER_USER)

    def allow_request(self, request: HttpRequest) -> bool:
        # The setting as it is now, not as it was when the routes were declared.
        self.num_requests, self.duration = self.parse_rate(settings.API_RATE_PER_USER)
        return super().allow_request(request)


def team_throttle() -> list[SimpleRateThrottle]:
    # An instance per route, since a throttle keeps the request it checks on itself.
    return [PerUser()]


def _message(request: HttpRequest, text: str, status: int) -> HttpResponse:
    return api.create_response(request, {"message": text}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return _message(request, str(error) or "Not found.", 404)


def _refused(request: HttpRequest, error: Exception) -> HttpResponse:
    status, body = api_answer(error)
    return api.create_response(request, body, status=status)


# A service's refusal answers as on the pages: its sentences, never a 500.
api.exception_handler(PermissionDenied)(_refused)
api.exception_handler(TransitionNotAllowed)(_refused)
api.exception_handler(DjangoValidationError)(_refused)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    response = _message(
        request, "Send a token (Authorization: Bearer …) or sign in first.", 401
    )
    # RFC 6750: every 401 names the scheme; a token that was sent is also invalid.
    sent = request.headers.get("Authorization", "").lower().startswith("bearer ")
    response["WWW-Authenticate"] = (
        'Bearer error="invalid_token"' if sent else 'Bearer realm="microconf"'
    )
    return response


@api.exception_handler(TokenExpired)
def token_expired(request: HttpRequest, error: TokenExpired) -> HttpResponse:
    response = _message(request, str(error), 401)
    response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    text = "Too many requests."
    if error.wait:
        text += f" Wait {error.wait} seconds before the next one."
    response = _message(request, text, 429)
    if error.wait:
        response["Retry-After"] = str(error.wait)
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # Raised inside django-ninja, e.g. a session request without its CSRF token.
    text = str(error)
    if "CSRF" in text:
        text = "The CSRF token is missing or wrong: send X-CSRFToken, or use a token."
    return _message(request, text, error.status_code)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    first = error.errors[0] if error.errors else {}
    where = ".".join(str(part) for part in first.get("loc", []))
    text = f"{where}: {first.get('msg', 'invalid')}" if where else "Invalid request."
    return api.create_response(
        request, {"message": text, "errors": error.errors}, status=422
    )


from microconf.api import routes  # noqa: E402, F401 - routes register on api
