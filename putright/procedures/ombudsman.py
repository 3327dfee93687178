"""Which ombudsman a resident can take a complaint to, and how to reach it: the one rule (docs/rules.md, "Which
ombudsman"), used by every message, letter, portal page, referral form default and report.

- A member enquiry or a service request is not a complaint: there is no ombudsman to signpost.
- Scotland: the Scottish Public Services Ombudsman; Wales: the Public Services Ombudsman for Wales; Northern
  Ireland: the Northern Ireland Public Services Ombudsman. Each covers councils and social landlords alike.
- England: a complaint about a landlord (housing) service goes to the Housing Ombudsman; every other council
  service goes to the Local Government and Social Care Ombudsman, and so do the statutory adult and children's
  social care procedures, whatever service they are logged against.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from putright.organisation.choices import Nation
from putright.organisation.models import ServiceArea
from putright.procedures.choices import Ombudsman
from putright.procedures.models import Procedure
from putright.procedures.selectors import is_statutory_social_care

# Websites only: phone numbers change, and a wrong number in a letter is worse than none.
OMBUDSMAN_WEBSITES: dict[Ombudsman, str] = {
    Ombudsman.HOUSING: "https://www.housing-ombudsman.org.uk",
    Ombudsman.LGSCO: "https://www.lgo.org.uk",
    Ombudsman.SPSO: "https://www.spso.org.uk",
    Ombudsman.NIPSO: "https://www.nipso.org.uk",
    Ombudsman.PSOW: "https://www.ombudsman.wales",
}

_FOR_NATION = {
    Nation.SCOTLAND: Ombudsman.SPSO,
    Nation.WALES: Ombudsman.PSOW,
    Nation.NORTHERN_IRELAND: Ombudsman.NIPSO,
}


@dataclass(frozen=True)
class OmbudsmanDetails:
    """An ombudsman as a resident is told of it. `name` is translatable: it reads in the language it is shown in."""

    ombudsman: Ombudsman
    name: Promise | str
    website: str


def which_ombudsman(
    *,
    nation: str,
    is_housing_service: bool,
    is_complaint_procedure: bool = True,
    is_statutory_social_care: bool = False,
) -> Ombudsman:
    """The ombudsman for a case with these facts (the rule in the module docstring)."""
    if not is_complaint_procedure:
        return Ombudsman.NONE
    if nation in _FOR_NATION:
        return _FOR_NATION[Nation(nation)]
    if is_housing_service and not is_statutory_social_care:
        return Ombudsman.HOUSING
    return Ombudsman.LGSCO


def ombudsman_for(*, service_area: ServiceArea, procedure: Procedure | None, nation: str) -> Ombudsman:
    """The ombudsman for a case in this service under this procedure (none chosen yet: treated as a complaint)."""
    return which_ombudsman(
        nation=nation,
        is_housing_service=service_area.is_housing,
        is_complaint_procedure=procedure.is_complaint_procedure if procedure is not None else True,
        is_statutory_social_care=procedure is not None and is_statutory_social_care(procedure),
    )


def ombudsman_details(ombudsman: Ombudsman | str) -> OmbudsmanDetails | None:
    """Name and website to tell a resident; None when there is no ombudsman to signpost."""
    ombudsman = Ombudsman(ombudsman)
    if ombudsman == Ombudsman.NONE:
        return None
    return OmbudsmanDetails(ombudsman, ombudsman.label, OMBUDSMAN_WEBSITES[ombudsman])
