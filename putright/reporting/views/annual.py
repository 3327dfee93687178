"""The Code's annual complaints performance and service improvement report, and the self-assessment behind it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from putright.core.errors import RuleError
from putright.core.periods import financial_year
from putright.core.views import SignedInRequest, add_rule_error, manager_view
from putright.reporting import services
from putright.reporting.annual import AnnualReport, assessment_sections
from putright.reporting.exports import render_pdf
from putright.reporting.forms import GoverningBodyResponseForm, SelfAssessmentRowForm, StartSelfAssessmentForm
from putright.reporting.models import Publication, SelfAssessment, SelfAssessmentRow
from putright.reporting.publishing import annual_context, build_annual, publish_annual_report, withdraw
from putright.reporting.selectors import assessment_for_report, self_assessments_in, year_statements
from putright.reporting.views._access import (
    chosen_year,
    figures_view,
    page_for_year_offered,
    page_instead_of_download,
    year_choices,
)


def _annual(request: SignedInRequest) -> AnnualReport:
    today = timezone.localdate()
    return build_annual(request.user, chosen_year(request, today), today)


_context = annual_context


@figures_view
def annual(request: SignedInRequest) -> HttpResponse:
    report = _annual(request)
    user = request.user
    years = [(year, financial_year(year).label) for year in year_choices(report.today)]
    return render(
        request,
        "reporting/annual.html",
        {
            **_context(report),
            "years": years,
            "can_edit": user.is_manager,
            "publication": Publication.objects.filter(
                kind=Publication.Kind.ANNUAL_REPORT, year=report.period.start.year
            ).first(),
        },
    )


@figures_view
def annual_print(request: SignedInRequest) -> HttpResponse:
    """The report to publish: a plain, print-friendly page with no staff navigation."""
    if page := page_instead_of_download(request, timezone.localdate(), reverse("reporting:annual")):
        return page
    return render(request, "reporting/annual_print.html", _context(_annual(request)))


@figures_view
def annual_pdf(request: SignedInRequest) -> HttpResponse:
    if page := page_instead_of_download(request, timezone.localdate(), reverse("reporting:annual")):
        return page
    report = _annual(request)
    response = HttpResponse(render_pdf("reporting/annual_print.html", _context(report)), content_type="application/pdf")
    name = f"complaints-annual-report-{report.period.label}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@manager_view
@require_POST
def publish_annual(request: SignedInRequest, year: int) -> HttpResponse:
    """Publish the year's report on the public site as it stands now (managers), or take it down. A year the reports
    do not offer is not published: the annual page instead, saying so. Taking down stays open for any year, so a
    report published for such a year before this rule can still be removed."""
    if request.POST.get("withdraw"):
        publication = Publication.objects.filter(kind=Publication.Kind.ANNUAL_REPORT, year=year).first()
        if publication is not None:
            withdraw(publication=publication)
            messages.success(request, "The report is no longer on the public site.")
        return redirect(f"{reverse('reporting:annual')}?year={year}")
    if page := page_for_year_offered(request, year, timezone.localdate(), "reporting:annual", in_query=True):
        return page
    publish_annual_report(user=request.user, year=year, today=timezone.localdate())
    messages.success(
        request, "Published as it stands now: the report, its self-assessment and 'you said, we did' are public."
    )
    return redirect(f"{reverse('reporting:annual')}?year={year}")


def _assessment(year: int, number: int) -> SelfAssessment:
    assessment = SelfAssessment.objects.filter(year=year, number=number).first()
    if assessment is None:
        raise Http404("No such self-assessment")
    return assessment


@manager_view
def self_assessments(request: SignedInRequest, year: int) -> HttpResponse:
    """The year's self-assessments, and a form to start one: the annual one, or another after a significant change
    (Code 8.3)."""
    user = request.user
    today = timezone.localdate()
    if page := page_for_year_offered(request, year, today, "reporting:self_assessments"):
        return page
    form = StartSelfAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        started_from = timezone.now()
        try:
            assessment = services.start_self_assessment(
                year=year,
                actor=user,
                today=today,
                reason=form.cleaned_data["reason"],
                change=form.cleaned_data["change"],
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            label = financial_year(year).label
            if assessment.created_at < started_from:
                messages.success(request, f"The annual self-assessment for {label} already exists: here it is")
            else:
                messages.success(request, f"Self-assessment {assessment.number} for {label} started")
            return redirect("reporting:self_assessment", year=year, number=assessment.number)
    return render(
        request,
        "reporting/self_assessments.html",
        {
            "year": year,
            "label": financial_year(year).label,
            "assessments": list(self_assessments_in(year)),
            "in_report": assessment_for_report(year),
            "form": form,
        },
    )


@manager_view
def self_assessment(request: SignedInRequest, year: int, number: int) -> HttpResponse:
    """One self-assessment's rows, with a change link each."""
    assessment = _assessment(year, number)
    return render(
        request,
        "reporting/self_assessment.html",
        {
            "year": year,
            "label": financial_year(year).label,
            "assessment": assessment,
            "sections": assessment_sections(list(assessment.rows.all())),
            "in_report": assessment_for_report(year) == assessment,
        },
    )


@manager_view
def self_assessment_row(request: SignedInRequest, year: int, number: int, provision: str) -> HttpResponse:
    user = request.user
    assessment = _assessment(year, number)
    row = SelfAssessmentRow.objects.filter(assessment=assessment, provision=provision).first()
    if row is None:
        raise Http404("No such provision")
    complies = "not_assessed" if row.complies is None else ("yes" if row.complies else "no")
    initial = {"complies": complies, "evidence": row.evidence, "commentary": row.commentary, "comply_by": row.comply_by}
    form = SelfAssessmentRowForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assess_provision(
                row=row,
                complies=form.complies_value(),
                evidence=form.cleaned_data["evidence"],
                commentary=form.cleaned_data["commentary"],
                comply_by=form.cleaned_data["comply_by"],
                actor=user,
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, f"Provision {row.provision} saved")
            url = reverse("reporting:self_assessment", kwargs={"year": year, "number": number})
            return redirect(f"{url}#provision-{row.provision}")
    return render(
        request,
        "reporting/self_assessment_row.html",
        {"form": form, "row": row, "year": year, "assessment": assessment, "label": financial_year(year).label},
    )


@manager_view
def governing_body_response(request: SignedInRequest, year: int, number: int) -> HttpResponse:
    user = request.user
    assessment = _assessment(year, number)
    # The letter, other reports and response belong to the year: offer what the year's report shows now.
    year_has = year_statements(year)
    form = GoverningBodyResponseForm(
        request.POST or None,
        not_assessed=assessment.rows.filter(complies__isnull=True).count(),
        initial={
            "ombudsman_letter_summary": assessment.ombudsman_letter_summary or year_has.ombudsman_letter_summary,
            "governing_body_response": assessment.governing_body_response or year_has.governing_body_response,
            "governing_body_response_date": assessment.governing_body_response_date
            or year_has.governing_body_response_date,
            "other_ombudsman_reports": assessment.other_ombudsman_reports or year_has.other_ombudsman_reports,
            "approved_on": assessment.approved_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_governing_body_response(
                assessment=assessment,
                ombudsman_letter_summary=form.cleaned_data["ombudsman_letter_summary"],
                response=form.cleaned_data["governing_body_response"],
                response_date=form.cleaned_data["governing_body_response_date"],
                other_ombudsman_reports=form.cleaned_data["other_ombudsman_reports"],
                approved_on=form.cleaned_data["approved_on"],
                approved_with_provisions_not_assessed=form.cleaned_data.get(
                    "approved_with_provisions_not_assessed", False
                ),
                today=timezone.localdate(),
                actor=user,
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(request, "The governing body's response has been saved")
            return redirect("reporting:self_assessment", year=year, number=number)
    return render(
        request,
        "reporting/governing_body_response.html",
        {"form": form, "year": year, "assessment": assessment, "label": financial_year(year).label},
    )
