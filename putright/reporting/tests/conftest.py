"""A small, known set of cases built through the real lifecycle, with every date fixed.

The reporting period is 2025-26 quarter 3 (1 October to 31 December 2025). Joint Code stage 1: acknowledge
within 5 working days of receipt, respond within 10 of acknowledgement, extend by up to 10; stage 2:
acknowledge within 5, respond within 20 of acknowledgement.

Complaints under the Joint Code unless said otherwise ("ack" = acknowledged):

- A housing, phone, Wed 1 Oct 00:30 (still 30 Sep in UTC): ack 3 Oct (on time), answered 16 Oct, upheld;
  £100 and an apology.
- B housing, email, Mon 6 Oct: ack 13 Oct (the due day), due 27 Oct, extended to 10 Nov (10 working days,
  within the cap), answered 7 Nov, partly upheld; £50.50.
- C housing, web, Wed 8 Oct: ack 16 Oct (late: due 15 Oct), due 29 Oct (counted from 15 Oct: a late
  acknowledgement buys no time), answered 3 Nov (late), not upheld.
  Escalated 10 Nov; stage 2 ack 12 Nov (on time), due 10 Dec, answered 9 Dec, upheld; an apology.
- D waste, letter, Mon 15 Dec: ack 16 Dec, due Fri 2 Jan 2026, answered Thu 25 Dec (Christmas Day), not upheld.
- E housing, phone, Mon 20 Oct: withdrawn on 22 Oct, never acknowledged.
- H housing, phone, Mon 1 Dec: open; acknowledgement due 8 Dec.
- I housing, in person, Tue 9 Dec: open; acknowledgement due 16 Dec.
- J waste, web, Mon 10 Nov: a service request, not a complaint.
- K waste, email, Wed 5 Nov: a compliment (no procedure).
- F housing, phone, Mon 1 Sep (quarter 2, outside the period): ack 2 Sep, answered 12 Sep, upheld; £999.
- G adult social care (restricted, hidden from most staff), phone, Thu 2 Oct: ack 3 Oct (on time), answered
  31 Oct, upheld; £250.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from putright.cases import lifecycle
from putright.cases.choices import CaseKind, Channel, Outcome, RemedyType
from putright.cases.lifecycle import CaseDetails, RemedyDetails
from putright.cases.models import Case
from putright.cases.services import CustomerDetails, log_case
from putright.core.periods import quarter
from putright.notifications.tests.conftest import running_smtp, smtp  # noqa: F401 - the real SMTP server, for reminders
from putright.ombudsman import services as ombudsman_services
from putright.organisation.choices import Role
from putright.organisation.models import Category, Organisation, ServiceArea, Team, User
from putright.procedures.selectors import current_version

LONDON = ZoneInfo("Europe/London")
LATER = date(2026, 3, 31)  # "today" for every lifecycle step: after all of them
Q3 = quarter(2025, 3)


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def log(
    officer: User,
    *,
    received: datetime,
    service: ServiceArea,
    channel: Channel = Channel.PHONE,
    procedure: str | None = "joint-code",
    kind: CaseKind = CaseKind.COMPLAINT,
    lead: User | None = None,
    ward: str = "",
    categories: Sequence[Category] = (),
    title: str = "Repair not done",
    start_at_investigation: bool = False,
) -> Case:
    return log_case(
        channel=channel,
        received_at=received,
        raw_text="What the customer said.",
        actor=officer,
        details=CaseDetails(
            kind=kind,
            kind_reason="As described",
            service_area=service,
            title=title,
            description="What the customer said.",
            procedure_version=current_version(procedure) if procedure else None,
            lead_officer=lead,
            team=lead.team if lead else None,
            categories=categories,
            ward=ward,
            start_at_investigation=start_at_investigation,
        ),
        customer_details=CustomerDetails(last_name="Jones"),
    )


def acknowledge(case: Case, actor: User, on: date) -> Case:
    return lifecycle.acknowledge(case=case, actor=actor, definition="What went wrong", acknowledged_on=on, today=LATER)


def respond(case: Case, actor: User, on: date, outcome: Outcome, remedies: Sequence[RemedyDetails] = ()) -> Case:
    return lifecycle.respond(
        case=case, actor=actor, outcome=outcome, reasons="Because.", remedies=remedies, responded_on=on, today=LATER
    )


def money(amount: str) -> RemedyDetails:
    return RemedyDetails(RemedyType.FINANCIAL, "Time and trouble", Decimal(amount))


APOLOGY = RemedyDetails(RemedyType.APOLOGY, "We are sorry")


@dataclass
class DataSet:
    organisation: Organisation
    cases: dict[str, Case]
    officer: User  # a complaints officer: sees every case but the restricted G
    statutory_manager: User  # may see every restricted case
    services: dict[str, ServiceArea]


@pytest.fixture(scope="module")
def dataset(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DataSet]:
    """Built once per test module inside a transaction that is rolled back afterwards; each test runs in a
    savepoint within it. Uses its own people and services, so do not mix it with the root conftest personas
    that create services (housing, waste, lead_officer ...) in the same module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


def _build() -> DataSet:
    organisation = Organisation.objects.create(
        name="Thornbury Vale District Council",
        nation="ENG",
        responsible_person="Dr Amara Okafor, Director of Adult Social Services",
    )
    housing = ServiceArea.objects.create(
        name="Housing repairs", slug="housing-repairs", is_housing=True, default_procedure_slug="joint-code"
    )
    waste = ServiceArea.objects.create(name="Waste and recycling", slug="waste", default_procedure_slug="joint-code")
    adult_social_care = ServiceArea.objects.create(
        name="Adult social care",
        slug="adult-social-care",
        is_restricted=True,
        default_procedure_slug="adult-social-care",
    )
    repairs_team = Team.objects.create(name="Repairs team", service_area=housing)
    officer = User.objects.create_user(username="rita_reports", role=Role.COMPLAINTS_OFFICER)
    lead = User.objects.create_user(username="larry_lead", role=Role.INVESTIGATING_OFFICER, team=repairs_team)
    head_of_service = User.objects.create_user(username="helen_head", role=Role.HEAD_OF_SERVICE)
    damp = Category.objects.create(name="Damp and mould", service_area=housing)
    delay = Category.objects.create(name="Repairs delay", service_area=housing)
    cases: dict[str, Case] = {}

    a = log(officer, received=at(2025, 10, 1, 0, 30), service=housing, lead=lead, ward="Central", categories=[damp])
    acknowledge(a, lead, date(2025, 10, 3))
    cases["A"] = respond(a, lead, date(2025, 10, 16), Outcome.UPHELD, [money("100.00"), APOLOGY])

    b = log(
        officer,
        received=at(2025, 10, 6),
        service=housing,
        channel=Channel.EMAIL,
        lead=lead,
        ward="Central",
        categories=[damp, delay],
    )
    b = acknowledge(b, lead, date(2025, 10, 13))
    assert b.current_stage.response_due_date == date(2025, 10, 27)
    b = lifecycle.extend(
        case=b,
        actor=lead,
        new_due_date=date(2025, 11, 10),  # exactly 10 working days beyond 27 October: within the cap
        reason="Waiting for the contractor's report",
        agreed_with_customer=True,
        customer_agreed_on=date(2025, 10, 24),
        today=date(2025, 10, 24),
    )
    cases["B"] = respond(b, lead, date(2025, 11, 7), Outcome.PARTLY_UPHELD, [money("50.50")])

    c = log(
        officer,
        received=at(2025, 10, 8),
        service=housing,
        channel=Channel.WEB,
        lead=lead,
        ward="North",
        categories=[delay],
    )
    c = acknowledge(c, lead, date(2025, 10, 16))
    assert c.current_stage.response_due_date == date(2025, 10, 29)
    c = respond(c, lead, date(2025, 11, 3), Outcome.NOT_UPHELD)
    c = lifecycle.escalate(case=c, actor=officer, requested_on=date(2025, 11, 10), handler=head_of_service, today=LATER)
    c = acknowledge(c, head_of_service, date(2025, 11, 12))
    assert c.current_stage.response_due_date == date(2025, 12, 10)
    cases["C"] = respond(c, head_of_service, date(2025, 12, 9), Outcome.UPHELD, [APOLOGY])

    d = log(officer, received=at(2025, 12, 15), service=waste, channel=Channel.LETTER, ward="North")
    d = acknowledge(d, officer, date(2025, 12, 16))
    assert d.current_stage.response_due_date == date(2026, 1, 2)
    cases["D"] = respond(d, officer, date(2025, 12, 25), Outcome.NOT_UPHELD)

    e = log(officer, received=at(2025, 10, 20), service=housing, lead=lead)
    cases["E"] = lifecycle.withdraw(case=e, actor=officer, note="Sorted out", today=date(2025, 10, 22))

    cases["H"] = log(officer, received=at(2025, 12, 1), service=housing, lead=lead)
    cases["I"] = log(officer, received=at(2025, 12, 9), service=housing, channel=Channel.IN_PERSON, lead=lead)
    cases["J"] = log(
        officer,
        received=at(2025, 11, 10),
        service=waste,
        channel=Channel.WEB,
        procedure="service-request",
        kind=CaseKind.SERVICE_REQUEST,
    )
    cases["K"] = log(
        officer,
        received=at(2025, 11, 5),
        service=waste,
        channel=Channel.EMAIL,
        procedure=None,
        kind=CaseKind.COMPLIMENT,
    )

    f = log(officer, received=at(2025, 9, 1), service=housing, lead=lead)
    acknowledge(f, lead, date(2025, 9, 2))
    cases["F"] = respond(f, lead, date(2025, 9, 12), Outcome.UPHELD, [money("999.00")])

    g = log(officer, received=at(2025, 10, 2), service=adult_social_care, procedure="adult-social-care")
    acknowledge(g, officer, date(2025, 10, 3))
    cases["G"] = respond(g, officer, date(2025, 10, 31), Outcome.UPHELD, [money("250.00")])

    manager = User.objects.create_user(username="sam_statutory", role=Role.COMPLAINTS_OFFICER, can_see_restricted=True)
    return DataSet(
        organisation=organisation,
        cases=cases,
        officer=officer,
        statutory_manager=manager,
        services={"housing": housing, "waste": waste, "adult_social_care": adult_social_care},
    )


@pytest.fixture
def referrals(dataset):
    """A (LGSCO, remedied locally), C (Housing Ombudsman, maladministration), D (LGSCO, awaiting), F (referred in
    quarter 2, decided not upheld in quarter 3) and the restricted G (LGSCO, upheld)."""
    cases, today, complaints_officer = dataset.cases, date(2026, 3, 31), dataset.officer

    def refer(key, ombudsman, referred, decision="", decided=None):
        referral = ombudsman_services.refer_to_ombudsman(
            case=cases[key], actor=complaints_officer, ombudsman=ombudsman, referred_date=referred, today=today
        )
        if decision:
            ombudsman_services.record_decision(
                referral=referral, actor=complaints_officer, decision=decision, decision_date=decided, today=today
            )
        return referral

    a = refer("A", "lgsco", date(2025, 11, 1), "upheld_remedied_locally", date(2025, 12, 1))
    c = refer("C", "housing", date(2025, 12, 15), "maladministration", date(2025, 12, 20))
    refer("D", "lgsco", date(2025, 12, 10))
    refer("F", "lgsco", date(2025, 9, 20), "not_upheld", date(2025, 10, 15))
    refer("G", "lgsco", date(2025, 11, 15), "upheld", date(2025, 12, 1))

    def remedy(referral, due, done=None):
        made = ombudsman_services.add_remedy(
            referral=referral, actor=complaints_officer, kind="recommendation", description="Apologise", due_date=due
        )
        if done:
            ombudsman_services.record_compliance(
                remedy=made, actor=complaints_officer, evidence="Letter sent", completed_date=done, today=today
            )

    remedy(c, date(2025, 12, 31), date(2025, 12, 22))  # on time
    remedy(a, date(2025, 12, 15), date(2025, 12, 18))  # late
    remedy(a, date(2025, 12, 31))  # not done
    remedy(a, date(2026, 1, 15))  # due in the next quarter
