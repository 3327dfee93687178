"""Emails about the work a response depends on or promises: contributions asked of other services, and remedies.

- When a contribution is asked for, the officer asked (or, with nobody named, the service's heads of service, else
  the complaints mailbox) gets an email saying what is needed and by when.
- Each working day (scheduler), an open case with no contact with the customer for PUTRIGHT_NO_CONTACT_WORKING_DAYS
  working days reminds its officer to send a progress update: once for each silence, not every day.
- Each working day (scheduler), a contribution not yet given, or a remedy not yet carried out, that is due within
  PUTRIGHT_DUE_SOON_WORKING_DAYS working days or overdue, is sent to whoever it is asked of or owned by.

Every email is an outbox row with a once-only key (item, recipient, day), so a second run on the same day records
nothing more. Items on cases that have ended (closed, declined, merged) are not chased for contributions: the case
closed with a confirmed reason. Remedies are chased whatever the case's status: a promise outlives the case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from putright.cases.access import can_see
from putright.cases.choices import ACTIVE_STATUSES, OPEN_STATUSES, EventKind
from putright.cases.models import Case, Contribution, CustomerRequest, Remedy, Stage
from putright.notifications.alerts.deadlines import escalation_cutoff, officer_for
from putright.notifications.outbound.staff import (
    Recipient,
    Recorded,
    mailbox_recipient,
    person_recipient,
    queue_staff_email_once,
    record_alert,
)
from putright.notifications.selectors import heads_of_service_by_service
from putright.organisation.models import Organisation, User
from putright.organisation.selectors import current_organisation
from putright.procedures.selectors import calendar_for, due_soon_limit

CONTRIBUTION_REQUESTED = "staff_contribution_requested"
CONTRIBUTION_DUE = "staff_contribution_due"
REMEDY_DUE = "staff_remedy_due"
NO_CONTACT = "staff_no_contact"
# What counts as contact with the customer: anything on their own timeline (letters, their requests and emails,
# progress updates), and calls either way.
CONTACT = Q(events__is_visible_to_customer=True) | Q(events__kind=EventKind.CALL_LOGGED)


def _allowed(user: User | None, case: Case, why: str) -> Recipient | None:
    """An emailable member of staff who may open the case (a restricted case stays with those allowed to see it)."""
    recipient = person_recipient(user, why)
    return recipient if recipient is not None and user is not None and can_see(user, case) else None


def contribution_recipients(contribution: Contribution, organisation: Organisation) -> list[Recipient]:
    case = contribution.case
    named = _allowed(contribution.requested_from, case, "You were asked for this contribution.")
    if named is not None:
        return [named]
    heads = heads_of_service_by_service([contribution.service_area_id]).get(contribution.service_area_id, [])
    found = [_allowed(head, case, "You are head of the service asked to contribute.") for head in heads]
    people = [recipient for recipient in found if recipient is not None]
    if people:
        return people
    mailbox = mailbox_recipient(organisation, "Nobody in the service could be emailed.")
    return [mailbox] if mailbox else []


def remedy_recipients(remedy: Remedy, organisation: Organisation) -> list[Recipient]:
    case = remedy.stage.case
    owner = _allowed(remedy.owner, case, "You own this remedy.") or _allowed(
        officer_for(case), case, "Nobody owns this remedy, and you answer for the case."
    )
    if owner is not None:
        return [owner]
    mailbox = mailbox_recipient(organisation, "Nobody owns this remedy.")
    return [mailbox] if mailbox else []


def _case_url(case: Case) -> str:
    return settings.PUTRIGHT_SITE_URL + reverse("cases:detail", args=[case.reference])


def _tell(template: str, item: object, recipient: Recipient, case: Case, context: dict[str, Any]) -> None:
    """Queue one staff email about `item` on `case`, once per item and recipient, with the case and its link."""
    queue_staff_email_once(
        key=f"{template}:{item}:{recipient.key}",
        template=template,
        recipient=recipient,
        case=case,
        context={
            "reference": case.reference,
            "case_title": case.title,
            "case_url": _case_url(case),
            **context,
        },
    )


def tell_contributor(contribution: Contribution) -> None:
    """Email the request for a contribution; call inside the transaction that records it."""
    organisation = current_organisation()
    case = contribution.case
    for recipient in contribution_recipients(contribution, organisation):
        _tell(
            CONTRIBUTION_REQUESTED,
            contribution.pk,
            recipient,
            case,
            {
                "service_name": contribution.service_area.name,
                "request_note": contribution.request_note,
                "due_date": contribution.due_date,
                "requested_by": str(contribution.requested_by),
                "queue_url": settings.PUTRIGHT_SITE_URL + reverse("cases:my_contributions"),
            },
        )


@dataclass
class WorkAlertRun:
    contributions: int = 0
    remedies: int = 0
    no_contact: int = 0
    already: int = 0
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.contributions} contribution, {self.remedies} remedy and {self.no_contact} no-contact alert(s)"
        text += " recorded"
        text += f"; {self.already} already sent"
        return text + (f"; failed for {', '.join(self.failed)}" if self.failed else "")


def send_work_alerts(*, today: date) -> WorkAlertRun:
    """Record today's due-soon and overdue alerts for contributions and remedies; sent after each commits."""
    organisation = current_organisation()
    calendar = calendar_for(organisation)
    result = WorkAlertRun()
    if not calendar.is_working_day(today):
        return result
    soon = due_soon_limit(today, calendar)
    contributions = (
        Contribution.objects.filter(received_at__isnull=True, due_date__lte=soon)
        .filter(case__status__in=sorted(ACTIVE_STATUSES))
        .select_related("case__lead_officer", "case__current_stage__handler", "service_area", "requested_from")
        .order_by("due_date", "pk")
    )
    for contribution in contributions:
        context = {
            "service_name": contribution.service_area.name,
            "what": contribution.request_note,
            "due_date": contribution.due_date,
            "queue_url": settings.PUTRIGHT_SITE_URL + reverse("cases:my_contributions"),
        }
        for recipient in contribution_recipients(contribution, organisation):
            sent = _alert(CONTRIBUTION_DUE, f"c{contribution.pk}", contribution.case, recipient, context, today)
            _count(result, sent, "contributions", contribution.case)
    remedies = (
        Remedy.objects.filter(completed_date__isnull=True, due_date__lte=soon)
        .select_related("stage__case__lead_officer", "stage__case__current_stage__handler", "owner")
        .order_by("due_date", "pk")
    )
    for remedy in remedies:
        context = {
            "what": f"{remedy.get_remedy_type_display()}: {remedy.description}",
            "due_date": remedy.due_date,
            "queue_url": settings.PUTRIGHT_SITE_URL + reverse("cases:outstanding_remedies"),
        }
        for recipient in remedy_recipients(remedy, organisation):
            sent = _alert(REMEDY_DUE, f"r{remedy.pk}", remedy.stage.case, recipient, context, today)
            _count(result, sent, "remedies", remedy.stage.case)
    _no_contact_reminders(today, escalation_cutoff(today, calendar, settings.PUTRIGHT_NO_CONTACT_WORKING_DAYS), result)
    return result


def quiet_cases(since: datetime) -> QuerySet[Case]:
    """Open cases whose last contact with the customer was before `since`, with when it was."""
    return (
        Case.objects.filter(status__in=OPEN_STATUSES, customer__isnull=False)
        .annotate(last_contact_at=Max("events__occurred_at", filter=CONTACT))
        .filter(last_contact_at__lt=since)
        .select_related("lead_officer", "current_stage__handler")
        .order_by("last_contact_at", "pk")
    )


def _no_contact_reminders(today: date, cutoff: date, result: WorkAlertRun) -> None:
    # A contact on the cutoff day is more than the allowed working days behind today (`escalation_cutoff`).
    since = timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min))
    organisation = current_organisation()
    for case in quiet_cases(since):
        recipient = person_recipient(officer_for(case), "You answer for this case.") or mailbox_recipient(
            organisation, "The case has no officer with an email address."
        )
        if recipient is None:
            continue
        last = timezone.localtime(case.last_contact_at).date()  # type: ignore[attr-defined]
        working_days = settings.PUTRIGHT_NO_CONTACT_WORKING_DAYS
        context = {"due_date": last, "last_contact_date": last, "working_days": working_days}
        # Keyed by the last contact, not the day: one reminder for each silence.
        sent = _alert(NO_CONTACT, f"n{case.pk}:{last}", case, recipient, context, None)
        _count(result, sent, "no_contact", case)


def _alert(
    kind: str, item: str, case: Case, recipient: Recipient, extra: dict[str, Any], today: date | None
) -> Recorded:
    """Record one alert (see `record_alert`). With no `today`, once only; else once a day."""
    context = {
        "reference": case.reference,
        "case_title": case.title,
        "is_overdue": today is not None and extra["due_date"] < today,
        "case_url": _case_url(case),
        **extra,
    }
    return record_alert(
        about=f"the {kind} alert for {case.reference}",
        key=f"{kind}:{item}:{recipient.key}" + (f":{today}" if today else ""),
        template=kind,
        recipient=recipient,
        case=case,
        context=context,
    )


def _count(result: WorkAlertRun, sent: Recorded, what: str, case: Case) -> None:
    if sent is Recorded.FAILED:
        result.failed.append(case.reference)
    elif sent is Recorded.RECORDED:
        setattr(result, what, getattr(result, what) + 1)
    else:
        result.already += 1


def scheduled_work_alerts(now: datetime) -> str:
    """The scheduler's entry point: today's alerts, as one line for the run's record."""
    return str(send_work_alerts(today=timezone.localtime(now).date()))


REQUEST_TEMPLATE = "staff_customer_request"


def tell_staff_of_request(request: CustomerRequest) -> None:
    """Email the officer answering for the case (else the complaints mailbox) about a new customer request;
    subscribed to `cases.requests.REQUEST_RAISED`, so it runs inside the request's transaction."""
    case = request.case
    organisation = current_organisation()
    recipient = person_recipient(officer_for(case), "You answer for this case.") or mailbox_recipient(
        organisation, "The case has no officer with an email address."
    )
    if recipient is None:
        return  # nobody to email: the request still waits in the requests queue and on the case
    queue_staff_email_once(
        key=f"customer_request:{request.pk}",
        template=REQUEST_TEMPLATE,
        recipient=recipient,
        case=case,
        context={
            "reference": case.reference,
            "case_title": case.title,
            "what": request.due_label,
            "kind": request.kind,
            "text": request.text,
            "phone": request.phone,
            "preferred_times": request.preferred_times,
            "received_date": request.received_date,
            "due_date": request.due_date,
            "case_url": settings.PUTRIGHT_SITE_URL + reverse("cases:detail", args=[case.reference]),
        },
    )


REMEDY_ASSIGNED_TEMPLATE = "staff_remedy_assigned"
STAGE_ASSIGNED_TEMPLATE = "staff_stage_assigned"


def tell_remedy_owner(remedy: Remedy) -> None:
    """Email the member of staff given a remedy to carry out; subscribed to `lifecycle.REMEDY_ASSIGNED`."""
    case = remedy.stage.case
    recipient = _allowed(remedy.owner, case, "You own this remedy.")
    if recipient is None:
        return  # nobody emailable who may open the case: the daily chase falls back to the officer or the mailbox
    _tell(
        REMEDY_ASSIGNED_TEMPLATE,
        remedy.pk,
        recipient,
        case,
        {
            "remedy_type": remedy.get_remedy_type_display(),
            "description": remedy.description,
            "amount": remedy.amount,
            "due_date": remedy.due_date,
            "queue_url": settings.PUTRIGHT_SITE_URL + reverse("cases:outstanding_remedies") + "?scope=mine",
        },
    )


def tell_stage_handler(stage: Stage) -> None:
    """Email the member of staff a new stage was given to (a stage 2 reviewer on escalation); subscribed to
    `lifecycle.STAGE_HANDLER_ASSIGNED`."""
    case = stage.case
    recipient = _allowed(stage.handler, case, "You handle this stage.")
    if recipient is None:
        return
    _tell(
        STAGE_ASSIGNED_TEMPLATE,
        stage.pk,
        recipient,
        case,
        {
            "service_name": case.service_area.name,
            "stage_label": stage.rule.label,
            "acknowledge_due_date": stage.acknowledge_due_date if stage.acknowledged_date is None else None,
            "response_due_date": stage.response_due_date,
        },
    )


CONTRIBUTION_RECEIVED_TEMPLATE = "staff_contribution_received"


def tell_officer_of_contribution(received: tuple[Contribution, User]) -> None:
    """Email the officer answering for the case that a contribution has come in (not when they recorded it
    themselves); subscribed to `cases.services.CONTRIBUTION_RECEIVED`."""
    contribution, actor = received
    case = contribution.case
    officer = officer_for(case)
    if officer is None or officer.pk == actor.pk:
        return
    recipient = _allowed(officer, case, "You answer for this case.")
    if recipient is None:
        return
    _tell(
        CONTRIBUTION_RECEIVED_TEMPLATE,
        contribution.pk,
        recipient,
        case,
        {
            "service_name": contribution.service_area.name,
            "recorded_by": str(actor),
        },
    )
