# AuditEntry moved to the audit app; its table stays where it is.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cfp", "0005_submission_key"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry")],
            database_operations=[],
        )
    ]
