"""Records for the information-governance lead: legal holds, and what the retention schedule will erase next."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from putright.core.errors import RuleError
from putright.core.views import SignedInRequest, add_rule_error, role_view
from putright.organisation.models import User
from putright.records import services
from putright.records.forms import HoldForm
from putright.records.models import LegalHold
from putright.records.retention import apply_retention


def _information_governance(user: User) -> bool:
    return user.reads_access_log


@role_view(_information_governance)
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


@role_view(_information_governance)
@require_POST
def lift_hold(request: SignedInRequest, hold_id: int) -> HttpResponse:
    try:
        hold = services.lift_hold(hold_id=hold_id, actor=request.user)
    except RuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The hold on {hold.case.reference} is lifted.")
    return redirect("records:home")
