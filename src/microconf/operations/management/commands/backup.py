from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from microconf.operations import backup


class Command(BaseCommand):
    help = (
        "Write the whole site (every conference's data and uploaded files) into one "
        "archive, consistently, while the server keeps running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The archive to write (.tar.gz).")

    def handle(self, *args: object, file: Path, **options: object) -> None:
        manifest = backup.backup(file)
        rows = sum(manifest["counts"].values())
        files = len(manifest["members"]) - 1
        self.stdout.write(f"Wrote {file}: {rows} rows, {files} uploaded file(s).")
        for name in manifest["missing_files"]:
            self.stderr.write(f"Referenced but missing from the storage: {name}")
