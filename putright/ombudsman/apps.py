from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "putright.ombudsman"
    label = "ombudsman"

    def ready(self) -> None:
        from putright.cases.first_screen import add_due_source
        from putright.cases.outstanding import add_remedy_source
        from putright.cases.page_contents import add_section
        from putright.cases.today import add_today_source
        from putright.core import scheduler
        from putright.ombudsman import jobs, selectors

        scheduler.register(*jobs.jobs())
        # The outstanding remedies page lists what an ombudsman ordered too.
        add_remedy_source(selectors.remedy_lines)
        # The reply owed to an ombudsman's enquiry: on the staff home page and in the case page's "What is due".
        add_today_source(selectors.today_section)
        add_section(selectors.REPLIES_OWED_SECTION, selectors.replies_owed_on_case)
        add_due_source(selectors.case_due_items, section=selectors.REPLIES_OWED_SECTION)
