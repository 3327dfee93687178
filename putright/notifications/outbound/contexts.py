"""What each message says: one context function per message, built from the timeline event that causes it.

Each context is a TypedDict, so its keys are the placeholders its templates (and administrators' overrides) may use.
What the letters must contain comes from the Complaint Handling Code 2024, section 6 and paragraphs 7.1 to 7.3
(docs/rules.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from putright.cases.choices import Channel, EventKind, Outcome, RemedyType
from putright.cases.hazards.selectors import timed_hazards_of
from putright.cases.models import Case, CustomerRequest, Extension, Stage, TimelineEvent
from putright.cases.selectors import case_ombudsman
from putright.cases.split_parts import answered_with, joint_parts, parts_answered_with
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.people.models import Representative
from putright.procedures.choices import Ombudsman
from putright.procedures.hazard_clock import Step
from putright.procedures.ombudsman import OMBUDSMAN_WEBSITES, ombudsman_details


class RemedyLine(TypedDict):
    kind: Promise | str
    description: str
    amount: Decimal | None
    due_date: date | None


class HazardStepLine(TypedDict):
    label: str
    label_cy: str
    due_at: datetime
    due_is_date: bool
    done_at: datetime | None
    late: bool


class HazardLine(TypedDict):
    """A hazard found under Awaab's Law, and what was done about it, for the response letter."""

    severity: str
    description: str
    steps: list[HazardStepLine]
    accommodation_offered_at: datetime | None


class JointPartLine(TypedDict):
    """A part split off this complaint and answered in this response: its own decision and reasons."""

    title: str
    reference: str
    outcome: Promise | str
    reasons: str
    remedies: list[RemedyLine]
    outstanding_actions: str


class CommonContext(TypedDict):
    organisation_name: str
    organisation_email: str
    organisation_phone: str
    reference: str
    case_title: str
    recipient_name: str
    letter_date: date
    stage_number: int
    procedure_name: str
    handler_name: str
    handler_job_title: str
    handler_email: str
    handler_phone: str
    ombudsman_name: Promise | str  # translatable: it reads in the message's language
    ombudsman_website: str


class LoggedContext(CommonContext):
    received_date: date
    complaint_text: str
    acknowledge_by_date: date | None
    account_url: str  # the online account's sign-in page, where the customer follows the complaint


class AcknowledgementContext(CommonContext):
    received_date: date
    acknowledged_date: date | None
    response_due_date: date
    definition: str
    desired_outcome: str
    complaint_text: str
    # The titles of the parts split off this complaint and answered together with it, in this case's response.
    joint_part_titles: list[str]


class ExtensionContext(CommonContext):
    previous_due_date: date
    new_due_date: date
    reason: str
    agreed_with_customer: bool
    customer_agreed_on: date | None


class StageResponseContext(CommonContext):
    responded_date: date | None
    definition: str
    outcome: Promise | str
    reasons: str
    remedies: list[RemedyLine]
    outstanding_actions: str
    is_final_stage: bool
    next_stage_number: int
    escalation_closes_date: date | None
    hazards: list[HazardLine]
    responsible_person: str
    joint_parts: list[JointPartLine]


class DeclinedContext(CommonContext):
    reason: str


class ProgressUpdateContext(CommonContext):
    update: str
    response_due_date: date | None


class NewReplyDateContext(CommonContext):
    late: str  # "acknowledgement" or "response": which date passed (`Stage.late_step`)
    response_due_date: date  # the date that passed
    new_reply_date: date


class SurveyInvitationContext(CommonContext):
    survey_url: str


class NextStageRequestedContext(CommonContext):
    requested_date: date
    next_stage_number: int


def _stage(case: Case, number: int | None = None) -> Stage | None:
    stages = Stage.objects.select_related("handler", "rule__version__procedure")
    if number is not None:
        return stages.filter(case=case, number=number).first()
    if case.current_stage_id is None:
        return None
    return stages.get(pk=case.current_stage_id)


def _person(user: User | None) -> tuple[str, str, str, str]:
    if user is None:
        return "", "", "", ""
    return str(user), user.job_title, user.email, user.phone


def representative_writes(case: Case) -> Representative | None:
    """The representative who receives the case's correspondence instead of the customer (Code 3: representatives):
    one with the customer's recorded consent and an email address (a representative has no postal address here, so
    without email the letter goes to the customer, and is addressed to them)."""
    representative = case.representative
    if representative is not None and representative.has_consent and representative.email:
        return representative
    return None


def recipient_name(case: Case) -> str:
    """The name after "Dear" in every message to the customer (or the representative writing for them): "Mrs Nowak"
    when a title is known, else "Barbara Nowak", "" when no name (the templates then say "Dear customer")."""
    representative = representative_writes(case)
    if representative is not None:
        return representative.name
    return case.customer.salutation_name if case.customer else ""


def common_context(case: Case, stage: Stage | None) -> CommonContext:
    organisation = current_organisation()
    handler = (stage.handler if stage else None) or case.lead_officer
    name, job_title, email, phone = _person(handler)
    procedure = stage.rule.version.procedure if stage else None
    ombudsman = ombudsman_details(case_ombudsman(case))
    return {
        "organisation_name": organisation.name,
        "organisation_email": organisation.complaints_email,
        "organisation_phone": organisation.complaints_phone,
        "reference": case.reference,
        "case_title": case.title,
        "recipient_name": recipient_name(case),
        "letter_date": timezone.localdate(),
        "stage_number": stage.number if stage else 1,
        "procedure_name": procedure.name if procedure else "",
        "handler_name": name,
        "handler_job_title": job_title,
        # No personal contact details: the complaints team's, so the customer always reaches someone.
        "handler_email": email or organisation.complaints_email,
        "handler_phone": phone or organisation.complaints_phone,
        "ombudsman_name": ombudsman.name if ombudsman else "",
        "ombudsman_website": ombudsman.website if ombudsman else "",
    }


def logged_context(event: TimelineEvent) -> LoggedContext:
    """ "We have received your complaint", with a copy of what they told us."""
    case = event.case
    # The case was opened in this transaction and holds the stage it has just made: no need to read it back.
    stage = case.current_stage if Case.current_stage.is_cached(case) else _stage(case)
    context: LoggedContext = {
        **common_context(case, stage),
        "received_date": timezone.localtime(case.received_at).date(),
        "complaint_text": case.description,
        "acknowledge_by_date": stage.acknowledge_due_date if stage else None,
        "account_url": settings.PUTRIGHT_SITE_URL + reverse("portal:sign_in"),
    }
    if case.contact.channel == Channel.WEB:
        # Anyone can type any address into the public form: the receipt to an address nobody has verified carries
        # nothing they wrote (no name, no text) beyond the reference, so it cannot be used to send their words.
        context["recipient_name"] = ""
        context["complaint_text"] = ""
    return context


def acknowledgement_context(event: TimelineEvent) -> AcknowledgementContext:
    """The acknowledgement: the complaint definition and desired outcome (Code 5.6, 6.2), handler and dates."""
    case = event.case
    stage = _stage(case)
    return {
        **common_context(case, stage),
        "received_date": stage.received_date if stage else timezone.localtime(case.received_at).date(),
        "acknowledged_date": stage.acknowledged_date if stage else None,
        "response_due_date": stage.response_due_date if stage else timezone.localdate(),
        "definition": (stage.definition if stage else "") or case.definition,
        "desired_outcome": case.desired_outcome,
        "complaint_text": case.description,
        "joint_part_titles": [part.title for part in parts_answered_with(case)],
    }


def extension_context(event: TimelineEvent) -> ExtensionContext:
    """An extension: the new date and why, with the ombudsman's details (Code 6.4-6.5)."""
    case = event.case
    stage = _stage(case)
    extension = Extension.objects.filter(stage=stage).order_by("-granted_at", "-id").first()
    return {
        **common_context(case, stage),
        "previous_due_date": date.fromisoformat(event.data["previous"]),
        "new_due_date": date.fromisoformat(event.data["new"]),
        "reason": extension.reason if extension else "",
        "agreed_with_customer": bool(event.data.get("agreed")),
        "customer_agreed_on": extension.customer_agreed_on if extension else None,
    }


def _remedy_lines(stage: Stage | None) -> list[RemedyLine]:
    if stage is None:
        return []
    return [
        {
            "kind": RemedyType(remedy.remedy_type).label,  # read in the message's language
            "description": remedy.description,
            "amount": remedy.amount,
            "due_date": remedy.due_date,
        }
        for remedy in stage.remedies.all()
    ]


def stage_response_context(event: TimelineEvent) -> StageResponseContext:
    """A stage response: decision, reasons, remedies, outstanding actions, and what to do next (Code 6.6-6.8)."""
    case = event.case
    stage = _stage(case, event.data.get("stage"))
    has_next = bool(stage and stage.rule.version.stages.filter(number=stage.number + 1).exists())
    remedies = _remedy_lines(stage)
    return {
        **common_context(case, stage),
        "responded_date": stage.responded_date if stage else None,
        "definition": (stage.definition if stage else "") or case.definition,
        "outcome": Outcome(stage.outcome).label if stage and stage.outcome else "",  # in the message's language
        "reasons": stage.outcome_reasons if stage else "",
        "remedies": remedies,
        "outstanding_actions": stage.outstanding_actions if stage else "",
        "is_final_stage": not has_next,
        "next_stage_number": (stage.number + 1) if stage else 2,
        "escalation_closes_date": stage.escalation_closes_date if stage else None,
        "hazards": hazard_lines(case),
        "responsible_person": stage.responsible_person if stage else "",
        # Parts split off to be answered with this case, each with the decision its handler recorded (Code 6.7).
        "joint_parts": [
            {
                "title": part.case.title,
                "reference": part.case.reference,
                "outcome": part.outcome,
                "reasons": part.reasons,
                "remedies": _remedy_lines(part.stage),
                "outstanding_actions": part.stage.outstanding_actions if part.stage else "",
            }
            for part in (joint_parts(case, stage.number) if stage else [])
            if part.is_answered
        ],
    }


# The steps as the tenant reads them in a Welsh letter (the English labels are the staff's).
_STEP_CY = {
    Step.INVESTIGATE: "Ymchwilio i'r perygl",
    Step.MAKE_SAFE: "Gwneud eich cartref yn ddiogel",
    Step.SUMMARY: "Ysgrifennu atoch gyda'r hyn a ganfuwyd gennym",
    Step.SAFETY_WORKS: "Dechrau'r gwaith i wneud eich cartref yn ddiogel",
    Step.FURTHER_WORKS: "Dechrau unrhyw waith pellach sydd ei angen",
}
_STEP_EN = {
    Step.INVESTIGATE: "Look into the hazard",
    Step.MAKE_SAFE: "Make your home safe",
    Step.SUMMARY: "Write to you with what we found",
    Step.SAFETY_WORKS: "Start the work to make your home safe",
    Step.FURTHER_WORKS: "Start any further work needed",
}


def hazard_lines(case: Case) -> list[HazardLine]:
    """What was done about each emergency or significant hazard (Awaab's Law), step by step, for the response."""
    lines: list[HazardLine] = []
    for hazard in timed_hazards_of(case):
        steps: list[HazardStepLine] = [
            {
                "label": _STEP_EN[Step(milestone.step)],
                "label_cy": _STEP_CY[Step(milestone.step)],
                "due_at": timezone.localtime(milestone.due_at),
                "due_is_date": milestone.due_is_date,
                "done_at": timezone.localtime(milestone.done_at) if milestone.done_at else None,
                "late": milestone.was_late or (milestone.done_at is None and milestone.due_at < timezone.now()),
            }
            for milestone in hazard.milestones.all()
            if not milestone.not_needed
        ]
        lines.append(
            {
                "severity": hazard.severity,
                "description": hazard.description,
                "steps": steps,
                "accommodation_offered_at": hazard.accommodation_offered_at,
            }
        )
    return lines


def declined_context(event: TimelineEvent) -> DeclinedContext:
    """Not taken forward: the reason and the right to ask the ombudsman (Code 2.4)."""
    case = event.case
    return {**common_context(case, _stage(case)), "reason": case.declined_reason}


def progress_update_context(event: TimelineEvent) -> ProgressUpdateContext:
    """Keeping the customer informed while the complaint is looked into: the officer's own words."""
    case = event.case
    stage = _stage(case)
    return {
        **common_context(case, stage),
        "update": str(event.data.get("update", "")),
        "response_due_date": _still_expected(stage),
    }


def _still_expected(stage: Stage | None) -> date | None:
    """The day we still expect to reply by: the response date, or once that has passed the new date given to the
    customer while it is ahead; None when neither is (a letter never promises a day already gone)."""
    if stage is None or stage.responded_date is not None:
        return None
    today = timezone.localdate()
    if stage.is_reply_late(today):
        return stage.expected_reply_on(today)
    return stage.response_due_date


def new_reply_date_context(event: TimelineEvent) -> NewReplyDateContext:
    """A late response: our apology and the new date we expect to reply by (Code 6.4: keep the resident informed)."""
    case = event.case
    return {
        **common_context(case, _stage(case)),
        "late": str(event.data.get("late") or "response"),
        "response_due_date": date.fromisoformat(str(event.data["response_due"])),
        "new_reply_date": date.fromisoformat(str(event.data["new"])),
    }


def survey_invitation_context(event: TimelineEvent) -> SurveyInvitationContext:
    """At closure: how we handled the complaint, in the customer's words, through the online account's survey."""
    case = event.case
    return {
        **common_context(case, _stage(case)),
        "survey_url": settings.PUTRIGHT_SITE_URL + reverse("portal:survey", args=[case.reference]),
    }


def next_stage_requested_context(event: TimelineEvent) -> NextStageRequestedContext:
    """The customer asked for the next stage in their online account: we have it, dated, and what happens next."""
    case = event.case
    return {
        **common_context(case, _stage(case)),
        "requested_date": date.fromisoformat(str(event.data["requested_on"])),
        "next_stage_number": int(event.data["stage"]),
    }


def portal_request_email(event: TimelineEvent) -> str:
    """The verified address a customer used to ask for something in their online account ("" if not from there)."""
    if not event.data.get("portal") or not event.data.get("request"):
        return ""
    return CustomerRequest.objects.filter(pk=event.data["request"]).values_list("email", flat=True).first() or ""


@dataclass(frozen=True)
class MessageKind:
    """One message the council sends: its template folder, the event that causes it and its context."""

    name: str
    title: str
    context_type: type
    build: Callable[[TimelineEvent], object]
    # Sent at most once per case (a case closed, reopened and closed again invites the customer once).
    once_per_case: bool = False
    # Sent by email to the address the customer used in their online account, whatever their contact method.
    to_portal_email: bool = False

    @property
    def placeholders(self) -> frozenset[str]:
        return frozenset(self.context_type.__required_keys__ | self.context_type.__optional_keys__)  # type: ignore[attr-defined]


MESSAGE_KINDS = {
    kind.name: kind
    for kind in (
        MessageKind("logged", "We have received your complaint", LoggedContext, logged_context),
        MessageKind("acknowledgement", "Acknowledgement", AcknowledgementContext, acknowledgement_context),
        MessageKind(
            "escalation_acknowledgement",
            "Escalation acknowledgement",
            AcknowledgementContext,
            acknowledgement_context,
        ),
        MessageKind("extension", "Extension", ExtensionContext, extension_context),
        MessageKind("stage_response", "Stage response", StageResponseContext, stage_response_context),
        MessageKind("declined", "Not taken forward", DeclinedContext, declined_context),
        MessageKind("progress_update", "Progress update", ProgressUpdateContext, progress_update_context),
        MessageKind("new_reply_date", "A new date for a late reply", NewReplyDateContext, new_reply_date_context),
        MessageKind(
            "survey_invitation",
            "Survey invitation at closure",
            SurveyInvitationContext,
            survey_invitation_context,
            once_per_case=True,
        ),
        MessageKind(
            "next_stage_requested",
            "Next stage request received",
            NextStageRequestedContext,
            next_stage_requested_context,
            to_portal_email=True,
        ),
    )
}


def _answered_by_lead(event: TimelineEvent) -> bool:
    """Whether the event is on a part answered together: logged and responded say so themselves (the link may not
    exist yet, or the lead may have answered already), an acknowledgement asks the split rule."""
    if event.kind == EventKind.ACKNOWLEDGED:
        return answered_with(event.case) is not None
    return bool(event.data.get("answered_with"))


def message_kind_for(event: TimelineEvent) -> MessageKind | None:
    """Which message, if any, an event causes. Acknowledging a later stage is the escalation acknowledgement."""
    kind = event.kind
    if kind in (EventKind.LOGGED, EventKind.ACKNOWLEDGED, EventKind.RESPONDED) and _answered_by_lead(event):
        # A part answered together with another case: the customer hears of it in that case's letters only.
        return None
    if kind == EventKind.LOGGED:
        return MESSAGE_KINDS["logged"]
    if kind == EventKind.ACKNOWLEDGED:
        stage = event.case.current_stage
        is_later_stage = stage is not None and stage.number > 1
        return MESSAGE_KINDS["escalation_acknowledgement" if is_later_stage else "acknowledgement"]
    if kind == EventKind.EXTENDED:
        return MESSAGE_KINDS["extension"]
    if kind == EventKind.RESPONDED:
        return MESSAGE_KINDS["stage_response"]
    if kind == EventKind.DECLINED:
        return MESSAGE_KINDS["declined"]
    if kind == EventKind.PROGRESS_UPDATE:
        return MESSAGE_KINDS["progress_update"]
    if kind == EventKind.NEW_REPLY_DATE and event.data.get("tell_customer"):
        return MESSAGE_KINDS["new_reply_date"]
    if kind == EventKind.CLOSED:
        return MESSAGE_KINDS["survey_invitation"]
    if kind == EventKind.ESCALATION_REQUESTED and event.data.get("portal"):
        return MESSAGE_KINDS["next_stage_requested"]
    return None


def sample_context(name: str) -> dict[str, object]:
    """Made-up values for every placeholder of a message, for previews of administrators' wording."""
    today = timezone.localdate()
    common: CommonContext = {
        "organisation_name": current_organisation().name,
        "organisation_email": "complaints@council.example",
        "organisation_phone": "01234 567890",
        "reference": "PR-2026-00042",
        "case_title": "Repair not done",
        "recipient_name": "Ann Jones",
        "letter_date": today,
        "stage_number": 1,
        "procedure_name": "Complaint Handling Code",
        "handler_name": "Liam Leader",
        "handler_job_title": "Repairs team leader",
        "handler_email": "liam.leader@council.example",
        "handler_phone": "01234 567891",
        "ombudsman_name": Ombudsman.HOUSING.label,
        "ombudsman_website": OMBUDSMAN_WEBSITES[Ombudsman.HOUSING],
    }
    extras: dict[str, object] = {
        "received_date": today,
        "acknowledged_date": today,
        "acknowledge_by_date": today,
        "response_due_date": today,
        "definition": "The roof leak reported in March has not been repaired.",
        "desired_outcome": "Repair the roof and pay for the damaged carpet.",
        "joint_part_titles": ["Noise from the flat upstairs"],
        "complaint_text": "I reported a leaking roof in March and nobody has come.",
        "previous_due_date": today,
        "new_due_date": today,
        "reason": "We are waiting for the roofer's report.",
        "agreed_with_customer": True,
        "customer_agreed_on": today,
        "responded_date": today,
        "outcome": Outcome.PARTLY_UPHELD.label,
        "reasons": "The repair was booked but the contractor did not attend.",
        "remedies": [
            {
                "kind": RemedyType.APOLOGY.label,
                "description": "We apologise for the missed visit.",
                "amount": None,
                "due_date": None,
            },
        ],
        "outstanding_actions": "The roof will be repaired within 10 working days.",
        "is_final_stage": False,
        "next_stage_number": 2,
        "escalation_closes_date": None,
        "joint_parts": [
            {
                "title": "Noise from the flat upstairs",
                "reference": "PR-2026-00043",
                "outcome": Outcome.NOT_UPHELD.label,
                "reasons": "The noise recordings were within the tenancy's limits.",
                "remedies": [],
                "outstanding_actions": "",
            },
        ],
        "update": "The roofer visited on Tuesday and has ordered the tiles.",
        "new_reply_date": today,
        "late": "response",
        "account_url": "https://complaints.council.example/account/sign-in/",
        "survey_url": "https://complaints.council.example/account/cases/PR-2026-00042/feedback/",
        "requested_date": today,
    }
    placeholders = MESSAGE_KINDS[name].placeholders
    return {key: value for key, value in {**common, **extras}.items() if key in placeholders}
