"""Work waiting for staff on the day the demo is seeded: contacts to triage, contributions asked of named officers
(one overdue, others due soon) and customers' requests (the next stage, a call back, more information).

Every row is made by the service live code calls: `log_contact` as an email, the web form's API or an officer
logging a call does; `request_contribution` as the case page does; and the customer's own account actions. Dates
count back from the moment of seeding, so the work is current whenever the demo is loaded. Each demo sign-in
(`manage.py demo_sign_ins`) finds something of this on their "Today" page or in their contributions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from putright.cases.choices import CaseKind, CaseStatus, Channel, EventKind
from putright.cases.models import Case, Contact, Contribution, CustomerRequest, TimelineEvent
from putright.cases.services import CustomerDetails, log_contact, request_contribution
from putright.core.text import long_date
from putright.demo.organisation import DemoOrganisation
from putright.organisation.models import ServiceArea, User
from putright.portal.account_rules import escalation_option
from putright.portal.services.account import add_information, ask_for_callback, ask_to_escalate
from putright.procedures.selectors import calendar_for


@dataclass(frozen=True)
class WaitingContact:
    """Something that came in and waits for the complaints team to triage it."""

    channel: Channel
    hours_ago: int
    subject: str
    raw_text: str
    customer: CustomerDetails
    logged_by: str | None  # the demo username who logged it; None when it came in by itself (email, web form)


CONTACTS = (
    WaitingContact(
        Channel.WEB,
        2,
        "Garden waste paid for but not collected",
        "Form: Report a problem\nService: Waste and recycling\n\nI paid for the garden waste service in March and "
        "the green bin has not been emptied for five weeks. Each time I report it online I get an automatic reply "
        "and nothing happens. I want the bin emptied and a refund for the weeks missed.",
        CustomerDetails(
            title="Mrs",
            first_name="Barbara",
            last_name="Nowak",
            email="barbara.nowak@example.com",
            postcode="TV6 3LD",
            address="23 Fishers Field\nFernbrook\nThornbury Vale",
            ward="Fernbrook",
        ),
        None,
    ),
    WaitingContact(
        Channel.EMAIL,
        20,
        "Kitchen tap - third time asking",
        "From: Yusuf Hussain <yusuf.hussain@example.com>\n\nThis is the third time I have emailed about the kitchen "
        "tap at 41 Marlowe Court. It has been dripping for two months and now water is getting into the cupboard "
        "underneath. The repairs line says the job is closed but nobody has been. Please can someone tell me what "
        "is going on.",
        CustomerDetails(
            title="Mr",
            first_name="Yusuf",
            last_name="Hussain",
            email="yusuf.hussain@example.com",
            postcode="TV3 8QT",
            address="41 Marlowe Court\nCastle Hill\nThornbury Vale",
            ward="Castle Hill",
        ),
        None,
    ),
    WaitingContact(
        Channel.PHONE,
        3,
        "Phone call: council tax taken twice",
        "Ms Shah rang, upset: her council tax direct debit was taken twice this month and she is now overdrawn. "
        "She rang Revenues last week and was told it would be refunded within three days, but it has not been. "
        "She wants the money back and the bank charges paid. Best on her mobile after 4pm.",
        CustomerDetails(
            title="Ms",
            first_name="Priya",
            last_name="Shah",
            phone="07700 900417",
            preferred_contact_method="phone",
            postcode="TV8 2HS",
            address="9 Lime Avenue\nHighfield\nThornbury Vale",
            ward="Highfield",
        ),
        "z.harper",
    ),
    WaitingContact(
        Channel.COUNCILLOR,
        5,
        "Cllr Lowe for a resident: fly-tipping behind Priory Gardens",
        "Email from Cllr Peter Lowe (Ashcombe ward), for his resident Mr Alan Fisher, who agreed to him raising "
        "it:\n\nMr Fisher reported fly-tipped mattresses and builders' rubble behind the garages at Priory Gardens "
        "three weeks ago. It is still there, more has been added, and he has seen rats. Please can it be cleared "
        "and can someone tell Mr Fisher, copying me, what will be done to stop it happening again.",
        CustomerDetails(
            title="Mr",
            first_name="Alan",
            last_name="Fisher",
            email="alan.fisher@example.com",
            postcode="TV1 5RW",
            address="7 Priory Gardens\nAshcombe\nThornbury Vale",
            ward="Ashcombe",
        ),
        "officer",
    ),
)

# Customers' requests from their online accounts.
MORE_INFORMATION = (
    "I have found the reference numbers of my earlier reports: 48213 and 48377. I also kept a note of the dates "
    "I rang, which I can send if it helps."
)
CALL_BACK_TIMES = "Weekday mornings before 11am"


def seed_waiting_work(demo: DemoOrganisation, now: datetime | None = None) -> None:
    """Contacts, contributions and customer requests waiting today; nothing if the demo already has them."""
    now = now or timezone.now()
    if Contact.objects.filter(triaged_at__isnull=True).exists() or CustomerRequest.objects.waiting().exists():
        return
    with transaction.atomic():
        for contact in CONTACTS:
            log_contact(
                channel=contact.channel,
                received_at=now - timedelta(hours=contact.hours_ago),
                raw_text=contact.raw_text,
                subject=contact.subject,
                actor=demo.users.get(contact.logged_by) if contact.logged_by else None,
                customer_details=contact.customer,
            )
        used: set[int] = set()
        _contributions(demo, timezone.localdate(now), now, used)
        _customer_requests(demo, timezone.localdate(now), used)


# --- contributions ------------------------------------------------------------------------------------------------


def _open_complaint(slugs: tuple[str, ...], used: set[int], **more: object) -> Case | None:
    """The newest open, unrestricted complaint being investigated in one of these services, not already used."""
    found = (
        Case.objects.filter(
            kind=CaseKind.COMPLAINT,
            status__in=(CaseStatus.ACKNOWLEDGED, CaseStatus.INVESTIGATING),
            is_restricted=False,
            service_area__slug__in=slugs,
            **more,
        )
        .exclude(pk__in=used)
        .select_related("service_area", "lead_officer", "customer")
        .order_by("-received_at", "-pk")
        .first()
    )
    if found is not None:
        used.add(found.pk)
    return found


def _service(slug: str) -> ServiceArea:
    return ServiceArea.objects.get(slug=slug)


def _working_days(demo: DemoOrganisation, day: date, count: int) -> date:
    """`count` working days after `day`, or before it when `count` is negative."""
    calendar = calendar_for(demo.organisation)
    if count >= 0:
        return calendar.add_working_days(day, count)[0]
    while count:
        day -= timedelta(days=1)
        count += calendar.is_working_day(day)
    return day


def _contributions(demo: DemoOrganisation, today: date, now: datetime, used: set[int]) -> None:
    users = demo.users
    # Overdue: the housing repairs team leader was asked a week ago about visits to a tenant's home.
    asked_at = now - timedelta(days=8)
    slugs = ("housing-management", "council-tax-benefits", "waste-recycling")
    case = _open_complaint(slugs, used, received_at__lt=asked_at - timedelta(days=2))
    if case is not None and "leader" in users:
        overdue = _ask(
            case,
            users,
            service="housing-repairs",
            asked_of=users["leader"],
            note="Please confirm the dates the repairs team visited the property and what they found, for the "
            "response.",
            due=today,
        )
        _asked_earlier(overdue, asked_at=asked_at, due=_working_days(demo, today, -2))
    # Due soon: the contact centre (nobody named, so the whole customer services team sees it) for call notes.
    case = _open_complaint(("housing-repairs", "waste-recycling"), used)
    if case is not None:
        _ask(
            case,
            users,
            service="customer-services",
            asked_of=None,
            note="The customer says the contact centre promised a call back that never came: please send the "
            "notes of their calls.",
            due=_working_days(demo, today, 1),
        )
    # Adult social care, by name, about a disabled relative in a tenant's home.
    case = _open_complaint(("housing-repairs", "housing-management"), used)
    if case is not None and "socialcare" in users:
        _ask(
            case,
            users,
            service="adult-social-care",
            asked_of=users["socialcare"],
            note="The customer mentions a disabled relative living with them: please say whether an occupational "
            "therapy assessment or care package is in place, so the response can cover it.",
            due=_working_days(demo, today, 2),
        )
    # The data protection officer, about a letter sent to an old address.
    case = _open_complaint(("council-tax-benefits",), used) or _open_complaint(("parking", "planning"), used)
    if case is not None and "dpo" in users:
        _ask(
            case,
            users,
            service="customer-services",
            asked_of=users["dpo"],
            note="A letter about the customer's account went to their old address: please advise whether this is a "
            "personal data breach to record, and what the response should say about it.",
            due=_working_days(demo, today, 4),
        )


def _ask(
    case: Case, users: dict[str, User], *, service: str, asked_of: User | None, note: str, due: date
) -> Contribution:
    return request_contribution(
        case=case,
        service_area=_service(service),
        actor=case.lead_officer or users["officer"],
        request_note=note,
        due_date=due,
        requested_from=asked_of,
    )


def _asked_earlier(contribution: Contribution, *, asked_at: datetime, due: date) -> None:
    """Date a request as asked some days ago, now past its due date.

    The service dates a request now and refuses a due date already past, as it should for an officer; an overdue
    request is one asked earlier, so its row and its timeline event are moved back to when it was asked.
    """
    was = contribution.due_date
    Contribution.objects.filter(pk=contribution.pk).update(requested_at=asked_at, due_date=due)
    event = (
        TimelineEvent.objects.filter(case=contribution.case, kind=EventKind.CONTRIBUTION_REQUESTED)
        .order_by("-pk")
        .first()
    )
    if event is not None:
        TimelineEvent.objects.filter(pk=event.pk).update(
            occurred_at=asked_at,
            summary=event.summary.replace(long_date(was), long_date(due)),
            data={**event.data, "due": due.isoformat()},
        )


# --- customers' requests ----------------------------------------------------------------------------------------


def _customer_requests(demo: DemoOrganisation, today: date, used: set[int]) -> None:
    with_email = Q(customer__email__gt="")
    # The next stage: a customer unhappy with a stage 1 response, inside the time they have to ask.
    answered = (
        Case.objects.filter(with_email, kind=CaseKind.COMPLAINT, status=CaseStatus.RESPONDED, is_restricted=False)
        .exclude(pk__in=used)
        .select_related("customer", "current_stage__rule__version")
        .order_by("-current_stage__responded_date", "-pk")
    )
    for answer in answered[:20]:
        if escalation_option(answer, today).may_ask and answer.customer is not None:
            ask_to_escalate(case=answer, email=answer.customer.email, today=today)
            used.add(answer.pk)
            break
    # A call back, on a stage 2 review (the head of housing property's, if there is one) or else any open complaint.
    reviews = (
        Case.objects.filter(with_email, status__in=(CaseStatus.ESCALATED, CaseStatus.INVESTIGATING))
        .filter(current_stage__number__gte=2, is_restricted=False)
        .exclude(pk__in=used)
        .select_related("customer")
        .order_by("-received_at")
    )
    review = (
        reviews.filter(current_stage__handler__username="head").first()
        or reviews.first()
        or _open_complaint(("housing-repairs", "waste-recycling", "housing-management"), used, customer__email__gt="")
    )
    if review is not None and review.customer is not None:
        used.add(review.pk)
        ask_for_callback(
            case=review,
            email=review.customer.email,
            phone=review.customer.phone or "07700 900561",
            preferred_times=CALL_BACK_TIMES,
        )
    # More information, on a waste complaint (the waste team leader's, if she has one open).
    waste = ("waste-recycling",)
    case = _open_complaint(waste, used, customer__email__gt="", lead_officer__username="leader2") or _open_complaint(
        waste, used, customer__email__gt=""
    )
    if case is not None and case.customer is not None:
        add_information(case=case, email=case.customer.email, text=MORE_INFORMATION)
