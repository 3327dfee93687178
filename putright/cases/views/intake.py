"""Logging what came in and triaging it into cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from putright.cases import lifecycle
from putright.cases.access import can_see, cases_visible_to, get_case_for, get_contact_for
from putright.cases.choices import Channel, LinkKind
from putright.cases.duplicates import LikelyDuplicate, likely_duplicates
from putright.cases.forms import (
    LogCaseForm,
    NoCaseForm,
    SameMatterForm,
    TriageForm,
    case_details_from,
    triage_initial,
)
from putright.cases.hazards.eligibility import contact_hazard_words
from putright.cases.models import Case, Contact

if TYPE_CHECKING:
    from putright.cases.suggestions import Suggestion
from putright.cases.services import (
    CustomerDetails,
    already_triaged,
    close_contact_without_case,
    link_cases,
    log_case,
    triage_contact,
)
from putright.core.errors import TransitionError
from putright.core.views import SignedInRequest, add_rule_error, staff_view
from putright.organisation.models import User


@staff_view
def log_contact_view(request: SignedInRequest) -> HttpResponse:
    """Log a complaint (or other contact) that came in by phone, letter or email, and triage it."""
    user = request.user
    form = LogCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = log_case(
                channel=Channel(data["channel"]),
                received_at=form.received_at(),
                raw_text=data["raw_text"],
                actor=user,
                details=case_details_from(data, data["raw_text"]),
                customer_details=CustomerDetails(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    phone=data["phone"],
                    preferred_contact_method=data["preferred_contact_method"],
                    address=data["address"],
                    postcode=data["postcode"],
                ),
                contributing_services=list(data.get("contributing_services") or []),
            )
        except TransitionError as error:
            add_rule_error(form, error)
        else:
            return _to_the_new_case(request, case, "logged", otherwise="cases:log")
    return render(request, "cases/log_contact.html", {"form": form})


def _to_the_new_case(request: SignedInRequest, case: Case, done: str, *, otherwise: str) -> HttpResponse:
    """The case just made, or, when it is a restricted case the officer who made it may not open (another service's
    social care case), a page they may open with its reference and who has it: never a "Page not found"."""
    if can_see(request.user, case):
        messages.success(request, f"{case.get_kind_display()} {case.reference} {done}")
        return redirect("cases:detail", reference=case.reference)
    service = case.service_area.name if case.service_area else "its service"
    messages.success(
        request,
        f"{case.get_kind_display()} {case.reference} {done}. It is a restricted case: {service} and the people named "
        "on it can open it, and it is in their queue.",
    )
    return redirect(otherwise)


@staff_view
def triage_view(request: SignedInRequest, contact_id: int) -> HttpResponse:
    user = request.user
    contact = get_contact_for(user, contact_id)
    if contact.triaged_at is not None:
        # Triage happens once: no forms, and a form sent anyway (a second tab, a replayed request) changes nothing.
        return render(
            request,
            "cases/triage_done.html",
            {
                "contact": contact,
                "message": already_triaged(contact),
                "cases": cases_visible_to(user).filter(contact=contact).order_by("pk"),
            },
            status=409 if request.method == "POST" else 200,
        )
    initial = triage_initial(contact)
    suggested_service, suggested_category = suggestions_for(contact.raw_text)
    if suggested_service and request.GET.get("service") == str(suggested_service.value):
        initial["service_area"] = suggested_service.value  # the officer clicked "Use this service"
    form = TriageForm(request.POST or None, prefix="case", initial=initial)
    no_case_form = NoCaseForm(request.POST or None, prefix="nocase")
    duplicates = contact_duplicates(user, contact)
    same_form = SameMatterForm(
        request.POST or None, prefix="same", references=[item.case.reference for item in duplicates]
    )
    if request.method == "POST":
        if request.POST.get("decision") == "no_case":
            form = TriageForm(prefix="case", initial=triage_initial(contact))
            if no_case_form.is_valid():
                try:
                    close_contact_without_case(contact=contact, note=no_case_form.cleaned_data["note"], actor=user)
                except TransitionError as error:
                    add_rule_error(no_case_form, error)
                else:
                    messages.success(request, "Contact recorded as needing no case")
                    return redirect("cases:contacts")
        else:
            no_case_form = NoCaseForm(prefix="nocase")
            if form.is_valid() and same_form.is_valid():
                try:
                    with transaction.atomic():  # a refused link or merge leaves the contact untriaged
                        [case] = triage_contact(
                            contact=contact, actor=user, cases=[case_details_from(form.cleaned_data, contact.raw_text)]
                        )
                        done = same_matter(user, case, same_form.decision())
                except TransitionError as error:
                    add_rule_error(same_form if error.field == "same_as" else form, error)
                else:
                    return _to_the_new_case(request, case, f"created{done}", otherwise="cases:contacts")
    return render(
        request,
        "cases/triage.html",
        {
            "contact": contact,
            "form": form,
            "no_case_form": no_case_form,
            "hazard_words": contact_hazard_words(contact),
            "duplicates": duplicates,
            "same_form": same_form,
            "suggested_service": suggested_service,
            "suggested_category": suggested_category,
        },
    )


def suggestions_for(text: str) -> tuple[Suggestion | None, Suggestion | None]:
    from putright.cases.suggestions import suggest_category, suggest_service  # scikit-learn loads on first use

    return suggest_service(text), suggest_category(text)


def contact_duplicates(user: User, contact: Contact) -> list[LikelyDuplicate]:
    customer = contact.customer
    return likely_duplicates(
        user,
        customer=customer,
        text=contact.raw_text,
        postcode=customer.postcode if customer else "",
        received_at=contact.received_at,
    )


def same_matter(user: User, case: Case, decision: tuple[str, str] | None) -> str:
    """Link or merge the new case as the officer chose at triage; the words added to the confirmation."""
    if decision is None:
        return ""
    how, reference = decision
    try:
        other = get_case_for(user, reference, "edit")
    except Http404:
        raise TransitionError(
            f"You cannot change {reference}: ask its lead officer to link the cases", "same_as"
        ) from None
    try:
        if how == "merge":
            lifecycle.merge(case=case, into=other, actor=user, note="Found to be the same matter at triage.")
            return f" and merged into {other.reference}"
        link_cases(case=case, other=other, kind=LinkKind.DUPLICATE_OF, actor=user)
    except TransitionError as error:
        raise TransitionError(error.message, "same_as") from error
    return f", a duplicate of {other.reference}"
