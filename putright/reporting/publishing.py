"""Publishing the annual complaints report on the public site (Code section 8), with its self-assessment and
"you said, we did": the report is written out as it stands when a manager publishes it, and shown as written."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from putright.cases.choices import Outcome
from putright.core.periods import financial_year
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.reporting.annual import AnnualReport, annual_report
from putright.reporting.models import Publication
from putright.reporting.queries import Filters
from putright.reporting.selectors import cases_reported_to, report_settings_for
from putright.reporting.snapshots import code_evidence_figures, committee_figures


def build_annual(user: User, year: int, today: date) -> AnnualReport:
    """The year's annual report for this reader, from the kept figures where they are fresh."""
    organisation = current_organisation()
    report_settings = report_settings_for(organisation)
    period = financial_year(year)
    figures = committee_figures(
        user, period, Filters(), today=today, organisation=organisation, report_settings=report_settings
    )
    return annual_report(
        user,
        cases_reported_to(user),
        year,
        organisation=organisation,
        settings=report_settings,
        today=today,
        figures=replace(figures.report, worked_out_at=figures.computed_at),
        evidence=code_evidence_figures(
            user, period, today=today, organisation=organisation, report_settings=report_settings
        ),
    )


def annual_context(report: AnnualReport) -> dict[str, object]:
    return {"report": report, "figures": report.figures, "outcomes": Outcome.choices}


def publish_annual_report(*, user: User, year: int, today: date) -> Publication:
    report = build_annual(user, year, today)
    body = render_to_string("reporting/_annual_body.html", {**annual_context(report), "published": True})
    title = f"Annual complaints performance and service improvement report {report.period.label}"
    with transaction.atomic():
        publication, _created = Publication.objects.update_or_create(
            kind=Publication.Kind.ANNUAL_REPORT,
            year=year,
            defaults={"title": title, "body_html": body, "published_at": timezone.now(), "published_by": user},
        )
    return publication


def withdraw(*, publication: Publication) -> None:
    publication.delete()
