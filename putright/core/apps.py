from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "putright.core"
    label = "core"

    def ready(self) -> None:
        from putright.core import scheduler

        scheduler.register(*scheduler.core_jobs())
