from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from microconf.operations import backup


class Command(BaseCommand):
    help = (
        "Load an archive written by `microconf backup` into an empty, migrated "
        "database and media storage: checked first, then all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The archive to read.")

    def handle(self, *args: object, file: Path, **options: object) -> None:
        try:
            manifest = backup.restore(file)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["counts"].values())
        files = len(manifest["members"]) - 1
        self.stdout.write(
            f"Restored {rows} rows and {files} uploaded file(s) from {file} "
            f"(written {manifest['created']})."
        )
        if manifest["requeued_builds"]:
            self.stdout.write(
                f"{manifest['requeued_builds']} release build(s) were queued or under "
                "way when the backup was taken: queued again for the worker."
            )
