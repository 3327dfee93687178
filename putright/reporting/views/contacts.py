"""Contact volumes: the page where staff enter a service's contacts for a month or quarter, and the CSV upload.

The figures feed complaints per 1,000 contacts on the dashboard and in the committee pack (service_figures.py).
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from putright.core.errors import RuleError
from putright.core.periods import financial_year, financial_year_of
from putright.core.views import SignedInRequest, add_rule_error, whole_queue_view
from putright.organisation.models import User
from putright.reporting import services
from putright.reporting.forms import ContactVolumeForm, ContactVolumeUploadForm, volume_period_key
from putright.reporting.selectors import contact_volumes_in
from putright.reporting.views._access import chosen_year, year_choices
from putright.reporting.volume_csv import read_volume_csv

# A council's file of monthly volumes for every service is a few kilobytes; anything this big is the wrong file.
MOST_UPLOAD_BYTES = 2 * 1024 * 1024


def _page_url(year: int) -> str:
    return f"{reverse('reporting:contact_volumes')}?year={year}"


def _initial(request: HttpRequest, year: int) -> dict[str, object]:
    """The form's starting values: the year shown, or the row whose "Change" link was followed."""
    initial: dict[str, object] = {"year": year}
    slug, key = request.GET.get("service", ""), request.GET.get("period", "")
    if slug and key:
        initial |= {"service": slug, "period": key}
        for volume in contact_volumes_in(financial_year(year)).filter(service_area__slug=slug):
            if volume_period_key(volume.start_date, volume.end_date) == key:
                initial["contacts_count"] = volume.contacts_count
    return initial


def _render(
    request: HttpRequest,
    year: int,
    form: ContactVolumeForm,
    upload: ContactVolumeUploadForm,
    problems: list[str] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    volumes = [
        (volume, volume_period_key(volume.start_date, volume.end_date))
        for volume in contact_volumes_in(financial_year(year))
    ]
    return render(
        request,
        "reporting/contact_volumes.html",
        {
            "form": form,
            "upload": upload,
            "problems": problems or [],
            "year": year,
            "label": financial_year(year).label,
            "years": [(value, financial_year(value).label) for value in year_choices(today)],
            "volumes": volumes,
        },
    )


@whole_queue_view
def contact_volumes(request: SignedInRequest) -> HttpResponse:
    """The year's volumes with a form to enter or change one; a POST saves the figure."""
    user = request.user
    today = timezone.localdate()
    year = chosen_year(request, today)
    form = ContactVolumeForm(request.POST or None, initial=_initial(request, year), today=today)
    if request.method == "POST" and form.is_valid():
        period = form.chosen_period()
        service = form.cleaned_data["service"]
        try:
            services.record_contact_volume(
                service_area=service,
                start_date=period.start,
                end_date=period.end,
                contacts_count=form.cleaned_data["contacts_count"],
                actor=user,
            )
        except RuleError as error:
            add_rule_error(form, error)
        else:
            messages.success(
                request, f"{service.name}: {form.cleaned_data['contacts_count']} contacts saved for {period.label}"
            )
            return redirect(_page_url(financial_year_of(period.start)))
    return _render(request, year, form, ContactVolumeUploadForm())


@whole_queue_view
def import_contact_volumes(request: SignedInRequest) -> HttpResponse:
    """Load a CSV file of volumes, all or nothing: every bad line is listed and nothing is saved until it is clean."""
    user = request.user
    today = timezone.localdate()
    year = chosen_year(request, today)
    if request.method != "POST":
        return redirect(_page_url(year))
    upload = ContactVolumeUploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if upload.is_valid():
        result, problems = _import(upload, user)
        if result is not None:
            messages.success(request, f"Contact volumes loaded: {result}")
            return redirect(_page_url(year))
        upload.add_error(
            "file",
            f"The file has {len(problems)} problem{'' if len(problems) == 1 else 's'}, listed below; nothing was "
            "loaded. Correct the file and upload it again",
        )
    return _render(request, year, ContactVolumeForm(initial={"year": year}, today=today), upload, problems)


def _import(upload: ContactVolumeUploadForm, user: User) -> tuple[services.VolumeImport | None, list[str]]:
    """What the import did, or None and every problem with the file."""
    file = upload.cleaned_data["file"]
    if file.size > MOST_UPLOAD_BYTES:
        return None, [f"The file is larger than {MOST_UPLOAD_BYTES // (1024 * 1024)} MB: is it the right file?"]
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, ["The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”."]
    lines, problems = read_volume_csv(io.StringIO(text, newline=""))
    if problems:
        return None, problems
    result = services.import_contact_volumes(lines=lines, actor=user)
    if result.errors:
        return None, result.errors
    return result, []
