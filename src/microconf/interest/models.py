"""Attendee interest: stars, a private agenda feed, interest imported from a file.

The scheduler reads all three kinds as interest; the public programme writes stars
and feeds. The tables keep the names they had in the apps they came from.
"""

import secrets

from django.conf import settings
from django.db import models


class Star(models.Model):
    """A session a logged-in user has put on their agenda."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stars"
    )
    contribution = models.ForeignKey(
        "cfp.Contribution", on_delete=models.CASCADE, related_name="stars"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "programme_star"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "contribution"], name="star_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.contribution}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class AgendaFeed(models.Model):
    """The unguessable address of one user's calendar feed for one conference."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_feeds"
    )
    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="agenda_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "programme_agendafeed"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "conference"], name="agenda_feed_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Agenda feed of {self.user} for {self.conference}"


class Interest(models.Model):
    """An attendee's interest in a session, imported (e.g. a registration survey).

    Stars on the public programme count as interest too; ``attendee`` is an e-mail
    address or a registration number, and an address that belongs to an account is
    the same attendee as that account's stars.
    """

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="interests"
    )
    attendee = models.CharField(max_length=254)
    contribution = models.ForeignKey(
        "cfp.Contribution", on_delete=models.CASCADE, related_name="interests"
    )

    class Meta:
        db_table = "scheduling_interest"
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "contribution"], name="interest_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attendee} → {self.contribution_id}"
