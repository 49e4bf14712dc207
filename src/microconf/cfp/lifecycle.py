"""The states a contribution passes through.

The transitions between them, who may make each and the audit of every change
belong here too; they arrive with the call for proposals.
"""

from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WAITLISTED = "waitlisted", "Waitlisted"
    CONFIRMED = "confirmed", "Confirmed"
    WITHDRAWN = "withdrawn", "Withdrawn"


# What the public programme may show: decided in favour, and not withdrawn.
PUBLIC_STATES = frozenset({State.ACCEPTED, State.CONFIRMED})
