"""``microconf schedule solve SLUG``: solve a conference's draft from the console."""

import json
import math
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from microconf.conference.models import Conference
from microconf.scheduling import solve_runs
from microconf.scheduling.models import SolveRun
from microconf.scheduling.solver.model import Progress

PROG = "microconf schedule solve"


class _Bar:
    """Elapsed time against the limit, with the incumbent and the bound, on stderr."""

    def __init__(self, time_limit: float) -> None:
        self.time_limit = time_limit

    def __call__(self, update: Progress) -> None:
        done = min(1.0, update.elapsed / self.time_limit) if self.time_limit else 1.0
        filled = int(done * 30)
        conflicts = (
            "-" if update.attendee_conflicts is None else update.attendee_conflicts
        )
        gap = ""
        if update.incumbent:
            gap = f" gap {max(0.0, 1 - update.bound / update.incumbent):.0%}"
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {update.elapsed:5.1f}s  "
            f"conflicts {conflicts}  objective {update.incumbent}  "
            f"bound {update.bound}{gap}   "
        )
        sys.stderr.flush()


class Command(BaseCommand):
    help = (
        "Solves a conference's schedule into its draft (organisers review it on the "
        "schedule board, then release it). The run is recorded like one started on "
        "the board, and refused while another runs for the conference."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: object):
        # Reached as ``microconf schedule solve``: usage and errors say so.
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.prog = PROG
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("conference", help="The conference's address (slug).")
        parser.add_argument("--time-limit", type=float, default=60.0, help="Seconds.")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--json", action="store_true", help="Print the figures as one JSON line."
        )
        parser.add_argument(
            "--afresh",
            action="store_true",
            help="Ignore the latest release (by default moving away from it costs).",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            conference = Conference.objects.get(slug=options["conference"])
        except Conference.DoesNotExist:
            raise CommandError(
                f"There is no conference at “{options['conference']}”."
            ) from None
        if options["time_limit"] <= 0:
            raise CommandError("The time limit must be a positive number of seconds.")
        show = not options["json"] and sys.stderr.isatty()
        try:
            run = solve_runs.open_run(
                conference,
                by=None,
                time_limit=math.ceil(options["time_limit"]),
                keep_release=not options["afresh"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        state = solve_runs.run(
            run.pk,
            seed=options["seed"],
            progress=_Bar(run.time_limit) if show else None,
        )
        run.refresh_from_db()
        figures = run.result
        if show:
            sys.stderr.write("\n")
        if options["json"]:
            self.stdout.write(json.dumps(figures))
        else:
            for line in figures["explanation"]:
                self.stdout.write(line)
            if state == SolveRun.State.FINISHED:
                self.stdout.write(
                    f"{figures['status']}: {figures['sessions']} sessions, "
                    f"{figures['attendee_conflicts']} attendee conflicts, overflow "
                    f"{figures['overflow']}, moved from the release "
                    f"{figures['moves']}; bound {figures['bound']}, gap "
                    f"{figures['gap']:.1%}. The draft is written; release it from "
                    "the schedule board."
                )
        if state != SolveRun.State.FINISHED:
            reason = figures.get("error") or " ".join(figures["explanation"])
            raise CommandError(f"No schedule was written ({state}): {reason}")
