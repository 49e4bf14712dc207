"""Stars, feeds and imported interest survive their move into the interest app.

The models changed app, not table: a database migrated before the move keeps
every row, and the new models read them.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from microconf.interest.models import AgendaFeed, Interest, Star
from tests.factories import make_conference, make_contribution, make_track

pytestmark = pytest.mark.django_db(transaction=True)


def test_rows_written_before_the_move_are_read_after_it(django_user_model):
    executor = MigrationExecutor(connection)
    executor.migrate([("interest", None)])
    old = (
        MigrationExecutor(connection)
        .loader.project_state(
            [("programme", "0001_initial"), ("scheduling", "0004_solve_run_outcomes")]
        )
        .apps
    )
    conference = make_conference()
    talk = make_contribution(make_track(conference))
    ada = django_user_model.objects.create_user("ada", "ada@example.org")
    old.get_model("programme", "Star").objects.create(
        user_id=ada.pk, contribution_id=talk.pk
    )
    old.get_model("programme", "AgendaFeed").objects.create(
        user_id=ada.pk, conference_id=conference.pk, token="kept-token"
    )
    old.get_model("scheduling", "Interest").objects.create(
        conference_id=conference.pk, attendee="bob@example.org", contribution_id=talk.pk
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert list(Star.objects.values_list("user_id", "contribution_id")) == [
        (ada.pk, talk.pk)
    ]
    assert AgendaFeed.objects.get().token == "kept-token"
    assert list(Interest.objects.values_list("attendee", flat=True)) == [
        "bob@example.org"
    ]
