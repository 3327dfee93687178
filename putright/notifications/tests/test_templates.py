"""Wording: every message renders in English and Welsh; administrators' overrides are checked and previewed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from putright.cases import lifecycle
from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.models import MessageTemplate, OutboundMessage
from putright.notifications.outbound.contexts import MESSAGE_KINDS, sample_context
from putright.notifications.outbound.placeholders import placeholders_used
from putright.notifications.outbound.rendering import has_text_message_wording, render_message, render_parts
from putright.organisation.choices import Role
from putright.organisation.models import User


@pytest.mark.parametrize("name", sorted(MESSAGE_KINDS))
@pytest.mark.parametrize("language", [MessageLanguage.ENGLISH, MessageLanguage.WELSH])
def test_every_message_renders_every_part_in_both_languages(db, name, language):
    context = sample_context(name)

    parts = render_message(name, language, MessageChannel.LETTER, context, address="Ann Jones\n1 High Street")

    assert "PR-2026-00042" in parts.subject
    assert parts.body_text.startswith("Annwyl Ann Jones," if language == "cy" else "Dear Ann Jones,")
    assert "\n\n\n" not in parts.body_text
    assert f'<html lang="{language}">' in parts.body_html
    # The built-in wording uses only the placeholders its context provides.
    for part in ("subject.txt", "body.txt", "body.html"):
        folder = f"{name}/" if language == "en" else f"{name}/cy/"
        source = open(f"putright/notifications/templates/notifications/{folder}{part}").read()  # noqa: SIM115
        assert placeholders_used(source) <= MESSAGE_KINDS[name].placeholders, (name, language, part)


def test_welsh_dates_use_welsh_month_names(db):
    context = {**sample_context("extension"), "new_due_date": date(2026, 12, 4)}

    parts = render_parts("extension", MessageLanguage.WELSH, context)

    assert "4 Rhagfyr 2026" in parts.body_text
    assert parts.subject.startswith("Mae angen mwy o amser arnom")


def test_an_override_with_an_unknown_placeholder_is_refused_with_its_name(db):
    template = MessageTemplate(
        name="extension",
        subject="New date for {{ reference }}",
        body_text="Dear {{ recipient_name }}, we will reply by {{ new_due_date }}. {{ council_tax_band }}",
    )

    with pytest.raises(ValidationError) as error:
        template.full_clean()

    [message] = error.value.message_dict["body_text"]
    assert message.startswith("Unknown placeholder {{ council_tax_band }}.")
    assert "new_due_date" in message  # the list of placeholders it can use


def test_an_override_that_binds_its_own_names_is_accepted(db):
    template = MessageTemplate(
        name="stage_response",
        subject="{{ outcome }}",
        body_text="{% for remedy in remedies %}{{ remedy.description }} {{ forloop.counter }}{% endfor %}"
        "{% if is_final_stage and ombudsman_name %}{{ ombudsman_website }}{% endif %}",
    )

    template.full_clean()


def test_an_override_that_is_not_a_template_is_refused(db):
    template = MessageTemplate(name="logged", subject="{% if %}", body_text="Hello")

    with pytest.raises(ValidationError) as error:
        template.full_clean()

    assert "cannot be read as a template" in error.value.message_dict["subject"][0]


def test_an_active_override_is_used_for_new_messages(make_case, lead_officer):
    MessageTemplate.objects.create(
        name="acknowledgement",
        subject="Complaint {{ reference }} acknowledged",
        body_text="Dear {{ recipient_name }},\n\nWe will reply by {{ response_due_date|date:'j F Y' }}.",
    )
    case = make_case(lead=lead_officer)

    lifecycle.acknowledge(case=case, actor=lead_officer, definition="Roof leak.")

    message = OutboundMessage.objects.get(case=case, template_name="acknowledgement")
    assert message.subject == f"Complaint {case.reference} acknowledged"
    assert message.body_text.startswith("Dear Ann Jones,\n\nWe will reply by ")
    assert "<p>Dear Ann Jones,</p>" in message.body_html


def test_the_admin_previews_an_override_with_made_up_details(client, organisation):
    admin = User.objects.create_superuser("ada_admin", password="x" * 16, role=Role.ADMINISTRATOR)
    template = MessageTemplate.objects.create(
        name="logged", subject="Got it: {{ reference }}", body_text="Hello {{ recipient_name }}"
    )
    client.force_login(admin)

    page = client.get(reverse("admin:notifications_messagetemplate_change", args=[template.pk])).content.decode()

    assert "Got it: PR-2026-00042" in page
    assert "Hello Ann Jones" in page
    assert "{{ complaint_text }}" in page  # the placeholders it may use are listed


TEXT_MESSAGE_KINDS = [name for name in sorted(MESSAGE_KINDS) if has_text_message_wording(name)]


def test_only_the_short_notices_have_text_message_wording():
    # The rest carry what the Code requires in writing (definition, reasons, ombudsman): email or letter only. The
    # survey invitation at closure is a short notice too, sent by the customer's own contact method.
    assert TEXT_MESSAGE_KINDS == ["logged", "survey_invitation"]


@pytest.mark.parametrize("name", TEXT_MESSAGE_KINDS)
@pytest.mark.parametrize("language", [MessageLanguage.ENGLISH, MessageLanguage.WELSH])
def test_text_messages_render_in_both_languages_on_one_line_within_notifys_limit(db, name, language):
    context = {**sample_context(name), "organisation_name": "Thornbury Vale District Council" * 3}

    parts = render_message(name, language, MessageChannel.SMS, context)

    assert "PR-2026-00042" in parts.body_text
    assert "\n" not in parts.body_text and parts.body_html == ""
    assert len(parts.body_text) <= 918  # Notify's longest text message
    assert parts.body_text.startswith("Thornbury Vale District Council")
    folder = f"{name}/" if language == "en" else f"{name}/cy/"
    source = open(f"putright/notifications/templates/notifications/{folder}sms.txt").read()  # noqa: SIM115
    assert placeholders_used(source) <= MESSAGE_KINDS[name].placeholders


@pytest.mark.parametrize(
    ("language", "expected"),
    [(MessageLanguage.ENGLISH, "18 December 2026"), (MessageLanguage.WELSH, "18 Rhagfyr 2026")],
)
def test_an_administrators_wording_shows_dates_as_a_resident_reads_them(db, language, expected):
    # Administrators write {{ new_due_date }} without a format: it must not come out as "Dec. 18, 2026".
    wording = MessageTemplate(
        name="extension",
        language=language,
        subject="New date: {{ new_due_date }}",
        body_text="We will reply by {{ new_due_date }}.",
        body_html="<p>We will reply by {{ new_due_date }}.</p>",
    )
    context = {**sample_context("extension"), "new_due_date": date(2026, 12, 18)}

    parts = render_parts("extension", language, context, template=wording)

    assert parts.subject == f"New date: {expected}"
    assert f"We will reply by {expected}." in parts.body_text and f"reply by {expected}." in parts.body_html
    assert "Dec." not in parts.body_text + parts.body_html


@pytest.mark.parametrize(
    ("language", "expected"), [(MessageLanguage.ENGLISH, "4 December 2026"), (MessageLanguage.WELSH, "4 Rhagfyr 2026")]
)
def test_a_letter_from_an_administrators_wording_prints_dates_in_full(db, language, expected):
    MessageTemplate.objects.create(
        name="declined", language=language, subject="{{ reference }}", body_text="Written on {{ letter_date }}."
    )
    context = {**sample_context("declined"), "letter_date": date(2026, 12, 4)}

    # The letter's HTML is what its PDF is printed from.
    letter = render_message("declined", language, MessageChannel.LETTER, context, address="Ann Jones\n1 High Street")

    assert f"Written on {expected}." in letter.body_html and "Dec. 4" not in letter.body_html


def test_the_admin_preview_shows_dates_in_full(client, organisation):
    admin = User.objects.create_superuser("ada_admin", password="x" * 16, role=Role.ADMINISTRATOR)
    template = MessageTemplate.objects.create(
        name="acknowledgement", subject="{{ reference }}", body_text="We will reply by {{ response_due_date }}."
    )
    client.force_login(admin)

    page = client.get(reverse("admin:notifications_messagetemplate_change", args=[template.pk])).content.decode()

    today = timezone.localdate()  # the preview's made-up dates are today's
    assert f"We will reply by {today.day} {today:%B %Y}." in page
