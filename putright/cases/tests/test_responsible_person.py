"""An adult social care response is signed by the responsible person (SI 2009/309 regulations 4 and 14)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from putright.cases import lifecycle
from putright.cases.choices import Outcome
from putright.core.errors import RuleError
from putright.notifications.models import OutboundMessage
from putright.organisation.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

DIRECTOR = "Dr Amara Okafor, Director of Adult Social Services"


@pytest.fixture
def care_case(make_case, adult_social_care, social_care_officer):
    case = make_case(procedure="adult-social-care", service=adult_social_care, lead=social_care_officer)
    return lifecycle.acknowledge(case=case, actor=social_care_officer, definition="Care visits stopped.")


def test_without_a_responsible_person_the_response_is_refused_and_nothing_is_saved(
    care_case, social_care_officer, organisation
):
    Organisation.objects.filter(pk=organisation.pk).update(responsible_person="")
    with pytest.raises(RuleError, match="responsible person who signs the response"):
        lifecycle.respond(case=care_case, actor=social_care_officer, outcome=Outcome.UPHELD, reasons="Missed visits.")
    care_case.refresh_from_db()
    assert care_case.current_stage.responded_date is None


def test_the_organisations_responsible_person_signs_by_default_and_the_letter_says_so(
    client, care_case, social_care_officer, organisation
):
    Organisation.objects.filter(pk=organisation.pk).update(responsible_person=DIRECTOR)
    client.force_login(social_care_officer)
    url = reverse("cases:action", args=[care_case.reference, "respond"])
    assert DIRECTOR in client.get(url).content.decode()  # offered on the form
    lifecycle.respond(case=care_case, actor=social_care_officer, outcome=Outcome.UPHELD, reasons="Missed visits.")
    care_case.refresh_from_db()
    assert care_case.current_stage.responsible_person == DIRECTOR
    letter = OutboundMessage.objects.get(case=care_case, template_name="stage_response")
    assert letter.body_text.rstrip().endswith(f"Yours sincerely,\n\n{DIRECTOR}\n{organisation.name}")
    page = client.get(reverse("cases:detail", args=[care_case.reference])).content.decode()
    assert f"{DIRECTOR} (the responsible person)" in page


def test_another_signatory_may_be_named(care_case, social_care_officer, organisation):
    lifecycle.respond(
        case=care_case,
        actor=social_care_officer,
        outcome=Outcome.PARTLY_UPHELD,
        reasons="Some visits missed.",
        responsible_person="Sam Ito, Assistant Director (Adults), for the Director",
    )
    care_case.refresh_from_db()
    assert care_case.current_stage.responsible_person.startswith("Sam Ito")


def test_a_code_response_names_no_responsible_person(make_case, lead_officer):
    case = make_case(lead=lead_officer)
    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak.")
    with pytest.raises(RuleError, match="Only an adult social care response"):
        lifecycle.respond(
            case=case, actor=lead_officer, outcome=Outcome.UPHELD, reasons="Late.", responsible_person="Someone"
        )


def test_adult_social_care_fields_are_asked_only_on_adult_social_care_cases(
    client, make_case, waste, waste_leader, adult_social_care, social_care_officer
):
    bins = make_case(service=waste, lead=waste_leader, title="Bins missed")
    client.force_login(waste_leader)
    acknowledge = client.get(reverse("cases:action", args=[bins.reference, "acknowledge"]))
    assert acknowledge.status_code == 200
    assert "Response date agreed with the customer" not in acknowledge.content.decode()
    respond = client.get(reverse("cases:action", args=[bins.reference, "respond"])).content.decode()
    assert "responsible person" not in respond

    care = make_case(procedure="adult-social-care", service=adult_social_care, lead=social_care_officer)
    client.force_login(social_care_officer)
    acknowledge = client.get(reverse("cases:action", args=[care.reference, "acknowledge"])).content.decode()
    assert "Response date agreed with the customer" in acknowledge
    respond = client.get(reverse("cases:action", args=[care.reference, "respond"])).content.decode()
    assert "Signed by the responsible person" in respond
