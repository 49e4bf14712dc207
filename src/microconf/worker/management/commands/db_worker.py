"""``db_worker`` of django-tasks-db, with a heartbeat that pages can read."""

import atexit

from django_tasks_db.management.commands import db_worker

from microconf.worker import heartbeat


class Command(db_worker.Command):
    help = "Run the background worker (solves, mails), recording a heartbeat."

    def handle(self, *args: object, **options: object) -> None:
        worker_id = str(options["worker_id"])
        if options["batch"]:
            heartbeat.beat(worker_id)  # one pass: no thread that outlives it
        else:
            heartbeat.Beater(worker_id).start()
            atexit.register(heartbeat.stop, worker_id)
        super().handle(*args, **options)
