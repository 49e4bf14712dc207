from django.core.management.base import BaseCommand, CommandParser

from microconf.conference.models import Conference
from microconf.demo import solve_seconds
from microconf.demo.builder import DEMO_ACCOUNTS, SLUG, build_demo


class Command(BaseCommand):
    help = (
        "Builds the demo conference (Linux Plumbers Conference 2023) if it is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Delete and rebuild it if it exists."
        )

    def handle(self, *args: object, reset: bool = False, **options: object) -> None:
        if reset or not Conference.objects.filter(slug=SLUG).exists():
            self.stdout.write(
                "Building the demo conference and solving its schedule "
                f"({solve_seconds():g} s)…"
            )
        conference = build_demo(reset=reset)
        count = conference.contributions.count()
        release = conference.releases.order_by("-number").first()
        self.stdout.write(
            f"Demo conference '{conference.slug}' ready: {count} contributions"
            + (
                f"; schedule release {release.number}: {release.note}"
                if release
                else "."
            )
        )
        password = getattr(conference, "demo_password", None)
        if password:
            runner = conference.tracks.get(slug="rust").runners.exclude(user=None).get()
            accounts = [*DEMO_ACCOUNTS, f"{runner.email} (runs the Rust MC)"]
            self.stdout.write(
                f"Demo accounts, password {password} (shown once; "
                "`microconf build_demo --reset` makes a new one):\n  "
                + "\n  ".join(accounts)
            )
