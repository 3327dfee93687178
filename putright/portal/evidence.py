"""Files customers send as evidence: what is accepted and how it is checked (storing them: `services.evidence`).

A file is accepted by what it is, not by what it is called: its first bytes (its "magic number") must be those of
a PDF, JPEG, PNG or Word document, and its extension must agree. Files are stored under MEDIA_ROOT with random
names; the customer's file name is kept only as text.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from putright.portal.models import EvidenceFile

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5


@dataclass(frozen=True)
class FileKind:
    name: str  # what the customer is told it is
    extensions: tuple[str, ...]
    content_type: str


PDF = FileKind("PDF", (".pdf",), "application/pdf")
JPEG = FileKind("JPG", (".jpg", ".jpeg"), "image/jpeg")
PNG = FileKind("PNG", (".png",), "image/png")
DOCX = FileKind("DOCX", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
KINDS = {kind.name: kind for kind in (PDF, JPEG, PNG, DOCX)}


class EvidenceError(Exception):
    """A file that cannot be accepted; the message says why, in the GOV.UK words for file upload errors."""


def _sniff(upload: UploadedFile) -> FileKind | None:
    """What the file's contents say it is, whatever it is called."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        # A Word document is a zip with the Office Open XML parts; other zips (and other Office files) are not.
        # Only the zip's directory is read: nothing is decompressed, so a zip bomb costs nothing here.
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def check_file(upload: UploadedFile) -> FileKind:
    """The file's kind if it may be accepted; otherwise EvidenceError with the message to show."""
    name = upload.name or ""
    if not upload.size:
        raise EvidenceError(_("%(name)s is empty") % {"name": name})
    if upload.size > MAX_FILE_BYTES:
        raise EvidenceError(_("%(name)s must be smaller than 10MB") % {"name": name})
    extension = PurePath(name).suffix.lower()
    kind = _sniff(upload)
    if kind is None or extension not in kind.extensions:
        raise EvidenceError(_("%(name)s must be a PDF, JPG, PNG or DOCX") % {"name": name})
    return kind


def display_name(raw: str) -> str:
    """The customer's file name, safe to show and to offer as a download name."""
    cleaned = get_valid_filename(PurePath(raw or "").name) if raw else ""
    return (cleaned or "file")[:200]


def pending_files(submission_token: str) -> list[EvidenceFile]:
    """Files sent with a complaint form that has not been sent yet."""
    if not submission_token:
        return []
    return list(EvidenceFile.objects.filter(submission_token=submission_token, case__isnull=True))
