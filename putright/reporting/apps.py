from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "putright.reporting"
    label = "reporting"

    def ready(self) -> None:
        from putright.core import scheduler
        from putright.reporting import jobs

        scheduler.register(*jobs.jobs())
