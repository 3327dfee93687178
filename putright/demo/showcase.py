"""Demo data that lets every page show something in the current year: councillors with their wards, ombudsman
referrals (one decided, with a remedy to comply with), learning actions (planned, overdue and done and published),
contact volumes for each service, month by month, and work waiting today (`demo.waiting`). Everything goes through
the apps' own services. Before them, each seeded response is given its complaint's own words (`demo.responses`)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from putright.cases.choices import CaseStatus
from putright.cases.models import Case
from putright.core.periods import financial_year, financial_year_of, month_end, whole_months
from putright.demo.organisation import DemoOrganisation
from putright.demo.responses import match_responses_to_complaints
from putright.demo.waiting import seed_waiting_work
from putright.learning import services as learning
from putright.ombudsman import services as ombudsman
from putright.ombudsman.models import OmbudsmanReferral
from putright.organisation.models import User
from putright.reporting import services as reporting
from putright.reporting.models import ContactVolume

COUNCILLOR_WARDS = {"cllr.ashcombe": "Ashcombe", "cllr.millbrook": "Millbrook"}


def _contact_volumes(demo: DemoOrganisation, today: date, actor: User) -> None:
    year = financial_year(financial_year_of(today))
    for index, (service, _spec) in enumerate(demo.services):
        for month in whole_months(year.start, today):
            last = month_end(month)
            if ContactVolume.objects.filter(service_area=service, start_date=month).exists():
                continue
            reporting.record_contact_volume(
                service_area=service,
                start_date=month,
                end_date=last,
                contacts_count=1200 + 350 * index + 17 * month.month,
                actor=actor,
            )


def _referrals(today: date, actor: User) -> None:
    answered = (
        Case.objects.filter(status__in=(CaseStatus.CLOSED, CaseStatus.RESPONDED), current_stage__number=2)
        .filter(is_restricted=False)
        .exclude(ombudsman_referrals__isnull=False)
        .select_related("service_area", "current_stage")
        .order_by("-received_at")[:3]
    )
    for number, case in enumerate(answered):
        responded = case.current_stage.responded_date if case.current_stage else None
        referred = max(responded or today, today - timedelta(days=60 - 20 * number))
        referral = ombudsman.refer_to_ombudsman(
            case=case,
            actor=actor,
            ombudsman=ombudsman.default_ombudsman(case),
            referred_date=referred,
            ombudsman_reference=f"{today.year % 100}{number + 1:03d}{case.pk % 1000:03d}",
            today=today,
        )
        if number == 0:
            _decided(referral, actor, today)


def _decided(referral: OmbudsmanReferral, actor: User, today: date) -> None:
    from putright.ombudsman.choices import AT_FAULT, decisions_for

    upheld = next(decision for decision in decisions_for(referral.ombudsman) if decision in AT_FAULT)
    decided = ombudsman.record_decision(
        referral=referral,
        actor=actor,
        decision=upheld,
        decision_date=today,
        summary="Fault found in how long the council took to put things right; it should apologise and pay for the "
        "time and trouble caused.",
        today=today,
    )
    ombudsman.add_remedy(
        referral=decided,
        actor=actor,
        kind="recommendation",
        description="Apologise in writing and pay £150 for the time and trouble caused.",
        due_date=today + timedelta(days=28),
        amount=Decimal("150.00"),
    )


def _upheld(slug: str, also: list[Case]) -> list[Case]:
    """Two upheld complaints about the service a learning action is for, or any upheld ones if it has none."""
    cases = Case.objects.filter(is_restricted=False, stages__outcome="upheld").distinct().order_by("-pk")
    return list(cases.filter(service_area__slug=slug)[:2]) or also


def _learning(demo: DemoOrganisation, today: date, actor: User) -> None:
    upheld = list(Case.objects.filter(is_restricted=False, stages__outcome="upheld").distinct().order_by("-pk")[:6])
    if len(upheld) < 3:
        return
    owner = demo.users.get("manager", actor)
    done = learning.raise_learning_action(
        cases=_upheld("housing-repairs", upheld[:2]),
        actor=actor,
        title="Text residents the day before a repair visit",
        finding="You told us repairs staff arrived when nobody was told to expect them.",
        owner=owner,
        due_date=today + timedelta(days=30),
        today=today,
    )
    learning.complete_learning_action(
        action=done,
        actor=owner,
        improvement="Every repair visit now gets a text message the day before, with a two-hour window.",
        evidence="Repairs scheduling system change notice and the first month's message log.",
        completed_date=today,
        publish=True,
        today=today,
    )
    learning.raise_learning_action(
        cases=_upheld("waste-recycling", upheld[2:4]),
        actor=actor,
        title="Check missed bins are collected within two working days",
        finding="You told us missed bins reported once were missed again.",
        owner=owner,
        due_date=today + timedelta(days=45),
        today=today,
    )
    learning.raise_learning_action(
        cases=_upheld("council-tax-benefits", upheld[4:6] or upheld[:1]),
        actor=actor,
        title="Refresher training on explaining council tax bands",
        finding="You told us our letters about bands were hard to follow.",
        owner=owner,
        due_date=today + timedelta(days=1),
        today=today,
    )


def seed_showcase(demo: DemoOrganisation) -> None:
    today = timezone.localdate()
    actor = demo.users.get("officer") or next(iter(demo.users.values()))
    for username, ward in COUNCILLOR_WARDS.items():
        User.objects.filter(username=username).update(ward=ward)
    match_responses_to_complaints()
    _contact_volumes(demo, today, demo.users.get("manager", actor))
    if Case.objects.exists():
        _referrals(today, actor)
        _learning(demo, today, actor)
    seed_waiting_work(demo)
