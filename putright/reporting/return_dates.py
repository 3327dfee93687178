"""The dates the organisation's returns and publications are due, and reminders of those coming up or missed
(docs/rules.md, "Return dates"). Reads and writes for `ReturnDate`."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet

from putright.core.errors import RuleError
from putright.core.periods import FIRST_YEAR, financial_year
from putright.organisation.models import User
from putright.reporting.choices import ReturnKind
from putright.reporting.models import ReturnDate

QUARTERLY = (ReturnKind.SPSO_QUARTERLY, ReturnKind.PSOW_QUARTERLY)


def set_return_date(*, kind: ReturnKind, year: int, quarter: int | None, due_date: date, actor: User) -> ReturnDate:
    """Record (or move) the date one return is due. A quarterly return needs its quarter; an annual one has none."""
    if year < FIRST_YEAR:
        raise RuleError(f"The first year PutRight reports is {FIRST_YEAR}", "year")
    if kind in QUARTERLY and quarter not in (1, 2, 3, 4):
        raise RuleError("Choose the quarter the figures are for", "quarter")
    if kind not in QUARTERLY and quarter is not None:
        raise RuleError("This return is made once a year: leave the quarter empty", "quarter")
    if due_date < financial_year(year).start:
        raise RuleError("The due date must be after the start of the year the return is for", "due_date")
    with transaction.atomic():
        made, _created = ReturnDate.objects.update_or_create(
            kind=kind, year=year, quarter=quarter, defaults={"due_date": due_date, "entered_by": actor}
        )
    return made


def mark_done(*, item: ReturnDate, done_on: date, actor: User, today: date) -> ReturnDate:
    if done_on > today:
        raise RuleError("The date it was done must be today or in the past", "done_on")
    with transaction.atomic():
        item.done_on = done_on
        item.entered_by = actor
        item.save(update_fields=["done_on", "entered_by", "entered_at"])
    return item


def return_dates() -> QuerySet[ReturnDate]:
    return ReturnDate.objects.order_by("-year", "due_date", "pk")


def return_dates_to_mark() -> QuerySet[ReturnDate]:
    """The returns a manager may mark done: those not done yet first (soonest due first), then those done, whose
    date may be corrected."""
    return ReturnDate.objects.order_by(F("done_on").asc(nulls_first=True), "due_date", "pk")


def remind_days_before() -> int:
    """How many days before its date a return is flagged and managers are emailed (PUTRIGHT_RETURN_REMINDER_DAYS,
    30 unless set)."""
    return int(settings.PUTRIGHT_RETURN_REMINDER_DAYS)


def due_soon_or_missed(today: date) -> QuerySet[ReturnDate]:
    """Returns not yet done that are due within the reminder window or already past their date, soonest first."""
    return ReturnDate.objects.filter(
        done_on__isnull=True, due_date__lte=today + timedelta(days=remind_days_before())
    ).order_by("due_date", "pk")
