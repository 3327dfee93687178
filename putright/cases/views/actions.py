"""Every action on a case page as a form. Each one calls a single lifecycle or service function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from putright.cases import customers, lifecycle, restrictions, services
from putright.cases.access import can_record_contribution, get_case_for, raise_cannot_act
from putright.cases.choices import CallDirection, CallOutcome, LinkKind, Outcome, RemedyType, TimeLimitDecision
from putright.cases.findings import record_finding
from putright.cases.forms import (
    AcknowledgeForm,
    AdjustmentForm,
    CallForm,
    CategoriesForm,
    CloseCaseForm,
    CloseForm,
    ContributionForm,
    ContributionRequestForm,
    DeclineForm,
    DefinitionForm,
    EarlyResolutionForm,
    EmptyActionForm,
    EscalateForm,
    ExtendForm,
    IndependentPersonForm,
    LeadOfficerForm,
    LinkForm,
    MatterDateForm,
    NewReplyDateForm,
    NoteForm,
    ProgressUpdateForm,
    ReferenceForm,
    RemedyForm,
    ReopenForm,
    RepresentativeForm,
    RespondForm,
    ReviewPanelForm,
    SplitForm,
    StatementAgreedForm,
    VulnerabilityForm,
    case_details_from,
    moment_on,
    without_adult_social_care_fields,
)
from putright.cases.hazards.eligibility import hazard_words_in
from putright.cases.hazards.forms import AccommodationForm, HazardForm, HazardStepForm
from putright.cases.models import Case
from putright.cases.outstanding import outstanding_on
from putright.cases.requests import waiting_escalation
from putright.cases.restriction_forms import RestrictionForm, RestrictionReviewForm, TenureForm
from putright.cases.split_parts import joint_lead, joint_parts, parts_escalating_with, visible_case_ids
from putright.cases.views import hazard_actions
from putright.core.errors import TransitionError
from putright.core.views import SignedInRequest, add_rule_error, staff_view
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.people.choices import Tenure
from putright.procedures.selectors import is_adult_social_care

# The starting wording of a progress update; the officer replaces the parts in square brackets.
PROGRESS_UPDATE_TEMPLATE = (
    "Since we last wrote, [what we have done: who we have spoken to, what we have looked at].\n\n"
    "Next, [what happens next and when]."
)

Perform = Callable[[Case, dict[str, Any], User, int | None], Any]


@dataclass(frozen=True)
class CaseAction:
    title: str
    form_class: type
    perform: Perform
    button: str
    done: str
    lifecycle_action: str | None = None  # the TRANSITIONS key, when the action changes the status
    hint: str = ""
    form_takes_case: bool = False


def _other_case(user: User, data: dict[str, Any]) -> Case:
    try:
        return get_case_for(user, data["other_reference"], "edit")
    except Http404:
        raise TransitionError("There is no case with that reference that you can see", "other_reference") from None


def _respond(case: Case, d: dict[str, Any], user: User, v: int | None) -> Any:
    remedies = []
    if d.get("remedy_type"):
        remedies.append(
            lifecycle.RemedyDetails(
                remedy_type=RemedyType(d["remedy_type"]),
                description=d["remedy_description"],
                amount=d.get("remedy_amount"),
                due_date=d.get("remedy_due"),
                owner=d.get("remedy_owner"),
            )
        )
    with transaction.atomic():  # a response and its root cause are kept together or not at all
        stage = case.current_stage
        responded = lifecycle.respond(
            case=case,
            actor=user,
            outcome=Outcome(d["outcome"]),
            reasons=d["reasons"],
            remedies=remedies,
            outstanding_actions=d.get("outstanding_actions") or "",
            responded_on=d.get("responded_on"),
            responsible_person=d.get("responsible_person") or "",
            parts_waiting_reason=d.get("parts_waiting_reason") or "",
            parts_waiting_confirmed=bool(d.get("parts_waiting_confirmed")),
            expected_version=v,
        )
        if stage is not None:
            record_finding(
                stage=stage,
                root_cause=d.get("root_cause"),
                staff=list(d.get("staff_complained_about") or []),
                actor=user,
            )
    return responded


def _split(case: Case, d: dict[str, Any], user: User, v: int | None) -> Any:
    return lifecycle.split(
        case=case,
        actor=user,
        details=case_details_from(d, d["description"]),
        answered_together=d["answer"] == "together",
        expected_version=v,
    )


ACTIONS: dict[str, CaseAction] = {
    "acknowledge": CaseAction(
        "Acknowledge and define the complaint",
        AcknowledgeForm,
        lambda c, d, u, v: lifecycle.acknowledge(
            case=c,
            actor=u,
            definition=d.get("definition") or c.definition,
            desired_outcome=d.get("desired_outcome"),
            acknowledged_on=d.get("acknowledged_on"),
            agreed_response_date=d.get("agreed_response_date"),
            expected_version=v,
        ),
        "Record acknowledgement",
        "Acknowledgement recorded",
        "acknowledge",
    ),
    "start-investigation": CaseAction(
        "Start the investigation",
        EmptyActionForm,
        lambda c, d, u, v: lifecycle.start_investigation(case=c, actor=u, expected_version=v),
        "Start investigation",
        "Investigation started",
        "start_investigation",
    ),
    "respond": CaseAction(
        "Record the stage response",
        RespondForm,
        _respond,
        "Record response",
        "Response recorded",
        "respond",
        form_takes_case=True,
    ),
    "extend": CaseAction(
        "Extend the response date",
        ExtendForm,
        lambda c, d, u, v: lifecycle.extend(
            case=c,
            actor=u,
            new_due_date=d["new_due_date"],
            reason=d["reason"],
            agreed_with_customer=d["agreed_with_customer"],
            customer_agreed_on=d.get("customer_agreed_on"),
            good_reason=d.get("good_reason") or "",
            expected_version=v,
        ),
        "Extend",
        "Response date extended",
        "extend",
        hint="Agree the extension before the response date passes, and tell the customer the new date, the "
        "reason, and the ombudsman's details.",
    ),
    "new-reply-date": CaseAction(
        "Give the customer a new date",
        NewReplyDateForm,
        lambda c, d, u, v: lifecycle.give_new_reply_date(
            case=c, actor=u, new_date=d["new_date"], tell_customer=d["tell_customer"], expected_version=v
        ),
        "Save the new date",
        "New date recorded",
        hint="The acknowledgement or response date has passed. The customer's online account apologises and "
        "shows this new date. The date that passed stays as it was, so reports still count it as late.",
    ),
    "escalate": CaseAction(
        "Escalate to the next stage",
        EscalateForm,
        lambda c, d, u, v: lifecycle.escalate(
            case=c,
            actor=u,
            requested_on=d["requested_on"],
            handler=d["handler"],
            customer_reason=d.get("customer_reason") or "",
            late_acceptance_reason=d.get("late_acceptance_reason") or "",
            expected_version=v,
        ),
        "Escalate",
        "Escalated to the next stage",
        "escalate",
        hint="The customer does not need to give a reason for escalating.",
    ),
    "close": CaseAction(
        "Close the case",
        CloseCaseForm,
        lambda c, d, u, v: lifecycle.close(
            case=c,
            actor=u,
            note=d.get("note") or "",
            outstanding_reason=d.get("outstanding_reason") or "",
            outstanding_confirmed=bool(d.get("outstanding_confirmed")),
            expected_version=v,
        ),
        "Close case",
        "Case closed",
        "close",
    ),
    "decline": CaseAction(
        "Decline the complaint",
        DeclineForm,
        lambda c, d, u, v: lifecycle.decline(
            case=c,
            actor=u,
            reason=d["reason"],
            signposted_to_ombudsman=d["signposted_to_ombudsman"],
            expected_version=v,
        ),
        "Decline",
        "Complaint declined",
        "decline",
    ),
    "withdraw": CaseAction(
        "Record that the customer withdrew",
        CloseForm,
        lambda c, d, u, v: lifecycle.withdraw(case=c, actor=u, note=d.get("note") or "", expected_version=v),
        "Record withdrawal",
        "Withdrawal recorded",
        "withdraw",
    ),
    "reopen": CaseAction(
        "Reopen the case",
        ReopenForm,
        lambda c, d, u, v: lifecycle.reopen(
            case=c, actor=u, reason=d["reason"], respond_by=d.get("respond_by"), expected_version=v
        ),
        "Reopen",
        "Case reopened",
        "reopen",
    ),
    "merge": CaseAction(
        "Merge into another case",
        ReferenceForm,
        lambda c, d, u, v: lifecycle.merge(
            case=c, into=_other_case(u, d), actor=u, note=d.get("note") or "", expected_version=v
        ),
        "Merge",
        "Case merged",
        "merge",
    ),
    "split": CaseAction(
        "Split an issue into a new case",
        SplitForm,
        _split,
        "Create the new case",
        "New case split from this one",
        "split",
    ),
    "lead-officer": CaseAction(
        "Change the lead officer",
        LeadOfficerForm,
        lambda c, d, u, v: services.assign_lead_officer(case=c, officer=d["officer"], actor=u, expected_version=v),
        "Change lead officer",
        "Lead officer changed",
    ),
    "matter-date": CaseAction(
        "Record when the matter happened",
        MatterDateForm,
        lambda c, d, u, v: services.record_matter_date(
            case=c,
            actor=u,
            matter_date=d["matter_date"],
            decision=TimeLimitDecision(d["decision"]) if d.get("decision") else None,
            reasons=d.get("reasons") or "",
            signposted_to_ombudsman=d.get("signposted_to_ombudsman") or False,
            expected_version=v,
        ),
        "Save",
        "Date of the matter recorded",
        hint="A complaint made after the procedure's time limit may still be accepted: record why.",
    ),
    "statement-agreed": CaseAction(
        "Count the stage from the agreed statement of the complaint",
        StatementAgreedForm,
        lambda c, d, u, v: lifecycle.start_clock_at_agreed_statement(
            case=c, actor=u, agreed_on=d["agreed_on"], expected_version=v
        ),
        "Save",
        "Stage counted from the agreed statement",
        hint="Children's social care stage 2 may run from the day the written record of the complaint is agreed "
        "with the complainant, when that is later than the request.",
    ),
    "independent-person": CaseAction(
        "Record the independent person",
        IndependentPersonForm,
        lambda c, d, u, v: services.record_independent_person(case=c, actor=u, name=d["name"], expected_version=v),
        "Save",
        "Independent person recorded",
    ),
    "review-panel": CaseAction(
        "Record the review panel",
        ReviewPanelForm,
        lambda c, d, u, v: services.record_review_panel(
            case=c, actor=u, members=d["members"].splitlines(), met_on=d.get("met_on"), expected_version=v
        ),
        "Save",
        "Review panel recorded",
        hint="The panel must meet within 30 working days of the request; the stage 2 independent person may not sit.",
    ),
    "definition": CaseAction(
        "Change the complaint definition",
        DefinitionForm,
        lambda c, d, u, v: services.update_definition(
            case=c,
            definition=d["definition"],
            desired_outcome=d.get("desired_outcome") or "",
            actor=u,
            expected_version=v,
        ),
        "Save definition",
        "Complaint definition updated",
    ),
    "link": CaseAction(
        "Link to another case",
        LinkForm,
        lambda c, d, u, v: services.link_cases(case=c, other=_other_case(u, d), kind=LinkKind(d["kind"]), actor=u),
        "Link cases",
        "Cases linked",
    ),
    "contribution": CaseAction(
        "Ask a service to contribute",
        ContributionRequestForm,
        lambda c, d, u, v: services.request_contribution(
            case=c,
            service_area=d["service_area"],
            actor=u,
            request_note=d["request_note"],
            due_date=d["due_date"],
            requested_from=d.get("requested_from"),
        ),
        "Request contribution",
        "Contribution requested",
    ),
    "remedy": CaseAction(
        "Add a remedy",
        RemedyForm,
        lambda c, d, u, v: services.add_remedy(
            case=c,
            actor=u,
            remedy_type=RemedyType(d["remedy_type"]),
            description=d["description"],
            owner=d.get("owner"),
            due_date=d["due_date"],
            amount=d.get("amount"),
        ),
        "Add remedy",
        "Remedy added",
        hint="A remedy is added to the latest stage response. Say what will be done and by when (Code 7.3).",
    ),
    "progress-update": CaseAction(
        "Send the customer a progress update",
        ProgressUpdateForm,
        lambda c, d, u, v: services.send_progress_update(case=c, actor=u, update=d["update"]),
        "Send update",
        "Progress update sent",
        hint="Keep the customer informed while their complaint is looked into.",
    ),
    "call": CaseAction(
        "Log a call with the customer",
        CallForm,
        lambda c, d, u, v: services.log_call(
            case=c,
            actor=u,
            direction=CallDirection(d["direction"]),
            outcome=CallOutcome(d["outcome"]),
            occurred_at=moment_on(d.get("occurred_on"), time(12, 0)),
            notes=d.get("notes") or "",
        ),
        "Log call",
        "Call logged",
    ),
    "categories": CaseAction(
        "Choose categories",
        CategoriesForm,
        lambda c, d, u, v: services.set_categories(case=c, categories=list(d["categories"]), actor=u),
        "Save categories",
        "Categories saved",
        form_takes_case=True,
    ),
    "adjustment": CaseAction(
        "Record a reasonable adjustment",
        AdjustmentForm,
        lambda c, d, u, v: customers.record_adjustment(
            case=c,
            description=d["description"],
            agreed_on=d["agreed_on"],
            review_on=d["review_on"],
            actor=u,
            request_id=d.get("request_id"),
        ),
        "Record adjustment",
        "Reasonable adjustment recorded",
    ),
    "vulnerability": CaseAction(
        "Record a vulnerability",
        VulnerabilityForm,
        lambda c, d, u, v: customers.record_vulnerability(case=c, note=d["note"], review_on=d["review_on"], actor=u),
        "Record vulnerability",
        "Vulnerability recorded",
    ),
    "representative": CaseAction(
        "Add a representative",
        RepresentativeForm,
        lambda c, d, u, v: customers.add_representative(
            case=c,
            name=d["name"],
            relationship=d["relationship"],
            email=d.get("email") or "",
            phone=d.get("phone") or "",
            has_consent=d["has_consent"],
            consent_evidence=d.get("consent_evidence") or "",
            actor=u,
        ),
        "Add representative",
        "Representative added",
    ),
    # Awaab's Law (docs/rules-deadlines.md): shown on the case page only where it applies.
    "hazard": CaseAction(
        "Is it an emergency or significant hazard?",
        HazardForm,
        hazard_actions.assess,
        "Save decision",
        "Hazard decision recorded",
        hint="Awaab's Law: an emergency hazard must be investigated and made safe within 24 hours; a significant "
        "hazard investigated within 10 working days. The clock started when the landlord became aware of it.",
        form_takes_case=True,
    ),
    "hazard-step": CaseAction(
        "Record a hazard step as done",
        HazardStepForm,
        hazard_actions.step_done,
        "Record step",
        "Hazard step recorded",
        form_takes_case=True,
    ),
    "hazard-accommodation": CaseAction(
        "Record alternative accommodation offered",
        AccommodationForm,
        hazard_actions.accommodation,
        "Record offer",
        "Alternative accommodation recorded",
        hint="When the home cannot be made safe in time, offer suitable alternative accommodation and record it.",
        form_takes_case=True,
    ),
    "restrict-contact": CaseAction(
        "Restrict contact because of unacceptable behaviour",
        RestrictionForm,
        lambda c, d, u, v: restrictions.record_restriction(
            case=c,
            details=restrictions.RestrictionDetails(
                restriction=d["restriction"],
                reason=d["reason"],
                decided_by=d["decided_by"],
                decided_on=d["decided_on"],
                customer_told_on=d["customer_told_on"],
                how_told=d["how_told"],
                review_on=d["review_on"],
            ),
            actor=u,
        ),
        "Record restriction",
        "Restriction recorded",
        hint="Record a restriction once it has been decided and the customer told. It is flagged for review on "
        "its review date and never runs on without one.",
    ),
    "review-restriction": CaseAction(
        "Review a restriction on contact",
        RestrictionReviewForm,
        lambda c, d, u, v: restrictions.review_restriction(
            case=c,
            restriction=d["restriction"],
            keep=d["decision"] == RestrictionReviewForm.KEEP,
            note=d["note"],
            next_review_on=d.get("next_review_on"),
            actor=u,
        ),
        "Save review",
        "Restriction reviewed",
        form_takes_case=True,
    ),
    "tenure": CaseAction(
        "Record the customer's tenure",
        TenureForm,
        lambda c, d, u, v: restrictions.record_tenure(case=c, tenure=Tenure(d["tenure"]), actor=u),
        "Save tenure",
        "Tenure recorded",
    ),
    "resolve-early": CaseAction(
        "Resolve early, before it becomes a formal complaint",
        EarlyResolutionForm,
        lambda c, d, u, v: lifecycle.resolve_early(case=c, actor=u, how_resolved=d["how_resolved"], expected_version=v),
        "Resolve early",
        "Resolved early",
        hint="Only within the procedure's early resolution window, before the complaint is acknowledged",
    ),
    "note": CaseAction(
        "Add a note",
        NoteForm,
        lambda c, d, u, v: services.add_note(case=c, actor=u, text=d["text"]),
        "Add note",
        "Note added",
    ),
}


def _initial(case: Case, slug: str) -> dict[str, Any]:
    initial: dict[str, Any] = {"lock_version": case.lock_version}
    if slug in ("acknowledge", "definition"):
        initial.update(definition=case.definition, desired_outcome=case.desired_outcome)
    if slug == "respond" and case.procedure_version and is_adult_social_care(case.procedure_version.procedure):
        initial["responsible_person"] = current_organisation().responsible_person
    if slug == "categories":
        initial["categories"] = [category.pk for category in case.categories.all()]
    if slug == "escalate" and (asked := waiting_escalation(case)) is not None:
        initial["requested_on"] = asked.received_date  # the customer asked in their online account on this day
    if slug == "progress-update":
        initial["update"] = PROGRESS_UPDATE_TEMPLATE
    if slug == "hazard":
        initial["owner_team"] = case.team_id
    if slug == "tenure" and case.customer is not None:
        initial["tenure"] = case.customer.tenure
    if slug == "lead-officer":
        initial["officer"] = case.lead_officer_id
    if slug == "split":
        initial.update(
            kind=case.kind,
            service_area=case.service_area_id,
            lead_officer=case.lead_officer_id,
            procedure=case.procedure_version.procedure_id if case.procedure_version else None,
        )
    return initial


# An adjustment confirmed from the customer's request is reviewed a year on unless the officer picks another date.
ADJUSTMENT_REVIEW_DAYS = 365


def confirming_initial(case: Case, request_id: str) -> dict[str, Any]:
    """The adjustment form filled in from one the customer asked for ("Confirm" on the case page)."""
    asked = next((item for item in customers.adjustments_to_confirm(case) if str(item.pk) == request_id), None)
    if asked is None:
        return {}
    today = timezone.localdate()
    return {
        "description": asked.suggested,
        "agreed_on": today,
        "review_on": today + timedelta(days=ADJUSTMENT_REVIEW_DAYS),
        "request_id": asked.pk,
    }


@staff_view
def case_action(request: SignedInRequest, reference: str, action: str) -> HttpResponse:
    user = request.user
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("No such action")
    case = get_case_for(user, reference, "edit")
    if spec.lifecycle_action and (unavailable := lifecycle.unavailable_reason(case, spec.lifecycle_action)):
        messages.error(request, unavailable)
        return redirect("cases:detail", reference=case.reference)
    extra = {"case": case} if spec.form_takes_case else {}
    initial = _initial(case, action)
    if action == "adjustment":
        initial.update(confirming_initial(case, request.GET.get("request", "")))
    if action in ("link", "merge"):
        # "Link as a duplicate" and "Merge into" on a likely duplicate come with the other case filled in.
        initial.update(other_reference=request.GET.get("other", "")[:20], kind=request.GET.get("kind", ""))
    form = spec.form_class(request.POST or None, initial=initial, **extra)
    if not (case.procedure_version and is_adult_social_care(case.procedure_version.procedure)):
        without_adult_social_care_fields(form)
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("lock_version")
        try:
            result = spec.perform(case, form.cleaned_data, user, expected)
        except TransitionError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, spec.done)
            if action == "split" and isinstance(result, Case):
                return redirect("cases:detail", reference=result.reference)
            return redirect("cases:detail", reference=case.reference)
    outstanding = outstanding_on(case).lines() if action == "close" else []
    context = {
        "case": case,
        "form": form,
        "action": spec,
        "slug": action,
        "outstanding": outstanding,
        "hazard_words": hazard_words_in(case) if action == "hazard" else [],
    }
    if action == "respond":
        parts = joint_parts(case)
        context.update(joint_parts=parts, joint_lead=joint_lead(case), visible_parts=visible_case_ids(user, parts))
    if action == "escalate":
        parts = parts_escalating_with(case)
        context.update(escalating_parts=parts, visible_parts=visible_case_ids(user, parts))
    return render(request, "cases/action.html", context)


@staff_view
def record_contribution(request: SignedInRequest, reference: str, contribution_id: int) -> HttpResponse:
    user = request.user
    case = get_case_for(user, reference, "view")
    contribution = case.contributions.select_related("service_area").filter(pk=contribution_id).first()
    if contribution is None:
        raise Http404("No such contribution")
    if not can_record_contribution(user, case, contribution):
        raise_cannot_act(case)
    form = ContributionForm(request.POST or None, initial={"contribution": contribution.contribution})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_contribution(contribution=contribution, text=form.cleaned_data["contribution"], actor=user)
        except TransitionError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, "Contribution recorded")
            return redirect("cases:detail", reference=case.reference)
    spec = CaseAction(
        f"Contribution from {contribution.service_area.name}",
        ContributionForm,
        lambda *a: None,
        "Save contribution",
        "",
    )
    return render(
        request, "cases/action.html", {"case": case, "form": form, "action": spec, "contribution": contribution}
    )
