"""Every message a resident can see, in the GOV.UK error summary and beside its field."""

from __future__ import annotations

import pytest
from django.urls import reverse

from putright.portal.tests.conftest import step_url

pytestmark = pytest.mark.django_db

CASES = [
    ("who", {}, "Select who the complaint is for", "id_for_whom_0"),
    ("service", {}, "Select which service it is about", "id_service_0"),
    ("what-happened", {"what_happened": "  "}, "Enter what happened", "id_what_happened"),
    (
        "what-happened",
        {"what_happened": "x" * 6001},
        "What happened must be 6,000 characters or fewer",
        "id_what_happened",
    ),
    ("when", {}, "Enter the date it happened", "id_happened_on_0"),
    (
        "when",
        {"happened_on_0": "3", "happened_on_2": "2025"},
        "The date it happened must include a month",
        "id_happened_on_0",
    ),
    ("when", {"happened_on_2": "2025"}, "The date it happened must include a day and month", "id_happened_on_0"),
    (
        "when",
        {"happened_on_0": "31", "happened_on_1": "2", "happened_on_2": "2025"},
        "The date it happened must be a real date",
        "id_happened_on_0",
    ),
    (
        "when",
        {"happened_on_0": "1", "happened_on_1": "2", "happened_on_2": "25"},
        "The year must include 4 numbers",
        "id_happened_on_0",
    ),
    (
        "when",
        {"happened_on_0": "1", "happened_on_1": "1", "happened_on_2": "2999"},
        "The date it happened must be today or in the past",
        "id_happened_on_0",
    ),
    ("where", {"where_postcode": "NOT A CODE"}, "Enter a real postcode, like CF10 1EP", "id_where_postcode"),
    ("put-right", {}, "Enter what you would like us to do to put things right", "id_put_right"),
    ("name", {}, "Enter your full name", "id_full_name"),
    ("contact", {}, "Select how you would like us to contact you", "id_contact_method_0"),
    (
        "contact",
        {"contact_method": "email"},
        "Enter your email address, or choose another way for us to contact you",
        "id_email",
    ),
    (
        "contact",
        {"contact_method": "email", "email": "ann@"},
        "Enter an email address in the correct format, like name@example.com",
        "id_email",
    ),
    (
        "contact",
        {"contact_method": "text"},
        "Enter your phone number, or choose another way for us to contact you",
        "id_phone",
    ),
    (
        "contact",
        {"contact_method": "phone", "phone": "12ab"},
        "Enter a phone number using only numbers 0 to 9, spaces, brackets, hyphens and +",
        "id_phone",
    ),
    (
        "contact",
        {"contact_method": "phone", "phone": "12345"},
        "Start a UK phone number with 0, like 07700 900 982, or an international number with + and the country code",
        "id_phone",
    ),
    (
        "contact",
        {"contact_method": "phone", "phone": "01234"},
        "The phone number is too short: enter all of it, with the area code, like 01632 960 001 or 07700 900 982",
        "id_phone",
    ),
    (
        "contact",
        {"contact_method": "phone", "phone": "07700 900 123 456"},
        "The phone number is too long: a UK number has no more than 11 digits, like 07700 900 982",
        "id_phone",
    ),
    (
        "contact",
        {"contact_method": "phone", "phone": "7700 900123"},
        "Start a UK phone number with 0, like 07700 900 982, or an international number with + and the country code",
        "id_phone",
    ),
    (
        "contact",
        {"contact_method": "phone", "phone": "07700 900123 " * 4},
        "The phone number is too long: a UK number has no more than 11 digits, like 07700 900 982",
        "id_phone",
    ),
    (
        "contact",
        {"contact_method": "letter"},
        "Enter your address, or choose another way for us to contact you",
        "id_address",
    ),
    (
        "contact",
        {"contact_method": "letter", "address": "4 Elm Row"},
        "Enter your postcode, or choose another way for us to contact you",
        "id_postcode",
    ),
    ("help", {"help_needed": "x" * 2001}, "What you need must be 2,000 characters or fewer", "id_help_needed"),
]


def _reach(client, slug, answer_complaint):
    """Answer the pages before `slug` so it can be shown."""
    if slug not in ("who",):
        answer_complaint(client)


@pytest.mark.parametrize(("slug", "data", "message", "anchor"), CASES)
def test_each_message_is_in_the_error_summary_and_by_the_field(client, answer_complaint, slug, data, message, anchor):
    _reach(client, slug, answer_complaint)
    response = client.post(step_url("complaint", slug), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in text
    assert f'<li><a href="#{anchor}">{message}</a></li>' in text  # the error summary links to the field
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in text  # inline, by the field
    assert "govuk-form-group--error" in text


def test_an_address_too_long_is_told_only_that(client, answer_complaint):
    """An address was entered: the one message is its length, not "Enter your address" as well."""
    _reach(client, "contact", answer_complaint)
    text = client.post(step_url("complaint", "contact"), {"contact_method": "letter", "address": "x" * 600}).content
    page = text.decode()
    assert "must be 500 characters or fewer" in page
    assert "Enter your address, or choose another way" not in page


def test_someone_else_page_requires_consent(client, services):
    client.post(step_url("complaint", "who"), {"for_whom": "someone_else"})
    response = client.post(step_url("complaint", "someone-else"), {"their_name": "Gwen", "relationship": "Daughter"})
    assert '<a href="#id_has_consent">Confirm that they have agreed to you making this complaint for them</a>' in (
        response.content.decode()
    )


def test_comment_reply_needs_a_name_with_an_email(client, services):
    client.post(step_url("comment", "service"), {"service": "bins"})
    client.post(step_url("comment", "message"), {"message": "More recycling banks, please"})
    response = client.post(step_url("comment", "reply"), {"email": "a@example.org"})
    assert '<a href="#id_full_name">Enter your name, so we know who to reply to</a>' in response.content.decode()


def test_check_page_without_answers_starts_the_journey(client, services):
    assert client.get(reverse("portal:check", args=["comment"])).url == step_url("comment", "service")


def test_unknown_journey_or_step_is_404(client, services):
    assert client.get(step_url("complaint", "nope")).status_code == 404
    assert client.get(reverse("portal:journey", args=["grievance"])).status_code == 404


@pytest.mark.parametrize(
    "phone",
    ["07700 900123", "+44 7700 900123", "+44 (0)7700 900123", "01632 960123", "(01632) 960 123", "+33 1 23 45 67 89"],
)
def test_a_phone_number_as_people_write_it_is_accepted(client, answer_complaint, phone):
    answer_complaint(client)
    response = client.post(step_url("complaint", "contact"), {"contact_method": "phone", "phone": phone})
    assert response.status_code == 302, response.content.decode()


def test_every_limited_answer_on_a_public_page_keeps_a_message_of_its_own():
    """Written whole, each translates as a sentence of its own. The general one ("Email address must be 320
    characters or fewer. You have 400.", in Welsh too) is for the email addresses only, which had Django's words."""
    from putright.core.forms import GovukForm, TooLong
    from putright.portal import forms as public

    general = []
    for form_class in vars(public).values():
        if isinstance(form_class, type) and issubclass(form_class, GovukForm) and form_class is not GovukForm:
            for name, field in form_class().fields.items():
                if getattr(field, "max_length", None) and isinstance(field.error_messages["max_length"], TooLong):
                    general.append((form_class.__name__, name))
    assert sorted(general) == [
        ("ContactForm", "email"),
        ("CouncillorCaseForm", "resident_email"),
        ("ReplyForm", "email"),
        ("SignInForm", "email"),
    ]
