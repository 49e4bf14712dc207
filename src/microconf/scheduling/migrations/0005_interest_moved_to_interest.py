# Interest moved to the interest app; its table stays where it is.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0004_solve_run_outcomes"),
        ("interest", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Interest")],
            database_operations=[],
        )
    ]
