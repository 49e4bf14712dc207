# The models of attendee interest, taken over from programme and scheduling with
# their tables: only Django's picture of the models changes, no row moves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import microconf.interest.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("programme", "0001_initial"),
        ("scheduling", "0004_solve_run_outcomes"),
        ("cfp", "0005_submission_key"),
        ("conference", "0003_material_uploads"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AgendaFeed",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "token",
                            models.CharField(
                                default=microconf.interest.models.new_feed_token,
                                max_length=64,
                                unique=True,
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "conference",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="agenda_feeds",
                                to="conference.conference",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="agenda_feeds",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "programme_agendafeed",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "conference"),
                                name="agenda_feed_once_per_user",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Interest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("attendee", models.CharField(max_length=254)),
                        (
                            "conference",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="interests",
                                to="conference.conference",
                            ),
                        ),
                        (
                            "contribution",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="interests",
                                to="cfp.contribution",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "scheduling_interest",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("attendee", "contribution"),
                                name="interest_once",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Star",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        (
                            "contribution",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="stars",
                                to="cfp.contribution",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="stars",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "programme_star",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "contribution"),
                                name="star_once_per_user",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        )
    ]
