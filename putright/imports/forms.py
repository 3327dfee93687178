"""The upload form of the staff import page: input shape and messages only."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile

from putright.core.forms import GovukForm

MAX_EXPORT_BYTES = 100 * 1024 * 1024  # 100,000 rows of a wide export is well under this


def _ending(upload: UploadedFile | None, endings: tuple[str, ...], message: str) -> UploadedFile | None:
    if upload is not None:
        if PurePath(upload.name or "").suffix.lower() not in endings:
            raise forms.ValidationError(message)
        if upload.size and upload.size > MAX_EXPORT_BYTES:
            raise forms.ValidationError("The file must be smaller than 100 MB")
    return upload


class ImportUploadForm(GovukForm):
    export = forms.FileField(
        label="Export from the old system",
        help_text="A CSV file, or an Excel workbook (.xlsx) with the cases on one sheet and any responses on another.",
        error_messages={"required": "Choose the export to upload", "empty": "The export is empty"},
    )
    responses = forms.FileField(
        label="Responses file (optional)",
        required=False,
        help_text="Only when the export is a CSV and the old system exported its responses as a second CSV.",
        error_messages={"empty": "The responses file is empty"},
    )
    mapping = forms.FileField(
        label="Mapping file",
        help_text="Which columns hold which fields, and what the old system's codes mean (.toml, .yaml or .json). "
        "See the examples in docs/imports/ and the README's section 'Importing from an old system'.",
        error_messages={"required": "Choose the mapping file", "empty": "The mapping file is empty"},
    )

    def clean_export(self) -> UploadedFile | None:
        return _ending(
            self.cleaned_data.get("export"),
            (".csv", ".txt", ".xlsx", ".xlsm"),
            "The export must be a CSV file (.csv) or an Excel workbook (.xlsx)",
        )

    def clean_responses(self) -> UploadedFile | None:
        return _ending(self.cleaned_data.get("responses"), (".csv", ".txt"), "The responses file must be a CSV file")

    def clean_mapping(self) -> UploadedFile | None:
        upload = _ending(
            self.cleaned_data.get("mapping"),
            (".toml", ".yaml", ".yml", ".json"),
            "The mapping file must end .toml, .yaml, .yml or .json",
        )
        if upload is not None:
            try:
                self.mapping_text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("The mapping file must be text (UTF-8)") from error
        return upload


class ConfirmImportForm(GovukForm):
    good_rows_only = forms.BooleanField(
        label="Import only the good rows; I will correct the others and import them later",
        required=False,
    )
