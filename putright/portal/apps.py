from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "putright.portal"
    label = "portal"

    def ready(self) -> None:
        from putright.core import scheduler
        from putright.portal import jobs

        scheduler.register(*jobs.jobs())
