"""A subject access download (UK GDPR art. 15): everything held about one person in one zip, with a readable index.

The index (index.html, for reading in any browser or printing to PDF) lists the person's details and, case by case,
every timeline entry (saying which the customer could already see and which were internal), every letter and email
sent and received, call notes, requests from their online account, files they sent, and who looked at their
records (the access log). Letters and files are in the zip beside it. Before release, the request's words to black
out (third parties' names) are replaced in every text, and items marked as withheld are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from putright.audit.models import AccessLogEntry
from putright.cases.models import Case
from putright.notifications.models import InboundEmail, OutboundMessage
from putright.portal.models import EvidenceFile
from putright.records.models import InformationRequest

REDACTED = "[redacted]"


@dataclass
class Item:
    key: str  # "event:12", "message:3", "inbound:4", "file:5": how it is withheld
    when: Any
    what: str
    text: str
    internal: bool = False
    file_name: str = ""


@dataclass
class CaseRecord:
    reference: str
    title: str
    service: str
    status: str
    items: list[Item] = field(default_factory=list)


class Redactor:
    def __init__(self, terms: str) -> None:
        # Whole words only: blacking out "Lena" leaves "Helena" alone.
        words = [rf"(?<!\w){re.escape(term.strip())}(?!\w)" for term in terms.splitlines() if term.strip()]
        self.pattern = re.compile("|".join(sorted(words, key=len, reverse=True)), re.IGNORECASE) if words else None

    def __call__(self, text: str) -> str:
        return self.pattern.sub(REDACTED, text) if self.pattern and text else text


def _items(case: Case) -> list[Item]:
    items: list[Item] = []
    for event in case.events.order_by("occurred_at", "pk"):
        items.append(
            Item(
                f"event:{event.pk}",
                event.occurred_at,
                event.get_kind_display(),
                event.summary,
                not event.is_visible_to_customer,
            )
        )
    for message in OutboundMessage.objects.filter(case=case).order_by("pk"):
        name = f"letters/{case.reference}-{message.pk}.pdf" if message.document else ""
        items.append(
            Item(
                f"message:{message.pk}",
                # When the change it reports happened; a message no timeline entry caused, when it was sent.
                message.event.occurred_at if message.event else (message.sent_at or message.created_at),
                f"{message.get_channel_display()} sent: {message.subject}",
                message.body_text,
                # Emails to staff about the case (alerts, reminders) are internal, like staff-only timeline entries.
                internal=message.template_name.startswith("staff"),
                file_name=name,
            )
        )
    for email in InboundEmail.objects.filter(case=case).order_by("received_at"):
        items.append(
            Item(f"inbound:{email.pk}", email.received_at, f"Email received: {email.subject}", email.body_text)
        )
    for call in case.calls.order_by("occurred_at"):
        items.append(
            Item(f"call:{call.pk}", call.occurred_at, f"Call ({call.get_direction_display()})", call.notes, True)
        )
    for evidence in EvidenceFile.objects.filter(case=case).order_by("created_at"):
        # A file the virus scanner has not cleared is listed but not copied into the download.
        name = f"files/{case.reference}-{evidence.pk}{PurePath(evidence.original_name).suffix}"
        held = "" if evidence.may_be_opened else "Not included: it has not passed the virus check."
        what = f"File sent: {evidence.original_name}"
        items.append(Item(f"file:{evidence.pk}", evidence.created_at, what, held, file_name="" if held else name))
    return sorted(items, key=lambda item: (item.when is None, item.when or timezone.now()))


def subject_access_zip(request: InformationRequest) -> bytes:
    """The zip for release, redacted as the request says."""
    redact = Redactor(request.redact_terms)
    withheld = set(request.withheld)
    customer = request.customer
    cases = Case.objects.filter(customer=customer).select_related("service_area").order_by("received_at")
    records = []
    files: dict[str, tuple[Any, str]] = {}
    for case in cases:
        record = CaseRecord(case.reference, redact(case.title), str(case.service_area), case.get_status_display())
        for item in _items(case):
            if item.key in withheld:
                continue
            item.text, item.what = redact(item.text), redact(item.what)
            record.items.append(item)
            if item.file_name:
                kind, pk = item.key.split(":")
                source = (
                    OutboundMessage.objects.get(pk=pk).document
                    if kind == "message"
                    else EvidenceFile.objects.get(pk=pk).file
                )
                files[item.file_name] = (source, item.key)
        records.append(record)
    looked = AccessLogEntry.objects.filter(customer=customer).select_related("user", "api_key").order_by("occurred_at")
    index = render_to_string(
        "records/subject_access.html",
        {
            "customer": customer,
            "request": request,
            "cases": records,
            "access_log": looked,
            "made_at": timezone.now(),
            "withheld_count": len(withheld),
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", index)
        for name, (source, _key) in files.items():
            with source.open("rb") as stored:
                archive.writestr(name, stored.read())
    return buffer.getvalue()


def items_for_review(request: InformationRequest) -> list[tuple[str, list[Item]]]:
    """Every item that would be released, case by case, for the officer to mark as withheld."""
    cases = Case.objects.filter(customer=request.customer).order_by("received_at")
    return [(case.reference, _items(case)) for case in cases]
