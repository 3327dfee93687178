"""Logging a contact that another system sends, with or without the triage decision, through the staff services."""

from __future__ import annotations

from typing import Any

from putright.api.models import APIKey
from putright.cases.access import services_for_system
from putright.cases.choices import Channel
from putright.cases.forms import TriageForm, case_details_from
from putright.cases.models import Contact
from putright.cases.services import CustomerDetails, log_case, log_contact
from putright.core.errors import TransitionError

# The API's names for the staff triage form's fields, and for the fields the services name in their refusals.
TRIAGE_FIELDS = {"service": "service_area", "procedure": "procedure"}
SERVICE_FIELDS = {"received_on": "received_at", "procedure": "triage.procedure", "kind": "triage.kind"}


class InvalidInput(Exception):
    """Input the staff form's rules refuse: [(field, reason)] in the API's own field names."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in errors))
        self.errors = errors


def _triage_form(triage: dict[str, Any]) -> TriageForm:
    """The staff triage form, given slugs for the service and procedure: the same choices and the same rules."""
    data = {TRIAGE_FIELDS.get(name, name): value for name, value in triage.items()}
    form = TriageForm(data=data)
    form.fields["service_area"].to_field_name = "slug"  # type: ignore[attr-defined]
    form.fields["procedure"].to_field_name = "slug"  # type: ignore[attr-defined]
    return form


def log_contact_from_system(*, key: APIKey, data: dict[str, Any]) -> Contact:
    """Record a contact; with `triage`, open its case at once exactly as the staff 'log a contact' page does."""
    customer = data.get("customer")
    details = CustomerDetails(**customer) if customer else None
    try:
        return _log(key, data, details)
    except TransitionError as error:
        raise InvalidInput([(SERVICE_FIELDS.get(error.field or "", error.field or ""), error.message)]) from error


def _log(key: APIKey, data: dict[str, Any], details: CustomerDetails | None) -> Contact:
    triage = data.get("triage")
    if triage is None:
        return log_contact(
            channel=Channel(data["channel"]),
            received_at=data["received_at"],
            raw_text=data["raw_text"],
            subject=data.get("subject", ""),
            actor=None,
            customer_details=details,
        )
    form = _triage_form(triage)
    if not form.is_valid():
        reverse = {value: name for name, value in TRIAGE_FIELDS.items()}
        raise InvalidInput(
            [
                (f"triage.{reverse.get(field, field)}" if field != "__all__" else "triage", str(message))
                for field, messages in form.errors.items()
                for message in messages
            ]
        )
    case_details = case_details_from(form.cleaned_data, data["raw_text"])
    if not services_for_system(key).filter(pk=case_details.service_area.pk).exists():
        raise InvalidInput([("triage.service", "This API key may not log cases for that service")])
    case = log_case(
        channel=Channel(data["channel"]),
        received_at=data["received_at"],
        raw_text=data["raw_text"],
        actor=None,
        details=case_details,
        customer_details=details,
        subject=data.get("subject", ""),
    )
    # Opening the case marked the contact triaged in the database: answer with what was saved.
    return Contact.objects.get(pk=case.contact_id)
