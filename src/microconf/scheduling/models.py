"""Releases, the draft schedule, the scheduling grid, interest and solver runs."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """The schedule as published at one moment; never changed once written.

    ``slots`` maps a contribution's id (as text) to its title, room id and name,
    start (ISO 8601, UTC) and duration, as they were when it was released.
    """

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="releases"
    )
    number = models.PositiveIntegerField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    slots = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conference", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"], name="release_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conference} release {self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("A release is immutable; make a new one instead.")
        super().save(*args, **kwargs)


def _default_breaks() -> list[dict[str, str]]:
    return [{"start": "12:30", "end": "13:30", "label": "Lunch"}]


class SchedulingGrid(models.Model):
    """When sessions may run each day, the slot they start on, and the weights.

    Times are wall-clock times in the conference's timezone; breaks apply to every
    day and no session crosses one.
    """

    conference = models.OneToOneField(
        "conference.Conference", on_delete=models.CASCADE, related_name="grid"
    )
    day_start = models.TimeField(default=dt.time(9, 0))
    day_end = models.TimeField(default=dt.time(18, 0))
    slot_minutes = models.PositiveSmallIntegerField(default=15)
    breaks = models.JSONField(
        default=_default_breaks,
        blank=True,
        help_text='e.g. [{"start": "12:30", "end": "13:30", "label": "Lunch"}]',
    )
    overflow_weight = models.PositiveIntegerField(
        default=1, help_text="Cost of one attendee more than a room seats."
    )
    move_weight = models.PositiveIntegerField(
        default=50, help_text="Cost of moving a session away from the last release."
    )
    track_rooms_weight = models.PositiveIntegerField(
        default=10, help_text="Cost of each extra room a track is spread over."
    )

    def __str__(self) -> str:
        return f"{self.conference} grid"


class DraftSlot(models.Model):
    """Where the draft schedule puts one contribution; public only once released."""

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="draft_slots"
    )
    contribution = models.OneToOneField(
        "cfp.Contribution", on_delete=models.CASCADE, related_name="draft_slot"
    )
    room = models.ForeignKey(
        "conference.Room", on_delete=models.CASCADE, related_name="draft_slots"
    )
    start = models.DateTimeField(help_text="Stored in UTC.")
    pinned = models.BooleanField(
        default=False, help_text="The solver leaves a pinned session where it is."
    )

    def __str__(self) -> str:
        return f"{self.contribution_id} @ {self.room_id} {self.start:%Y-%m-%d %H:%M}"


class SolveRun(models.Model):
    """One run of the solver over a conference's draft, with its progress."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Solving")
        FINISHED = "finished", _("Finished")
        INFEASIBLE = "infeasible", _("Infeasible — nothing written")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Finished; its draft was discarded since")

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="solve_runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    time_limit = models.PositiveIntegerField(help_text="Seconds.")
    keep_release = models.BooleanField(
        default=True,
        help_text="Moving away from the latest release costs (minimal change).",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["conference", "-created"]

    def __str__(self) -> str:
        return f"{self.conference} solve {self.pk} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def is_done(self) -> bool:
        return not self.is_active


# A run in these states owns the draft: it will overwrite it when it ends.
ACTIVE_STATES = (SolveRun.State.QUEUED, SolveRun.State.RUNNING)


class Availability(models.Model):
    """One stretch of one day when a session may run; none at all means any time.

    A microconference's block is named by its track, anything else by the
    contribution itself.
    """

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, related_name="availability"
    )
    track = models.ForeignKey(
        "conference.Track", null=True, blank=True, on_delete=models.CASCADE
    )
    contribution = models.ForeignKey(
        "cfp.Contribution", null=True, blank=True, on_delete=models.CASCADE
    )
    day = models.DateField()
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["conference", "day", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(track__isnull=True)
                ^ models.Q(contribution__isnull=True),
                name="availability_names_one_session",
            ),
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")),
                name="availability_starts_before_it_ends",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.start:%H:%M}-{self.end:%H:%M}"


def _built_file_name(built: "BuiltFile", filename: str) -> str:
    # Keyed by conference and release number: a stored file never changes meaning.
    release = built.build.release
    return f"programme/{release.conference_id}/release-{release.number}/{built.name}"


class ProgrammeBuild(models.Model):
    """The printable programme and the static export of one release, made by the worker.

    Public addresses serve the stored files; nothing is rendered in a request.
    ``attempt`` counts rebuilds, so a task queued for an earlier attempt does nothing.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        BUILDING = "building", _("Building")
        DONE = "done", _("Built")
        FAILED = "failed", _("Failed")
        SUPERSEDED = "superseded", _("Not built: a newer release came first")

    release = models.OneToOneField(
        Release, on_delete=models.CASCADE, related_name="build"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    attempt = models.PositiveIntegerField(default=1)
    message = models.TextField(blank=True)
    progress = models.JSONField(default=dict, blank=True)
    queued = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-release__number"]

    def __str__(self) -> str:
        return f"{self.release} build ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.BUILDING)


class BuiltFile(models.Model):
    """One stored file of a build: the programme PDF, a track's PDF, the site's zip."""

    build = models.ForeignKey(
        ProgrammeBuild, on_delete=models.CASCADE, related_name="files"
    )
    name = models.CharField(
        max_length=200, help_text="programme.pdf, tracks/SLUG.pdf or site.zip"
    )
    file = models.FileField(upload_to=_built_file_name, max_length=300)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["build", "name"], name="built_file_once")
        ]

    def __str__(self) -> str:
        return f"{self.build.release} {self.name}"
