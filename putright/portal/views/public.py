"""The public pages: the start page and the complaint, comment and compliment journeys. No account needed."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from putright.core.errors import RuleError
from putright.organisation.selectors import current_organisation
from putright.portal import journeys as j
from putright.portal.access import get_sent_case
from putright.portal.evidence import MAX_FILES, CheckedFile, pending_files
from putright.portal.forms import ConfirmForm
from putright.portal.ratelimit import (
    client_address,
    count,
    count_submission,
    is_limited,
    over_limit,
    submissions_used,
)
from putright.portal.selectors import complaint_timescales
from putright.portal.services.evidence import discard, keep_pending, store
from putright.portal.services.submissions import receipt_case, submit

HONEYPOT = "website"  # a field people never see; form-filling robots fill it in


def honeypot_tripped(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT, "").strip())


def _journey(name: str) -> j.Journey:
    journey = j.JOURNEYS.get(name)
    if journey is None:
        raise Http404("No such form")
    return journey


def step_url(journey: j.Journey, step: j.Step, *, change: bool = False) -> str:
    url = reverse("portal:step", args=[journey.name, step.slug])
    return f"{url}?change=1" if change else url


def not_sent(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    """Nothing was saved: say so plainly and give another way to get in touch."""
    return render(
        request, "portal/not_sent.html", {"reason": reason, "organisation": current_organisation()}, status=status
    )


@require_http_methods(["GET"])
def start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/start.html",
        {"timescales": complaint_timescales(), "organisation": current_organisation()},
    )


@require_http_methods(["GET"])
def journey_start(request: HttpRequest, journey_name: str) -> HttpResponse:
    journey = _journey(journey_name)
    return redirect(step_url(journey, journey.steps[0]))


@require_http_methods(["GET", "POST"])
def journey_step(request: HttpRequest, journey_name: str, slug: str) -> HttpResponse:
    journey = _journey(journey_name)
    step = journey.step(slug)
    if step is None:
        raise Http404("No such question")
    answers = j.answers_in(request.session, journey)
    applicable = journey.applicable(answers)
    first_gap = journey.first_unanswered(answers)
    # A page that does not apply, or one reached before an earlier unanswered page, sends you to the gap.
    if step not in applicable or (first_gap is not None and applicable.index(first_gap) < applicable.index(step)):
        return redirect(step_url(journey, first_gap) if first_gap else reverse("portal:check", args=[journey.name]))
    changing = request.GET.get("change") == "1"
    form_class = step.form_class
    takes_files = getattr(form_class, "takes_files", False)
    # Files are kept against the submission token (issued now if not yet) until the form is sent.
    token = j.submission_token(request.session, journey) if takes_files else ""
    pending = pending_files(token)
    extra: dict[str, Any] = {"already": len(pending)} if takes_files else {}
    posted = request.method == "POST"
    form = form_class(
        request.POST if posted else None,
        request.FILES if posted and takes_files else None,
        initial=form_class.initial_from(answers.get(step.slug, {})),
        **extra,
    )
    if request.method == "POST":
        if honeypot_tripped(request):
            return not_sent(request, "honeypot", 400)
        if takes_files and request.FILES and over_limit("uploads", client_address(request), _uploads_per_hour()):
            return not_sent(request, "rate_limited", 429)
        if form.is_valid():
            values = form.serialise()
            if takes_files:
                values = {"names": _store_evidence(request, form.cleaned_data["evidence"], token)}
            j.save_answers(request.session, journey, step, values)
            if journey.step("evidence") is not None:  # the form's files live as long as its session
                keep_pending(j.submission_token(request.session, journey), timezone.now())
            answers = j.answers_in(request.session, journey)
            gap = journey.first_unanswered(answers)
            following = gap if changing else journey.next_step(step, answers)
            if following is not None and (not changing or gap is not None):
                return redirect(step_url(journey, following, change=changing))
            return redirect("portal:check", journey.name)
    previous = journey.previous_step(step, answers)
    if changing:
        back_url = reverse("portal:check", args=[journey.name])
    elif previous is not None:
        back_url = step_url(journey, previous)
    else:
        back_url = reverse("portal:start")
    return render(
        request,
        "portal/evidence_step.html" if takes_files else "portal/step.html",
        {
            "journey": journey,
            "step": step,
            "form": form,
            "back_url": back_url,
            "honeypot": HONEYPOT,
            "pending_files": pending,
            "changing": changing,
            "max_files": MAX_FILES,
        },
    )


def _uploads_per_hour() -> int:
    # As many files as the forms an address may send in an hour could carry.
    return int(settings.PUTRIGHT_SUBMISSIONS_PER_HOUR) * MAX_FILES


def _store_evidence(request: HttpRequest, files: list[tuple[Any, CheckedFile]], token: str) -> list[str]:
    """Save the checked files against the form's token; the names of all its files, for "Check your answers"."""
    for upload, checked in files:
        store(upload, checked, submission_token=token)
        count("uploads", client_address(request))
    return [evidence.original_name for evidence in pending_files(token)]


@require_POST
def remove_evidence(request: HttpRequest, journey_name: str, token: UUID) -> HttpResponse:
    """Take back a file before the form is sent. Only files of this browser's own form can be reached."""
    journey = _journey(journey_name)
    step = journey.step("evidence")
    if step is None:
        raise Http404("No such form")
    form_token = j.submission_token(request.session, journey)
    evidence = next((item for item in pending_files(form_token) if item.token == token), None)
    if evidence is None:
        raise Http404("No such file")
    discard(evidence)
    answers = j.answers_in(request.session, journey)
    if step.slug in answers:
        j.save_answers(request.session, journey, step, {"names": [e.original_name for e in pending_files(form_token)]})
    return redirect(step_url(journey, step, change=request.POST.get("change") == "1"))


@require_http_methods(["GET", "POST"])
def check_answers(request: HttpRequest, journey_name: str) -> HttpResponse:
    journey = _journey(journey_name)
    confirm = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if honeypot_tripped(request):
            return not_sent(request, "honeypot", 400)
        if confirm.is_valid():
            # Sent already (a double click, or the back button and send again): show what was made.
            done = receipt_case(confirm.cleaned_data["token"])
            if done is not None:
                j.finish(request.session, journey, done.reference)
                return redirect("portal:sent", journey.name)
    answers = j.answers_in(request.session, journey)
    gap = journey.first_unanswered(answers)
    if gap is not None:
        return redirect(step_url(journey, gap))
    token = j.submission_token(request.session, journey)
    if request.method == "POST" and confirm.is_valid() and confirm.cleaned_data["token"] == token:
        sent_this_hour = submissions_used(request)  # read once: the count after sending adds one to it
        if is_limited(request, used_before=sent_this_hour):
            return not_sent(request, "rate_limited", 429)
        try:
            case = submit(journey=journey, answers=answers, token=token, language=get_language() or "en")
        except RuleError:
            # The service chosen has gone since: ask again.
            step = journey.step("service")
            assert step is not None
            return redirect(step_url(journey, step, change=True))
        count_submission(request, used_before=sent_this_hour)
        j.finish(request.session, journey, case.reference)
        return redirect("portal:sent", journey.name)
    sections = [
        (step, step_url(journey, step, change=True), step.form_class.summary(answers.get(step.slug, {})))
        for step in journey.applicable(answers)
    ]
    last = journey.applicable(answers)[-1]
    return render(
        request,
        "portal/check_answers.html",
        {
            "journey": journey,
            "sections": sections,
            "form": ConfirmForm(initial={"token": token}),
            "back_url": step_url(journey, last),
            "honeypot": HONEYPOT,
            # Sent from a page gone stale (another tab sent these answers, or the form was changed): say so.
            "not_sent": request.method == "POST",
        },
    )


@require_http_methods(["GET"])
def sent(request: HttpRequest, journey_name: str) -> HttpResponse:
    journey = _journey(journey_name)
    reference = j.sent_reference(request.session, journey)
    # Only the browser that sent it sees this page; a case's reference is not a way in.
    case = get_sent_case(reference)
    if case is None:
        return redirect("portal:start")
    return render(
        request,
        "portal/sent.html",
        {"journey": journey, "case": case, "stage": case.current_stage, "organisation": current_organisation()},
    )
