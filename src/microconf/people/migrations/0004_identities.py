"""Stored identities for people: guid, the imported id and code.

The old exports wrote a person's guid as UUIDv5 of "person/<id>" in the
namespace of the conference being exported. A person keeps the value published
by the first conference they appear in; people in no contribution get random
guids.
"""

import uuid

from django.db import migrations, models


def published_guids(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Authorship = apps.get_model("cfp", "Authorship")
    first = {}
    rows = Authorship.objects.order_by("contribution__conference_id", "id").values_list(
        "person_id", "contribution__conference__guid"
    )
    for person_id, namespace in rows:
        first.setdefault(person_id, namespace)
    for person in Person.objects.all():
        namespace = first.get(person.pk)
        person.guid = (
            uuid.uuid5(namespace, f"person/{person.pk}") if namespace else uuid.uuid4()
        )
        person.save(update_fields=["guid"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_api_token_expiry"),
        ("cfp", "0007_identities"),
    ]

    operations = [
        migrations.AddField(
            model_name="person", name="guid", field=models.UUIDField(null=True)
        ),
        migrations.AddField(
            model_name="person",
            name="source_id",
            field=models.PositiveIntegerField(
                blank=True, help_text="The person id of the imported file.", null=True
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="The imported file's code (pretalx).",
                max_length=16,
            ),
        ),
        migrations.RunPython(published_guids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="guid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
