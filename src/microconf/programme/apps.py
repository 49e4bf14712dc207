from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "microconf.programme"
    label = "programme"
    verbose_name = "Programme"

    def ready(self) -> None:
        # Connects the receiver that enqueues a release's build (Django's place
        # for it: the models are loaded only now).
        from microconf.programme import tasks  # noqa: F401, PLC0415 - receivers connect in ready()
