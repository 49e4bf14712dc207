"""The migrations that store guids keep the values the exports already published.

Before them, schedule.xml/.json derived a conference's namespace from its slug
and each guid from a database id; apps hold favourites by those values, so
existing rows must keep exactly them.
"""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from microconf.interchange import MICROCONF_NAMESPACE, stable_guid
from tests.factories import add_author, make_contribution, make_person, make_room

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [
    ("conference", "0003_material_uploads"),
    ("cfp", "0006_auditentry_moved_to_audit"),
    ("people", "0003_api_token_expiry"),
]


def test_existing_rows_keep_the_guids_old_exports_wrote(cast):
    room = make_room(cast.conference)
    talk = make_contribution(cast.refereed)
    speaker = make_person()
    add_author(talk, speaker, is_speaker=True)
    loner = make_person()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    apps = executor.loader.project_state(
        executor.loader.graph.leaf_nodes()
    ).apps  # the rows as the migrated schema holds them
    published = stable_guid(MICROCONF_NAMESPACE, f"conference/{cast.conference.slug}")
    conference = apps.get_model("conference", "Conference")
    assert conference.objects.get(pk=cast.conference.pk).guid == published
    guid_of = {
        "room": apps.get_model("conference", "Room").objects.get(pk=room.pk).guid,
        "contribution": apps.get_model("cfp", "Contribution")
        .objects.get(pk=talk.pk)
        .guid,
        "person": apps.get_model("people", "Person").objects.get(pk=speaker.pk).guid,
    }
    assert guid_of == {
        "room": stable_guid(published, f"room/{room.pk}"),
        "contribution": stable_guid(published, f"contribution/{talk.pk}"),
        "person": stable_guid(published, f"person/{speaker.pk}"),
    }
    unused = apps.get_model("people", "Person").objects.get(pk=loner.pk).guid
    assert unused.version == 4
    assert isinstance(unused, uuid.UUID)
