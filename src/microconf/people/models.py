"""People: speakers, authors, runners. Their e-mail address is never shown publicly."""

from django.conf import settings
from django.db import models


class Person(models.Model):
    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, help_text="Markdown, shown on public pages.")
    email = models.EmailField(
        blank=True, help_text="For notifications only; never shown on public pages."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name
