"""The audit log keeps its rows through its move from cfp into the audit app."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from microconf.audit.models import AuditEntry
from tests.factories import make_conference

pytestmark = pytest.mark.django_db(transaction=True)


def test_entries_written_before_the_move_are_read_after_it():
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", None)])
    old = (
        MigrationExecutor(connection)
        .loader.project_state([("cfp", "0005_submission_key")])
        .apps
    )
    conference = make_conference()
    old.get_model("cfp", "AuditEntry").objects.create(
        conference_id=conference.pk, action="import", data={"events": 3}
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.data) == ("import", {"events": 3})
