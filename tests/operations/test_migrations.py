"""The latest migrations run forward over the demo conference's data and keep it.

The demo is built, every app is migrated back to the migration before its last
(which leaves the demo's data as an older release would have held it; see
``_previous_targets``), then
forward again: every row must come back with every field it had before.
"""

import json

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from microconf.operations import backup

pytestmark = pytest.mark.django_db(transaction=True)
MICROCONF_APPS = {
    "cfp", "conference", "materials", "notifications", "people", "programme",
    "review", "scheduling",
}  # fmt: skip


def _previous_targets(executor: MigrationExecutor) -> list[tuple[str, str]]:
    """One step back for each microconf app whose last migration nothing else needs.

    (A last migration that another app's migrations depend on would take those
    back with it; those apps' migrations are covered once theirs are the last.)
    """
    graph = executor.loader.graph
    targets = []
    for app, name in sorted(graph.leaf_nodes()):
        node = graph.node_map[(app, name)]
        previous = [p.key for p in node.parents if p.key[0] == app]
        if app in MICROCONF_APPS and previous and not node.children:
            targets.append(previous[0])
        else:
            targets.append((app, name))
    return targets


def _rows() -> dict[str, dict]:
    found = {}
    for model in backup.backed_up_models():
        for row in json.loads(serializers.serialize("json", model.objects.all())):
            found[f"{row['model']}:{row['pk']}"] = row["fields"]
    return found


def test_the_latest_migrations_keep_the_demo_data(client):
    call_command("build_demo", verbosity=0)
    before = _rows()
    executor = MigrationExecutor(connection)
    targets = _previous_targets(executor)
    old_state = executor.loader.project_state(targets)

    executor.migrate(targets)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    after = _rows()
    # Rows of a model that the last migration adds (it did not exist in the older
    # release, so going back drops them) are not part of the older data.
    known = {f"{app}.{model}" for app, model in old_state.models}
    older = {k for k in before if k.split(":")[0] in known}
    assert older
    assert {k for k in after if k in older} == older
    assert set(after) <= set(before)
    before = {k: v for k, v in before.items() if k in older}
    for key, fields in before.items():
        app_label, model_name = key.split(":")[0].split(".")
        old = old_state.apps.get_model(app_label, model_name)
        kept = {f.name for f in old._meta.get_fields()}
        assert {k: v for k, v in after[key].items() if k in kept} == {
            k: v for k, v in fields.items() if k in kept
        }, key
    assert client.get("/lpc2023/", HTTP_HOST="127.0.0.1").status_code == 200
    assert set(targets) != set(executor.loader.graph.leaf_nodes())  # it went back
