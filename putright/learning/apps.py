from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "putright.learning"
    label = "learning"

    def ready(self) -> None:
        from putright.core import scheduler
        from putright.learning import jobs

        scheduler.register(*jobs.jobs())
