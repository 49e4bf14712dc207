"""``microconf schedule``: what the scheduling commands are, and how to call them."""

import argparse

from django.core.management.base import BaseCommand, CommandError, CommandParser

COMMANDS = """\
Commands:
  solve SLUG [--time-limit 60] [--afresh] [--seed N] [--json]
      solve a conference's draft (recorded as a run on its schedule board;
      refused while another solve runs for the conference)
  solve-file INSTANCE.json --time-limit 60 --output OUT.json [--json]
      solve an instance file alone, without a database

Help on one: microconf schedule solve --help, microconf schedule solve-file --help
"""
USAGE = f"usage: microconf schedule COMMAND ...\n\n{COMMANDS}"


class Command(BaseCommand):
    help = "Lists the scheduling commands: solve (a conference) and solve-file."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: object):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.prog = "microconf schedule"
        parser.usage = "microconf schedule COMMAND ..."
        parser.description = COMMANDS
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("command", nargs="?", help="solve or solve-file")

    def handle(self, *args: object, **options: object) -> None:
        # ``microconf schedule solve`` and ``solve-file`` are routed before Django
        # sees them; anything that reaches here is no scheduling command.
        if options["command"]:
            raise CommandError(
                f"“{options['command']}” is no scheduling command.\n{USAGE}"
            )
        self.stdout.write(USAGE)
