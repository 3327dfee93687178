"""The public pages of what the Code asks to be published (section 8): the annual complaints report with its
self-assessment, as a manager published it, and "you said, we did". No sign-in; no personal data."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from putright.core.periods import financial_year, financial_year_of
from putright.learning.selectors import published_you_said_we_did
from putright.reporting.models import Publication
from putright.reporting.publishing import public_context, published_pdf


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


@require_GET
def annual(request: HttpRequest, year: int) -> HttpResponse:
    return render(request, "reporting/public/annual.html", public_context(_published(year)))


@require_GET
def annual_pdf(request: HttpRequest, year: int) -> HttpResponse:
    publication = _published(year)
    response = HttpResponse(published_pdf(publication), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="complaints-annual-report-{publication.year}.pdf"'
    return response


@require_GET
def you_said_we_did(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    this_year = financial_year(financial_year_of(today))
    last_year = financial_year(this_year.start.year - 1)
    years = [(period, list(published_you_said_we_did(period))) for period in (this_year, last_year)]
    return render(request, "reporting/public/you_said_we_did.html", {"years": years})
