"""The site-wide audit log: who did what, to which conference or contribution, when."""

from django.db import models


class AuditEntry(models.Model):
    """One recorded act: who did what to which contribution, when, and why."""

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="audit_entries"
    )
    contribution = models.ForeignKey(
        "cfp.Contribution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    actor = models.ForeignKey(
        "auth.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=50)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cfp_auditentry"  # the table it had when it lived in cfp
        ordering = ["created", "id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} by {self.actor}"
