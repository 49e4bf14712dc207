import datetime as dt

from django.core.management.base import BaseCommand, CommandParser

from microconf.notifications import tasks


class Command(BaseCommand):
    help = (
        "Queue again the mails and tasks that dead workers left behind. Run before "
        "a worker starts (microconf db_worker does); --older-than 0 when it is the "
        "only worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=600,
            help="Seconds after which a send in progress counts as abandoned "
            "(default 600, longer than any SMTP timeout).",
        )

    def handle(self, *args: object, older_than: float, **options: object) -> None:
        done = tasks.recover(dt.timedelta(seconds=older_than))
        self.stdout.write(
            f"{done['abandoned']} mail(s) left sending and {done['requeued']} queued "
            f"mail(s) without a task were queued again; {done['dead_tasks']} dead "
            "task(s) marked failed."
        )
