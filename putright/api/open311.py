"""Open311 GeoReport v2 intake: what a "report it" site (FixMyStreet and the like) sends lands in contacts to triage.

Service codes are the service slugs. A request needs the site's API key (write scope); the request and what it says
are kept as a contact, exactly as sent, with the location and the site's extra attributes on an Open311Request row.
Status is "open" until staff close the contact without a case, or every case made from it has ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from putright.api.models import APIKey, Open311Request
from putright.cases.access import services_for_system
from putright.cases.choices import ENDED_STATUSES, Channel
from putright.cases.models import Contact
from putright.cases.services import CustomerDetails, log_contact
from putright.core.phones import PHONE_MAX_LENGTH, phone_problem
from putright.organisation.models import ServiceArea
from putright.organisation.selectors import active_services
from putright.people.choices import ContactMethod


class Open311Error(Exception):
    """A request Open311 answers with an error: the HTTP status and the description for the client."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def services_for(key: APIKey | None) -> QuerySet[ServiceArea]:
    """The services a site may send requests for (without a key, to list them: every unrestricted one)."""
    if key is None:
        return active_services().filter(is_restricted=False)
    return services_for_system(key)


def service_row(service: ServiceArea) -> dict[str, Any]:
    return {
        "service_code": service.slug,
        "service_name": service.name,
        "description": f"Reports and complaints about {service.name.lower()}",
        "metadata": False,
        "type": "batch",  # a person triages each request; its id is given at once
        "keywords": "",
        "group": service.directorate,
    }


def _decimal(params: dict[str, str], name: str, limit: int) -> Decimal | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise Open311Error(400, f"{name}: enter a number in decimal degrees, like 51.7520") from None
    if not value.is_finite() or abs(value) > limit:
        raise Open311Error(400, f"{name}: must be between -{limit} and {limit}")
    return value.quantize(Decimal("0.000001"))


def _text(params: dict[str, str], name: str, limit: int) -> str:
    value = params.get(name, "").strip()
    if len(value) > limit:
        raise Open311Error(400, f"{name}: must be {limit} characters or fewer")
    return value


def _valid(validator: Any, value: str, message: str) -> str:
    if value:
        try:
            validator(value)
        except ValidationError:
            raise Open311Error(400, message) from None
    return value


def receive_request(*, key: APIKey, params: dict[str, str], attributes: dict[str, str]) -> Open311Request:
    """Record a POSTed service request as a contact awaiting triage, with its Open311 details."""
    if not key.can_write:
        raise Open311Error(403, "api_key: this key may only read")
    code = params.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, "service_code: required")
    service = services_for(key).filter(slug=code).first()
    if service is None:
        raise Open311Error(404, f"service_code: no service {code!r} (see services.json)")
    description = _text(params, "description", 4000)
    if not description:
        raise Open311Error(400, "description: required")
    latitude, longitude = _decimal(params, "lat", 90), _decimal(params, "long", 180)
    address = _text(params, "address_string", 300)
    if (latitude is None or longitude is None) and not address and not params.get("address_id"):
        raise Open311Error(400, "lat and long, address_string or address_id: a location is required")
    email = _valid(EmailValidator(), _text(params, "email", 254), "email: not a valid email address")
    media_url = _valid(
        URLValidator(schemes=["http", "https"]), _text(params, "media_url", 500), "media_url: not a valid URL"
    )
    first_name, last_name = _text(params, "first_name", 100), _text(params, "last_name", 100)
    phone = _text(params, "phone", PHONE_MAX_LENGTH)
    if problem := phone_problem(phone):
        raise Open311Error(400, f"phone: {problem}")
    customer = None
    if email or phone or last_name:
        customer = CustomerDetails(
            first_name=first_name,
            last_name=last_name or first_name,
            email=email,
            phone=phone,
            preferred_contact_method=ContactMethod.EMAIL if email else ContactMethod.PHONE,
        )
    where = address or (f"{latitude}, {longitude}" if latitude is not None else params.get("address_id", ""))
    lines = [description, "", f"Service: {service.name}", f"Where: {where}"]
    if media_url:
        lines.append(f"Photo: {media_url}")
    lines += [f"{name}: {value}" for name, value in sorted(attributes.items())]
    with transaction.atomic():
        contact = log_contact(
            channel=Channel.WEB,
            received_at=timezone.now(),
            raw_text="\n".join(lines),
            subject=f"{service.name} report from {key.name}"[:200],
            actor=None,
            customer_details=customer,
        )
        return Open311Request.objects.create(
            contact=contact,
            api_key=key,
            service=service,
            latitude=latitude,
            longitude=longitude,
            address=address,
            media_url=media_url,
            attributes=attributes,
            account_id=_text(params, "account_id", 100),
            device_id=_text(params, "device_id", 100),
        )


# --- reading requests back --------------------------------------------------------------------------------------


def status_of(request: Open311Request) -> tuple[str, str]:
    """("open" or "closed", the notes): closed once triaged without a case, or once every case made has ended."""
    contact = request.contact
    cases = list(contact.cases.all())
    if contact.triaged_at is not None and not cases:
        return "closed", contact.triage_note
    if cases and all(case.status in ENDED_STATUSES for case in cases):
        return "closed", "Dealt with: " + ", ".join(case.reference for case in cases)
    if cases:
        return "open", "Being dealt with: " + ", ".join(case.reference for case in cases)
    return "open", "Received: waiting to be looked at"


def _w3(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def request_row(request: Open311Request) -> dict[str, Any]:
    status, notes = status_of(request)
    contact = request.contact
    cases = list(contact.cases.all())
    updated = max([contact.triaged_at or contact.created_at, *(case.updated_at for case in cases)])
    return {
        "service_request_id": str(request.pk),
        "status": status,
        "status_notes": notes,
        "service_name": request.service.name,
        "service_code": request.service.slug,
        "description": contact.raw_text.split("\n\n", 1)[0],
        "agency_responsible": "",
        "service_notice": "",
        "requested_datetime": _w3(contact.received_at),
        "updated_datetime": _w3(updated),
        "expected_datetime": None,
        "address": request.address,
        "address_id": "",
        "zipcode": "",
        "lat": str(request.latitude) if request.latitude is not None else None,
        "long": str(request.longitude) if request.longitude is not None else None,
        "media_url": request.media_url,
    }


@dataclass(frozen=True)
class RequestFilters:
    ids: list[int]
    service_code: str = ""
    start: datetime | None = None
    end: datetime | None = None
    status: str = ""


def parse_filters(params: dict[str, str]) -> RequestFilters:
    ids = []
    for part in params.get("service_request_id", "").split(","):
        if part.strip():
            if not part.strip().isdigit():
                raise Open311Error(400, f"service_request_id: {part.strip()!r} is not a request number")
            ids.append(int(part))
    dates = {}
    for name in ("start_date", "end_date"):
        raw = params.get(name, "").strip()
        parsed = parse_datetime(raw) if raw else None
        if raw and (parsed is None or parsed.tzinfo is None):
            raise Open311Error(400, f"{name}: a w3 date and time with its zone, like 2026-11-30T10:15:00Z")
        dates[name] = parsed
    status = params.get("status", "").strip().lower()
    if status and status not in ("open", "closed"):
        raise Open311Error(400, "status: open or closed")
    return RequestFilters(ids, params.get("service_code", "").strip(), dates["start_date"], dates["end_date"], status)


def requests_for(key: APIKey, filters: RequestFilters, *, limit: int = 1000) -> list[Open311Request]:
    """The requests this site sent (newest first), narrowed by the GeoReport filters."""
    found = Open311Request.objects.filter(api_key=key).select_related("service", "contact")
    found = found.prefetch_related("contact__cases")
    if filters.ids:
        found = found.filter(pk__in=filters.ids)
    if filters.service_code:
        found = found.filter(service__slug=filters.service_code)
    if filters.start:
        found = found.filter(contact__received_at__gte=filters.start)
    if filters.end:
        found = found.filter(contact__received_at__lte=filters.end)
    rows = list(found[:limit])
    if filters.status:
        rows = [row for row in rows if status_of(row)[0] == filters.status]
    return rows


def service_sent_for(contact: Contact) -> dict[str, Any]:
    """Triage's starting point for a contact a "report it" site sent: the service its `service_code` named."""
    sent = Open311Request.objects.filter(contact=contact).values_list("service_id", flat=True).first()
    return {"service_area": sent} if sent is not None else {}
