"""Councillor pages. A councillor sees what they raised for residents, and nothing else of those residents.

- councillor: raises enquiries and complaints with the resident's consent; sees their status and outcome.
- other_councillor: the "wrong user": must get the same 404 as for a case that does not exist.
- complaints_officer: staff; the councillor pages are not theirs (404), and they see the raised cases as staff.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import _user
from putright.audit.models import AccessLogEntry
from putright.cases.choices import CaseKind, Channel
from putright.cases.models import Case
from putright.organisation.choices import Role
from putright.portal.access import cases_raised_by, get_raised_case_for

pytestmark = pytest.mark.django_db

RAISE = {
    "kind": "enquiry",
    "service": "repairs",
    "resident_name": "Gwen Jones",
    "resident_email": "gwen@example.org",
    "resident_phone": "",
    "resident_address": "",
    "resident_postcode": "",
    "title": "Damp in the bedroom, Elm Row",
    "details": "Mrs Jones reported damp in March; nothing has happened.",
    "desired_outcome": "A survey and a date for the work",
    "has_consent": "on",
    "consent_evidence": "By email on 3 March",
}


@pytest.fixture
def other_councillor(organisation):
    return _user("carys_councillor", Role.COUNCILLOR)


@pytest.fixture
def raised(client, councillor, services):
    client.force_login(councillor)
    response = client.post(reverse("portal:councillor_raise"), RAISE)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    return Case.objects.get(raised_by=councillor)


def test_raising_an_enquiry_records_consent_and_uses_the_member_enquiry_procedure(raised, councillor):
    assert raised.kind == CaseKind.ENQUIRY
    assert raised.contact.channel == Channel.COUNCILLOR
    assert raised.procedure_version.procedure.slug == "member-enquiry"
    assert raised.raised_by == councillor
    assert raised.customer.full_name == "Gwen Jones"
    assert raised.representative.has_consent and raised.representative.consent_evidence == "By email on 3 March"


def test_raising_a_complaint_uses_the_services_complaint_procedure(client, councillor, services):
    client.force_login(councillor)
    client.post(reverse("portal:councillor_raise"), {**RAISE, "kind": "complaint"})
    case = Case.objects.get()
    assert case.kind == CaseKind.COMPLAINT and case.procedure_version.procedure.slug == "joint-code"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("has_consent", "", "Confirm that the resident has agreed to you raising this"),
        ("consent_evidence", "", "Enter how the resident agreed"),
        ("kind", "", "Select whether this is an enquiry or a complaint"),
        ("service", "", "Select which service it is about"),
        ("resident_email", "", "Enter at least one way to contact the resident: email, phone or address"),
        ("resident_postcode", "XX", "Enter a real postcode, like CF10 1EP"),
        ("title", "", "Enter a summary"),
        ("details", "", "Enter what it is about"),
    ],
)
def test_raise_form_messages(client, councillor, services, field, value, message):
    client.force_login(councillor)
    response = client.post(reverse("portal:councillor_raise"), {**RAISE, field: value})
    text = response.content.decode()
    assert response.status_code == 200 and message in text and "govuk-error-summary" in text
    assert Case.objects.count() == 0


def test_list_shows_what_they_raised_with_status_and_due_date(client, councillor, raised):
    client.force_login(councillor)
    text = client.get(reverse("portal:councillor_home")).content.decode()
    assert raised.reference in text and "Damp in the bedroom, Elm Row" in text and "Received" in text
    assert f"{raised.next_due_date:%-d %b %Y}" in text


def test_detail_shows_progress_and_logs_the_viewing(client, councillor, raised):
    client.force_login(councillor)
    text = client.get(reverse("portal:councillor_case", args=[raised.reference])).content.decode()
    assert "Mrs Jones reported damp in March" in text
    assert AccessLogEntry.objects.filter(user=councillor, object_reference=raised.reference).exists()


def test_another_councillors_case_is_404_like_a_missing_one(client, other_councillor, raised):
    client.force_login(other_councillor)
    assert client.get(reverse("portal:councillor_case", args=[raised.reference])).status_code == 404
    assert client.get(reverse("portal:councillor_case", args=["PR-2099-99999"])).status_code == 404
    assert raised.reference not in client.get(reverse("portal:councillor_home")).content.decode()
    with pytest.raises(Exception, match="No case"):
        get_raised_case_for(other_councillor, raised.reference)


def test_councillor_cannot_see_the_residents_other_cases(client, councillor, raised, make_case):
    # Given the same resident also complained to the council directly
    other = make_case(title="Council tax bill wrong", last_name="Jones")
    other.customer = raised.customer
    other.save(update_fields=["customer"])
    client.force_login(councillor)
    # Then the councillor sees only what they raised, not the resident's history or details
    assert list(cases_raised_by(councillor)) == [raised]
    assert client.get(reverse("portal:councillor_case", args=[other.reference])).status_code == 404
    listing = client.get(reverse("portal:councillor_home")).content.decode()
    detail = client.get(reverse("portal:councillor_case", args=[raised.reference])).content.decode()
    for page in (listing, detail):
        assert other.reference not in page and "Council tax bill wrong" not in page
        assert "gwen@example.org" not in page  # contact details stay on the staff side


def test_councillor_gets_404_on_staff_pages(client, councillor, raised):
    client.force_login(councillor)
    assert client.get(reverse("cases:my_cases")).status_code == 404
    assert client.get(reverse("cases:detail", args=[raised.reference])).status_code == 404


def test_staff_get_404_on_councillor_pages(client, complaints_officer, raised):
    client.force_login(complaints_officer)
    assert client.get(reverse("portal:councillor_home")).status_code == 404
    assert client.get(reverse("portal:councillor_case", args=[raised.reference])).status_code == 404
    assert cases_raised_by(complaints_officer).count() == 0


def test_anonymous_is_sent_to_sign_in(client, raised):
    response = client.get(reverse("portal:councillor_case", args=[raised.reference]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_deactivated_councillor_sees_nothing(councillor, raised):
    councillor.is_active = False
    councillor.save()
    assert cases_raised_by(councillor).count() == 0


def test_signing_in_lands_councillors_on_their_page_and_staff_on_theirs(client, councillor, complaints_officer):
    client.force_login(councillor)
    assert client.get(reverse("portal:signed_in")).url == reverse("portal:councillor_home")
    client.force_login(complaints_officer)
    assert client.get(reverse("portal:signed_in")).url == reverse("cases:today")
