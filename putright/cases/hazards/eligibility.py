"""Whether Awaab's Law applies to a case, and which of its words suggest a hazard.

The regulations bind social landlords in England towards their tenants: only a case about a landlord (housing)
service, for a customer recorded as a low-cost rental tenant, in an organisation in England. Shared owners,
leaseholders, private residents and other nations see nothing of it (docs/rules-deadlines.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from putright.cases.choices import CaseKind
from putright.cases.models import Case, Contact
from putright.organisation.choices import Nation
from putright.organisation.models import Organisation
from putright.organisation.selectors import current_organisation
from putright.people.choices import Tenure
from putright.people.models import Customer
from putright.procedures.calendar import WorkingCalendar

# A complaint or a repair request can each be how the landlord becomes aware of a hazard.
KINDS = frozenset({CaseKind.COMPLAINT, CaseKind.SERVICE_REQUEST})


def applies_to_household(organisation: Organisation, customer: Customer | None) -> bool:
    """A social tenant of a landlord in England."""
    return organisation.nation == Nation.ENGLAND and customer is not None and customer.tenure == Tenure.LOW_COST_RENTAL


def applies_to(case: Case, organisation: Organisation | None = None) -> bool:
    """Awaab's Law applies: a housing complaint or request from a social tenant, in England."""
    organisation = organisation or current_organisation()
    return case.kind in KINDS and case.service_area.is_housing and applies_to_household(organisation, case.customer)


def tenure_question_applies(case: Case, organisation: Organisation | None = None) -> bool:
    """A housing case in England whose customer's tenure is not recorded: the officer should find out."""
    organisation = organisation or current_organisation()
    return (
        organisation.nation == Nation.ENGLAND
        and case.kind in KINDS
        and case.service_area.is_housing
        and case.customer is not None
        and case.customer.tenure == Tenure.UNKNOWN
    )


def hazard_calendar() -> WorkingCalendar:
    """England's bank holidays; no closure days: the regulations' working days are not the landlord's to move."""
    return WorkingCalendar(nation=Nation.ENGLAND)


def configured_words(organisation: Organisation) -> list[str]:
    return [line.strip().lower() for line in organisation.hazard_words.splitlines() if line.strip()]


def words_found(texts: Iterable[str], words: Iterable[str]) -> list[str]:
    """The configured words that start a word in the texts ('mould' finds 'mouldy'), each once, in list order."""
    text = " ".join(texts).lower()
    return [word for word in words if re.search(r"\b" + re.escape(word), text)]


def hazard_words_in(case: Case, organisation: Organisation | None = None) -> list[str]:
    organisation = organisation or current_organisation()
    texts = (case.title, case.description, case.desired_outcome, case.definition, case.contact.raw_text)
    return words_found(texts, configured_words(organisation))


def contact_hazard_words(contact: Contact, organisation: Organisation | None = None) -> list[str]:
    """Words in a contact waiting for triage that suggest a hazard, where Awaab's Law may apply: in England, from
    a customer who is a social tenant or whose tenure is not yet known. Empty when it cannot apply."""
    organisation = organisation or current_organisation()
    if organisation.nation != Nation.ENGLAND:
        return []
    customer = contact.customer
    if customer is not None and customer.tenure not in (Tenure.LOW_COST_RENTAL, Tenure.UNKNOWN):
        return []
    return words_found((contact.subject, contact.raw_text), configured_words(organisation))
