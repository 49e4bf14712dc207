from django.apps import AppConfig, apps
from django.core import management
from django.db.models.signals import post_migrate


def create_cache_table(using: str = "default", **_: object) -> None:
    """Make the shared cache's table (rate limits) wherever the schema is made.

    It is no model, so no migration makes it; ``createcachetable`` is idempotent,
    and does nothing when the shared cache is Redis or Memcached.
    """
    management.call_command("createcachetable", database=using, verbosity=0)


class OperationsConfig(AppConfig):
    name = "microconf.operations"
    label = "operations"
    verbose_name = "Backup and restore"

    def ready(self) -> None:
        # Sent once per app with models (this one has none): the sessions' signal,
        # the table beside which the cache's sits, makes it once per migrate.
        post_migrate.connect(create_cache_table, sender=apps.get_app_config("sessions"))
