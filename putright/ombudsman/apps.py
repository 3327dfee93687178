from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "putright.ombudsman"
    label = "ombudsman"

    def ready(self) -> None:
        from putright.cases.outstanding import add_remedy_source
        from putright.core import scheduler
        from putright.ombudsman import jobs, selectors

        scheduler.register(*jobs.jobs())
        # The outstanding remedies page lists what an ombudsman ordered too.
        add_remedy_source(selectors.remedy_lines)
