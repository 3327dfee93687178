from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "putright.notifications"
    label = "notifications"

    def ready(self) -> None:
        from putright.cases import events
        from putright.notifications.services import messages_for_event

        # The letter or email a timeline event owes the customer, recorded in the event's transaction.
        events.subscribe(messages_for_event)
