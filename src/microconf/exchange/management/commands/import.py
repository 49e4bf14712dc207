import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microconf.exchange.imports import ImportRefused, import_conference
from microconf.interchange import (
    MAX_IMPORT_BYTES,
    ImportOptions,
    InterchangeError,
    detect_and_import,
)

# The limit is set in MiB, so it is told in MiB.
MIB = 1024 * 1024


class _Bar:
    """A progress bar on the terminal's error stream, drawn only on a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total <= 0:
            return
        percent = done * 100 // total
        if percent != self.shown:
            self.shown = percent
            filled = percent * 30 // 100
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                             f"{percent:3d}% ({done}/{total})")  # fmt: skip
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()


class Command(BaseCommand):
    help = (
        "Imports a schedule (frab/c3voc XML or JSON, pretalx, Indico export JSON, "
        "iCalendar) as a new conference, all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--conference", default="", help="Address (slug) of the new conference."
        )
        parser.add_argument(
            "--timezone",
            default="",
            help="IANA zone to read the schedule in (else its own, or inferred "
            "from its offsets).",
        )
        parser.add_argument(
            "--default-duration",
            type=int,
            default=30,
            help="Minutes of an event whose file gives neither duration nor end.",
        )
        parser.add_argument(
            "--ics-speakers",
            action="store_true",
            help="iCalendar: take speakers from ORGANIZER/ATTENDEE and from "
            "'Title - Speaker' or 'Speaker: Title' summaries (the rule is reported).",
        )

    def handle(
        self,
        *args: object,
        file: Path,
        conference: str,
        timezone: str = "",
        default_duration: int = 30,
        ics_speakers: bool = False,
        **options: object,
    ) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        size = file.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise CommandError(
                f"{file}: {size / MIB:.1f} MiB is over the limit of "
                f"{MAX_IMPORT_BYTES // MIB} MiB; nothing was imported."
            )
        try:
            imported = detect_and_import(
                file.read_bytes(),
                file.name,
                progress=_Bar(f"Reading {file.name}"),
                options=ImportOptions(
                    timezone=timezone,
                    default_duration=default_duration,
                    ics_speakers=ics_speakers,
                ),
            )
            summary = import_conference(imported, slug=conference)
        except (InterchangeError, ImportRefused) as error:
            raise CommandError(
                f"{str(error).rstrip('.')}. Nothing was imported."
            ) from None
        for line in summary.lines():
            self.stdout.write(line)
