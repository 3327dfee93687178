from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "putright.ombudsman"
    label = "ombudsman"

    def ready(self) -> None:
        from putright.core import scheduler
        from putright.ombudsman import jobs

        scheduler.register(*jobs.jobs())
