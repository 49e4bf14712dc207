from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from microconf.desk.services import allow_conference_creation


class Command(BaseCommand):
    help = (
        "Lets a signed-up person create conferences from the organiser's desk "
        "(or, with --revoke, no longer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The address the person signed up with.")
        parser.add_argument("--revoke", action="store_true", help="Take it back.")

    def handle(
        self, *args: object, email: str, revoke: bool, **options: object
    ) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Nobody has signed up with {email}; sign up first.")
        allow_conference_creation(user, allowed=not revoke)
        if revoke:
            self.stdout.write(f"{user.email} may no longer create conferences.")
        else:
            self.stdout.write(
                f"{user.email} may create conferences at /conferences/new/."
            )
