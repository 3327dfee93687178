"""Councillor pages: raise an enquiry or complaint for a resident, and follow what you raised. Nothing else."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from putright.cases.access import is_case_worker
from putright.cases.choices import CaseKind
from putright.core.errors import RuleError
from putright.core.views import SignedInRequest, signed_in_view
from putright.organisation.models import User
from putright.portal.access import get_raised_case_for, is_councillor
from putright.portal.forms import CouncillorCaseForm
from putright.portal.selectors import SMALL_NUMBER, raised_case, raised_cases, ward_summary
from putright.portal.services.submissions import raise_for_resident
from putright.portal.topics import choice_for

# Signed-in councillors only: others signed in get the same 404 as a page that does not exist.
councillor_view = signed_in_view(lambda user: user.is_councillor)


@require_http_methods(["GET"])
def signed_in(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: councillors on their own pages, staff on what needs them today."""
    if is_councillor(request.user):
        return redirect("portal:councillor_home")
    if is_case_worker(request.user):
        return redirect("cases:today")
    if isinstance(request.user, User) and request.user.is_member_responsible:
        return redirect("reporting:dashboard")  # figures only: the Member Responsible for Complaints
    return redirect("portal:start")


@councillor_view
@require_http_methods(["GET"])
def councillor_home(request: SignedInRequest) -> HttpResponse:
    user = request.user
    return render(request, "portal/councillor/home.html", {"cases": raised_cases(user)})


@councillor_view
@require_http_methods(["GET", "POST"])
def councillor_raise(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = CouncillorCaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        choice = choice_for(data["service"])
        if choice is None:
            form.add_error("service", _("Select which service it is about"))
        else:
            try:
                case = raise_for_resident(
                    councillor=user,
                    kind=CaseKind(data["kind"]),
                    service=choice.service,
                    resident_name=data["resident_name"],
                    resident_email=data["resident_email"],
                    resident_phone=data["resident_phone"],
                    resident_address=data["resident_address"],
                    resident_postcode=data["resident_postcode"],
                    title=data["title"],
                    details=data["details"],
                    desired_outcome=data["desired_outcome"],
                    consent_evidence=data["consent_evidence"],
                )
            except RuleError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Sent. Your reference is %(reference)s") % {"reference": case.reference})
                return redirect("portal:councillor_case", reference=case.reference)
    return render(request, "portal/councillor/raise.html", {"form": form})


@councillor_view
@require_http_methods(["GET"])
def councillor_case(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_raised_case_for(request.user, reference)
    return render(request, "portal/councillor/case.html", {"case": raised_case(case)})


@councillor_view
@require_http_methods(["GET"])
def councillor_ward(request: SignedInRequest) -> HttpResponse:
    """Counts for the councillor's ward: never a reference, name, date or word of any case."""
    user = request.user
    return render(request, "portal/councillor/ward.html", {"summary": ward_summary(user), "small_number": SMALL_NUMBER})
