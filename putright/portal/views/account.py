"""The customer's account: sign in with an emailed link, see every case, and act on an open one.

Every page of a case fetches it through `portal.access.get_customer_case` with the verified email address in the
session, so another customer's reference is the same 404 as one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from putright.cases.hazards.selectors import timed_hazards_of
from putright.organisation.selectors import current_organisation
from putright.portal.access import get_customer_case, get_customer_evidence, get_customer_letter
from putright.portal.evidence import held_file_response
from putright.portal.forms import (
    CallbackForm,
    ConfirmRequestForm,
    InformationForm,
    SignInForm,
    SurveyForm,
    WithdrawForm,
)
from putright.portal.ratelimit import client_address, count, over_limit
from putright.portal.selectors import customer_case, customer_cases, ombudsman_for
from putright.portal.services import account, signin

View = Callable[..., HttpResponseBase]


def customer_view(view: View) -> View:
    """Signed-in customers only; others are asked to sign in. The view gets the verified email address."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        email = signin.signed_in_email(request.session)
        if email is None:
            return redirect("portal:sign_in")
        return view(request, email, *args, **kwargs)

    return wrapper


def _private[R: HttpResponseBase](response: R) -> R:
    # Personal data: never kept by a shared cache or the browser's back-forward cache on a shared computer.
    response["Cache-Control"] = "no-store, private"
    return response


# --- signing in -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        if over_limit("sign_in", address, settings.PUTRIGHT_SIGN_INS_PER_HOUR):
            return render(request, "portal/account/sign_in_limited.html", status=429)
        count("sign_in", address)
        email = signin.normalise_email(form.cleaned_data["email"])
        # Too many links for one address: the same answer, and no email (so nobody can flood an inbox).
        if not over_limit("sign_in_email", email, settings.PUTRIGHT_SIGN_IN_LINKS_PER_EMAIL_PER_HOUR):
            count("sign_in_email", email)
            site = settings.PUTRIGHT_SITE_URL or request.build_absolute_uri("/")
            signin.ask_for_link(email=email, site_url=site, language=get_language() or "en")
        return redirect("portal:sign_in_sent")
    return render(request, "portal/account/sign_in.html", {"form": form, "back_url": reverse("portal:start")})


@require_http_methods(["GET"])
def sign_in_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/account/sign_in_sent.html",
        {"minutes": settings.PUTRIGHT_SIGN_IN_LINK_MINUTES, "organisation": current_organisation()},
    )


@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a button (mail scanners follow links; they must not spend the link). POST: spend it and sign in."""
    if request.method == "POST":
        email = signin.use_link(token)
        if email is not None:
            signin.sign_in(request.session, email)
            return redirect("portal:your_cases")
    elif signin.usable_link(token) is not None:
        return _private(render(request, "portal/account/sign_in_confirm.html", {"token": token}))
    return _private(render(request, "portal/account/sign_in_expired.html", status=410))


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    signin.sign_out(request.session)
    messages.success(request, _("You have signed out"))
    return redirect("portal:start")


# --- the customer's cases -------------------------------------------------------------------------------------


@customer_view
@require_http_methods(["GET"])
def your_cases(request: HttpRequest, email: str) -> HttpResponse:
    return _private(
        render(request, "portal/account/cases.html", {"cases": customer_cases(email), "customer_email": email})
    )


@customer_view
@require_http_methods(["GET"])
def case_page(request: HttpRequest, email: str, reference: str) -> HttpResponse:
    case = get_customer_case(email, reference)
    view = customer_case(case, timezone.localdate())
    return _private(
        render(
            request,
            "portal/account/case.html",
            {
                "case": view,
                "customer_email": email,
                "back_url": reverse("portal:your_cases"),
                "hazards": timed_hazards_of(case),
            },
        )
    )


def _case_url(reference: str) -> str:
    return reverse("portal:customer_case", args=[reference])


@customer_view
@require_http_methods(["GET", "POST"])
def add_information(request: HttpRequest, email: str, reference: str) -> HttpResponse:
    case = get_customer_case(email, reference)
    view = customer_case(case, timezone.localdate())
    if not view.may_add_information:
        return redirect(_case_url(case.reference))
    form = InformationForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account.add_information(case=case, email=email, text=data["text"], files=data["evidence"])
        messages.success(request, _("We have added what you sent to your case"))
        return redirect(_case_url(case.reference))
    return _private(
        render(
            request,
            "portal/account/add_information.html",
            {"case": view, "form": form, "back_url": _case_url(case.reference)},
        )
    )


@customer_view
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest, email: str, reference: str) -> HttpResponse:
    case = get_customer_case(email, reference)
    view = customer_case(case, timezone.localdate())
    if not view.may_ask_for_callback:
        return redirect(_case_url(case.reference))
    initial = {"phone": case.customer.phone if case.customer else ""}
    form = CallbackForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account.ask_for_callback(case=case, email=email, phone=data["phone"], preferred_times=data["preferred_times"])
        messages.success(request, _("We have asked the person dealing with your case to call you"))
        return redirect(_case_url(case.reference))
    return _private(
        render(
            request, "portal/account/callback.html", {"case": view, "form": form, "back_url": _case_url(case.reference)}
        )
    )


@customer_view
@require_http_methods(["GET", "POST"])
def escalate(request: HttpRequest, email: str, reference: str) -> HttpResponse:
    case = get_customer_case(email, reference)
    today = timezone.localdate()
    view = customer_case(case, today)
    form = ConfirmRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and view.escalation.may_ask and form.is_valid():
        try:
            account.ask_to_escalate(case=case, email=email, today=today)
        except account.AccountError:
            pass  # the window closed, or another tab asked first: the page below explains
        else:
            messages.success(request, _("We have received your request for the next stage"))
            return redirect(_case_url(case.reference))
        view = customer_case(case, today)
    return _private(
        render(
            request,
            "portal/account/escalate.html",
            {
                "case": view,
                "form": form,
                "ombudsman": ombudsman_for(case),
                "organisation": current_organisation(),
                "back_url": _case_url(case.reference),
            },
        )
    )


@customer_view
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, email: str, reference: str) -> HttpResponse:
    case = get_customer_case(email, reference)
    view = customer_case(case, timezone.localdate())
    if not view.may_withdraw:
        return redirect(_case_url(case.reference))
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account.withdraw_complaint(case=case, email=email, reason=form.cleaned_data["reason"])
        except account.AccountError:
            return redirect(_case_url(case.reference))
        messages.success(request, _("You have withdrawn your complaint"))
        return redirect(_case_url(case.reference))
    return _private(
        render(
            request, "portal/account/withdraw.html", {"case": view, "form": form, "back_url": _case_url(case.reference)}
        )
    )


@customer_view
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, email: str, reference: str) -> HttpResponse:
    case = get_customer_case(email, reference)
    view = customer_case(case, timezone.localdate())
    if not view.may_answer_survey:
        return redirect(_case_url(case.reference))
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Answered already in another tab: the case page says thank you either way.
        with suppress(account.AccountError):
            account.answer_survey(case=case, **form.cleaned_data)
        messages.success(request, _("Thank you for your feedback"))
        return redirect(_case_url(case.reference))
    return _private(
        render(
            request, "portal/account/survey.html", {"case": view, "form": form, "back_url": _case_url(case.reference)}
        )
    )


# --- downloads ------------------------------------------------------------------------------------------------


def _download(file: Any, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    return _private(response)


@customer_view
@require_http_methods(["GET"])
def letter(request: HttpRequest, email: str, reference: str, token: UUID) -> FileResponse:
    message = get_customer_letter(email, reference, token)
    return _download(message.document, f"{reference.upper()}-letter.pdf", "application/pdf")


@customer_view
@require_http_methods(["GET"])
def evidence_file(request: HttpRequest, email: str, reference: str, token: UUID) -> HttpResponseBase:
    evidence = get_customer_evidence(email, reference, token)
    if not evidence.may_be_opened:
        return _private(held_file_response(evidence))
    return _download(evidence.file, evidence.original_name, "application/octet-stream")
