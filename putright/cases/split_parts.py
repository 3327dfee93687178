"""Parts split from a case, and which of them the case answers in its own response.

When an officer splits an issue out of a multi-issue complaint they choose: the new case (the part) is answered
together with the case it came from (the lead), in one response, or separately. A part answered together records
its decision on its own case, but the customer reads it in the lead's response (Complaint Handling Code 6.7:
one response covering each point; docs/rules.md "Split complaints answered together").
"""

from __future__ import annotations

from dataclasses import dataclass

from putright.cases.access import cases_visible_to
from putright.cases.choices import OPEN_STATUSES, LinkKind, Outcome
from putright.cases.models import Case, CaseLink, Stage
from putright.organisation.models import User


@dataclass(frozen=True)
class SplitPart:
    """One part split from a lead case, with its decision at the lead's stage (empty when not yet answered)."""

    case: Case
    answered_together: bool
    outcome: str
    reasons: str
    stage: Stage | None = None  # the part's stage with the decision, for its remedies and outstanding actions

    @property
    def is_answered(self) -> bool:
        return bool(self.outcome)

    @property
    def is_open(self) -> bool:
        return self.case.status in OPEN_STATUSES

    @property
    def is_waiting(self) -> bool:
        """Answered together, still being worked and without a decision: the lead's response would leave it out."""
        return self.answered_together and not self.is_answered and self.is_open


def _stage_number(lead: Case, stage_number: int | None) -> int:
    if stage_number is not None:
        return stage_number
    stage = lead.current_stage
    return stage.number if stage is not None else 1


def split_parts(lead: Case, stage_number: int | None = None) -> list[SplitPart]:
    """Every part split from `lead`, oldest first, with its decision at the lead's (current) stage."""
    number = _stage_number(lead, stage_number)
    links = list(
        CaseLink.objects.filter(to_case=lead, kind=LinkKind.SPLIT_FROM)
        .select_related("from_case")
        .order_by("created_at", "id")
    )
    decided = {
        stage.case_id: stage
        for stage in Stage.objects.filter(
            case__in=[link.from_case_id for link in links], number=number, responded_date__isnull=False
        ).exclude(outcome="")
    }
    parts = []
    for link in links:
        stage = decided.get(link.from_case_id)
        parts.append(
            SplitPart(
                case=link.from_case,
                answered_together=link.answered_together,
                outcome=str(Outcome(stage.outcome).label) if stage else "",
                reasons=stage.outcome_reasons if stage else "",
                stage=stage,
            )
        )
    return parts


def joint_parts(lead: Case, stage_number: int | None = None) -> list[SplitPart]:
    """The parts the lead answers in its own response."""
    return [part for part in split_parts(lead, stage_number) if part.answered_together]


def joint_lead(part: Case) -> Case | None:
    """The case that answers this part in its response, if the part was split off to be answered together."""
    link = (
        CaseLink.objects.filter(from_case=part, kind=LinkKind.SPLIT_FROM, answered_together=True)
        .select_related("to_case__current_stage")
        .first()
    )
    return link.to_case if link else None


def lead_still_to_answer(lead: Case, stage_number: int) -> bool:
    """Whether the lead's response at this stage is still to come (so a part's decision can go in it)."""
    stage = lead.current_stage
    return lead.status in OPEN_STATUSES and stage is not None and stage.number == stage_number


def visible_case_ids(user: User, parts: list[SplitPart]) -> set[int]:
    """The parts this reader may see: a restricted part shows neither its title nor its decision to others."""
    return set(cases_visible_to(user).filter(pk__in=[part.case.pk for part in parts]).values_list("pk", flat=True))


def split_summary(case: Case, user: User) -> dict[str, object]:
    """What the case page shows: the parts split from this case and how each is answered, and for a part answered
    together, the case whose response carries its decision."""
    parts = split_parts(case)
    lead = joint_lead(case)
    return {
        "parts": parts,
        "visible": visible_case_ids(user, parts),
        "lead": lead,
        "lead_visible": lead is not None and cases_visible_to(user).filter(pk=lead.pk).exists(),
    }
