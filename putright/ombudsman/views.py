"""Staff pages for the ombudsman stage: the list, a case's referrals, and the forms that record them.

The complaints team, managers and administrators liaise with the ombudsman (Code 4.1; `whole_queue_view`); anyone
else gets a 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from putright.cases.access import can_act, get_case_for
from putright.cases.models import Case
from putright.core.errors import RuleError
from putright.core.forms import GovukForm
from putright.core.views import SignedInRequest, add_rule_error, whole_queue_view
from putright.ombudsman import services
from putright.ombudsman.forms import ComplianceForm, DecisionForm, EnquiryForm, ReferralForm, RemedyForm
from putright.ombudsman.selectors import (
    awaiting_for_list,
    get_referral_for,
    get_remedy_for,
    referrals_for_list,
    remedies_overdue,
    with_reply_overdue,
)


@whole_queue_view
def referral_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    referrals = referrals_for_list(user, today)
    return render(
        request,
        "ombudsman/referral_list.html",
        {
            "awaiting": list(awaiting_for_list(user, today)),
            "decided": list(referrals.exclude(decision="")[:50]),
            "overdue_remedies": list(remedies_overdue(user, today)),
        },
    )


@whole_queue_view
def case_referrals(request: SignedInRequest, reference: str) -> HttpResponse:
    user = request.user
    case = get_case_for(user, reference, "view")
    today = timezone.localdate()
    referrals = with_reply_overdue(case.ombudsman_referrals.prefetch_related("remedies"), today).order_by(
        "referred_date", "pk"
    )
    return render(
        request,
        "ombudsman/case_referrals.html",
        {"case": case, "referrals": referrals, "may_act": can_act(user, case)},
    )


def _form_page(
    request: HttpRequest, case: Case, form: GovukForm, title: str, button: str, caption: str = ""
) -> HttpResponse:
    return render(
        request,
        "ombudsman/form.html",
        {"case": case, "form": form, "title": title, "button": button, "caption": caption},
    )


@whole_queue_view
def refer(request: SignedInRequest, reference: str) -> HttpResponse:
    user = request.user
    case = get_case_for(user, reference, "edit")
    initial = {"ombudsman": services.default_ombudsman(case)}
    form = ReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.refer_to_ombudsman(case=case, actor=user, **form.cleaned_data)
        except RuleError as error:
            add_rule_error(form, error)
        else:
            return redirect("ombudsman:case", reference=case.reference)
    return _form_page(request, case, form, "Record a referral to the ombudsman", "Save referral")


@whole_queue_view
def enquiry(request: SignedInRequest, reference: str, referral_id: int) -> HttpResponse:
    """The ombudsman's enquiry: the date it asked for our reply by, and when we replied."""
    user = request.user
    get_case_for(user, reference, "edit")  # a 403 for those who may read the case but not act on it
    referral = get_referral_for(user, reference, referral_id)
    initial = {
        "enquiry_received_date": referral.enquiry_received_date,
        "response_due_date": referral.response_due_date,
        "responded_date": referral.responded_date,
    }
    form = EnquiryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_enquiry(referral=referral, actor=user, **form.cleaned_data)
        except RuleError as error:
            add_rule_error(form, error)
        else:
            return redirect("ombudsman:case", reference=referral.case.reference)
    return _form_page(request, referral.case, form, "The ombudsman's enquiry", "Save", str(referral))


@whole_queue_view
def decision(request: SignedInRequest, reference: str, referral_id: int) -> HttpResponse:
    user = request.user
    get_case_for(user, reference, "edit")  # a 403 for those who may read the case but not act on it
    referral = get_referral_for(user, reference, referral_id)
    form = DecisionForm(request.POST or None, ombudsman=referral.ombudsman)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(referral=referral, actor=user, **form.cleaned_data)
        except RuleError as error:
            add_rule_error(form, error)
        else:
            return redirect("ombudsman:case", reference=referral.case.reference)
    return _form_page(request, referral.case, form, "Record the ombudsman's decision", "Save decision", str(referral))


@whole_queue_view
def add_remedy(request: SignedInRequest, reference: str, referral_id: int) -> HttpResponse:
    user = request.user
    get_case_for(user, reference, "edit")  # a 403 for those who may read the case but not act on it
    referral = get_referral_for(user, reference, referral_id)
    form = RemedyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_remedy(referral=referral, actor=user, **form.cleaned_data)
        except RuleError as error:
            add_rule_error(form, error)
        else:
            return redirect("ombudsman:case", reference=referral.case.reference)
    return _form_page(request, referral.case, form, "Record an order or recommendation", "Save remedy", str(referral))


@whole_queue_view
def complete_remedy(request: SignedInRequest, reference: str, referral_id: int, remedy_id: int) -> HttpResponse:
    user = request.user
    get_case_for(user, reference, "edit")  # a 403 for those who may read the case but not act on it
    referral = get_referral_for(user, reference, referral_id)
    remedy = get_remedy_for(user, referral, remedy_id)
    form = ComplianceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_compliance(remedy=remedy, actor=user, **form.cleaned_data)
        except RuleError as error:
            add_rule_error(form, error)
        else:
            return redirect("ombudsman:case", reference=referral.case.reference)
    return _form_page(request, referral.case, form, "Record that it is done", "Save", remedy.description)
