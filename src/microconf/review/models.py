"""Reviews: criteria, scores, comments, assignments, conflicts of interest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewCriterion(models.Model):
    cfp = models.ForeignKey(
        "cfp.CallForProposals", on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(max_length=100)
    min_score = models.IntegerField(default=0)
    max_score = models.IntegerField(default=3)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["cfp", "position", "id"]
        verbose_name_plural = "review criteria"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_score__gt=models.F("min_score")),
                name="criterion_scale_not_empty",
                violation_error_message="The highest score must be above the lowest.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.min_score}–{self.max_score})"


class ReviewAssignment(models.Model):
    contribution = models.ForeignKey(
        "cfp.Contribution", on_delete=models.CASCADE, related_name="review_assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "reviewer"], name="assignment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} reviews {self.contribution}"


class Review(models.Model):
    contribution = models.ForeignKey(
        "cfp.Contribution", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    comment = models.TextField(blank=True, help_text="Seen by the committee only.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "reviewer"], name="review_once"
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.contribution} by {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        ReviewCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    value = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


class ConflictOfInterest(models.Model):
    """A reviewer who should not review a contribution, and why.

    Declared by the reviewer (confirmed at once), or found automatically when
    reviews are assigned (``review/conflicts.py``) and suggested to organisers,
    who confirm or dismiss it. Found ones are never recomputed from a profile
    later, so a reviewer's edits to their own profile change nothing they see.
    """

    class Source(models.TextChoices):
        DECLARED = "declared", _("Declared by the reviewer")
        AFFILIATION = "affiliation", _("Same affiliation")
        COAUTHORSHIP = "co-authorship", _("Co-authors")
        EMAIL_DOMAIN = "email-domain", _("Same e-mail domain")

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    contribution = models.ForeignKey(
        "cfp.Contribution", on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=20, choices=Source.choices, default=Source.DECLARED
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "conflicts of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "contribution"], name="conflict_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} conflicts with {self.contribution}"
