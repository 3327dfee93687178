from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "putright.notifications"
    label = "notifications"

    def ready(self) -> None:
        from putright.cases.lifecycle import REMEDY_ASSIGNED, STAGE_HANDLER_ASSIGNED
        from putright.cases.page_contents import add_section
        from putright.cases.requests import REQUEST_RAISED
        from putright.cases.services import CONTRIBUTION_RECEIVED, CONTRIBUTION_REQUESTED
        from putright.core import scheduler, signals
        from putright.notifications import jobs, selectors
        from putright.notifications.alerts import deadlines, work
        from putright.notifications.outbound import services, tasks
        from putright.organisation.signals import RESTRICTED_ACCESS_CHANGED

        # A timeline event records the letter or email it owes the customer, in the change's transaction; it is
        # sent after the change commits.
        signals.subscribe(signals.ANY, services.messages_for_event)
        # Staff work: the officer answering for a case hears of a customer's request; an officer asked for a
        # contribution gets the request.
        signals.subscribe(REQUEST_RAISED, work.tell_staff_of_request)
        signals.subscribe(CONTRIBUTION_REQUESTED, work.tell_contributor)
        signals.subscribe(CONTRIBUTION_RECEIVED, work.tell_officer_of_contribution)
        # Whoever is given a stage (a stage 2 reviewer) or a remedy to carry out hears of it.
        signals.subscribe(STAGE_HANDLER_ASSIGNED, work.tell_stage_handler)
        signals.subscribe(REMEDY_ASSIGNED, work.tell_remedy_owner)
        # Giving or taking away access to every restricted case is logged and the other administrators told.
        signals.subscribe(RESTRICTED_ACCESS_CHANGED, deadlines.restricted_access_changed)
        # Recorded messages are sent by these background tasks (tasks.py builds on services.py, not the reverse).
        services.send_with(one=tasks.send_message, many=tasks.send_messages)
        scheduler.register(*jobs.jobs())
        # The case page asks whether a case has any letters or emails in the same read as its other sections.
        add_section(selectors.CASE_MESSAGES_SECTION, selectors.messages_of_case)
