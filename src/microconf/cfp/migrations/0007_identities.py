"""Stored identities for contributions: guid, the imported id and code, the type.

Existing contributions keep the guid the exports published (UUIDv5 of
"contribution/<id>" in the conference's namespace); new ones get random guids.
"""

import uuid

from django.db import migrations, models


def published_guids(apps, schema_editor):
    Contribution = apps.get_model("cfp", "Contribution")
    for contribution in Contribution.objects.select_related("conference"):
        contribution.guid = uuid.uuid5(
            contribution.conference.guid, f"contribution/{contribution.pk}"
        )
        contribution.save(update_fields=["guid"])


class Migration(migrations.Migration):
    dependencies = [
        ("cfp", "0006_auditentry_moved_to_audit"),
        ("conference", "0004_guids"),
    ]

    operations = [
        migrations.AddField(
            model_name="contribution", name="guid", field=models.UUIDField(null=True)
        ),
        migrations.AddField(
            model_name="contribution",
            name="source_id",
            field=models.PositiveIntegerField(
                blank=True, help_text="The event id of the imported file.", null=True
            ),
        ),
        migrations.AddField(
            model_name="contribution",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="The imported file's code (pretalx).",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="contribution",
            name="type_label",
            field=models.CharField(
                blank=True,
                help_text="An imported event type no kind fits, e.g. 'Lightning talk'.",
                max_length=100,
            ),
        ),
        migrations.RunPython(published_guids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="contribution",
            name="guid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
