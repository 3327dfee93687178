"""Which ombudsman: one rule over service, procedure and nation (docs/rules.md, "Which ombudsman")."""

from __future__ import annotations

import pytest

from putright.organisation.models import ServiceArea
from putright.procedures.choices import Ombudsman
from putright.procedures.models import Procedure
from putright.procedures.ombudsman import ombudsman_details, ombudsman_for
from putright.procedures.services import copy_procedure

pytestmark = pytest.mark.django_db

HOUSING = ServiceArea(name="Housing repairs", slug="housing-repairs", is_housing=True)
WASTE = ServiceArea(name="Waste", slug="waste")
CARE = ServiceArea(name="Adult social care", slug="adult-social-care", is_restricted=True)

H, L, S, N, W, NONE = (
    Ombudsman.HOUSING,
    Ombudsman.LGSCO,
    Ombudsman.SPSO,
    Ombudsman.NIPSO,
    Ombudsman.PSOW,
    Ombudsman.NONE,
)

# service, procedure preset: the ombudsman in England, Wales, Scotland, Northern Ireland.
TABLE = [
    (HOUSING, "joint-code", H, W, S, N),
    (WASTE, "joint-code", L, W, S, N),
    (CARE, "joint-code", L, W, S, N),
    (CARE, "adult-social-care", L, W, S, N),
    (WASTE, "childrens-social-care", L, W, S, N),
    # A statutory social care complaint logged against a housing service is still the LGSCO's.
    (HOUSING, "adult-social-care", L, W, S, N),
    (HOUSING, "childrens-social-care", L, W, S, N),
    # The other nations' procedures follow the organisation's nation, not their names.
    (HOUSING, "psow", H, W, S, N),
    (WASTE, "spso", L, W, S, N),
    (WASTE, "nipso", L, W, S, N),
    # Not complaints: no ombudsman to signpost, anywhere.
    (HOUSING, "member-enquiry", NONE, NONE, NONE, NONE),
    (WASTE, "service-request", NONE, NONE, NONE, NONE),
]


@pytest.mark.parametrize(("service", "slug", "england", "wales", "scotland", "northern_ireland"), TABLE)
def test_which_ombudsman(service, slug, england, wales, scotland, northern_ireland):
    procedure = Procedure.objects.get(slug=slug)
    found = [ombudsman_for(service_area=service, procedure=procedure, nation=n) for n in ("ENG", "WLS", "SCT", "NIR")]
    assert found == [england, wales, scotland, northern_ireland]


def test_a_case_without_a_procedure_yet_is_treated_as_a_complaint():
    assert ombudsman_for(service_area=HOUSING, procedure=None, nation="ENG") == Ombudsman.HOUSING
    assert ombudsman_for(service_area=WASTE, procedure=None, nation="ENG") == Ombudsman.LGSCO


def test_a_councils_own_copy_of_a_statutory_procedure_keeps_the_rule(complaints_officer):
    adult = Procedure.objects.get(slug="adult-social-care")
    copy = copy_procedure(source=adult, slug="our-adult-care", name="Our adult care", actor=complaints_officer)
    assert ombudsman_for(service_area=HOUSING, procedure=copy, nation="ENG") == Ombudsman.LGSCO


def test_every_ombudsman_has_a_name_and_a_website_and_none_has_neither():
    assert ombudsman_details(Ombudsman.NONE) is None
    for ombudsman in Ombudsman:
        if ombudsman != Ombudsman.NONE:
            details = ombudsman_details(ombudsman)
            assert details is not None and details.website.startswith("https://") and "Ombudsman" in str(details.name)
