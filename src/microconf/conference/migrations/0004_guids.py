"""Stored guids for conferences and rooms.

Before this, exports derived every guid at export time: the conference's
namespace from its slug, a room's guid from its database id. Existing rows keep
exactly the values those exports published (apps hold favourites by them);
new rows get random ones.
"""

import uuid

from django.db import migrations, models

# Fixed copies of what microconf.interchange and the old exporter computed.
MICROCONF_NAMESPACE = uuid.uuid5(
    uuid.NAMESPACE_URL, "https://microconf.dev/ns/interchange"
)


def published_guids(apps, schema_editor):
    Conference = apps.get_model("conference", "Conference")
    Room = apps.get_model("conference", "Room")
    for conference in Conference.objects.all():
        conference.guid = uuid.uuid5(
            MICROCONF_NAMESPACE, f"conference/{conference.slug}"
        )
        conference.save(update_fields=["guid"])
    for room in Room.objects.select_related("conference"):
        room.guid = uuid.uuid5(room.conference.guid, f"room/{room.pk}")
        room.save(update_fields=["guid"])


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0003_material_uploads"),
    ]

    operations = [
        migrations.AddField(
            model_name="conference", name="guid", field=models.UUIDField(null=True)
        ),
        migrations.AddField(
            model_name="room", name="guid", field=models.UUIDField(null=True)
        ),
        migrations.RunPython(published_guids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="conference",
            name="guid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="room",
            name="guid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
