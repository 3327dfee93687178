"""Your cases and each case's page: only the signed-in customer's own cases, only what is meant for them."""

from __future__ import annotations

import html

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.urls import reverse

from putright.cases import services as case_services
from putright.cases.choices import Channel, EventKind
from putright.cases.models import TimelineEvent
from putright.notifications.choices import MessageChannel, MessageStatus
from putright.notifications.models import OutboundMessage
from putright.portal.access import cases_for_customer, get_customer_case
from putright.portal.tests.conftest import ANN, BOB, sign_in_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]  # "today" is the same day every run


def test_your_cases_needs_sign_in(client, make_case):
    make_case()
    assert client.get(reverse("portal:your_cases")).url == reverse("portal:sign_in")


def test_your_cases_lists_every_case_with_the_address_however_it_came_in(ann, make_case, bobs_case):
    by_phone = make_case()  # the complaints officer logged it from a phone call
    second = make_case(title="Noise from the flat above")
    text = ann.get(reverse("portal:your_cases")).content.decode()
    assert by_phone.reference in text and second.reference in text
    assert bobs_case.reference not in text
    assert "We will acknowledge it by" in text
    assert [case.reference for case in cases_for_customer("ANN@example.org")] != []  # any letter case


def test_access_module_refuses_another_customers_case_and_a_missing_address(make_case, bobs_case):
    case = make_case()
    assert get_customer_case(ANN, case.reference.lower()) == case
    for email, reference in ((BOB, case.reference), (ANN, bobs_case.reference), ("", case.reference), (None, "X")):
        with pytest.raises(Http404):
            get_customer_case(email, reference)


def test_an_anonymised_customer_has_no_access(make_case):
    case = make_case()
    case.customer.anonymised_at = case.received_at
    case.customer.save(update_fields=["anonymised_at"])
    assert not cases_for_customer(ANN).exists()


def test_another_customers_case_is_the_same_404_as_a_missing_one(ann, bobs_case):
    for reference in (bobs_case.reference, "PR-2099-99999"):
        for name in ("customer_case", "add_information", "callback", "escalate", "withdraw", "survey"):
            assert ann.get(reverse(f"portal:{name}", args=[reference])).status_code == 404, name
            if name != "customer_case":
                assert ann.post(reverse(f"portal:{name}", args=[reference]), {"text": "x"}).status_code == 404, name
    assert not bobs_case.customer_requests.exists()  # nothing was recorded on Bob's case


def test_the_case_page_shows_stage_due_date_and_handler(ann, make_case, lead_officer, organisation):
    lead_officer.phone = "01632 960 123"
    lead_officer.save(update_fields=["phone"])
    organisation.complaints_email = "complaints@thornbury.example"
    organisation.save(update_fields=["complaints_email"])
    case = make_case(lead=lead_officer)
    response = ann.get(reverse("portal:customer_case", args=[case.reference]))
    text = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store, private"
    stage = case.current_stage
    assert "Stage 1" in text and f"We will acknowledge it by {stage.acknowledge_due_date:%-d %B %Y}" in text
    assert "Liam Leader" in text and "Repairs team leader" in text and "01632 960 123" in text
    assert "complaints@thornbury.example" in text


def test_staff_only_events_are_never_shown(ann, make_case, lead_officer):
    case = make_case(lead=lead_officer)
    case_services.add_note(case=case, actor=lead_officer, text="Customer is known to be difficult: keep it short.")
    assert TimelineEvent.objects.filter(case=case, is_visible_to_customer=False).exists()
    text = ann.get(reverse("portal:customer_case", args=[case.reference])).content.decode()
    assert "known to be difficult" not in text
    assert case.events.filter(kind=EventKind.LOGGED, is_visible_to_customer=True).exists()
    assert "We received it" in text


def test_letters_are_listed_and_downloadable_only_by_their_customer(client, make_case, bobs_case):
    case = make_case()
    letter = OutboundMessage.objects.create(
        case=case,
        template_name="acknowledgement",
        channel=MessageChannel.LETTER,
        subject="We have received your complaint",
        body_text="...",
        status=MessageStatus.SENT,
    )
    letter.document.save("x.pdf", ContentFile(b"%PDF-1.4 letter"), save=True)
    unrendered = OutboundMessage.objects.create(
        case=case, template_name="extension", channel=MessageChannel.LETTER, subject="Not yet", body_text="..."
    )
    url = reverse("portal:customer_letter", args=[case.reference, letter.token])
    assert client.get(url).status_code == 302  # anonymous: asked to sign in
    sign_in_as(client, BOB)
    assert client.get(url).status_code == 404  # wrong customer
    assert client.get(reverse("portal:customer_letter", args=[bobs_case.reference, letter.token])).status_code == 404
    sign_in_as(client, ANN)
    page = client.get(reverse("portal:customer_case", args=[case.reference])).content.decode()
    assert "We have received your complaint" in page and "Not yet" not in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 letter"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(reverse("portal:customer_letter", args=[case.reference, unrendered.token])).status_code == 404


def test_a_case_logged_by_letter_for_the_same_address_appears(ann, complaints_officer, housing):
    from django.utils import timezone

    from putright.cases.choices import CaseKind
    from putright.cases.lifecycle import CaseDetails
    from putright.cases.services import CustomerDetails
    from putright.procedures.selectors import current_version

    case = case_services.log_case(
        channel=Channel.LETTER,
        received_at=timezone.now(),
        raw_text="Letter",
        actor=complaints_officer,
        details=CaseDetails(
            kind=CaseKind.COMPLAINT,
            kind_reason="Unhappy",
            service_area=housing,
            title="Letter about parking",
            description="Letter",
            procedure_version=current_version("joint-code"),
        ),
        customer_details=CustomerDetails(last_name="Jones", email="ANN@EXAMPLE.ORG"),
    )
    assert case.reference in ann.get(reverse("portal:your_cases")).content.decode()


def test_account_pages_and_the_sign_in_email_in_welsh(client, make_case, settings, django_capture_on_commit_callbacks):
    case = make_case()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    assert "Mewngofnodi i weld eich achosion" in client.get(reverse("portal:sign_in")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:sign_in"), {"email": ANN})
    message = OutboundMessage.objects.get(template_name="portal_sign_in")
    assert message.language == "cy" and "Defnyddiwch y ddolen hon i fewngofnodi" in message.body_text
    sign_in_as(client, ANN)
    text = client.get(reverse("portal:customer_case", args=[case.reference])).content.decode()
    text = html.unescape(text)
    assert '<html lang="cy"' in text and "Pwy sy'n delio ag ef" in text and "Cawsom ef" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Email address must be 254 characters or fewer. You have 262."),
        ("cy", "Cyfeiriad e-bost: defnyddiwch 254 nod neu lai. Rydych chi wedi defnyddio 262."),
    ],
)
def test_an_email_address_too_long_to_sign_in_with_is_told_its_length_once(client, settings, language, message):
    """The length message every other form gives an email address (`core.forms.EmailAddressField`), not that its
    format is wrong: 262 characters of letters and an @ are in the right format, only too long."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.post(reverse("portal:sign_in"), {"email": "a" * 250 + "@example.com"}).content.decode()
    # Once in the error summary and once by the field: not twice in each.
    assert html.unescape(page).count(message) == 2
    assert "correct format" not in page and "Rhowch gyfeiriad e-bost yn y fformat cywir" not in page
