"""What a signed-in customer may do on their own case now: send more information, ask for a call back, ask for the
next stage (and why not), withdraw, answer the survey. Reads only; the changes are in `services.account`, which
refuses what these say no to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from putright.cases import lifecycle
from putright.cases.choices import CaseStatus
from putright.cases.models import Case, CustomerRequest, Stage
from putright.portal.models import SatisfactionResponse

PORTAL = "portal"  # the key in TimelineEvent.data that marks what the customer did in their account
SURVEY_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.DECLINED})


@dataclass(frozen=True)
class EscalationOption:
    """Whether the customer may ask for the next stage now and, if not, why (`reason`) and where to go instead."""

    # "" when they may ask; else "not_answered", "final_stage", "window_closed", "asked", "ended", or "with_lead"
    # (a part answered together: asked for on the case that answered it, `CustomerCase.answered_with`)
    reason: str
    current_stage_number: int | None
    next_stage_number: int | None
    closes_date: date | None
    asked_on: date | None

    @property
    def may_ask(self) -> bool:
        return self.reason == ""

    @property
    def shows_ombudsman(self) -> bool:
        return self.reason in ("final_stage", "window_closed")


def escalation_request(case: Case, stage_number: int) -> CustomerRequest | None:
    return (
        CustomerRequest.objects.filter(case=case, kind=CustomerRequest.Kind.ESCALATION, stage_number=stage_number)
        .order_by("created_at")
        .first()
    )


def escalation_option(case: Case, today: date) -> EscalationOption:
    """Whether the customer may ask for the next stage today: the lifecycle's rule (`escalation_refusal`), and not
    twice for the same stage."""
    stage: Stage | None = case.current_stage
    number = stage.number if stage else None
    reason = lifecycle.escalation_refusal(case, requested_on=today)
    if stage is None or not case.is_complaint or case.procedure_version_id is None:
        return EscalationOption(reason, number, None, None, None)  # "ended": no stages to go through
    next_rule = lifecycle.next_stage_rule(stage)
    asked = escalation_request(case, stage.number)
    if asked is not None and reason in ("", "window_closed"):
        reason = "asked"
    asked_on = timezone.localtime(asked.created_at).date() if asked else None
    next_number = next_rule.number if next_rule else None
    return EscalationOption(reason, number, next_number, stage.escalation_closes_date, asked_on)


def may_add_information(case: Case) -> bool:
    """While the case is still being dealt with: open, or answered and the customer may still come back."""
    return case.is_active


def may_ask_for_callback(case: Case) -> bool:
    """While the case is still being dealt with, as for sending more information."""
    return case.is_active


def may_withdraw(case: Case) -> bool:
    """A complaint still being dealt with, or answered at a stage with another after it. Not once we have sent our
    final response: there is nothing left to withdraw from (the ombudsman is next)."""
    if not case.is_complaint or "withdraw" not in lifecycle.allowed_actions(case):
        return False
    return lifecycle.escalation_refusal(case, requested_on=timezone.localdate()) != "final_stage"


def survey_open(case: Case) -> bool:
    """The survey is for complaints that have closed (or were not taken forward)."""
    return case.is_complaint and case.status in SURVEY_STATUSES


def may_answer_survey(case: Case) -> bool:
    return survey_open(case) and not has_answered_survey(case)


def has_answered_survey(case: Case) -> bool:
    return SatisfactionResponse.objects.filter(case=case).exists()
