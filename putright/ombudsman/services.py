"""Recording the ombudsman stage. Each change writes its timeline event in the same transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from putright.cases import events
from putright.cases.choices import EventKind
from putright.cases.models import Case
from putright.cases.selectors import case_ombudsman
from putright.core.errors import RuleError
from putright.core.text import long_date
from putright.ombudsman.choices import REFERRABLE, Decision, RemedyKind, decisions_for
from putright.ombudsman.models import OmbudsmanReferral, OmbudsmanRemedy
from putright.organisation.models import User
from putright.procedures.choices import Ombudsman


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _not_future(day: date, today: date, what: str, field: str) -> None:
    if day > today:
        raise RuleError(f"{what} must be today or in the past", field)


def default_ombudsman(case: Case) -> str:
    """The ombudsman the referral form offers first: the case's own, by the one rule."""
    ombudsman = case_ombudsman(case)
    return "" if ombudsman == Ombudsman.NONE else str(ombudsman)


def _check_enquiry_dates(
    referred_date: date, enquiry_received_date: date | None, response_due_date: date | None, today: date
) -> None:
    if enquiry_received_date is not None:
        _not_future(enquiry_received_date, today, "The date the enquiry arrived", "enquiry_received_date")
        if enquiry_received_date < referred_date:
            raise RuleError(
                "The enquiry cannot arrive before the ombudsman told us of the complaint", "enquiry_received_date"
            )
    if response_due_date is not None and response_due_date < (enquiry_received_date or referred_date):
        raise RuleError("The reply cannot be due before the enquiry arrived", "response_due_date")


def refer_to_ombudsman(
    *,
    case: Case,
    actor: User,
    ombudsman: str,
    referred_date: date,
    ombudsman_reference: str = "",
    enquiry_received_date: date | None = None,
    response_due_date: date | None = None,
    today: date | None = None,
) -> OmbudsmanReferral:
    """Record that the customer has taken the complaint to an ombudsman."""
    today = _today(today)
    if ombudsman not in dict(REFERRABLE):
        raise RuleError("Select the ombudsman", "ombudsman")
    _not_future(referred_date, today, "The date the ombudsman told us", "referred_date")
    _check_enquiry_dates(referred_date, enquiry_received_date, response_due_date, today)
    with transaction.atomic():
        open_referral = OmbudsmanReferral.objects.select_for_update().filter(
            case=case, ombudsman=ombudsman, decision=""
        )
        if open_referral.exists():
            raise RuleError(
                f"{case.reference} is already with the {Ombudsman(ombudsman).label} awaiting a decision", "ombudsman"
            )
        referral = OmbudsmanReferral.objects.create(
            case=case,
            ombudsman=ombudsman,
            ombudsman_reference=ombudsman_reference.strip(),
            referred_date=referred_date,
            enquiry_received_date=enquiry_received_date,
            response_due_date=response_due_date,
            created_by=actor,
        )
        due = f"; our reply is due {long_date(response_due_date)}" if response_due_date else ""
        events.record(
            case,
            EventKind.OMBUDSMAN_REFERRED,
            f"Taken to the {referral.get_ombudsman_display()} on {long_date(referred_date)}"
            f"{' (reference ' + referral.ombudsman_reference + ')' if referral.ombudsman_reference else ''}{due}.",
            actor=actor,
            data={
                "referral": referral.pk,
                "ombudsman": ombudsman,
                "reference": referral.ombudsman_reference,
                "referred_date": referred_date.isoformat(),
                "response_due_date": response_due_date.isoformat() if response_due_date else None,
            },
        )
    return referral


def record_enquiry(
    *,
    referral: OmbudsmanReferral,
    actor: User,
    response_due_date: date,
    enquiry_received_date: date | None = None,
    responded_date: date | None = None,
    today: date | None = None,
) -> OmbudsmanReferral:
    """Record the ombudsman's enquiry (its information request) after the referral: when it arrived, the date it
    asked for our reply by, and when we replied. The reply due date is in the ombudsman alerts until we reply."""
    today = _today(today)
    _check_enquiry_dates(referral.referred_date, enquiry_received_date, response_due_date, today)
    if responded_date is not None:
        _not_future(responded_date, today, "The date we replied", "responded_date")
        if responded_date < (enquiry_received_date or referral.referred_date):
            raise RuleError("We cannot have replied before the enquiry arrived", "responded_date")
    with transaction.atomic():
        referral = OmbudsmanReferral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        referral.enquiry_received_date = enquiry_received_date
        referral.response_due_date = response_due_date
        referral.responded_date = responded_date
        referral.save(update_fields=["enquiry_received_date", "response_due_date", "responded_date"])
        replied = f"; we replied on {long_date(responded_date)}" if responded_date else ""
        events.record(
            referral.case,
            EventKind.OMBUDSMAN_ENQUIRY,
            f"{referral.get_ombudsman_display()} enquiry: our reply is due {long_date(response_due_date)}{replied}.",
            actor=actor,
            data={
                "referral": referral.pk,
                "enquiry_received_date": enquiry_received_date.isoformat() if enquiry_received_date else None,
                "response_due_date": response_due_date.isoformat(),
                "responded_date": responded_date.isoformat() if responded_date else None,
            },
        )
    return referral


def record_decision(
    *,
    referral: OmbudsmanReferral,
    actor: User,
    decision: str,
    decision_date: date,
    summary: str = "",
    today: date | None = None,
) -> OmbudsmanReferral:
    """Record the ombudsman's decision, in that ombudsman's own vocabulary (docs/rules.md)."""
    today = _today(today)
    if decision not in decisions_for(referral.ombudsman):
        raise RuleError(f"Select a decision the {referral.get_ombudsman_display()} makes", "decision")
    _not_future(decision_date, today, "The decision date", "decision_date")
    if decision_date < referral.referred_date:
        raise RuleError(
            f"The decision cannot be dated before the referral ({long_date(referral.referred_date)})", "decision_date"
        )
    with transaction.atomic():
        referral = OmbudsmanReferral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        if referral.decision:
            raise RuleError("The decision on this referral is already recorded", "decision")
        referral.decision = decision
        referral.decision_date = decision_date
        referral.decision_summary = summary.strip()
        referral.save(update_fields=["decision", "decision_date", "decision_summary"])
        events.record(
            referral.case,
            EventKind.OMBUDSMAN_DECISION,
            f"{referral.get_ombudsman_display()} decision of {long_date(decision_date)}: "
            f"{Decision(decision).label.lower()}.",
            actor=actor,
            data={"referral": referral.pk, "decision": decision, "decision_date": decision_date.isoformat()},
        )
    return referral


def add_remedy(
    *,
    referral: OmbudsmanReferral,
    actor: User,
    kind: str,
    description: str,
    due_date: date,
    amount: Decimal | None = None,
) -> OmbudsmanRemedy:
    """Record an order or recommendation the ombudsman made, with the date it must be done by."""
    if not description.strip():
        raise RuleError("Enter what the ombudsman asked the council to do", "description")
    if kind not in RemedyKind.values:
        raise RuleError("Select whether this is an order, a recommendation or an agreed action", "kind")
    if amount is not None and amount < 0:
        raise RuleError("The amount cannot be negative", "amount")
    with transaction.atomic():
        remedy = OmbudsmanRemedy.objects.create(
            referral=referral,
            kind=kind,
            description=description.strip(),
            amount=amount,
            due_date=due_date,
            created_by=actor,
        )
        events.record(
            referral.case,
            EventKind.OMBUDSMAN_REMEDY_SET,
            f"{referral.get_ombudsman_display()} {remedy.get_kind_display().lower()}, due {long_date(due_date)}: "
            f"{remedy.description}",
            actor=actor,
            data={"remedy": remedy.pk, "kind": kind, "due_date": due_date.isoformat(), "amount": str(amount or "")},
        )
    return remedy


def record_compliance(
    *, remedy: OmbudsmanRemedy, actor: User, evidence: str, completed_date: date, today: date | None = None
) -> OmbudsmanRemedy:
    """Record that an ombudsman remedy is done, with the evidence the ombudsman will ask for."""
    today = _today(today)
    if not evidence.strip():
        raise RuleError("Enter the evidence that the remedy is done", "evidence")
    _not_future(completed_date, today, "The date it was done", "completed_date")
    with transaction.atomic():
        remedy = OmbudsmanRemedy.objects.select_for_update().select_related("referral__case").get(pk=remedy.pk)
        if remedy.completed_date is not None:
            raise RuleError("This remedy is already recorded as done", "completed_date")
        remedy.compliance_evidence = evidence.strip()
        remedy.completed_date = completed_date
        remedy.save(update_fields=["compliance_evidence", "completed_date"])
        late = "" if remedy.complied_on_time else f" (late: due {long_date(remedy.due_date)})"
        events.record(
            remedy.referral.case,
            EventKind.OMBUDSMAN_REMEDY_DONE,
            f"Ombudsman {remedy.get_kind_display().lower()} done on {long_date(completed_date)}{late}: "
            f"{remedy.description}",
            actor=actor,
            data={
                "remedy": remedy.pk,
                "completed_date": completed_date.isoformat(),
                "on_time": remedy.complied_on_time,
            },
        )
    return remedy
