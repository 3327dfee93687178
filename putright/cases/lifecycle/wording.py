"""What the timeline says about each step: one wording for a case worked here and one whose history is written
in bulk (lifecycle.history), so the two read the same."""

from __future__ import annotations

from datetime import date

from django.utils.translation import get_language

from putright.cases.choices import Outcome
from putright.core.text import long_date

# An outcome's words by language: a bulk history (lifecycle.history) names an outcome for every stage it answers.
_OUTCOME_WORDS: dict[tuple[str, str | None], str] = {}


def logged(kind_label: str, logged_from: str, procedure_name: str, started: str = "") -> str:
    return f"{kind_label} logged from {logged_from}, under {procedure_name}.{started}"


def lead_officer(name: object) -> str:
    return f"Lead officer: {name}."


def acknowledged(number: int, acknowledged_on: date, response_due: date, *, late: bool) -> str:
    return (
        f"Stage {number} acknowledged on {long_date(acknowledged_on)}"
        f"{' (late)' if late else ''}; response due {long_date(response_due)}."
    )


def responded(number: int, outcome: str, *, on_time: bool, response_due: date) -> str:
    return (
        f"Stage {number} response: {_outcome_words(outcome)}"
        f" ({'on time' if on_time else 'late'}, due {long_date(response_due)})."
    )


def extended(number: int, previous: date, new_due_date: date, agreed_text: str, reason: str) -> str:
    return (
        f"Stage {number} response date moved from {long_date(previous)} to {long_date(new_due_date)} "
        f"({agreed_text} the customer): {reason}"
    )


def escalated(stage_label: str, requested_on: date, handler: object) -> str:
    return f"Escalated to {stage_label} at the customer's request of {long_date(requested_on)}; handled by {handler}."


def acknowledged_with_lead(lead_reference: str) -> str:
    return f" Answered together with {lead_reference}, so acknowledged with it."


def acknowledged_with_lead_only(reference: str, lead_reference: str) -> str:
    """Why a part answered together is not acknowledged on its own."""
    return (
        f"{reference} is answered together with {lead_reference}, so it is acknowledged when {lead_reference} is "
        f"acknowledged, and the customer reads that one acknowledgement. Acknowledge {lead_reference} instead."
    )


def escalated_parts(references: list[str]) -> str:
    return f" {', '.join(references)}, answered together with this case, moved to the next stage with it."


def escalated_with_lead(lead_reference: str) -> str:
    return f" Answered together with {lead_reference}, so escalated with it."


def escalates_with_lead(reference: str, lead_reference: str) -> str:
    """Why a part answered together is not escalated on its own."""
    return (
        f"{reference} is answered together with {lead_reference}, so it moves to the next stage when "
        f"{lead_reference} is escalated, in one decision. Escalate {lead_reference} instead."
    )


def closed(note: str) -> str:
    return f"Closed.{' ' + note if note else ''}"


def declined(reason: str) -> str:
    return f"Declined: {reason}"


def withdrawn(note: str) -> str:
    return f"Withdrawn by the customer.{' ' + note if note else ''}"


def merged_into(reference: str, note: str) -> str:
    return f"Merged into {reference}.{' ' + note if note else ''}"


def merged_from(reference: str) -> str:
    return f"{reference} was merged into this case."


def new_reply_date(number: int, late: str, was_due: date, new_date: date, *, told: bool) -> str:
    doing = "acknowledge" if late == "acknowledgement" else "reply"
    return (
        f"Stage {number} {late} is late (due {long_date(was_due)}): we now expect to {doing} by "
        f"{long_date(new_date)}{'; the customer was sent the new date' if told else ''}."
    )


def _outcome_words(outcome: str) -> str:
    key = (outcome, get_language())
    words = _OUTCOME_WORDS.get(key)
    if words is None:
        words = _OUTCOME_WORDS[key] = Outcome(outcome).label.lower()
    return words
