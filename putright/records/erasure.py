"""Erasing a case's personal data and keeping the case as figures: the one list of what is personal.

Used by the retention schedule (`retention.py`) and by erasure requests. What counts in a report stays exactly as it
was: dates, stages, statuses, outcomes, kinds and amounts of remedies, service, procedure, category, channel, ward,
the representative's relationship (the statutory reports count advocates), survey ratings, the access log. What
identifies or describes a person goes: names, addresses, contact details, everything anyone wrote, letters, emails
and files. The postcode keeps only its outward code ("HP1"), which names an area, not a home.

A customer is anonymised once none of their cases still holds personal data; their access log entries stay (the
log is the record of who looked), pointing at the anonymised record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Value, When

from putright.api.models import Open311Request, WebhookDelivery
from putright.cases.choices import EventKind
from putright.cases.events import record
from putright.cases.hazards.models import Hazard, HazardMilestone
from putright.cases.models import (
    CallLog,
    Case,
    Contact,
    Contribution,
    CustomerRequest,
    EarlyResolution,
    Extension,
    LateComplaintDecision,
    Remedy,
    Stage,
    TimelineEvent,
)
from putright.notifications.models import InboundAttachment, InboundEmail, InboundText, OutboundMessage
from putright.ombudsman.models import OmbudsmanReferral, OmbudsmanRemedy
from putright.people.models import (
    AdjustmentRequest,
    ContactRestriction,
    Customer,
    ReasonableAdjustment,
    Representative,
    VulnerabilityNote,
)
from putright.portal.models import EvidenceFile, SatisfactionResponse
from putright.records.models import Erasure

ERASED = "Erased under the retention schedule"
ERASED_ON_REQUEST = "Erased at the customer's request"


@dataclass
class ErasureResult:
    cases: list[str] = field(default_factory=list)
    customers: int = 0
    files: int = 0


def _wiped(field_name: str, label: str) -> models.expressions.Case:
    """A text field's replacement: empty stays empty, anything written becomes `label` (some figures count what was
    recorded, such as stages with a complaint definition, so a written field stays non-empty)."""
    return models.Case(When(**{field_name: ""}, then=Value("")), default=Value(label))


def _wipe(*field_names: str, label: str) -> dict[str, models.expressions.Case]:
    return {name: _wiped(name, label) for name in field_names}


def _outward(postcode: str) -> str:
    return postcode.split(" ")[0] if " " in postcode else ""


def _delete_files_after_commit(rows: list[tuple[Storage, str | None]]) -> int:
    for storage, name in rows:
        if name:
            transaction.on_commit(partial(storage.delete, name), robust=True)
    return len([name for _storage, name in rows if name])


def _erase_files(case: Case) -> int:
    files: list[tuple[Storage, str | None]] = []
    for evidence in EvidenceFile.objects.filter(case=case):
        files.append((evidence.file.storage, evidence.file.name))
    EvidenceFile.objects.filter(case=case).delete()
    for message in OutboundMessage.objects.filter(case=case).exclude(document=""):
        files.append((message.document.storage, message.document.name))
    for email in InboundEmail.objects.filter(case=case):
        files.append((email.raw.storage, email.raw.name))
    for attachment in InboundAttachment.objects.filter(email__case=case):
        files.append((attachment.file.storage, attachment.file.name))
    InboundAttachment.objects.filter(email__case=case).delete()
    return _delete_files_after_commit(files)


def erase_case(case: Case, *, why: str, now: datetime, rule: str = "") -> int:
    """Erase one case's personal data, in the caller's transaction; returns the number of files deleted."""
    label = ERASED if why == Erasure.Why.RETENTION else ERASED_ON_REQUEST
    Case.objects.filter(pk=case.pk).update(
        title=label,
        postcode=_outward(case.postcode),
        **_wipe("description", "desired_outcome", "definition", "kind_reason", "declined_reason", label=label),
    )
    Stage.objects.filter(case=case).update(
        **_wipe(
            "definition",
            "outcome_reasons",
            "outstanding_actions",
            "independent_person",
            "panel_members",
            label=label,
        )
    )
    Extension.objects.filter(stage__case=case).update(**_wipe("reason", "good_reason", label=label))
    LateComplaintDecision.objects.filter(case=case).update(reasons=label)
    Remedy.objects.filter(stage__case=case).update(**_wipe("description", "evidence", label=label))
    Contribution.objects.filter(case=case).update(**_wipe("request_note", "contribution", label=label))
    CallLog.objects.filter(case=case).update(**_wipe("notes", label=label))
    EarlyResolution.objects.filter(case=case).update(**_wipe("how_resolved", label=label))
    Hazard.objects.filter(case=case).update(
        **_wipe("description", "reason", "further_works_reason", "accommodation_details", label=label)
    )
    HazardMilestone.objects.filter(hazard__case=case).update(**_wipe("note", label=label))
    TimelineEvent.objects.filter(case=case).update(summary=label, data={})
    CustomerRequest.objects.filter(case=case).update(text="", phone="", preferred_times="", email="")
    SatisfactionResponse.objects.filter(case=case).update(**_wipe("comments", label=label))
    files = _erase_files(case)
    OutboundMessage.objects.filter(case=case).update(
        recipient_name="", to_address="", subject=label, body_text="", body_html="", document=""
    )
    InboundEmail.objects.filter(case=case).update(
        from_address="", from_name="", subject=label, body_text="", raw="", defects=[]
    )
    InboundText.objects.filter(case=case).update(source_number="", message="")
    OmbudsmanReferral.objects.filter(case=case).update(**_wipe("decision_summary", label=label))
    OmbudsmanRemedy.objects.filter(referral__case=case).update(
        **_wipe("description", "compliance_evidence", label=label)
    )
    WebhookDelivery.objects.filter(case=case).update(payload={}, last_error="")
    if case.contact_id:
        Open311Request.objects.filter(contact_id=case.contact_id).update(
            address="", media_url="", attributes={}, account_id="", device_id="", latitude=None, longitude=None
        )
    if case.representative_id:
        Representative.objects.filter(pk=case.representative_id).update(
            name="", email="", phone="", consent_evidence=""
        )
    Erasure.objects.update_or_create(case=case, defaults={"why": why, "erased_at": now, "rule": rule[:200]})
    record(case, EventKind.PERSONAL_DATA_ERASED, f"{label}{f' ({rule})' if rule else ''}", actor=None, occurred_at=now)
    # The contact it came from goes once every case made from it (a split contact makes several) has gone.
    if not Case.objects.filter(contact_id=case.contact_id, erasure__isnull=True).exists():
        Contact.objects.filter(pk=case.contact_id).update(raw_text=label, subject="", triage_note="")
    return files


def anonymise_customers_without_personal_cases(customer_ids: set[int], now: datetime) -> int:
    """Anonymise each of these customers none of whose cases (or loose contacts) still holds personal data."""
    done = 0
    for customer_id in customer_ids:
        live_cases = Case.objects.filter(customer_id=customer_id, erasure__isnull=True).exists()
        loose_contacts = Contact.objects.filter(customer_id=customer_id, cases__isnull=True).exists()
        if live_cases or loose_contacts:
            continue
        customer = Customer.objects.filter(pk=customer_id, anonymised_at__isnull=True).first()
        if customer is None:
            continue
        Customer.objects.filter(pk=customer_id).update(
            title="",
            first_name="",
            last_name="Anonymised",
            email="",
            phone="",
            address="",
            postcode=_outward(customer.postcode),
            anonymised_at=now,
        )
        Representative.objects.filter(customer_id=customer_id).update(name="", email="", phone="", consent_evidence="")
        ReasonableAdjustment.objects.filter(customer_id=customer_id).delete()
        VulnerabilityNote.objects.filter(customer_id=customer_id).delete()
        ContactRestriction.objects.filter(customer_id=customer_id).delete()
        AdjustmentRequest.objects.filter(customer_id=customer_id).delete()
        done += 1
    return done
