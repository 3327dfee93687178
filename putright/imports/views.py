"""The staff import page, for administrators: upload, read the dry run's report, confirm, watch it go."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from putright.core.views import SignedInRequest, role_view
from putright.imports import runs
from putright.imports.forms import ConfirmImportForm, ImportUploadForm
from putright.imports.mapping import MappingError
from putright.imports.models import ImportRun, ImportStatus

# Administrators only (an import writes thousands of cases); anyone else gets the same 404 as a missing page.
administrator_view = role_view(lambda user: user.is_administrator)


def _run(token: uuid.UUID) -> ImportRun:
    return get_object_or_404(ImportRun.objects.defer("file_data", "responses_data"), token=token)


@administrator_view
def start(request: SignedInRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        export, responses, mapping = (form.cleaned_data[name] for name in ("export", "responses", "mapping"))
        try:
            run = runs.start_run(
                actor=request.user,
                mapping_name=mapping.name,
                mapping_text=form.mapping_text,
                file_name=export.name,
                file_data=export.read(),
                responses_name=responses.name if responses else "",
                responses_data=responses.read() if responses else None,
            )
        except MappingError as error:
            for problem in error.problems:
                form.add_error("mapping", problem)
        else:
            return redirect("imports:run", token=run.token)
    recent = ImportRun.objects.defer("file_data", "responses_data", "rejects_csv").select_related("created_by")[:10]
    return render(request, "imports/start.html", {"form": form, "recent": recent})


@administrator_view
def run(request: SignedInRequest, token: uuid.UUID) -> HttpResponse:
    found = _run(token)
    return render(
        request,
        "imports/run.html",
        {
            "run": found,
            "progress": runs.progress_text(found) if found.is_running else "",
            "imported": runs.imported_text(found),
            "confirm": ConfirmImportForm() if found.status == ImportStatus.CHECKED else None,
        },
    )


@administrator_view
@require_POST
def confirm(request: SignedInRequest, token: uuid.UUID) -> HttpResponse:
    found = _run(token)
    form = ConfirmImportForm(request.POST)
    if form.is_valid():
        good_rows_only = form.cleaned_data["good_rows_only"]
        if found.report.get("problem_count") and not good_rows_only:
            form.add_error(
                "good_rows_only",
                "The export has problems: correct them and upload it again, or choose to import only the good rows",
            )
            return render(request, "imports/run.html", {"run": found, "progress": "", "confirm": form}, status=400)
        runs.confirm_run(run=found, actor=request.user, good_rows_only=good_rows_only)
    return redirect("imports:run", token=found.token)


@administrator_view
def rejects(request: SignedInRequest, token: uuid.UUID) -> HttpResponse:
    found = _run(token)
    if not found.rejects_csv:
        raise Http404("No rows were left out")
    response = HttpResponse(found.rejects_csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rows-not-imported.csv"'
    return response
