"""Files customers send as evidence: what is accepted and how it is checked (storing them: `services.evidence`).

A file is accepted by what it is, not by what it is called: its first bytes (its "magic number") must be those of
a PDF, JPEG, PNG or Word document, and its extension must agree. A PDF that carries script, web page markup or
embedded files, and a Word document that carries macros, ActiveX controls or programs, are refused: evidence
needs none of them. Every file is then scanned by ClamAV (`core.scanning`): one that carries malware is refused,
and one that cannot be scanned yet is kept but held, unopened, until a later scan finds it clean. Files are
stored under MEDIA_ROOT with random names; the customer's file name is kept only as text.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from putright.core.scanning import ScanStatus, Verdict, scan
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


@dataclass(frozen=True)
class CheckedFile:
    """A file that may be kept: what it is, and what the malware scan said."""

    kind: FileKind
    verdict: Verdict


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


# In a PDF: script, actions that run or open something, embedded files, and web page markup (a page disguised as a
# PDF). Matched on the raw bytes, where a PDF names them; evidence (letters, photos, scans) carries none of them.
# PDF names are case-sensitive and end at a delimiter, so a font called /JSKLMN+Arial is not /JS.
PDF_ACTIVE_NAMES = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9#])")
# A name may spell any character as # and two hex digits (/Java#53cript is /JavaScript): spelt out before matching.
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
HTML_MARKERS = (b"<html", b"<script", b"<!doctype html", b"<iframe", b"<body", b"<svg")
# In a Word document: macros, ActiveX controls, embedded objects and programs.
DOCX_ACTIVE_PARTS = ("vbaproject.bin", "vbadata.xml", "activex", "/embeddings/")
EXECUTABLE_EXTENSIONS = (".exe", ".dll", ".com", ".scr", ".bat", ".cmd", ".ps1", ".vbs", ".js", ".jar", ".msi", ".lnk")


def _carries_active_content(upload: UploadedFile, kind: FileKind) -> bool:
    upload.seek(0)
    try:
        if kind is PDF:
            body = PDF_NAME_ESCAPE.sub(lambda hexed: bytes([int(hexed.group(1), 16)]), upload.read())
            lowered = body.lower()
            return bool(PDF_ACTIVE_NAMES.search(body)) or any(marker in lowered for marker in HTML_MARKERS)
        if kind is DOCX:
            with zipfile.ZipFile(upload) as archive:
                names = [name.lower() for name in archive.namelist()]
                types = archive.read("[Content_Types].xml").lower() if "[content_types].xml" in names else b""
            return (
                b"macroenabled" in types
                or any(part in name for name in names for part in DOCX_ACTIVE_PARTS)
                or any(name.endswith(EXECUTABLE_EXTENSIONS) for name in names)
            )
        return False
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return True
    finally:
        upload.seek(0)


def check_file(upload: UploadedFile) -> CheckedFile:
    """The file's kind and scan if it may be kept; otherwise EvidenceError with the message to show."""
    name = upload.name or ""
    if not upload.size:
        raise EvidenceError(_("%(name)s is empty") % {"name": name})
    if upload.size > MAX_FILE_BYTES:
        raise EvidenceError(_("%(name)s must be smaller than 10MB") % {"name": name})
    extension = PurePath(name).suffix.lower()
    kind = _sniff(upload)
    if kind is None or extension not in kind.extensions:
        raise EvidenceError(_("%(name)s must be a PDF, JPG, PNG or DOCX") % {"name": name})
    if _carries_active_content(upload, kind):
        raise EvidenceError(
            _("%(name)s contains scripts, macros or programs: save it as a plain PDF or Word document and try again")
            % {"name": name}
        )
    verdict = scan(upload)
    if verdict.status is ScanStatus.INFECTED:
        raise EvidenceError(_("%(name)s contains a virus") % {"name": name})
    return CheckedFile(kind, verdict)


def held_file_response(evidence: EvidenceFile) -> HttpResponse:
    """What someone who asks for a file that may not be opened is told (409: it exists, but not for opening)."""
    if evidence.scan_status == ScanStatus.INFECTED:
        text = _("This file contains a virus, so it cannot be opened.")
    else:
        text = _("This file has not been checked for viruses yet, so it cannot be opened. Try again later.")
    return HttpResponse(text, status=409, content_type="text/plain; charset=utf-8")


def display_name(raw: str) -> str:
    """The customer's file name, safe to show and to offer as a download name."""
    cleaned = get_valid_filename(PurePath(raw or "").name) if raw else ""
    return (cleaned or "file")[:200]


def pending_files(submission_token: str) -> list[EvidenceFile]:
    """Files sent with a complaint form that has not been sent yet."""
    if not submission_token:
        return []
    return list(EvidenceFile.objects.filter(submission_token=submission_token, case__isnull=True))


# The staff case page's section listing the files a customer sent (`cases.page_contents.add_section`).
EVIDENCE_SECTION = "evidence"


def evidence_of_case(case_id: Any) -> QuerySet[EvidenceFile]:
    """The files sent as evidence for the case (a case id, or a reference to one), for the staff case page."""
    return EvidenceFile.objects.filter(case_id=case_id)
