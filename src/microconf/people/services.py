"""Writes about people: team memberships and API tokens."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from microconf.audit.services import record
from microconf.people.models import APIToken, Person, TeamMembership


def person_for(user: object) -> Person:
    """The user's own person record, made from the account when missing."""
    person = getattr(user, "person", None)
    if person is None:
        person, _ = Person.objects.get_or_create(
            user=user,
            defaults={"name": user.get_full_name() or user.email, "email": user.email},
        )
    return person


@transaction.atomic
def add_member(
    conference: object, email: str, role: str, track: object | None, *, by: User
) -> TeamMembership:
    """Give a signed-up user a role in the conference's team (organisers only)."""
    if not by.has_perm("conference.manage_team", conference):
        raise PermissionDenied("Only organisers manage the team.")
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError(
            {"email": f"Nobody has signed up with {email}. Ask them to sign up first."}
        )
    if role == TeamMembership.Role.REVIEWER and track is None:
        raise ValidationError({"track": "Choose the track this reviewer reviews."})
    if role != TeamMembership.Role.REVIEWER:
        track = None
    try:
        with transaction.atomic():
            membership = TeamMembership.objects.create(
                conference=conference, user=user, role=role, track=track
            )
    except IntegrityError:
        raise ValidationError(
            {"email": f"{email} already has this role."}, code="duplicate"
        ) from None
    record(
        "team-add", by=by, conference=conference,
        data={"email": user.email, "role": role, "track": getattr(track, "slug", None)},
    )  # fmt: skip
    return membership


@transaction.atomic
def remove_member(membership: TeamMembership, *, by: User) -> None:
    conference = membership.conference
    if not by.has_perm("conference.manage_team", conference):
        raise PermissionDenied("Only organisers manage the team.")
    if (
        membership.role == TeamMembership.Role.ORGANISER
        and TeamMembership.objects.filter(
            conference=conference, role=TeamMembership.Role.ORGANISER
        ).count()
        == 1
    ):
        raise ValidationError("The last organiser cannot be removed.")
    record(
        "team-remove", by=by, conference=conference,
        data={"email": membership.user.email, "role": membership.role},
    )  # fmt: skip
    membership.delete()


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenExpired(Exception):
    """The bearer token was real but its lifetime is over."""


def create_api_token(
    user: User, name: str, *, lifetime: dt.timedelta | None = None
) -> tuple[APIToken, str]:
    """Make a token that works for ``lifetime`` (``API_TOKEN_LIFETIME_DAYS``).

    The secret is returned once and never stored.
    """
    name = name.strip()[:100] or "API token"
    lifetime = lifetime or dt.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)
    secret = f"mc_{secrets.token_urlsafe(32)}"
    token = APIToken.objects.create(
        user=user,
        name=name,
        digest=token_digest(secret),
        expires=timezone.now() + lifetime,
    )
    return token, secret


def user_for_token(secret: str) -> User | None:
    """The active user a token acts as, None for an unknown token.

    Raises ``TokenExpired`` for a token past its lifetime, so the caller can say so.
    """
    token = (
        APIToken.objects.select_related("user")
        .filter(digest=token_digest(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.expires is not None and token.expires <= now:
        raise TokenExpired(
            f"This API token expired on {token.expires:%Y-%m-%d %H:%M} UTC; "
            "make a new one on your page (/me/)."
        )
    APIToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user
