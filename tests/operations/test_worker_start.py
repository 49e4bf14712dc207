from django.core import management

from microconf import cli


def test_the_worker_command_first_recovers_what_a_killed_worker_left(monkeypatch):
    ran = []
    monkeypatch.setattr(
        management, "execute_from_command_line", lambda argv: ran.append(argv[1:])
    )

    cli.main(["db_worker", "--batch"])

    assert ran == [["recover_outbox"], ["db_worker", "--batch"]]
