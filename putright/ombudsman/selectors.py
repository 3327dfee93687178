"""Reads for the ombudsman stage, scoped to the cases the reader may see."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.urls import reverse

from putright.cases.access import cases_visible_to
from putright.cases.first_screen import DueItem
from putright.cases.models import Case
from putright.cases.outstanding import DUE_ORDER, OUTSTANDING, OwedRemedy, RemedyFigures, figures_of, overdue_on
from putright.cases.today import SHOWN, DueLine, DueSection
from putright.core.prepared import PreparedRead
from putright.ombudsman.models import OmbudsmanReferral, OmbudsmanRemedy
from putright.organisation.models import User


def referrals_visible_to(user: User) -> QuerySet[OmbudsmanReferral]:
    return OmbudsmanReferral.objects.filter(case__in=cases_visible_to(user).values("pk"))


# The ombudsman asked for our reply by a date, and we have not yet replied.
REPLY_OWED = Q(response_due_date__isnull=False, responded_date__isnull=True)


def reply_overdue_on(today: date) -> Q:
    return REPLY_OWED & Q(response_due_date__lt=today)


def with_reply_overdue(referrals: QuerySet[OmbudsmanReferral], today: date) -> QuerySet[OmbudsmanReferral]:
    """Each referral with `reply_overdue`: our reply to the ombudsman's enquiry was due before `today`, not sent."""
    return referrals.annotate(reply_overdue=ExpressionWrapper(reply_overdue_on(today), output_field=BooleanField()))


def annotated_overdue(referral: OmbudsmanReferral) -> bool:
    """The `reply_overdue` that `with_reply_overdue` put on the referral."""
    return bool(referral.reply_overdue)  # type: ignore[attr-defined]


def referrals_for_list(user: User, today: date) -> QuerySet[OmbudsmanReferral]:
    """The referrals this reader may see, newest first, each with `reply_overdue`."""
    return with_reply_overdue(referrals_visible_to(user).select_related("case"), today).order_by(
        "-referred_date", "-pk"
    )


def awaiting_for_list(user: User, today: date) -> QuerySet[OmbudsmanReferral]:
    """The referrals awaiting a decision that this reader may see, each with `reply_overdue`: those whose reply we
    still owe first, soonest due first (so the overdue ones lead), then the rest, newest first."""
    owed_first = models.Case(When(REPLY_OWED, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        with_reply_overdue(referrals_visible_to(user).filter(decision="").select_related("case"), today)
        .annotate(owed_first=owed_first)
        .order_by("owed_first", F("response_due_date").asc(nulls_last=True), "-referred_date", "-pk")
    )


def replies_owed(user: User, *, scope: str, last: date, today: date) -> QuerySet[OmbudsmanReferral]:
    """Replies to an ombudsman's enquiry still owed and due by `last` (overdue ones included), soonest first, each
    with `reply_overdue`: `all` (the complaints team) on every case they may open; otherwise on cases the user
    leads (the lead officer answers for them, as the alerts say)."""
    referrals = referrals_visible_to(user).filter(REPLY_OWED, response_due_date__lte=last)
    if scope != "all" or not user.sees_whole_queue:
        referrals = referrals.filter(case__lead_officer=user)
    return with_reply_overdue(referrals.select_related("case"), today).order_by("response_due_date", "pk")


def reply_what(referral: OmbudsmanReferral) -> str:
    reference = f" ({referral.ombudsman_reference})" if referral.ombudsman_reference else ""
    return f"Our reply to the {referral.get_ombudsman_display()}'s enquiry{reference}"


def today_section(user: User, scope: str, today: date, last: date) -> DueSection | None:
    """The staff home page's list of ombudsman replies due (added in AppConfig.ready()). The complaints team opens
    the case's ombudsman page; a lead officer, who may not, opens the case."""
    owed = list(replies_owed(user, scope=scope, last=last, today=today)[:SHOWN])
    if not owed:
        return None
    lines = [
        DueLine(
            reference=referral.case.reference,
            what=reply_what(referral),
            due=referral.response_due_date,
            overdue=annotated_overdue(referral),
            url=reverse("ombudsman:case" if user.sees_whole_queue else "cases:detail", args=[referral.case.reference]),
        )
        for referral in owed
        if referral.response_due_date is not None
    ]
    return DueSection(heading="Ombudsman enquiries: our reply due", lines=lines)


# The case page's section for replies owed on a case (`cases.page_contents.add_section`): most cases have none.
REPLIES_OWED_SECTION = "ombudsman_replies_owed"


def replies_owed_on_case(case_id: Any) -> QuerySet[OmbudsmanReferral]:
    """Referrals of the case whose reply to the ombudsman's enquiry is owed (a case id, or a reference to one)."""
    return OmbudsmanReferral.objects.filter(REPLY_OWED, case_id=case_id)


def _replies_owed_on(case_id: int, today: date) -> QuerySet[OmbudsmanReferral]:
    return with_reply_overdue(replies_owed_on_case(case_id), today).order_by("response_due_date", "pk")


# Asked on every case page, and most cases have no referral: built into SQL once (`core.prepared`).
_REPLIES_OWED_ON = PreparedRead(_replies_owed_on, int, date)


def case_due_items(case: Case, today: date) -> list[DueItem]:
    """The case page's "What is due" lines for replies owed to an ombudsman (added in AppConfig.ready())."""
    owed = _REPLIES_OWED_ON(case.pk, today)
    return [DueItem(reply_what(referral), referral.response_due_date, annotated_overdue(referral)) for referral in owed]


def replies_due_by(last: date) -> QuerySet[OmbudsmanReferral]:
    """Every referral whose reply to the ombudsman is owed by `last`, overdue ones included, with the people an alert
    goes to (for the daily alert job: a system read, not scoped to a user)."""
    return (
        OmbudsmanReferral.objects.filter(REPLY_OWED, response_due_date__lte=last)
        .select_related("case__lead_officer", "created_by")
        .order_by("response_due_date", "pk")
    )


def get_referral_for(user: User, reference: str, referral_id: int) -> OmbudsmanReferral:
    """The referral if it belongs to this case and the user may see the case; otherwise a 404."""
    referral = (
        referrals_visible_to(user)
        .select_related("case")
        .filter(pk=referral_id, case__reference=reference.strip().upper())
        .first()
    )
    if referral is None:
        raise Http404("No such referral")
    return referral


def get_remedy_for(user: User, referral: OmbudsmanReferral, remedy_id: int) -> OmbudsmanRemedy:
    remedy = OmbudsmanRemedy.objects.filter(referral=referral, pk=remedy_id).select_related("referral__case").first()
    if remedy is None:
        raise Http404("No such remedy")
    return remedy


def remedies_overdue(user: User, today: date) -> QuerySet[OmbudsmanRemedy]:
    """Ombudsman orders and recommendations past their due date and not yet done."""
    return (
        OmbudsmanRemedy.objects.filter(overdue_on(today), referral__in=referrals_visible_to(user).values("pk"))
        .select_related("referral__case")
        .order_by(*DUE_ORDER)
    )


def remedies_due_between(first: date, last: date) -> QuerySet[OmbudsmanRemedy]:
    """Every ombudsman order or recommendation not yet done and due from `first` to `last`, with the people an alert
    goes to, in one query (for the daily alert job: a system read, not scoped to a user)."""
    return (
        OmbudsmanRemedy.objects.filter(completed_date__isnull=True, due_date__gte=first, due_date__lte=last)
        .select_related("referral__case__lead_officer", "referral__case__service_area", "referral__created_by")
        .order_by("due_date", "pk")
    )


def remedies_outstanding(user: User, *, scope: str) -> QuerySet[OmbudsmanRemedy]:
    """Ombudsman orders and recommendations not yet done, on cases the user may open: `all` (the complaints team)
    every one; otherwise those on cases the user leads (the lead officer answers for them, as the alerts say)."""
    remedies = OmbudsmanRemedy.objects.filter(OUTSTANDING, referral__in=referrals_visible_to(user).values("pk"))
    if scope != "all" or not user.sees_whole_queue:
        remedies = remedies.filter(referral__case__lead_officer=user)
    return remedies.select_related("referral__case__lead_officer").order_by(*DUE_ORDER)


def remedy_lines(user: User, scope: str, first: int) -> list[OwedRemedy]:
    """The outstanding remedies page's lines for ombudsman remedies (added in AppConfig.ready()). Only those who
    liaise with the ombudsman record one as done (`User.sees_whole_queue`)."""
    lines = []
    for remedy in remedies_outstanding(user, scope=scope)[:first]:
        referral = remedy.referral
        case = referral.case
        reference = f" ({referral.ombudsman_reference})" if referral.ombudsman_reference else ""
        done_url = reverse("ombudsman:complete_remedy", args=[case.reference, referral.pk, remedy.pk])
        lines.append(
            OwedRemedy(
                case=case,
                where=f"{referral.get_ombudsman_display()}{reference}",
                what=f"Ombudsman {remedy.get_kind_display().lower()}",
                amount=remedy.amount,
                description=remedy.description,
                owner=case.lead_officer,
                due_date=remedy.due_date,
                done_url=done_url if user.sees_whole_queue else "",
                pk=remedy.pk,
            )
        )
    return lines


def remedy_figures(cases: QuerySet[Case], today: date) -> RemedyFigures:
    """How the ombudsman remedies on these cases stand today (counted like the remedies in responses)."""
    # Each remedy asked whether its case is among `cases` (there are far fewer than cases), not every case read first.
    return figures_of(OmbudsmanRemedy.objects.filter(Exists(cases.filter(pk=OuterRef("referral__case_id")))), today)
