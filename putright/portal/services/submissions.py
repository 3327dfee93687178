"""Turning answers from the public and councillor pages into contacts and cases, through the cases services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation

from putright.cases.choices import KINDS_WITHOUT_PROCEDURE, CaseKind, Channel
from putright.cases.customers import add_representative, request_adjustments
from putright.cases.lifecycle import CaseDetails
from putright.cases.models import Case
from putright.cases.services import CustomerDetails, log_case
from putright.cases.usual_procedure import KIND_PROCEDURE_SLUGS, usual_procedure_slugs
from putright.core.errors import RuleError
from putright.core.inserts import insert
from putright.core.prepared import PreparedRead
from putright.core.text import short_title
from putright.organisation.models import ServiceArea, User
from putright.organisation.selectors import current_organisation
from putright.portal.forms import WhoForm
from putright.portal.journeys import Answers, Journey
from putright.portal.models import SubmissionReceipt
from putright.portal.services.evidence import attach_pending
from putright.portal.topics import choice_for
from putright.procedures.models import ProcedureVersion
from putright.procedures.selectors import CODE_PRESET_SLUG, current_version

KIND_REASONS = {
    CaseKind.COMPLAINT: "Made as a complaint on the public web form.",
    CaseKind.COMMENT: "Sent as a comment on the public web form.",
    CaseKind.COMPLIMENT: "Sent as a compliment on the public web form.",
}


def split_name(full_name: str) -> tuple[str, str]:
    """(first names, last name) from a full name; one word is treated as the last name."""
    words = full_name.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def procedure_for(kind: CaseKind, service: ServiceArea) -> ProcedureVersion:
    """The version a new case of this kind about this service starts under: the staff forms' rule
    (`cases.usual_procedure`), read one version at a time, the first usually the one. When none is available for new
    cases, a misconfiguration must not lose what was sent: the kind's own preset, or for a complaint the Code's."""
    for slug in usual_procedure_slugs(kind=kind, service=service, nation=current_organisation().nation):
        try:
            version = current_version(slug)
        except ProcedureVersion.DoesNotExist:
            continue
        if version.procedure.is_active:
            return version
    return current_version(KIND_PROCEDURE_SLUGS.get(kind, CODE_PRESET_SLUG))


# Asked on every send, and nearly always "none": a one-column read (prepared: core/prepared.py), the case loaded
# only when there is one.
_receipt_case_id = PreparedRead(
    lambda token: SubmissionReceipt.objects.filter(token=token).values_list("case_id", flat=True)[:1], str
)


def receipt_case(token: str) -> Case | None:
    """The case already made from this submission token, if any."""
    case_id = next(iter(_receipt_case_id(token)), None)
    return Case.objects.get(pk=case_id) if case_id is not None else None


@dataclass(frozen=True)
class Record:
    """A web submission read back in English for the officers, whatever language it was sent in."""

    title: str
    description: str
    raw_text: str


def _line(label: str, value: object) -> str:
    return f"{label}: {value}" if value not in (None, "") else ""


def _record(journey: Journey, answers: Answers, service: ServiceArea, language: str) -> Record:
    get = lambda step, name: answers.get(step, {}).get(name, "")  # noqa: E731
    text = get("what-happened", "what_happened") or get("message", "message")
    happened_on = get("when", "happened_on")
    with translation.override("en"):
        when = formats.date_format(date.fromisoformat(happened_on), "j F Y") if happened_on else ""
    where = ", ".join(part for part in (get("where", "where_address"), get("where", "where_postcode")) if part)
    welsh = "Sent in Welsh: reply in Welsh." if language == "cy" else ""
    details = [
        _line("When it happened", when),
        _line("Where", where),
        _line("Help or changes needed", get("help", "help_needed")),
        _line("Files sent", ", ".join(answers.get("evidence", {}).get("names", []))),
        welsh,
    ]
    description = "\n\n".join(part for part in (text, "\n".join(line for line in details if line)) if part)
    acting = ""
    if get("who", "for_whom") == WhoForm.SOMEONE_ELSE:
        acting = (
            f"Made by {get('name', 'full_name')} ({get('someone-else', 'relationship')}) for "
            f"{get('someone-else', 'their_name')}, who has agreed to it."
        )
    contact = [
        _line("Name", get("name", "full_name") or get("reply", "full_name")),
        _line("Email", get("contact", "email") or get("reply", "email")),
        _line("Phone", get("contact", "phone")),
        _line("Address", ", ".join(p for p in (get("contact", "address"), get("contact", "postcode")) if p)),
        _line("Prefers", get("contact", "contact_method")),
        _line("What they want done", get("put-right", "put_right")),
        acting,
    ]
    raw_text = "\n\n".join(
        part for part in (f"Service: {service.name}", description, "\n".join(line for line in contact if line)) if part
    )
    return Record(title=short_title(text), description=description, raw_text=raw_text)


def _customer(answers: Answers, language: str = "en") -> CustomerDetails | None:
    contact = answers.get("contact", {})
    reply = answers.get("reply", {})
    if answers.get("who", {}).get("for_whom") == WhoForm.SOMEONE_ELSE:
        # The customer is the person affected; the one filling in the form becomes their representative.
        first, last = split_name(answers.get("someone-else", {}).get("their_name", ""))
        return CustomerDetails(
            first_name=first,
            last_name=last,
            preferred_contact_method=contact.get("contact_method") or "email",
            preferred_language="cy" if language == "cy" else "en",
        )
    full_name = answers.get("name", {}).get("full_name") or reply.get("full_name") or ""
    if not full_name:
        return None  # an anonymous comment or compliment
    first, last = split_name(full_name)
    return CustomerDetails(
        first_name=first,
        last_name=last,
        email=contact.get("email") or reply.get("email") or "",
        phone=contact.get("phone") or "",
        preferred_contact_method=contact.get("contact_method") or "email",
        preferred_language="cy" if language == "cy" else "en",
        address=contact.get("address") or "",
        postcode=contact.get("postcode") or "",
    )


def _happened_on(answers: Answers) -> date | None:
    """The day the customer said it happened (the form checks it is a real date, not in the future)."""
    happened_on = answers.get("when", {}).get("happened_on", "")
    return date.fromisoformat(happened_on) if happened_on else None


def submit(*, journey: Journey, answers: Answers, token: str, language: str) -> Case:
    """Make the contact and the case from a finished journey, once per token: a token already sent gives the case
    it made (the form's page asks `receipt_case` first, so a double click costs nothing more here).

    Raises RuleError when the chosen service has gone since the answers were given.
    """
    choice = choice_for(answers.get("service", {}).get("service", ""))
    if choice is None:
        raise RuleError("That service is no longer available", "service")
    service = choice.service
    record = _record(journey, answers, service, language)
    try:
        # Timeline summaries and labels are stored for officers, in English, whatever language the form was in.
        with translation.override("en"), transaction.atomic():
            case = log_case(
                channel=Channel.WEB,
                received_at=timezone.now(),
                raw_text=record.raw_text,
                actor=None,
                details=CaseDetails(
                    kind=journey.kind,
                    kind_reason=KIND_REASONS[journey.kind],
                    service_area=service,
                    procedure_version=(
                        None if journey.kind in KINDS_WITHOUT_PROCEDURE else procedure_for(journey.kind, service)
                    ),
                    title=record.title,
                    description=record.description,
                    desired_outcome=answers.get("put-right", {}).get("put_right", ""),
                    postcode=answers.get("where", {}).get("where_postcode", ""),
                    matter_date=_happened_on(answers),
                ),
                customer_details=_customer(answers, language),
                savepoint=False,  # an error here rolls this whole transaction back: no savepoint needed
            )
            # The token is unique: a second request with it fails here, and its case is rolled back with it.
            insert(SubmissionReceipt(token=token, case=case))
            attach_pending(token, case)  # the files sent on the evidence page, kept against this token until now
            # What the customer asked for becomes adjustments on their record for staff to confirm.
            request_adjustments(case=case, words=answers.get("help", {}).get("help_needed", ""))
            if answers.get("who", {}).get("for_whom") == WhoForm.SOMEONE_ELSE:
                add_representative(
                    case=case,
                    name=answers.get("name", {}).get("full_name", ""),
                    relationship=answers.get("someone-else", {}).get("relationship", ""),
                    email=answers.get("contact", {}).get("email", ""),
                    phone=answers.get("contact", {}).get("phone", ""),
                    has_consent=True,
                    consent_evidence="Confirmed by the representative on the public web form.",
                    actor=None,
                )
    except IntegrityError:
        # Sent already, or another request with the same token won the race: its case is the one.
        raced = receipt_case(token)
        if raced is None:
            raise
        return raced
    return case


def raise_for_resident(
    *,
    councillor: User,
    kind: CaseKind,
    service: ServiceArea,
    resident_name: str,
    resident_email: str,
    resident_phone: str,
    resident_address: str,
    resident_postcode: str,
    title: str,
    details: str,
    desired_outcome: str,
    consent_evidence: str,
) -> Case:
    """A councillor's enquiry or complaint for a resident who agreed to it: raised by them, consent recorded."""
    if not consent_evidence.strip():
        raise RuleError("Enter how the resident agreed", "consent_evidence")
    procedure = procedure_for(kind, service)
    first, last = split_name(resident_name)
    with translation.override("en"), transaction.atomic():
        case = log_case(
            channel=Channel.COUNCILLOR,
            received_at=timezone.now(),
            raw_text=f"{details}\n\nWhat the resident wants done: {desired_outcome}".strip(),
            actor=councillor,
            details=CaseDetails(
                kind=kind,
                kind_reason=f"Raised by {councillor} as a {kind.label.lower()} for a resident.",
                service_area=service,
                procedure_version=procedure,
                title=title,
                description=details,
                desired_outcome=desired_outcome,
                postcode=resident_postcode,
                raised_by=councillor,
            ),
            customer_details=CustomerDetails(
                first_name=first,
                last_name=last,
                email=resident_email,
                phone=resident_phone,
                preferred_contact_method="email" if resident_email else ("phone" if resident_phone else "letter"),
                address=resident_address,
                postcode=resident_postcode,
            ),
        )
        add_representative(
            case=case,
            name=str(councillor),
            relationship="Councillor" if councillor.job_title == "" else councillor.job_title,
            email=councillor.email,
            phone=councillor.phone,
            has_consent=True,
            consent_evidence=consent_evidence,
            actor=councillor,
        )
    case.refresh_from_db()
    return case
