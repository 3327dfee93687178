"""Publishing the annual complaints report on the public site (Code section 8), with its self-assessment and
"you said, we did": the report is written out as it stands when a manager publishes it, and shown as written."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from putright.cases.choices import Outcome
from putright.core.periods import financial_year
from putright.organisation.models import User
from putright.organisation.selectors import current_organisation
from putright.reporting.annual import AnnualReport, annual_report
from putright.reporting.exports import render_pdf
from putright.reporting.models import Publication, PublishedPdf
from putright.reporting.selectors import cases_reported_to, report_settings_for
from putright.reporting.snapshots import annual_figures


def build_annual(user: User, year: int, today: date) -> AnnualReport:
    """The year's annual report for this reader, from the kept figures where they are fresh."""
    organisation = current_organisation()
    report_settings = report_settings_for(organisation)
    figures, evidence = annual_figures(
        user, financial_year(year), today=today, organisation=organisation, report_settings=report_settings
    )
    return annual_report(
        user,
        cases_reported_to(user),
        year,
        organisation=organisation,
        settings=report_settings,
        today=today,
        figures=replace(figures.report, worked_out_at=figures.computed_at),
        evidence=evidence,
    )


def annual_context(report: AnnualReport) -> dict[str, object]:
    return {"report": report, "figures": report.figures, "outcomes": Outcome.choices}


def public_context(publication: Publication) -> dict[str, object]:
    """What the public page and its PDF show: the report as it was written when the manager published it."""
    # The body was rendered from our own template, escaped as it was written, when the manager published it.
    return {
        "publication": publication,
        "body": mark_safe(publication.body_html),  # noqa: S308
        "organisation": current_organisation(),
        "period": financial_year(publication.year),
    }


def published_pdf(publication: Publication) -> bytes:
    """The publication as a PDF in the reader's language: rendered the first time it is asked for, then the kept
    copy (it takes seconds to render, and a published report does not change)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    kept = PublishedPdf.objects.filter(publication=publication, language=language).values_list("pdf", flat=True)
    if (pdf := kept.first()) is not None:
        return bytes(pdf)
    rendered = render_pdf("reporting/public/annual_print.html", public_context(publication))
    try:
        with transaction.atomic():
            PublishedPdf.objects.create(publication=publication, language=language, pdf=rendered)
    except IntegrityError:
        pass  # another request kept the same report first
    return rendered


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
        publication.pdfs.all().delete()  # the kept PDFs showed the report as it was before
    return publication


def withdraw(*, publication: Publication) -> None:
    publication.delete()
