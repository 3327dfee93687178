from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "putright.reporting"
    label = "reporting"

    def ready(self) -> None:
        from putright.core import scheduler, signals
        from putright.reporting import facts, jobs

        scheduler.register(*jobs.jobs())
        # Every change to a case rewrites its stage facts, in the change's transaction.
        signals.subscribe(signals.ANY, facts.case_changed)
