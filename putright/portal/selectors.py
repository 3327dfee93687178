"""Reads for the public and councillor pages, shaped for the templates so the templates decide nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from putright.cases import lifecycle
from putright.cases.choices import CaseKind, CaseStatus, EventKind, LinkKind, Outcome
from putright.cases.models import Case, CaseLink, CustomerRequest, Stage, TimelineEvent
from putright.cases.outstanding import remedies_owed_on
from putright.cases.requests import waiting_escalations
from putright.cases.selectors import case_ombudsman
from putright.cases.split_parts import (
    TogetherLinks,
    answered_with,
    answered_with_references,
    links_answered_together_at,
    parts_answered_with,
    remedies_the_customer_reads_on_each,
    together_links,
)
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.portal.access import (
    cases_for_customer,
    cases_raised_by,
    customer_events,
    customer_letters,
    ward_cases,
)
from putright.portal.account_rules import (
    PORTAL,
    EscalationOption,
    escalation_option,
    has_answered_survey,
    may_add_information,
    may_answer_survey,
    may_ask_for_callback,
    may_withdraw,
)
from putright.portal.models import EvidenceFile
from putright.procedures.choices import ClockStart, DurationUnit
from putright.procedures.models import ProcedureVersion, StageRule
from putright.procedures.ombudsman import OmbudsmanDetails, ombudsman_details
from putright.procedures.selectors import CODE_PRESET_SLUG, current_version


@dataclass(frozen=True)
class Timescale:
    """One stage of the complaint procedure, as the start page explains it."""

    number: int
    acknowledge_working_days: int | None
    respond_amount: int
    respond_unit_label: str
    counts_from_acknowledgement: bool


def complaint_timescales() -> list[Timescale]:
    """The stages of the Complaint Handling Code preset, or nothing when it has not been set up."""
    try:
        version = current_version(CODE_PRESET_SLUG)
    except ProcedureVersion.DoesNotExist:
        return []
    return [
        Timescale(
            number=rule.number,
            acknowledge_working_days=rule.acknowledge_working_days,
            respond_amount=rule.respond_amount,
            respond_unit_label=str(DurationUnit(rule.respond_unit).label),
            counts_from_acknowledgement=rule.respond_from == ClockStart.ACKNOWLEDGEMENT,
        )
        for rule in version.stages.all()
    ]


@dataclass(frozen=True)
class RaisedCase:
    """A councillor's view of one case they raised: progress only."""

    reference: str
    title: str
    kind_label: str
    service_name: str
    received_at: datetime
    status_label: str
    is_open: bool
    next_due_date: date | None
    outcome_label: str
    responded_date: date | None
    description: str  # what the councillor entered, as they entered it
    desired_outcome: str


def _latest_outcome(stages: list[Stage]) -> Stage | None:
    answered = [stage for stage in stages if stage.outcome]
    return max(answered, key=lambda stage: stage.number) if answered else None


def raised_case(case: Case) -> RaisedCase:
    latest = _latest_outcome(list(case.stages.all()))
    return RaisedCase(
        reference=case.reference,
        title=case.title,
        kind_label=str(case.get_kind_display()),
        service_name=case.service_area.name,
        received_at=case.received_at,
        status_label=str(case.get_status_display()),
        is_open=case.is_open,
        next_due_date=case.next_due_date,
        outcome_label=str(latest.get_outcome_display()) if latest else "",
        responded_date=latest.responded_date if latest else None,
        description=case.description,
        desired_outcome=case.desired_outcome,
    )


def raised_cases(user: User) -> list[RaisedCase]:
    """Everything this councillor raised, newest first."""
    cases = cases_raised_by(user).prefetch_related("stages").order_by("-received_at")
    return [raised_case(case) for case in cases]


# --- the customer's account -----------------------------------------------------------------------------------

# Customer-facing words for the case's state: plainer than the officers' labels, and translated.
STATUS_FOR_CUSTOMER = {
    CaseStatus.RECEIVED: _("Received"),
    CaseStatus.ACKNOWLEDGED: _("Being looked into"),
    CaseStatus.INVESTIGATING: _("Being looked into"),
    CaseStatus.RESPONDED: _("Answered"),
    CaseStatus.ESCALATED: _("Being reviewed"),
    CaseStatus.CLOSED: _("Closed"),
    CaseStatus.DECLINED: _("Not taken forward"),
    CaseStatus.MERGED: _("Joined with another case"),
}
KIND_FOR_CUSTOMER = {
    CaseKind.COMPLAINT: _("Complaint"),
    CaseKind.SERVICE_REQUEST: _("Request for a service"),
    CaseKind.ENQUIRY: _("Enquiry"),
    CaseKind.COMMENT: _("Comment"),
    CaseKind.COMPLIMENT: _("Compliment"),
}
EVENT_FOR_CUSTOMER = {
    EventKind.LOGGED: _("We received it"),
    EventKind.TRIAGED: _("We recorded what it is about"),
    EventKind.ACKNOWLEDGED: _("We acknowledged your complaint"),
    EventKind.INVESTIGATION_STARTED: _("We started looking into it"),
    EventKind.RESPONDED: _("We sent our response"),
    EventKind.ESCALATED: _("Your complaint moved to the next stage"),
    EventKind.EXTENDED: _("We need more time"),
    EventKind.DECLINED: _("We could not take your complaint forward"),
    EventKind.CLOSED: _("Closed"),
    EventKind.REOPENED: _("Reopened"),
    EventKind.PROGRESS_UPDATE: _("We sent you an update"),
    EventKind.NEW_REPLY_DATE: _("We gave you a new date for our reply"),
    EventKind.EMAIL_RECEIVED: _("You emailed us"),
    EventKind.TEXT_RECEIVED: _("You sent us a text message"),
    EventKind.MERGED: _("We joined it with another case about the same thing"),
}
PORTAL_EVENT_FOR_CUSTOMER = {
    "information": _("You sent more information"),
    "callback": _("You asked us to call you back"),
    "escalation": _("You asked for the next stage"),
}


@dataclass(frozen=True)
class Promise:
    """Something we said we would do to put things right, not yet done."""

    description: str
    due_date: date | None
    overdue: bool = False  # its date has passed: the customer is told we are sorry, not that it is still ahead


@dataclass(frozen=True)
class CaseSummary:
    """One line of "Your cases"."""

    reference: str
    title: str
    kind_label: str
    status_label: str
    is_open: bool
    received_at: datetime
    stage_number: int | None
    # "acknowledge" or "respond" (the current stage), "late" (its acknowledgement or response date has passed,
    # `late_what` says which: we apologise and give `new_reply_date` if staff have set one), "acknowledge_request"
    # (the customer asked for stage
    # `due_stage_number`), or "" when no stage is due from us
    due_what: str
    due_date: date | None
    due_stage_number: int | None = None
    promised: tuple[Promise, ...] = ()  # remedies promised in a response and not yet carried out
    # A part split off to be answered together: the reference of the case whose response answers it (its dates and
    # promises are read there).
    answered_with: str = ""
    new_reply_date: date | None = None  # a late acknowledgement or response: the new date we gave, while ahead
    late_what: str = ""  # "acknowledgement" or "response" when `due_what` is "late" (`Stage.late_step`)

    @property
    def nothing_due(self) -> bool:
        return not self.due_what and not self.promised and not self.answered_with


@dataclass(frozen=True)
class Handler:
    name: str
    job_title: str
    phone: str
    email: str


@dataclass(frozen=True)
class CustomerEvent:
    occurred_at: datetime
    title: str
    detail: str


@dataclass(frozen=True)
class Letter:
    token: UUID
    subject: str
    created_at: datetime


@dataclass(frozen=True)
class AnsweredWith:
    """The case whose response answers this one, for a part split off to be answered together with it."""

    reference: str
    responded: bool  # that response has been sent
    may_open: bool  # it is in this customer's account too (split parts keep the customer, so it normally is)


@dataclass(frozen=True)
class CustomerCase:
    """Everything the customer's case page shows, already decided."""

    summary: CaseSummary
    service_name: str
    description: str
    # A part split off another case: its description is ours (what the part is about), not the customer's words.
    is_split_part: bool
    responded_date: date | None
    handler: Handler
    events: list[CustomerEvent]
    letters: list[Letter]
    files: list[EvidenceFile]
    escalation: EscalationOption
    ombudsman: OmbudsmanDetails | None
    may_add_information: bool
    may_ask_for_callback: bool
    may_withdraw: bool
    may_answer_survey: bool
    has_answered_survey: bool
    answered_with: AnsweredWith | None = None
    # The parts split off this complaint that its response answers too: (reference, title), for links to each.
    answers_too: tuple[tuple[str, str], ...] = ()


def _next_stage_acknowledgement(
    case: Case, request: CustomerRequest | None, rule: StageRule | None
) -> tuple[int | None, date | None]:
    """The customer asked for the next stage (`request`, whose stage follows `rule`) and staff have not opened it yet:
    which stage, and the day its acknowledgement is due (counted from the request, as `lifecycle.escalate` will
    count it)."""
    if request is None:
        return None, None
    if rule is None:
        return None, request.due_date
    opened = Stage(case=case, number=rule.number, rule=rule, received_date=request.received_date)
    acknowledge_by = lifecycle.compute_deadlines(opened).acknowledge_by
    return rule.number, acknowledge_by.due_date if acknowledge_by else request.due_date


@dataclass(frozen=True)
class _Owed:
    """What `_due` reads about a case beyond its current stage, read for every case of a list at once."""

    request: CustomerRequest | None = None  # the customer's waiting request for the next stage
    next_rule: StageRule | None = None  # the rule of the stage after the current one


def _due(case: Case, stage: Stage | None, today: date, owed: _Owed) -> tuple[str, date | None, int | None]:
    """What the council owes the customer next on the stage, by when, and at which stage: the current stage's
    acknowledgement or response while it is open ("late", with no date, once either date has passed: one rule,
    `Stage.late_step`), then the next stage the customer asked for."""
    if stage is None:
        return "", None, None
    if case.is_open and stage.responded_date is None:
        if stage.late_step(today):
            return "late", None, stage.number
        if stage.acknowledged_date is None and stage.acknowledge_due_date is not None:
            return "acknowledge", stage.acknowledge_due_date, stage.number
        return "respond", stage.response_due_date, stage.number
    if case.status == CaseStatus.RESPONDED:
        number, day = _next_stage_acknowledgement(case, owed.request, owed.next_rule)
        if day is not None:
            return "acknowledge_request", day, number
    return "", None, None


def _owed(cases: Sequence[Case]) -> dict[int, _Owed]:
    """For the answered cases among these whose customer asked for the next stage: that request and the next
    stage's rule, in two queries however many cases there are."""
    answered = [case for case in cases if case.status == CaseStatus.RESPONDED and case.current_stage is not None]
    requests = waiting_escalations([case.pk for case in answered]) if answered else {}
    stages = [case.current_stage for case in answered if case.pk in requests and case.current_stage is not None]
    next_rules = lifecycle.next_stage_rules(stages) if stages else {}
    return {
        case.pk: _Owed(requests[case.pk], next_rules.get(case.current_stage.pk))
        for case in answered
        if case.pk in requests and case.current_stage is not None
    }


def case_summaries(
    cases: Sequence[Case], today: date, links: TogetherLinks | None = None, any_promises: bool = True
) -> list[CaseSummary]:
    """A line of "Your cases" for each case, read in the same number of queries however many cases there are.

    `links`: the cases' split links answered together, when the caller already knows them (read here otherwise);
    `any_promises=False`: the caller knows none of the cases has a remedy still to carry out."""
    links = links if links is not None else together_links([case.pk for case in cases])
    leads = answered_with_references(cases, links)
    # A lead also reads the promises of the parts its response answers, so they are read whenever it has parts.
    promised = (
        remedies_the_customer_reads_on_each(cases, links)
        if any_promises or links.parts
        else {case.pk: [] for case in cases}
    )
    owed = _owed(cases)
    summaries = []
    for case in cases:
        stage = case.current_stage
        lead = leads[case.pk]
        # A part answered together owes nothing of its own: the lead's response answers it, by the lead's date.
        due_what, due_date, due_stage_number = (
            _due(case, stage, today, owed.get(case.pk, _Owed())) if not lead else ("", None, None)
        )
        # In the customer's words; the case's own label (from a table made once) only where they have none.
        kind, status = KIND_FOR_CUSTOMER.get(CaseKind(case.kind)), STATUS_FOR_CUSTOMER.get(CaseStatus(case.status))
        summaries.append(
            CaseSummary(
                reference=case.reference,
                title=case.title,
                kind_label=str(kind) if kind is not None else case.kind_label,
                status_label=str(status) if status is not None else case.status_label,
                is_open=case.is_open,
                received_at=case.received_at,
                stage_number=stage.number if stage else None,
                due_what=due_what,
                due_date=due_date,
                due_stage_number=due_stage_number,
                promised=tuple(
                    Promise(remedy.description, remedy.due_date, remedy.is_overdue_on(today))
                    for remedy in promised[case.pk]
                ),
                answered_with=lead,
                new_reply_date=stage.expected_reply_on(today) if stage is not None and due_what == "late" else None,
                late_what=stage.late_step(today) if stage is not None and due_what == "late" else "",
            )
        )
    return summaries


def case_summary(case: Case, today: date | None = None) -> CaseSummary:
    return case_summaries([case], today or timezone.localdate())[0]


# "Your cases" reads each case with its current stage, newest first, and whether it is in a split answered together
# (as the part or the lead) and has a remedy still to carry out, asked of those rules' own queries. Built once: the
# two subqueries cost more Python to put together than the rest of the list, so a request only narrows this to the
# customer's cases.
_YOUR_CASES = (
    Case.objects.select_related("current_stage")
    .annotate(
        in_split_together=Exists(links_answered_together_at(OuterRef("pk"))),
        has_promises=Exists(remedies_owed_on(OuterRef("pk"))),
    )
    .order_by("-received_at")
)


def customer_cases(email: str, today: date | None = None) -> list[CaseSummary]:
    """Every case of this customer, newest first."""
    # A line reads the case and its current stage only (the next stage's rule, when asked for, is read with it).
    # Whether each case is in a split answered together, and has a promise still to keep, is read with the cases:
    # most customers' cases have neither, and then neither the links nor the promises are read again.
    cases = list(cases_for_customer(email, among=_YOUR_CASES))
    in_splits = any(case.in_split_together for case in cases)  # type: ignore[attr-defined]
    return case_summaries(
        cases,
        today or timezone.localdate(),
        links=None if in_splits else TogetherLinks({}, {}),
        any_promises=any(case.has_promises for case in cases),  # type: ignore[attr-defined]
    )


def handler_for(case: Case, stage: Stage | None) -> Handler:
    """Who is dealing with it: the stage's handler or the lead officer, with the complaints team's email, and the
    officer's direct phone (else the team's), so the customer always reaches someone."""
    organisation = current_organisation()
    person = (stage.handler if stage else None) or case.lead_officer
    return Handler(
        name=str(person) if person else "",
        job_title=person.job_title if person else "",
        phone=(person.phone if person else "") or organisation.complaints_phone,
        email=organisation.complaints_email,
    )


OUTCOME_FOR_CUSTOMER = {
    Outcome.UPHELD: _("upheld"),
    Outcome.PARTLY_UPHELD: _("partly upheld"),
    Outcome.NOT_UPHELD: _("not upheld"),
    Outcome.RESOLVED_EARLY: _("resolved early"),
    Outcome.WITHDRAWN: _("withdrawn"),
}


def _officer_id(event: TimelineEvent) -> int | None:
    """The officer a lead-officer event names (`to` when changed, `lead_officer` when named at logging)."""
    value = event.data.get("to", event.data.get("lead_officer")) if isinstance(event.data, dict) else None
    return value if isinstance(value, int) else None


def _event(event: TimelineEvent, officers: dict[int, str], is_complaint: bool) -> CustomerEvent:
    """One line of the customer's history in their words: the staff summary is written for officers, so it is shown
    only where it is the customer's own words (their email or text) or written for them (a progress update)."""
    data = event.data if isinstance(event.data, dict) else {}
    portal_kind = str(data.get(PORTAL, ""))
    if portal_kind in PORTAL_EVENT_FOR_CUSTOMER:
        detail = str(data.get("text") or data.get("preferred_times") or "")
        return CustomerEvent(event.occurred_at, str(PORTAL_EVENT_FOR_CUSTOMER[portal_kind]), detail)
    kind = EventKind(event.kind)
    stage = data.get("stage")
    if kind == EventKind.LEAD_OFFICER_CHANGED:
        name = officers.get(_officer_id(event) or 0, "")
        if not name:
            return CustomerEvent(event.occurred_at, str(_("Someone new is dealing with it")), "")
        title = (
            _("%(name)s is now dealing with your complaint") if is_complaint else _("%(name)s is now dealing with it")
        )
        return CustomerEvent(event.occurred_at, str(title) % {"name": name}, "")
    if kind == EventKind.RESPONDED and isinstance(stage, int) and data.get("outcome") in OUTCOME_FOR_CUSTOMER:
        outcome = OUTCOME_FOR_CUSTOMER[Outcome(data["outcome"])]
        sent = _("We sent our stage %(number)s response: %(outcome)s") % {"number": stage, "outcome": outcome}
        return CustomerEvent(event.occurred_at, str(sent), "")
    if kind == EventKind.ESCALATED and isinstance(stage, int):
        return CustomerEvent(
            event.occurred_at, str(_("Your complaint moved to stage %(number)s") % {"number": stage}), ""
        )
    if kind == EventKind.CLOSED and data.get("withdrawn"):
        return CustomerEvent(event.occurred_at, str(_("You withdrew your complaint")), "")
    if kind in (EventKind.EMAIL_RECEIVED, EventKind.TEXT_RECEIVED, EventKind.PROGRESS_UPDATE):
        return CustomerEvent(event.occurred_at, str(EVENT_FOR_CUSTOMER[kind]), event.summary)
    if kind == EventKind.NOTE_ADDED and data.get("agreed_on"):  # the written statement of the complaint
        return CustomerEvent(event.occurred_at, str(_("We agreed the statement of your complaint")), "")
    if kind == EventKind.EXTENDED and data.get("new"):
        day = date_format(date.fromisoformat(str(data["new"])), "j F Y")
        return CustomerEvent(
            event.occurred_at,
            str(EVENT_FOR_CUSTOMER[kind]),
            str(_("Our response is now due by %(day)s") % {"day": day}),
        )
    if kind == EventKind.NEW_REPLY_DATE and data.get("new"):
        day = date_format(date.fromisoformat(str(data["new"])), "j F Y")
        if data.get("late") == "acknowledgement":
            sorry = _("We are sorry our acknowledgement is late. We now expect to acknowledge it by %(day)s")
        else:
            sorry = _("We are sorry our reply is late. We now expect to reply by %(day)s")
        return CustomerEvent(event.occurred_at, str(EVENT_FOR_CUSTOMER[kind]), str(sorry % {"day": day}))
    if kind == EventKind.DECLINED:
        return CustomerEvent(event.occurred_at, str(EVENT_FOR_CUSTOMER[kind]), str(data.get("reason", "")))
    return CustomerEvent(event.occurred_at, str(EVENT_FOR_CUSTOMER.get(kind, _("We updated your case"))), "")


def customer_history(case: Case) -> list[CustomerEvent]:
    """What the customer's case page lists under "What has happened so far", newest first."""
    history = list(customer_events(case))
    ids = {
        officer for event in history if event.kind == EventKind.LEAD_OFFICER_CHANGED and (officer := _officer_id(event))
    }
    officers = {user.pk: str(user) for user in User.objects.filter(pk__in=ids)}
    return [_event(event, officers, case.is_complaint) for event in history]


def ombudsman_for(case: Case) -> OmbudsmanDetails | None:
    """The ombudsman the customer can go to, by the one rule (putright/procedures/ombudsman.py)."""
    return ombudsman_details(case_ombudsman(case))


def _answered_with(case: Case, stage: Stage | None) -> AnsweredWith | None:
    """For a part answered together: the case whose response answers it, and whether that response has gone."""
    lead = answered_with(case)
    if lead is None or stage is None:
        return None
    lead_stage = lead.current_stage
    responded = lead_stage is not None and (
        lead_stage.number > stage.number
        or (lead_stage.number == stage.number and lead_stage.responded_date is not None)
    )
    return AnsweredWith(lead.reference, responded, may_open=lead.customer_id == case.customer_id)


def customer_case(case: Case, today: date) -> CustomerCase:
    """The customer's view of their case (the caller got it through `get_customer_case`)."""
    stage = (
        Stage.objects.select_related("handler", "rule__version").get(pk=case.current_stage_id)
        if case.current_stage_id
        else None
    )
    case.current_stage = stage
    return CustomerCase(
        summary=case_summary(case, today),
        service_name=case.service_area.name,
        description=case.description,
        is_split_part=CaseLink.objects.filter(from_case=case, kind=LinkKind.SPLIT_FROM).exists(),
        responded_date=stage.responded_date if stage else None,
        handler=handler_for(case, stage),
        events=customer_history(case),
        letters=[Letter(m.token, m.subject, m.created_at) for m in customer_letters(case).order_by("-created_at")],
        files=list(EvidenceFile.objects.filter(case=case).order_by("created_at", "id")),
        escalation=escalation_option(case, today),
        ombudsman=ombudsman_for(case),
        may_add_information=may_add_information(case),
        may_ask_for_callback=may_ask_for_callback(case),
        may_withdraw=may_withdraw(case),
        may_answer_survey=may_answer_survey(case),
        has_answered_survey=has_answered_survey(case),
        answered_with=_answered_with(case, stage),
        answers_too=tuple(
            (part.reference, part.title) for part in parts_answered_with(case) if part.customer_id == case.customer_id
        ),
    )


# --- the councillor's ward: counts only ----------------------------------------------------------------------

# Below this, a count is shown as "fewer than 5": a small number in a small area can point to a resident.
SMALL_NUMBER = 5


@dataclass(frozen=True)
class WardCount:
    """One row of the ward page: a service or category, and how many cases it had (already made safe to show)."""

    name: str
    complaints: str
    all_kinds: str


@dataclass(frozen=True)
class WardSummary:
    ward: str
    since: date
    by_service: list[WardCount]
    by_category: list[WardCount]
    total: WardCount  # every case in the ward in the period, made safe to show like each row


def twelve_months_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def shown_count(count: int) -> str:
    """A count as the ward page shows it: 0, "fewer than 5", or the number. The one small-number rule: every count
    a councillor reads (each row and the ward's total) goes through it."""
    if 0 < count < SMALL_NUMBER:
        return str(_("fewer than %(number)s") % {"number": SMALL_NUMBER})
    return str(count)


def ward_summary(user: User, today: date | None = None) -> WardSummary | None:
    """Counts of the cases received in the councillor's ward in the last 12 months, by service and by category,
    complaints only and all kinds. None for a councillor without a ward. Nothing about any one case."""
    if not user.ward:
        return None
    since = twelve_months_before(today or timezone.localdate())
    start = timezone.make_aware(datetime.combine(since, datetime.min.time()))
    cases = ward_cases(user).filter(received_at__gte=start)
    complaints = Q(kind=CaseKind.COMPLAINT)
    by_service = (
        cases.order_by()
        .values("service_area__name")
        .annotate(all_kinds=Count("id"), complaints=Count("id", filter=complaints))
        .order_by("service_area__name")
    )
    by_category = (
        cases.order_by()
        .values("categories__name")
        .annotate(all_kinds=Count("id", distinct=True), complaints=Count("id", filter=complaints, distinct=True))
        .order_by("categories__name")
    )
    totals = cases.aggregate(all_kinds=Count("id"), complaints=Count("id", filter=complaints))
    no_category = str(_("No category given"))
    categories = sorted(
        by_category,
        key=lambda row: (row["categories__name"] is None, row["categories__name"] or ""),
    )
    return WardSummary(
        ward=user.ward,
        since=since,
        by_service=[
            WardCount(row["service_area__name"], shown_count(row["complaints"]), shown_count(row["all_kinds"]))
            for row in by_service
        ],
        by_category=[
            WardCount(
                row["categories__name"] or no_category,
                shown_count(row["complaints"]),
                shown_count(row["all_kinds"]),
            )
            for row in categories
        ],
        total=WardCount(str(_("Total")), shown_count(totals["complaints"]), shown_count(totals["all_kinds"])),
    )
