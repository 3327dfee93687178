"""Every action on a case page as a form. Each one calls a single lifecycle or service function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from putright.cases import lifecycle, services
from putright.cases.access import can_record_contribution, get_case_for, raise_cannot_act
from putright.cases.choices import CallDirection, CallOutcome, LinkKind, Outcome, RemedyType
from putright.cases.forms import (
    AcknowledgeForm,
    AdjustmentForm,
    CallForm,
    CategoriesForm,
    CloseForm,
    ContributionForm,
    ContributionRequestForm,
    DeclineForm,
    DefinitionForm,
    EmptyActionForm,
    EscalateForm,
    ExtendForm,
    LeadOfficerForm,
    LinkForm,
    NoteForm,
    ReferenceForm,
    ReopenForm,
    RepresentativeForm,
    RespondForm,
    SplitForm,
    VulnerabilityForm,
    moment_on,
)
from putright.cases.lifecycle import TransitionError
from putright.cases.models import Case
from putright.cases.views._common import add_rule_error, staff_view
from putright.cases.views.logging import case_details_from
from putright.organisation.models import User
from putright.people import services as people_services

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
            )
        )
    return lifecycle.respond(
        case=case,
        actor=user,
        outcome=Outcome(d["outcome"]),
        reasons=d["reasons"],
        remedies=remedies,
        outstanding_actions=d.get("outstanding_actions") or "",
        responded_on=d.get("responded_on"),
        expected_version=v,
    )


def _split(case: Case, d: dict[str, Any], user: User, v: int | None) -> Any:
    return lifecycle.split(case=case, actor=user, details=case_details_from(d, d["description"]), expected_version=v)


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
        "Record the stage response", RespondForm, _respond, "Record response", "Response recorded", "respond"
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
            good_reason=d.get("good_reason") or "",
            expected_version=v,
        ),
        "Extend",
        "Response date extended",
        "extend",
        hint="Tell the customer the new date, the reason, and the ombudsman's details.",
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
        CloseForm,
        lambda c, d, u, v: lifecycle.close(case=c, actor=u, note=d.get("note") or "", expected_version=v),
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
        lambda c, d, u, v: people_services.record_adjustment(
            case=c, description=d["description"], agreed_on=d["agreed_on"], review_on=d["review_on"], actor=u
        ),
        "Record adjustment",
        "Reasonable adjustment recorded",
    ),
    "vulnerability": CaseAction(
        "Record a vulnerability",
        VulnerabilityForm,
        lambda c, d, u, v: people_services.record_vulnerability(
            case=c, note=d["note"], review_on=d["review_on"], actor=u
        ),
        "Record vulnerability",
        "Vulnerability recorded",
    ),
    "representative": CaseAction(
        "Add a representative",
        RepresentativeForm,
        lambda c, d, u, v: people_services.add_representative(
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
    if slug == "categories":
        initial["categories"] = [category.pk for category in case.categories.all()]
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


@staff_view
def case_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("No such action")
    case = get_case_for(user, reference, "edit")
    if spec.lifecycle_action and spec.lifecycle_action not in lifecycle.allowed_actions(case):
        messages.error(
            request, f"{case.reference} is {case.get_status_display().lower()}: that action is not available now"
        )
        return redirect("cases:detail", reference=case.reference)
    extra = {"case": case} if spec.form_takes_case else {}
    form = spec.form_class(request.POST or None, initial=_initial(case, action), **extra)
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
    return render(request, "cases/action.html", {"case": case, "form": form, "action": spec, "slug": action})


@staff_view
def record_contribution(request: HttpRequest, reference: str, contribution_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
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
