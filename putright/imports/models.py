"""Imports of an old system's records: each upload an administrator checks and confirms, and each case it wrote."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Case


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking every row")
    CHECKED = "checked", _("Checked: waiting for confirmation")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Stopped by an error")


class ImportRun(models.Model):
    """One export uploaded by an administrator: checked row by row (the dry run), then imported once confirmed.

    The files are kept here until the import is done, so the confirmed import reads exactly what was checked.
    `rows_done` and `rows_total` are updated as the background task goes, for the page that shows progress.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # in its page's address
    mapping_name = models.CharField(_("mapping file"), max_length=200)
    mapping_text = models.TextField(_("mapping"))
    file_name = models.CharField(_("export file"), max_length=200)
    file_data = models.BinaryField(_("export"))
    responses_name = models.CharField(_("responses file"), max_length=200, blank=True)
    responses_data = models.BinaryField(_("responses"), null=True, blank=True)
    system = models.CharField(_("old system"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    good_rows_only = models.BooleanField(_("import only the good rows"), default=False)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    rejects_csv = models.TextField(_("rows not imported"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class ImportedCase(models.Model):
    """A case written by an import, with a fingerprint of the record it came from.

    A re-run finds the case by the old system's reference (kept on the case); the same fingerprint means the
    record has not changed, so nothing is written.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True, related_name="import_record")
    fingerprint = models.CharField(max_length=64)
    imported_at = models.DateTimeField(_("imported"))

    def __str__(self) -> str:
        return f"{self.case_id} {self.fingerprint[:8]}"
