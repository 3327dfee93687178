"""The statutory social care annual reports (adult: SI 2009/309 reg 18; children: SI 2006/1738), with a print
version, a PDF and the commentary a manager writes beside the figures. Open only to people who may see restricted
cases; the figures count only the cases the reader may see."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from putright.cases.access import cases_visible_to
from putright.cases.choices import Outcome
from putright.core.periods import financial_year
from putright.core.views import SignedInRequest
from putright.organisation.selectors import current_organisation
from putright.reporting import services
from putright.reporting.exports import render_pdf
from putright.reporting.forms import StatutoryCommentaryForm
from putright.reporting.selectors import statutory_commentary
from putright.reporting.statutory import KINDS, StatutoryFigures, StatutoryKind
from putright.reporting.statutory import statutory_report as build_report
from putright.reporting.views._access import (
    chosen_year,
    page_for_year_offered,
    page_instead_of_download,
    statutory_editor_view,
    statutory_view,
    year_choices,
)


def _kind(slug: str) -> StatutoryKind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404("No such report")
    return kind


def _report(request: SignedInRequest, slug: str) -> StatutoryFigures:
    user = request.user
    today = timezone.localdate()
    return build_report(
        user,
        cases_visible_to(user),
        _kind(slug),
        chosen_year(request, today),
        organisation=current_organisation(),
        today=today,
    )


def _page_instead(request: SignedInRequest, slug: str) -> HttpResponse | None:
    page_url = reverse("reporting:statutory", kwargs={"kind": _kind(slug).slug})
    return page_instead_of_download(request, timezone.localdate(), page_url)


def _context(report: StatutoryFigures) -> dict[str, object]:
    return {"report": report, "outcomes": Outcome.choices}


@statutory_view
def statutory_report(request: SignedInRequest, kind: str) -> HttpResponse:
    report = _report(request, kind)
    user = request.user
    years = [(year, financial_year(year).label) for year in year_choices(report.today)]
    return render(
        request,
        "reporting/statutory.html",
        {**_context(report), "years": years, "can_edit": user.is_manager},
    )


@statutory_view
def statutory_print(request: SignedInRequest, kind: str) -> HttpResponse:
    """The report to publish: a plain page with no staff navigation."""
    if page := _page_instead(request, kind):
        return page
    return render(request, "reporting/statutory_print.html", _context(_report(request, kind)))


@statutory_view
def statutory_pdf(request: SignedInRequest, kind: str) -> HttpResponse:
    if page := _page_instead(request, kind):
        return page
    report = _report(request, kind)
    pdf = render_pdf("reporting/statutory_print.html", _context(report))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{report.kind.slug}-social-care-complaints-{report.period.label}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@statutory_editor_view
def commentary(request: SignedInRequest, kind: str, year: int) -> HttpResponse:
    """What the council says beside the figures: matters of general importance, and action to improve services."""
    user = request.user
    report_kind = _kind(kind)
    if page := page_for_year_offered(
        request, year, timezone.localdate(), "reporting:statutory_commentary", kind=report_kind.slug
    ):
        return page
    saved = statutory_commentary(report_kind.report, year)
    initial = {"general_importance": saved.general_importance, "improvements": saved.improvements} if saved else {}
    form = StatutoryCommentaryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_statutory_commentary(
            report=report_kind.report,
            year=year,
            general_importance=form.cleaned_data["general_importance"],
            improvements=form.cleaned_data["improvements"],
            actor=user,
        )
        messages.success(request, "The commentary has been saved")
        return redirect(f"{reverse('reporting:statutory', kwargs={'kind': report_kind.slug})}?year={year}")
    return render(
        request,
        "reporting/statutory_commentary.html",
        {"form": form, "kind": report_kind, "year": year, "label": financial_year(year).label},
    )
