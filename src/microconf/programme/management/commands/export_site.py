from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from microconf.conference.models import Conference
from microconf.programme.export import export_site


class Command(BaseCommand):
    help = "Write a conference's public programme as static files to a directory."

    def add_arguments(self, parser) -> None:
        parser.add_argument("conference", help="The conference's slug, e.g. lpc2023.")
        parser.add_argument("directory", type=Path, help="Where to write the site.")
        parser.add_argument(
            "--base-url",
            default="",
            help="The address the site will be served at, which the links in "
            "schedule.xml, .json and .ics name (default: MICROCONF_BASE_URL).",
        )

    def handle(
        self, *args, conference: str, directory: Path, base_url: str, **options
    ) -> None:
        if base_url and urlsplit(base_url).scheme not in {"http", "https"}:
            raise CommandError(f"--base-url {base_url}: write it as https://host/.")
        try:
            result = export_site(conference, directory, base_url)
        except Conference.DoesNotExist:
            raise CommandError(f"There is no conference '{conference}'.") from None
        self.stdout.write(
            f"Wrote {len(result.pages)} pages and {len(result.assets)} assets to "
            f"{directory}; open {directory / 'index.html'}."
        )
        if result.unlinked:
            self.stdout.write(
                "Links to addresses that need the server were left unlinked: "
                + ", ".join(sorted(result.unlinked))
            )
