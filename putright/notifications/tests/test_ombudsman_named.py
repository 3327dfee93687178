"""Every message that signposts the ombudsman names the case's own ombudsman, in English and in Welsh."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from putright.cases import lifecycle
from putright.cases.choices import Outcome
from putright.notifications.models import OutboundMessage
from putright.notifications.outbound.contexts import MESSAGE_KINDS
from putright.notifications.outbound.rendering import render_parts
from putright.organisation.models import Organisation

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
TODAY = date(2026, 3, 20)

HOUSING_OMBUDSMAN = ("Housing Ombudsman", "Ombwdsmon Tai", "https://www.housing-ombudsman.org.uk")
LGSCO = (
    "Local Government and Social Care Ombudsman",
    "Ombwdsmon Llywodraeth Leol a Gofal Cymdeithasol",
    "https://www.lgo.org.uk",
)
PSOW = ("Public Services Ombudsman for Wales", "Ombwdsmon Gwasanaethau Cyhoeddus Cymru", "https://www.ombudsman.wales")
ALL = (HOUSING_OMBUDSMAN, LGSCO, PSOW)

# (nation, service fixture, the ombudsman its messages must name)
CASES = [("ENG", "housing", HOUSING_OMBUDSMAN), ("ENG", "waste", LGSCO), ("WLS", "housing", PSOW)]


def _assert_names(message: OutboundMessage, expected: tuple[str, str, str]) -> None:
    english, welsh, website = expected
    others = [o for o in ALL if o != expected]
    assert english in message.body_text and website in message.body_text and website in message.body_html
    assert not any(other[0] in message.body_text for other in others)
    kind = MESSAGE_KINDS[message.template_name]
    cymraeg = render_parts(message.template_name, "cy", kind.build(message.event))  # type: ignore[arg-type]
    assert welsh in cymraeg.body_text and welsh in cymraeg.body_html and website in cymraeg.body_text
    assert not any(other[1] in cymraeg.body_text for other in others)


@pytest.fixture
def case_in(request, organisation: Organisation, make_case, lead_officer):
    def make(nation: str, service: str):
        Organisation.objects.filter(pk=organisation.pk).update(nation=nation)
        return make_case(received_at=MONDAY, lead=lead_officer, service=request.getfixturevalue(service))

    return make


@pytest.mark.parametrize(("nation", "service", "expected"), CASES)
def test_the_stage_two_response_names_the_cases_ombudsman(
    case_in, lead_officer, head_of_service, nation, service, expected
):
    case = case_in(nation, service)
    case = lifecycle.acknowledge(case=case, actor=lead_officer, definition="The repair.", today=TODAY)
    case = lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.NOT_UPHELD, reasons="Done.", today=TODAY)
    case = lifecycle.escalate(case=case, actor=lead_officer, requested_on=TODAY, handler=head_of_service, today=TODAY)
    case = lifecycle.acknowledge(case=case, actor=head_of_service, definition="A review.", today=TODAY)
    lifecycle.respond(case=case, actor=head_of_service, outcome=Outcome.NOT_UPHELD, reasons="Agreed.", today=TODAY)

    final = OutboundMessage.objects.filter(case=case, template_name="stage_response").order_by("-id").first()
    assert final is not None and "end of our complaints procedure" in final.body_text
    _assert_names(final, expected)


@pytest.mark.parametrize(("nation", "service", "expected"), CASES)
def test_the_extension_email_names_the_cases_ombudsman(case_in, lead_officer, nation, service, expected):
    case = case_in(nation, service)
    case = lifecycle.acknowledge(case=case, actor=lead_officer, definition="The repair.", today=TODAY)
    new_due = case.current_stage.response_due_date + timedelta(days=2)
    lifecycle.extend(
        case=case,
        actor=lead_officer,
        new_due_date=new_due,
        reason="A report.",
        agreed_with_customer=True,
        customer_agreed_on=TODAY,
        today=TODAY,
    )

    _assert_names(OutboundMessage.objects.get(case=case, template_name="extension"), expected)


@pytest.mark.parametrize(("nation", "service", "expected"), CASES)
def test_the_decline_email_names_the_cases_ombudsman(case_in, complaints_officer, nation, service, expected):
    case = case_in(nation, service)
    lifecycle.decline(case=case, actor=complaints_officer, reason="Legal proceedings.", signposted_to_ombudsman=True)

    _assert_names(OutboundMessage.objects.get(case=case, template_name="declined"), expected)


@pytest.mark.parametrize(("nation", "service", "expected"), CASES)
def test_the_stage_one_response_names_the_route_to_the_ombudsman_after_stage_two(
    case_in, lead_officer, nation, service, expected
):
    case = case_in(nation, service)
    case = lifecycle.acknowledge(case=case, actor=lead_officer, definition="The repair.", today=TODAY)
    lifecycle.respond(case=case, actor=lead_officer, outcome=Outcome.NOT_UPHELD, reasons="Done.", today=TODAY)

    first = OutboundMessage.objects.get(case=case, template_name="stage_response")
    english, welsh, _website = expected
    assert f"If you are still unhappy after our stage 2 response, you can then ask the {english}" in first.body_text
    assert english in first.body_html
    cymraeg = render_parts("stage_response", "cy", MESSAGE_KINDS["stage_response"].build(first.event))  # type: ignore[arg-type]
    assert f"ar ôl ein hymateb cam 2, gallwch wedyn ofyn i'r ombwdsmon ({welsh})" in cymraeg.body_text
