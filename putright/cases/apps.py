from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "putright.cases"
    label = "cases"

    def ready(self) -> None:
        from putright.cases import jobs
        from putright.core import scheduler

        # The suggested service and category are learnt again each day from the cases as they are.
        scheduler.register(*jobs.jobs())
