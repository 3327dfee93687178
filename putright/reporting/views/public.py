"""The public pages of what the Code asks to be published (section 8): the annual complaints report with its
self-assessment, as a manager published it, and "you said, we did". No sign-in; no personal data."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from putright.core.periods import financial_year
from putright.learning.selectors import published_you_said_we_did
from putright.organisation.selectors import current_organisation
from putright.reporting.exports import render_pdf
from putright.reporting.models import Publication


def _published(year: int) -> Publication:
    publication = Publication.objects.filter(kind=Publication.Kind.ANNUAL_REPORT, year=year).first()
    if publication is None:
        raise Http404("Not published")
    return publication


@require_GET
def publications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reporting/public/list.html",
        {"reports": Publication.objects.filter(kind=Publication.Kind.ANNUAL_REPORT).order_by("-year")},
    )


def _context(publication: Publication) -> dict[str, object]:
    # The body was rendered from our own template, escaped as it was written, when the manager published it.
    return {
        "publication": publication,
        "body": mark_safe(publication.body_html),  # noqa: S308
        "organisation": current_organisation(),
        "period": financial_year(publication.year),
    }


@require_GET
def annual(request: HttpRequest, year: int) -> HttpResponse:
    return render(request, "reporting/public/annual.html", _context(_published(year)))


@require_GET
def annual_pdf(request: HttpRequest, year: int) -> HttpResponse:
    publication = _published(year)
    response = HttpResponse(
        render_pdf("reporting/public/annual_print.html", _context(publication)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="complaints-annual-report-{publication.year}.pdf"'
    return response


@require_GET
def you_said_we_did(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    this_year = financial_year(today.year if today.month >= 4 else today.year - 1)
    last_year = financial_year(this_year.start.year - 1)
    years = [(period, list(published_you_said_we_did(period))) for period in (this_year, last_year)]
    return render(request, "reporting/public/you_said_we_did.html", {"years": years})
