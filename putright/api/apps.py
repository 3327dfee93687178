from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "putright.api"
    label = "api"
    verbose_name = "API, webhooks and Open311"

    def ready(self) -> None:
        from putright.api.webhooks import deliveries_for_event
        from putright.cases import events

        # Webhooks follow timeline events, recorded in the same transaction (like the customer's messages).
        events.subscribe(deliveries_for_event)
