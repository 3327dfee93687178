from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "putright.notifications"
    label = "notifications"

    def ready(self) -> None:
        from putright.core import scheduler, signals
        from putright.notifications import jobs, services, tasks

        # A timeline event records the letter or email it owes the customer, in the change's transaction; it is
        # sent after the change commits.
        signals.subscribe(signals.ANY, services.messages_for_event)
        # Recorded messages are sent by these background tasks (tasks.py builds on services.py, not the reverse).
        services.send_with(one=tasks.send_message.enqueue, many=tasks.send_messages.enqueue)
        scheduler.register(*jobs.jobs())
