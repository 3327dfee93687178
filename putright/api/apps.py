from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "putright.api"
    label = "api"
    verbose_name = "API, webhooks and Open311"

    def ready(self) -> None:
        from putright.api import jobs
        from putright.api.webhooks import deliveries_for_event
        from putright.core import scheduler, signals

        # Webhooks follow timeline events, recorded in the same transaction (like the customer's messages).
        signals.subscribe(signals.ANY, deliveries_for_event)
        scheduler.register(*jobs.jobs())
