"""The REST API as another system uses it: keys, scopes, what each key may read, contacts in, errors out."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putright.api.choices import Scope
from putright.api.keys import revoke_api_key
from putright.api.tests.conftest import KeyClient
from putright.audit.models import AccessLogEntry
from putright.cases import lifecycle
from putright.cases.choices import CaseStatus, Outcome, RemedyType
from putright.cases.models import Case, Contact
from putright.cases.services import add_note

PROBLEM = "application/problem+json"


@pytest.fixture(autouse=True)
def fresh_rate_counts(db):
    cache.clear()


@pytest.fixture
def case(make_case, lead_officer):
    return make_case(lead=lead_officer)


@pytest.fixture
def restricted_case(make_case, adult_social_care):
    return make_case(procedure="adult-social-care", service=adult_social_care, title="Care visits stopped")


def test_a_call_without_a_key_is_refused_with_a_problem(db):
    response = Client().get(reverse("api:case-list"))
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "An API key is needed"
    assert "Bearer" in response["WWW-Authenticate"]


def test_a_wrong_secret_and_a_revoked_key_are_refused(make_key):
    new = make_key()
    prefix = new.token.split(".")[0]
    assert KeyClient(f"{prefix}.not-the-secret").get(reverse("api:services")).status_code == 401
    assert KeyClient(new.token).get(reverse("api:services")).status_code == 200
    revoke_api_key(key=new.key)
    response = KeyClient(new.token).get(reverse("api:services"))
    assert response.status_code == 401
    assert response.json()["detail"] == "The API key is not recognised, or has been revoked"


def test_only_a_hash_of_the_secret_is_kept_and_last_use_is_recorded(make_key):
    new = make_key()
    secret = new.token.split(".", 1)[1]
    assert secret not in new.key.secret_hash
    assert new.key.last_used_at is None
    KeyClient(new.token).get(reverse("api:procedures"))
    new.key.refresh_from_db()
    assert new.key.last_used_at is not None


def test_reference_data(reader, housing, adult_social_care):
    services = reader.get(reverse("api:services")).json()
    assert {"slug": "housing-repairs", "is_restricted": False}.items() <= services[0].items()
    procedures = {row["slug"] for row in reader.get(reverse("api:procedures")).json()}
    assert {"joint-code", "adult-social-care"} <= procedures
    assert reader.get(reverse("api:categories")).status_code == 200


def test_restricted_services_are_listed_only_to_a_key_that_may_see_them(make_key, housing, adult_social_care):
    ordinary = {row["slug"] for row in KeyClient(make_key().token).get(reverse("api:services")).json()}
    assert "housing-repairs" in ordinary and "adult-social-care" not in ordinary
    care = make_key(name="Care system", may_see_restricted=True, services=(adult_social_care,))
    assert [row["slug"] for row in KeyClient(care.token).get(reverse("api:services")).json()] == ["adult-social-care"]


def test_every_call_is_in_the_access_log(make_key, case):
    new = make_key()
    client = KeyClient(new.token)
    client.get(reverse("api:case-list"))
    client.get(reverse("api:case-detail", args=[case.reference]))
    entries = AccessLogEntry.objects.filter(api_key=new.key)
    assert set(entries.values_list("object_type", "object_reference")) == {
        ("api", "/api/v1/cases/"),
        ("api", f"/api/v1/cases/{case.reference}/"),
        ("case", case.reference),
    }


def test_a_restricted_case_never_leaves_through_a_key_not_scoped_for_it(
    make_key, reader, case, restricted_case, adult_social_care
):
    listed = {row["reference"] for row in reader.get(reverse("api:case-list")).json()["results"]}
    assert listed == {case.reference}
    hidden = reader.get(reverse("api:case-detail", args=[restricted_case.reference]))
    missing = reader.get(reverse("api:case-detail", args=["PR-1999-00001"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    for name in ("stages", "timeline", "responses", "remedies", "ombudsman-referrals"):
        assert reader.get(reverse(f"api:case-{name}", args=[restricted_case.reference])).status_code == 404
    # Found by its words? Not through this key.
    assert reader.get(reverse("api:case-list"), {"q": "care visits"}).json()["results"] == []
    # Each refusal is in the access log, under whose case it was, for the information-governance lead.
    refused = AccessLogEntry.objects.filter(
        object_type="case", object_reference=restricted_case.reference, allowed=False
    )
    assert refused.exists() and {entry.customer_id for entry in refused} == {restricted_case.customer_id}
    assert AccessLogEntry.objects.filter(object_reference="PR-1999-00001", allowed=False).exists()

    care_system = KeyClient(make_key(services=(adult_social_care,), may_see_restricted=True).token)
    listed = {row["reference"] for row in care_system.get(reverse("api:case-list")).json()["results"]}
    assert listed == {restricted_case.reference}  # scoped to its service: the housing case is not its business
    assert care_system.get(reverse("api:case-detail", args=[restricted_case.reference])).status_code == 200


def test_a_key_scoped_to_services_reads_only_their_cases(make_key, case, make_case, waste):
    bins = make_case(service=waste, title="Bin missed")
    waste_key = KeyClient(make_key(services=(waste,)).token)
    assert [row["reference"] for row in waste_key.get(reverse("api:case-list")).json()["results"]] == [bins.reference]
    assert waste_key.get(reverse("api:case-detail", args=[case.reference])).status_code == 404


def test_updated_since_and_cursor_pages_keep_another_system_in_step(reader, make_case):
    first, second, third = (make_case(title=f"Case {n}") for n in range(3))
    Case.objects.filter(pk=first.pk).update(updated_at=timezone.now() - timedelta(days=2))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    page = reader.get(reverse("api:case-list"), {"updated_since": since, "page_size": 1}).json()
    assert [row["reference"] for row in page["results"]] == [second.reference]
    page = reader.get(page["next"]).json()
    assert [row["reference"] for row in page["results"]] == [third.reference]
    assert page["next"] is None


def test_a_bad_filter_names_the_field(reader):
    response = reader.get(reverse("api:case-list"), {"updated_since": "last Tuesday", "status": "lost"})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"updated_since", "status"}


def test_search_by_reference(reader, case, make_case):
    make_case(title="Another")
    results = reader.get(reverse("api:case-list"), {"q": case.reference.lower()}).json()["results"]
    assert [row["reference"] for row in results] == [case.reference]


def test_stages_responses_remedies_and_timeline(frozen_today, reader, case, lead_officer):
    lifecycle.respond(
        case=case,
        actor=lead_officer,
        outcome=Outcome.UPHELD,
        reasons="The repair was late.",
        remedies=[lifecycle.RemedyDetails(RemedyType.FINANCIAL, "Compensation for the delay", Decimal("50.00"))],
    )
    stages = reader.get(reverse("api:case-stages", args=[case.reference])).json()
    assert stages[0]["number"] == 1
    assert stages[0]["response_due_date"] and stages[0]["due_explanation"]
    responses = reader.get(reverse("api:case-responses", args=[case.reference])).json()
    assert responses == [
        {
            "stage": 1,
            "responded_date": timezone.localdate().isoformat(),
            "outcome": "upheld",
            "outcome_reasons": "The repair was late.",
            "outstanding_actions": "",
        }
    ]
    remedies = reader.get(reverse("api:case-remedies", args=[case.reference])).json()
    assert [(r["remedy_type"], r["amount"]) for r in remedies] == [("financial", "50.00")]
    timeline = reader.get(reverse("api:case-timeline", args=[case.reference])).json()["results"]
    assert timeline[0]["kind"] == "responded" and timeline[-1]["kind"] == "logged"
    assert reader.get(reverse("api:case-ombudsman-referrals", args=[case.reference])).json() == []


CONTACT = {
    "channel": "web",
    "received_at": "2026-11-30T10:15:00Z",
    "raw_text": "The lift in Tower Court has been broken for three weeks.",
    "customer": {"first_name": "Ann", "last_name": "Jones", "email": "ann@example.org", "postcode": "HP1 1AA"},
}


def test_a_read_only_key_cannot_log_contacts(reader):
    response = reader.post(reverse("api:contacts"), CONTACT, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert "write scope" in response.json()["detail"]
    assert not Contact.objects.exists()


def test_a_contact_without_triage_waits_in_the_staff_queue(writer, housing):
    response = writer.post(reverse("api:contacts"), CONTACT, content_type="application/json")
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.triaged_at is None and contact.customer.last_name == "Jones"
    logged = AccessLogEntry.objects.get(object_type="contact", object_reference=str(contact.pk))
    assert logged.action == "create" and logged.api_key.name == "Housing system"
    assert response.json()["cases"] == []


def test_a_contact_with_triage_opens_the_case_as_the_staff_form_does(writer, housing):
    body = {
        **CONTACT,
        "triage": {
            "kind": "complaint",
            "kind_reason": "Unhappy that a reported repair was not done",
            "service": "housing-repairs",
            "procedure": "joint-code",
            "title": "Lift broken",
        },
    }
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.status_code == 201, response.content
    [reference] = response.json()["cases"]
    case = Case.objects.get(reference=reference)
    assert case.status == CaseStatus.RECEIVED
    assert case.procedure_version.procedure.slug == "joint-code"
    assert case.stages.get().response_due_date is not None
    assert case.events.filter(kind="logged").exists()


def test_a_triaged_contact_answers_with_what_was_saved_and_keeps_its_subject(writer, housing):
    body = {
        **CONTACT,
        "subject": "Tower Court lift",
        "triage": {
            "kind": "complaint",
            "kind_reason": "Unhappy that a reported repair was not done",
            "service": "housing-repairs",
            "procedure": "joint-code",
            "title": "Lift broken for three weeks",
        },
    }
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.triaged_at is not None
    assert response.json()["triaged_at"] is not None
    assert response.json()["subject"] == contact.subject == "Tower Court lift"
    assert contact.cases.get().title == "Lift broken for three weeks"


def test_triage_without_a_procedure_takes_the_services_usual_one(writer, housing):
    body = {
        **CONTACT,
        "triage": {"kind": "complaint", "kind_reason": "Unhappy", "service": "housing-repairs", "title": "Lift"},
    }
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.status_code == 201, response.content
    case = Contact.objects.get(pk=response.json()["id"]).cases.get()
    assert case.procedure_version.procedure.slug == "joint-code"


@pytest.mark.parametrize(("kind", "slug"), [("service_request", "service-request"), ("enquiry", "member-enquiry")])
def test_triage_of_a_kind_that_is_not_a_complaint_takes_the_procedure_for_its_kind(writer, housing, kind, slug):
    body = {
        **CONTACT,
        "triage": {"kind": kind, "kind_reason": "Asks for a repair", "service": "housing-repairs", "title": "Lift"},
    }
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.status_code == 201, response.content
    case = Contact.objects.get(pk=response.json()["id"]).cases.get()
    assert case.procedure_version.procedure.slug == slug
    assert case.stages.get().acknowledge_due_date is None  # not the Code's five working days to acknowledge


@pytest.mark.parametrize(
    ("phone", "reason"),
    [
        (
            "01234",
            "The phone number is too short: enter all of it, with the area code, like 01632 960 001 or 07700 900 982",
        ),
        ("ring me", "Enter a phone number using only numbers 0 to 9, spaces, brackets, hyphens and +"),
        # One precise reason, not the phone rule's and DRF's length limit's both.
        (
            "0" * 45,
            "Enter a real phone number, like 07700 900 982, or an international number with + and the country code, "
            "which does not start with 0",
        ),
        (
            "   ".join("07700900123"),
            "Enter the phone number in 40 characters or fewer: leave out the extra spaces and hyphens",
        ),
    ],
)
def test_a_customers_phone_number_is_checked_as_the_forms_check_it(writer, phone, reason):
    body = {**CONTACT, "customer": {**CONTACT["customer"], "phone": phone}}
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "customer.phone", "reason": reason}]
    body["customer"]["phone"] = "+44 7700 900123"
    assert writer.post(reverse("api:contacts"), body, content_type="application/json").status_code == 201


def test_an_email_address_longer_than_the_record_keeps_is_refused_with_its_reason(writer):
    body = {**CONTACT, "customer": {**CONTACT["customer"], "email": "a" * 250 + "@example.org"}}
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "customer.email", "reason": "Email address must be 254 characters or fewer. You have 262."}
    ]
    assert not Contact.objects.exists()


def test_triage_is_checked_by_the_staff_rules_and_nothing_is_saved(writer, housing):
    body = {
        **CONTACT,
        "triage": {
            "kind": "complaint",
            "kind_reason": "Unhappy",
            "service": "housing-repairs",
            "procedure": "no-such-procedure",
            "title": "Lift",
        },
    }
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["triage.procedure"]
    body["triage"] = {**body["triage"], "procedure": "joint-code", "service": "no-such-service"}
    errors = writer.post(reverse("api:contacts"), body, content_type="application/json").json()["errors"]
    assert [error["field"] for error in errors] == ["triage.service"]
    assert not Contact.objects.exists()


def test_bad_contact_fields_are_each_named(writer):
    future = (timezone.now() + timedelta(days=2)).isoformat()
    body = {**CONTACT, "received_at": future, "customer": {"last_name": "Jones", "email": "not an email"}}
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["customer.email"]
    body["customer"] = CONTACT["customer"]
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.json()["errors"] == [
        {"field": "received_at", "reason": "The date received must be today or in the past"}
    ]


def test_a_key_scoped_to_services_cannot_log_cases_for_another(make_key, housing, waste):
    client = KeyClient(make_key(scope=Scope.WRITE, services=(waste,)).token)
    body = {
        **CONTACT,
        "triage": {
            "kind": "complaint",
            "kind_reason": "Unhappy",
            "service": "housing-repairs",
            "procedure": "joint-code",
            "title": "Lift",
        },
    }
    response = client.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.json()["errors"] == [
        {"field": "triage.service", "reason": "This API key may not log cases for that service"}
    ]


def test_each_key_has_its_own_rate_limit(make_key, settings):
    settings.PUTRIGHT_API_RATE_LIMIT = "2/minute"
    busy, quiet = KeyClient(make_key().token), KeyClient(make_key().token)
    assert [busy.get(reverse("api:services")).status_code for _ in range(3)] == [200, 200, 429]
    limited = busy.get(reverse("api:services"))
    assert limited["Content-Type"] == PROBLEM and int(limited["Retry-After"]) > 0
    assert quiet.get(reverse("api:services")).status_code == 200


def test_the_openapi_document_and_its_pages_need_no_key(db):
    client = Client()
    schema = client.get(reverse("api:schema"), {"format": "json"})
    assert schema.status_code == 200
    assert "/api/v1/cases/{reference}/timeline/" in schema.json()["paths"]
    assert client.get(reverse("api:docs")).status_code == 200
    assert client.get(reverse("api:redoc")).status_code == 200


def test_a_made_up_cursor_is_a_bad_parameter_not_a_missing_page(reader):
    response = reader.get(reverse("api:case-list"), {"cursor": "n"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["cursor"]


def test_a_key_not_allowed_restricted_cases_cannot_log_one(writer, adult_social_care):
    body = {
        **CONTACT,
        "triage": {
            "kind": "complaint",
            "kind_reason": "Unhappy with care",
            "service": "adult-social-care",
            "procedure": "adult-social-care",
            "title": "Care visits stopped",
        },
    }
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.json()["errors"] == [
        {"field": "triage.service", "reason": "This API key may not log cases for that service"}
    ]
    assert not Case.objects.exists()


def test_a_contact_from_before_1900_is_refused(writer):
    body = {**CONTACT, "received_at": "0516-04-18T19:41:00Z"}
    response = writer.post(reverse("api:contacts"), body, content_type="application/json")
    assert response.json()["errors"] == [{"field": "received_at", "reason": "Enter a date in 1900 or later"}]


def test_anything_new_on_the_timeline_counts_as_a_change_for_updated_since(reader, case, lead_officer):
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert reader.get(reverse("api:case-list"), {"updated_since": since}).json()["results"] == []
    add_note(case=case, actor=lead_officer, text="Called the contractor.")
    results = reader.get(reverse("api:case-list"), {"updated_since": since}).json()["results"]
    assert [row["reference"] for row in results] == [case.reference]


def test_only_the_api_documentation_pages_may_run_inline_script(client):
    """Swagger UI and Redoc start with inline script; every other page keeps the strict policy."""
    for name in ("api:docs", "api:redoc"):
        policy = client.get(reverse(name))["Content-Security-Policy"]
        assert "script-src 'self' 'unsafe-inline'" in policy and "https:" not in policy
    assert "unsafe-inline" not in client.get(reverse("api:schema"))["Content-Security-Policy"]
    assert "unsafe-inline" not in client.get("/")["Content-Security-Policy"]
