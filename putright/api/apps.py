from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "putright.api"
    label = "api"
    verbose_name = "API, webhooks and Open311"

    def ready(self) -> None:
        from putright.api import jobs
        from putright.api.open311 import service_sent_for
        from putright.api.webhooks import deliveries_for_event
        from putright.cases.forms import add_triage_hint
        from putright.core import scheduler, signals

        # Webhooks follow timeline events, recorded in the same transaction (like the customer's messages).
        signals.subscribe(signals.ANY, deliveries_for_event)
        scheduler.register(*jobs.jobs())
        # A report from a "report it" site starts triage at the service it was sent for.
        add_triage_hint(service_sent_for)
