# Star and AgendaFeed moved to the interest app; their table stays where it is.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("interest", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AgendaFeed"),
                migrations.DeleteModel(name="Star"),
            ],
            database_operations=[],
        )
    ]
