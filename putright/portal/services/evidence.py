"""Files customers send as evidence: stored under a random name, taken back before the form is sent, joined to the
case the form became, and deleted when the form was abandoned. What is accepted is decided in `portal.evidence`."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from putright.cases.models import Case, CustomerRequest
from putright.core.scanning import ScanStatus, scan
from putright.portal.evidence import CheckedFile, display_name
from putright.portal.models import EvidenceFile


def store(
    upload: UploadedFile,
    checked: CheckedFile,
    *,
    case: Case | None = None,
    submission_token: str = "",
    request: CustomerRequest | None = None,
) -> EvidenceFile:
    """Save one checked file under a random name, for a case or for a complaint form not yet sent."""
    extension = PurePath(upload.name or "").suffix.lower()
    kind, verdict = checked.kind, checked.verdict
    evidence = EvidenceFile(
        case=case,
        submission_token=submission_token,
        request=request,
        original_name=display_name(upload.name or ""),
        kind=kind.name,
        extension=extension,
        size_bytes=upload.size or 0,
        created_at=timezone.now(),
        scan_status=verdict.status,
        scan_detail=verdict.detail[:200],
        scanned_at=None if verdict.status is ScanStatus.PENDING else timezone.now(),
    )
    evidence.file.save("evidence", upload, save=False)  # the name comes from evidence_path: random
    evidence.save()
    return evidence


def discard(evidence: EvidenceFile) -> None:
    """Remove a file the customer took back before sending the form (the row and the stored file)."""
    name = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name) if name else None)


def attach_pending(submission_token: str, case: Case) -> int:
    """Join the files sent with a complaint form to the case it became; call in the case's transaction."""
    return EvidenceFile.objects.filter(submission_token=submission_token, case__isnull=True).update(case=case)


def keep_pending(submission_token: str, now: datetime) -> None:
    """The form these files were sent with has just been used: they are kept as long as its session lives."""
    if submission_token:
        EvidenceFile.objects.filter(submission_token=submission_token, case__isnull=True).update(form_last_used_at=now)


def remove_abandoned_uploads(now: datetime) -> int:
    """Delete files sent with complaint forms that were never sent, once the form's session has expired.

    Such a file belongs to no case and no request. A session lives SESSION_COOKIE_AGE after it last saved an
    answer, and every answer saved marks the form's files (`keep_pending`), so after that nobody can send the form
    and keeping the file would keep someone's personal data for no purpose. Returns how many were deleted.
    """
    cutoff = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    unattached = {"case__isnull": True, "request__isnull": True}
    abandoned = EvidenceFile.objects.filter(form_last_used_at__lt=cutoff, **unattached)
    storage = EvidenceFile._meta.get_field("file").storage
    deleted = 0
    for pk, stored in abandoned.values_list("pk", "file").iterator():
        with transaction.atomic():
            # Only if still unattached: a form sent a moment ago may have just joined it to its case.
            if not EvidenceFile.objects.filter(pk=pk, **unattached).delete()[0]:
                continue
            # The file goes once the row has; a storage error is logged and stops none of the rest.
            transaction.on_commit(partial(storage.delete, stored), robust=True)
        deleted += 1
    return deleted


def scan_held_files(now: datetime, limit: int = 200) -> tuple[int, int, int]:
    """Scan files held because the scanner was unavailable when they came: (clean, infected, still held).

    A file found infected now stays in storage for the record but is never served, as if it had been refused.
    """
    clean = infected = 0
    held = EvidenceFile.objects.filter(scan_status=ScanStatus.PENDING).order_by("created_at", "id")
    for evidence in held[:limit]:
        with evidence.file.open("rb") as stored:
            verdict = scan(stored)
        if verdict.status is ScanStatus.PENDING:
            break  # the scanner is still unavailable: the rest wait for the next run
        EvidenceFile.objects.filter(pk=evidence.pk, scan_status=ScanStatus.PENDING).update(
            scan_status=verdict.status, scan_detail=verdict.detail[:200], scanned_at=now
        )
        clean += verdict.status is ScanStatus.CLEAN
        infected += verdict.status is ScanStatus.INFECTED
    return clean, infected, EvidenceFile.objects.filter(scan_status=ScanStatus.PENDING).count()
