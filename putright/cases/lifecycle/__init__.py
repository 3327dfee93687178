"""The only code that changes a case's status.

Each function locks the case, checks the transition against TRANSITIONS, changes the rows, and writes the
timeline event in the same transaction. A stale `expected_version` (another officer changed the case after
this one opened it) raises ConflictError and saves nothing.

The package: `transitions` (the table and the case lock), `clock` (deadlines, what is due next, the escalation
window), `opening` (new cases), `stages` (working a stage, ending and reopening), `late` (the new date given for a
late response), `links` (merge, split), `history` (a case's past written in bulk: the demo and imported cases) and
`wording` (what the timeline says about each step). Everything is imported from here.
"""

from __future__ import annotations

from putright.cases.lifecycle import wording
from putright.cases.lifecycle.clock import (
    compute_deadlines,
    escalation_closes_for,
    escalation_refusal,
    next_due,
    recount_deadlines,
    refresh_escalation_window,
    refresh_next_due,
    start_clock_at_agreed_statement,
)
from putright.cases.lifecycle.early import early_resolution_until, may_resolve_early, resolve_early
from putright.cases.lifecycle.history import (
    History,
    imported_case_status,
    imported_stage_status,
    refresh_imported_next_due,
    set_imported_current_stages,
    set_imported_stage_dates,
)
from putright.cases.lifecycle.late import give_new_reply_date
from putright.cases.lifecycle.links import merge, split
from putright.cases.lifecycle.opening import (
    CaseDetails,
    next_reference,
    next_references,
    open_case,
)
from putright.cases.lifecycle.stages import (
    RemedyDetails,
    acknowledge,
    check_remedy,
    close,
    decline,
    escalate,
    extend,
    reopen,
    respond,
    start_investigation,
    withdraw,
)
from putright.cases.lifecycle.transitions import (
    ACTION_NAMES,
    REMEDY_ASSIGNED,
    STAGE_HANDLER_ASSIGNED,
    TRANSITIONS,
    TRANSITIONS_WITHOUT_PROCEDURE,
    allowed_actions,
    escalation_unavailable_reasons,
    hand_stage_to,
    is_final_stage,
    lock_case,
    next_stage_rule,
    next_stage_rules,
    save_case,
    set_current_stage,
    unavailable_reason,
)
from putright.core.errors import ConflictError, TransitionError

__all__ = [
    "ACTION_NAMES",
    "REMEDY_ASSIGNED",
    "STAGE_HANDLER_ASSIGNED",
    "TRANSITIONS",
    "TRANSITIONS_WITHOUT_PROCEDURE",
    "CaseDetails",
    "ConflictError",
    "History",
    "RemedyDetails",
    "TransitionError",
    "acknowledge",
    "allowed_actions",
    "check_remedy",
    "close",
    "compute_deadlines",
    "decline",
    "early_resolution_until",
    "escalate",
    "escalation_closes_for",
    "escalation_refusal",
    "escalation_unavailable_reasons",
    "extend",
    "give_new_reply_date",
    "hand_stage_to",
    "imported_case_status",
    "imported_stage_status",
    "is_final_stage",
    "lock_case",
    "may_resolve_early",
    "merge",
    "next_due",
    "next_reference",
    "next_references",
    "next_stage_rule",
    "next_stage_rules",
    "open_case",
    "recount_deadlines",
    "refresh_escalation_window",
    "refresh_imported_next_due",
    "refresh_next_due",
    "reopen",
    "resolve_early",
    "respond",
    "save_case",
    "set_current_stage",
    "set_imported_current_stages",
    "set_imported_stage_dates",
    "split",
    "start_clock_at_agreed_statement",
    "start_investigation",
    "unavailable_reason",
    "withdraw",
    "wording",
]
