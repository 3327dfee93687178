"""A late acknowledgement or response: the new date the handler gives the customer once its date has passed.

An extension (Code 6.4) is agreed *before* the date passes and moves the response date. Once it has passed, the
response is late whatever happens next, so the response date stays as it was (reports count the response as
late) and the customer is told, with an apology, when we now expect to reply (Code 6.4 and 6.13: keep the
resident informed, and give a new date). An acknowledgement whose date has passed is late by the same rule
(`Stage.late_step`), and the customer is owed the same apology and a new date.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

import putright.cases.lifecycle.wording as wording
from putright.cases import events
from putright.cases.choices import EventKind
from putright.cases.lifecycle.clock import refuse_non_working_day, stage_calendar
from putright.cases.lifecycle.transitions import _current_stage, _today, lock_case, save_case
from putright.cases.models import Case, Stage
from putright.core.errors import TransitionError
from putright.organisation.models import User


def give_new_reply_date(
    *,
    case: Case,
    actor: User,
    new_date: date,
    tell_customer: bool,
    expected_version: int | None = None,
    today: date | None = None,
) -> Case:
    """Record the date we now expect to send a late acknowledgement or response (whichever `Stage.late_step` says
    is late), on the customer's timeline; with `tell_customer`, the customer is also sent the "new date for our
    reply" letter or email (after the change commits)."""
    today = _today(today)
    with transaction.atomic():
        case = lock_case(case, expected_version)
        if not case.is_open:
            raise TransitionError(f"{case.reference} is {case.get_status_display().lower()}: no response is due")
        stage = _current_stage(case)
        late = stage.late_step(today)
        if not late:
            raise TransitionError(
                "Neither the acknowledgement nor the response is late: to move the response date before it passes, "
                "extend the deadline instead"
            )
        if new_date < today:
            raise TransitionError("The new date must be today or later", "new_date")
        refuse_non_working_day(new_date, "new_date", calendar=stage_calendar(stage))
        stage.expected_reply_date = new_date
        stage.save(update_fields=["expected_reply_date"])
        save_case(case)
        events.record(
            case,
            EventKind.NEW_REPLY_DATE,
            wording.new_reply_date(stage.number, late, _late_date(stage, late), new_date, told=tell_customer),
            actor=actor,
            # The customer's history lists only the dates they were told of; the staff timeline keeps every one.
            visible_to_customer=tell_customer,
            data={
                "stage": stage.number,
                "late": late,
                "response_due": _late_date(stage, late).isoformat(),
                "new": new_date.isoformat(),
                "tell_customer": tell_customer,
            },
        )
    return case


def _late_date(stage: Stage, late: str) -> date:
    """The date that passed: the acknowledgement's or the response's."""
    if late == "acknowledgement" and stage.acknowledge_due_date is not None:
        return stage.acknowledge_due_date
    return stage.response_due_date
