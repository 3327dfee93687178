from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "putright.portal"
    label = "portal"

    def ready(self) -> None:
        from putright.cases.page_contents import add_section
        from putright.core import scheduler
        from putright.notifications.outbound.redaction import redact_after_sending
        from putright.portal import evidence, jobs, sso
        from putright.portal.services.signin import MESSAGE_NAME, without_links
        from putright.portal.staff_passwords import MESSAGE_NAME as RESET_MESSAGE_NAME
        from putright.portal.staff_passwords import without_reset_links

        scheduler.register(*jobs.jobs())
        # The staff case page asks whether a case has files from the customer in the same read as its other sections.
        add_section(evidence.EVIDENCE_SECTION, evidence.evidence_of_case)
        # A sign-in link or a staff password reset link is never readable in the outbox once the email has gone.
        redact_after_sending(MESSAGE_NAME, without_links)
        redact_after_sending(RESET_MESSAGE_NAME, without_reset_links)
        # A mistake in PUTRIGHT_OIDC_ROLE_MAP stops PutRight at start-up, naming it, rather than at someone's sign-in.
        sso.role_map()
