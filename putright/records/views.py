"""Records for the information-governance lead: legal holds, and what the retention schedule will erase next."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from putright.audit.governance import information_governance_view
from putright.audit.services import record_access
from putright.core.errors import RuleError
from putright.core.views import SignedInRequest, add_rule_error
from putright.people.selectors import find_customers
from putright.records import requests, services
from putright.records.forms import HoldForm, NewRequestForm, OutcomeForm, RectifyForm, RedactionForm
from putright.records.models import InformationRequest, LegalHold
from putright.records.retention import apply_retention
from putright.records.subject_access import items_for_review, subject_access_zip


@information_governance_view("records")
@require_http_methods(["GET", "POST"])
def records_home(request: SignedInRequest) -> HttpResponse:
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hold = services.place_hold(
                reference=form.cleaned_data["reference"], reason=form.cleaned_data["reason"], actor=request.user
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, f"{hold.case.reference} is held: its personal data will not be erased.")
            return redirect("records:home")
    holds = LegalHold.objects.filter(lifted_at__isnull=True).select_related("case", "placed_by")
    due = apply_retention(timezone.now(), dry_run=True, limit=200)
    return render(request, "records/home.html", {"form": form, "holds": holds, "due": due})


@information_governance_view("records")
@require_POST
def lift_hold(request: SignedInRequest, hold_id: int) -> HttpResponse:
    try:
        hold = services.lift_hold(hold_id=hold_id, actor=request.user)
    except RuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The hold on {hold.case.reference} is lifted.")
    return redirect("records:home")


# --- information rights requests --------------------------------------------------------------------------------


@information_governance_view("records")
@require_http_methods(["GET", "POST"])
def request_list(request: SignedInRequest) -> HttpResponse:
    people = list(find_customers(request.POST.get("person", ""))[:20]) if request.method == "POST" else []
    form = NewRequestForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("customer")
        matches = people
        customer = next((p for p in matches if p.pk == chosen), None) or (matches[0] if len(matches) == 1 else None)
        if not matches:
            form.add_error("person", "Nobody on record matches that name, email address, phone number or postcode")
        elif customer is None:
            form.add_error("customer", "Select which of these people it is")
        else:
            try:
                made = requests.log_request(
                    kind=form.cleaned_data["kind"],
                    customer=customer,
                    received_on=form.cleaned_data["received_on"],
                    details=form.cleaned_data["details"],
                    actor=request.user,
                    today=timezone.localdate(),
                )
            except RuleError as error:
                add_rule_error(form, error)
            else:
                return redirect("records:request", request_id=made.pk)
    listed = requests.requests_for_list(timezone.localdate())
    return render(request, "records/requests.html", {"form": form, "requests": listed, "choosing": len(people) > 1})


def _request(request_id: int) -> InformationRequest:
    found = requests.requests_for_list(timezone.localdate()).filter(pk=request_id).first()
    if found is None:
        raise Http404("No such request")
    return found


@information_governance_view("records")
@require_http_methods(["GET", "POST"])
def request_detail(request: SignedInRequest, request_id: int) -> HttpResponse:
    info = _request(request_id)
    record_access(user=request.user, object_type="request", reference=str(info.pk), customer_id=info.customer_id)
    customer = info.customer
    forms = {
        "redaction": RedactionForm(initial={"redact_terms": info.redact_terms}),
        "outcome": OutcomeForm(),
        "rectify": RectifyForm(initial={name: getattr(customer, name) for name in requests.RECTIFIABLE}),
    }
    action = request.POST.get("action", "")
    if request.method == "POST":
        try:
            if action == "redact":
                forms["redaction"] = RedactionForm(request.POST)
                if forms["redaction"].is_valid():
                    requests.save_redactions(
                        request=info,
                        terms=forms["redaction"].cleaned_data["redact_terms"],
                        withheld=request.POST.getlist("withheld"),
                    )
                    messages.success(request, "Saved: the download now leaves these out.")
                    return redirect("records:request", request_id=info.pk)
            elif action in ("done", "refuse"):
                forms["outcome"] = OutcomeForm(request.POST)
                if forms["outcome"].is_valid():
                    requests.finish(
                        request=info,
                        outcome=forms["outcome"].cleaned_data["outcome"],
                        today=timezone.localdate(),
                        refused=action == "refuse",
                    )
                    return redirect("records:request", request_id=info.pk)
            elif action == "erase":
                requests.erase_on_request(request=info, now=timezone.now(), today=timezone.localdate())
                messages.success(request, "Erased. The cases are kept as figures only.")
                return redirect("records:request", request_id=info.pk)
            elif action == "rectify":
                forms["rectify"] = RectifyForm(request.POST)
                if forms["rectify"].is_valid():
                    requests.rectify(request=info, changes=forms["rectify"].cleaned_data, today=timezone.localdate())
                    return redirect("records:request", request_id=info.pk)
            else:
                raise RuleError("Choose one of the actions on the page")
        except RuleError as error:
            messages.error(request, error.message)
            return redirect("records:request", request_id=info.pk)
    return render(
        request,
        "records/request.html",
        {
            "info": info,
            "forms": forms,
            "items": items_for_review(info) if info.kind == InformationRequest.Kind.ACCESS else [],
            "withheld": set(info.withheld),
        },
    )


@information_governance_view("records")
@require_GET
def subject_access_download(request: SignedInRequest, request_id: int) -> HttpResponse:
    info = _request(request_id)
    if info.kind != InformationRequest.Kind.ACCESS:
        raise Http404("Only a subject access request has a download")
    record_access(
        user=request.user, object_type="request", reference=str(info.pk), action="export", customer_id=info.customer_id
    )
    response = HttpResponse(subject_access_zip(info), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{info.pk}.zip"'
    response["Cache-Control"] = "no-store, private"
    return response
